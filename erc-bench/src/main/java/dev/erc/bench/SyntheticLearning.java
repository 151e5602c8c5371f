package dev.erc.bench;

import dev.erc.api.Dataset;
import dev.erc.api.ErcModel;
import dev.erc.api.Split;
import dev.erc.data.SyntheticDataset;
import dev.erc.eval.Evaluation;
import dev.erc.eval.Evaluator;
import dev.erc.eval.SeedSummary;
import dev.erc.model.ModelConfig;
import dev.erc.model.PmfErc;
import dev.erc.model.Preset;
import dev.erc.model.baseline.LogisticRegression;

/**
 * The learning check of the model issue: on synthetic IEMOCAP (seeded data), for each of several seeds, the full
 * model, the model with PMF and MAL switched off, and per-utterance logistic regression; test weighted F1 and
 * accuracy per seed, then mean ± std. Usage: {@code java ... dev.erc.bench.SyntheticLearning [seeds] [pmfEpochs]
 * [mffEpochs]}.
 */
public final class SyntheticLearning {

    private SyntheticLearning() {
    }

    public static void main(String[] args) {
        int seeds = args.length > 0 ? Integer.parseInt(args[0]) : 3;
        int e1 = args.length > 1 ? Integer.parseInt(args[1]) : 10;
        int e2 = args.length > 2 ? Integer.parseInt(args[2]) : 15;
        Dataset data = SyntheticDataset.iemocap(2024);
        ModelConfig full = Preset.IEMOCAP.config().withEpochs(e1, e2).withLearningRates(1e-3, 1e-3);
        ModelConfig bare = full.withAblation(false, true, false, true, true, true, true);
        String[] names = {"PMF-ERC (full)", "w/o PMF and MAL", "logistic regression"};
        double[][] f1 = new double[3][seeds];
        double[][] acc = new double[3][seeds];
        double[][] secs = new double[3][seeds];
        for (int s = 0; s < seeds; s++) {
            long seed = s + 1;
            ErcModel[] models = {
                PmfErc.builder(Preset.IEMOCAP).config(full).seed(seed).build(),
                PmfErc.builder(Preset.IEMOCAP).config(bare).seed(seed).build(),
                new LogisticRegression(data.labels(), full.modalities(), 30, 1e-3, 1e-4, seed)};
            for (int k = 0; k < 3; k++) {
                long t = System.nanoTime();
                models[k].fit(data.split(Split.TRAIN), data.split(Split.VALID));
                secs[k][s] = (System.nanoTime() - t) / 1e9;
                Evaluation e = Evaluator.evaluate(models[k], data.split(Split.TEST));
                f1[k][s] = e.weightedF1();
                acc[k][s] = e.accuracy();
                System.out.printf("seed %d %-22s weighted F1 %.4f accuracy %.4f (%.0f s)%n", seed, names[k],
                        e.weightedF1(), e.accuracy(), secs[k][s]);
            }
        }
        System.out.println();
        System.out.println("| model | test weighted F1 (mean ± std) | test accuracy | per seed (wF1) | train s/seed |");
        System.out.println("|---|---:|---:|---|---:|");
        for (int k = 0; k < 3; k++) {
            SeedSummary wf1 = summary(f1[k]);
            System.out.printf("| %s | %s | %s | %s | %.0f |%n", names[k], wf1.percent(), summary(acc[k]).percent(),
                    perSeed(f1[k]), summary(secs[k]).mean());
        }
    }

    private static SeedSummary summary(double[] v) {
        return new SeedSummary(java.util.Arrays.stream(v).boxed().toList());
    }

    private static String perSeed(double[] v) {
        StringBuilder sb = new StringBuilder();
        for (double x : v) {
            sb.append(sb.isEmpty() ? "" : ", ").append(String.format("%.2f", 100 * x));
        }
        return sb.toString();
    }
}
