package dev.erc.model;

import dev.erc.api.Dialogue;
import dev.erc.api.Modality;
import dev.erc.api.TrainingHistory;
import dev.erc.compute.autograd.GradMode;
import dev.erc.compute.autograd.Tensor;
import dev.erc.model.batch.DialogueBatch;
import dev.erc.model.nn.Module;
import dev.erc.model.optim.Adam;
import dev.erc.model.train.EpochRandom;
import dev.erc.model.train.Objective;
import dev.erc.model.train.Scores;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * One training stage of {@link PmfErc}: epochs over shuffled mini-batches (order and dropout from the epoch's
 * reseeded generator), the loss of eqs. 7 and 15 with Adam, the validation score after every epoch, the best epoch
 * kept, and a checkpoint after every epoch and at the end, so that a killed run resumes exactly.
 */
final class StageTrainer {

    /** Where {@link #run} hands each epoch's state (a no-op without a checkpoint file). */
    @FunctionalInterface
    interface Checkpoint {
        void write(TrainingCheckpoint.Progress progress, Map<String, float[]> best, Adam optimizer);
    }

    private final EpochRandom random;
    private final int batchSize;
    private final int classes;
    private final boolean useDensity;
    private final List<Modality> modalities;
    private final Consumer<TrainingHistory.Epoch> listener;
    private final Checkpoint checkpoint;

    StageTrainer(EpochRandom random, int batchSize, int classes, boolean useDensity, List<Modality> modalities,
                 Consumer<TrainingHistory.Epoch> listener, Checkpoint checkpoint) {
        this.random = random;
        this.batchSize = batchSize;
        this.classes = classes;
        this.useDensity = useDensity;
        this.modalities = List.copyOf(modalities);
        this.listener = listener;
        this.checkpoint = checkpoint;
    }

    @FunctionalInterface
    interface Forward {
        /** {logits [b, t, classes], representation whose density is penalised [b, t, d]} */
        Tensor[] apply(DialogueBatch batch);
    }

    /**
     * Trains {@code module} for {@code epochs} (continuing a checkpointed run where given) and keeps the epoch with
     * the best validation weighted F1.
     */
    String run(int stage, int part, Module module, double lr, double l2, int epochs, List<Dialogue> train,
               List<Dialogue> valid, Forward forward, double density, List<TrainingHistory.Epoch> log,
               TrainingCheckpoint.Loaded resume, StringBuilder selected, String name) {
        if (epochs == 0) {
            return "not trained (0 epochs)";
        }
        // λ‖θ‖² in the loss has gradient 2λθ: Adam's L2 weight decay of 2λ
        Adam opt = Adam.builder(module.parameters()).learningRate(lr).weightDecay(2 * l2).build();
        double bestF1 = -1;
        int bestEpoch = 0;
        Map<String, float[]> bestState = snapshot(module);
        int first = 1;
        if (resume != null) {
            if (resume.optimizer() != null) {
                opt.importState(resume.optimizer());
            }
            bestF1 = resume.progress().bestF1();
            bestEpoch = resume.progress().bestEpoch();
            if (!resume.best().isEmpty()) {
                bestState = resume.best();
            }
            first = resume.progress().epoch() + 1;
        }
        for (int epoch = first; epoch <= epochs; epoch++) {
            long start = System.nanoTime();
            random.reseed(stage, part, epoch);
            module.train(true);
            List<Dialogue> order = new ArrayList<>(train);
            java.util.Collections.shuffle(order, java.util.Random.from(random));
            double lossSum = 0;
            int batches = 0;
            for (int i = 0; i < order.size(); i += batchSize) {
                DialogueBatch batch = DialogueBatch.of(order.subList(i, Math.min(order.size(), i + batchSize)),
                        modalities);
                module.zeroGrad();
                Tensor[] out = forward.apply(batch);
                Tensor loss = loss(out[0], out[1], batch, density);
                loss.backward();
                opt.step();
                lossSum += loss.item();
                batches++;
            }
            module.train(false);
            double[] scores = evaluate(valid, forward, modalities);
            if (scores[0] > bestF1) {
                bestF1 = scores[0];
                bestEpoch = epoch;
                bestState = snapshot(module);
            }
            TrainingHistory.Epoch e = new TrainingHistory.Epoch(stage, epoch, lossSum / batches, scores[0], scores[1],
                    (System.nanoTime() - start) / 1e9);
            log.add(e);
            checkpoint.write(new TrainingCheckpoint.Progress(stage, part, epoch, bestF1, bestEpoch, log,
                    selected.toString()), bestState, opt);
            listener.accept(e);
        }
        module.load(bestState);
        module.train(false);
        String result = String.format(java.util.Locale.ROOT, "epoch %d of %d (validation weighted F1 %.4f)", bestEpoch,
                epochs, bestF1);
        checkpoint.write(new TrainingCheckpoint.Progress(stage, part + 1, 0, -1, 0, log,
                selected + name + ": " + result + (stage == 1 ? "; " : "")), Map.of(), null);
        return result;
    }

    private Tensor loss(Tensor logits, Tensor representation, DialogueBatch batch, double density) {
        return Objective.loss(logits, representation, batch, useDensity ? density : 0);
    }

    private double[] evaluate(List<Dialogue> dialogues, Forward forward, List<Modality> modalities) {
        List<Integer> gold = new ArrayList<>();
        List<Integer> pred = new ArrayList<>();
        try (var scope = GradMode.noGrad()) {
            for (int i = 0; i < dialogues.size(); i += batchSize) {
                DialogueBatch batch = DialogueBatch.of(dialogues.subList(i, Math.min(dialogues.size(),
                        i + batchSize)), modalities);
                float[] logits = forward.apply(batch)[0].data();
                int[] y = batch.labels();
                boolean[] real = batch.mask();
                int c = classes;
                for (int k = 0; k < y.length; k++) {
                    if (real[k] && y[k] >= 0) {
                        gold.add(y[k]);
                        pred.add(argmax(logits, k * c, c));
                    }
                }
            }
        }
        int[] g = gold.stream().mapToInt(Integer::intValue).toArray();
        int[] p = pred.stream().mapToInt(Integer::intValue).toArray();
        return new double[] {Scores.weightedF1(g, p, classes), Scores.accuracy(g, p)};
    }

    /** The index of the largest of {@code v[off .. off+n)}, the first on ties. */
    static int argmax(float[] v, int off, int n) {
        int best = 0;
        for (int i = 1; i < n; i++) {
            if (v[off + i] > v[off + best]) {
                best = i;
            }
        }
        return best;
    }

    private static Map<String, float[]> snapshot(Module m) {
        Map<String, float[]> s = new HashMap<>();
        m.namedParameters().forEach((k, t) -> s.put(k, t.data().clone()));
        return s;
    }
}
