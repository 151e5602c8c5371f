package dev.erc.model.baseline;

import dev.erc.api.Dialogue;
import dev.erc.api.ErcModel;
import dev.erc.api.LabelSet;
import dev.erc.api.Modality;
import dev.erc.api.Prediction;
import dev.erc.api.TrainingHistory;
import dev.erc.api.Utterance;
import dev.erc.compute.autograd.GradMode;
import dev.erc.compute.autograd.Tensor;
import dev.erc.compute.ops.Loss;
import dev.erc.compute.ops.Softmax;
import dev.erc.model.io.ParameterFile;
import dev.erc.model.nn.Linear;
import dev.erc.model.optim.Adam;
import dev.erc.model.train.Scores;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * The per-utterance baseline: multinomial logistic regression on the concatenated, standardised features of one
 * utterance, with no context, no speakers and no graph. Trained with Adam on mini-batches of utterances; the epoch
 * with the best validation weighted F1 is kept.
 */
public final class LogisticRegression implements ErcModel {

    private final LabelSet labels;
    private final List<Modality> modalities;
    private final int epochs;
    private final double learningRate;
    private final double l2;
    private final long seed;
    private Linear linear;
    private float[] mean;
    private float[] scale;

    public LogisticRegression(LabelSet labels, Set<Modality> modalities, int epochs, double learningRate, double l2,
                              long seed) {
        this.labels = labels;
        this.modalities = new ArrayList<>(new java.util.TreeSet<>(modalities));
        this.epochs = epochs;
        this.learningRate = learningRate;
        this.l2 = l2;
        this.seed = seed;
    }

    private float[] features(Utterance u) {
        int n = 0;
        for (Modality m : modalities) {
            n += u.feature(m).length;
        }
        float[] x = new float[n];
        int off = 0;
        for (Modality m : modalities) {
            float[] f = u.feature(m);
            System.arraycopy(f, 0, x, off, f.length);
            off += f.length;
        }
        if (mean != null) {
            for (int i = 0; i < x.length; i++) {
                x[i] = (x[i] - mean[i]) * scale[i];
            }
        }
        return x;
    }

    @Override
    public TrainingHistory fit(List<Dialogue> train, List<Dialogue> valid) {
        List<Utterance> us = new ArrayList<>();
        train.forEach(d -> d.utterances().stream().filter(Utterance::hasLabel).forEach(us::add));
        int dim = features(us.get(0)).length;
        double[] sum = new double[dim];
        double[] sq = new double[dim];
        for (Utterance u : us) {
            float[] x = features(u);
            for (int i = 0; i < dim; i++) {
                sum[i] += x[i];
                sq[i] += (double) x[i] * x[i];
            }
        }
        mean = new float[dim];
        scale = new float[dim];
        for (int i = 0; i < dim; i++) {
            double m = sum[i] / us.size();
            mean[i] = (float) m;
            scale[i] = (float) (1 / Math.sqrt(Math.max(sq[i] / us.size() - m * m, 1e-8)));
        }
        SplittableRandom rng = new SplittableRandom(seed);
        linear = new Linear(dim, labels.size(), rng);
        Adam opt = Adam.builder(linear.parameters()).learningRate(learningRate).weightDecay(l2).build();
        List<TrainingHistory.Epoch> log = new ArrayList<>();
        double best = -1;
        int bestEpoch = 0;
        float[][] bestState = null;
        for (int epoch = 1; epoch <= epochs; epoch++) {
            long start = System.nanoTime();
            java.util.Collections.shuffle(us, java.util.Random.from(rng));
            double loss = 0;
            int batches = 0;
            for (int i = 0; i < us.size(); i += 256) {
                List<Utterance> part = us.subList(i, Math.min(us.size(), i + 256));
                float[] x = new float[part.size() * dim];
                int[] y = new int[part.size()];
                for (int k = 0; k < part.size(); k++) {
                    System.arraycopy(features(part.get(k)), 0, x, k * dim, dim);
                    y[k] = part.get(k).label();
                }
                linear.zeroGrad();
                Tensor l = Loss.crossEntropy(linear.forward(Tensor.of(x, part.size(), dim)), y);
                l.backward();
                opt.step();
                loss += l.item();
                batches++;
            }
            double[] s = Scores.of(this, valid);
            if (s[0] > best) {
                best = s[0];
                bestEpoch = epoch;
                bestState = new float[][] {linear.weight().data().clone(), linear.bias().data().clone()};
            }
            log.add(new TrainingHistory.Epoch(1, epoch, loss / batches, s[0], s[1], (System.nanoTime() - start) / 1e9));
        }
        System.arraycopy(bestState[0], 0, linear.weight().data(), 0, bestState[0].length);
        System.arraycopy(bestState[1], 0, linear.bias().data(), 0, bestState[1].length);
        return new TrainingHistory(log, "epoch " + bestEpoch + " of " + epochs);
    }

    @Override
    public List<Prediction> predict(Dialogue dialogue) {
        int dim = linear.weight().dim(1);
        float[] x = new float[dialogue.size() * dim];
        for (int i = 0; i < dialogue.size(); i++) {
            System.arraycopy(features(dialogue.utterance(i)), 0, x, i * dim, dim);
        }
        List<Prediction> out = new ArrayList<>();
        try (var scope = GradMode.noGrad()) {
            float[] p = Softmax.softmax(linear.forward(Tensor.of(x, dialogue.size(), dim)), -1).data();
            int c = labels.size();
            for (int i = 0; i < dialogue.size(); i++) {
                float[] row = java.util.Arrays.copyOfRange(p, i * c, (i + 1) * c);
                int best = 0;
                for (int k = 1; k < c; k++) {
                    best = row[k] > row[best] ? k : best;
                }
                out.add(new Prediction(best, labels.name(best), row));
            }
        }
        return out;
    }

    @Override
    public LabelSet labels() {
        return labels;
    }

    @Override
    public void save(Path path) throws IOException {
        ParameterFile.save(linear, path);
    }
}
