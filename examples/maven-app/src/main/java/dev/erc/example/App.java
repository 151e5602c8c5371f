package dev.erc.example;

import dev.erc.api.Dataset;
import dev.erc.api.Dialogue;
import dev.erc.api.ErcModel;
import dev.erc.api.Prediction;
import dev.erc.api.Split;
import dev.erc.api.TrainingHistory;
import dev.erc.data.SyntheticDataset;
import dev.erc.eval.Evaluation;
import dev.erc.eval.Evaluator;
import dev.erc.model.PmfErc;
import dev.erc.model.Preset;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * The README's "model from code" example as an application would write it, trained briefly: fit, predict, save,
 * load, evaluate with erc-eval, and predict from several threads at once. Exits with 1 (and says why) where a
 * result is not what the library promises, so that CI can run it.
 */
public final class App {

    private App() {
    }

    public static void main(String[] args) throws Exception {
        Path dir = Files.createTempDirectory("erc-example");
        Dataset data = SyntheticDataset.iemocap(42);
        PmfErc model = PmfErc.builder(Preset.IEMOCAP)
                .config(Preset.IEMOCAP.config().withEpochs(2, 2))   // brief: the README example trains fully
                .seed(1)
                .checkpoint(dir.resolve("run.ckpt"))
                .build();
        TrainingHistory h = model.fit(data.split(Split.TRAIN), data.split(Split.VALID));
        Dialogue first = data.split(Split.TEST).get(0);
        List<Prediction> p = model.predict(first);
        model.save(dir.resolve("iemocap.erc"));
        ErcModel again = PmfErc.load(dir.resolve("iemocap.erc"));

        check(p.size() == first.size(), "one prediction per utterance");
        check(again.predict(first).equals(p), "the loaded model predicts what the trained one did");
        for (Prediction x : p) {
            float sum = 0;
            for (float v : x.probabilities()) {
                check(Float.isFinite(v) && v >= 0, "finite probabilities");
                sum += v;
            }
            check(Math.abs(sum - 1) < 1e-4, "probabilities sum to 1");
        }
        // Request threads share one model: each gets what the call gives alone.
        try (ExecutorService pool = Executors.newFixedThreadPool(4)) {
            List<Future<List<Prediction>>> all = pool.invokeAll(
                    Collections.nCopies(8, () -> again.predict(first)));
            for (Future<List<Prediction>> f : all) {
                check(f.get().equals(p), "concurrent predictions equal the single-threaded one");
            }
        }
        Evaluation e = Evaluator.evaluate(again, data.split(Split.TEST));
        check(e.weightedF1() > 1.0 / data.labels().size(), "better than chance after a brief training");
        System.out.printf("epochs %d, first utterance %s, test weighted F1 %.4f, accuracy %.4f, module %s%n",
                h.epochs().size(), p.get(0).name(), e.weightedF1(), e.accuracy(),
                PmfErc.class.getModule().isNamed() ? PmfErc.class.getModule().getName() : "(class path)");
    }

    private static void check(boolean ok, String what) {
        if (!ok) {
            System.err.println("example: expected " + what);
            System.exit(1);
        }
    }
}
