package dev.erc.data;

import dev.erc.api.Dataset;
import dev.erc.api.Dialogue;
import dev.erc.api.Modality;
import dev.erc.api.Split;
import dev.erc.api.Utterance;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Gives one modality of a dataset the per-dimension scales and offsets that real extracted features have, so that
 * what a model does with unnormalised input can be tested on synthetic data. The openSMILE IS10 acoustic features of
 * {@code IEMOCAP_features.pkl} and {@code MELD_features_raw.pkl} range from near-constant to large-valued, with
 * offsets far from zero; {@link #is10Like} reproduces that: dimension {@code d} becomes
 * {@code offset[d] + std[d] * (x - mean_d) / sd_d}, where {@code mean_d} and {@code sd_d} are the dimension's
 * statistics on the training split, {@code std[d]} is log-uniform in [0.003, 3.7] and {@code offset[d]} is normal
 * with mean magnitude 4.3 (either sign). The information in the features is unchanged: an affine map per dimension.
 *
 * <pre>{@code
 * Dataset raw = FeatureScaling.is10Like(SyntheticDataset.iemocap(2024), Modality.AUDIO, 7);
 * }</pre>
 */
public final class FeatureScaling {

    /** Smallest and largest per-dimension standard deviation of {@link #is10Like}. */
    public static final double MIN_STD = 0.003;
    public static final double MAX_STD = 3.7;
    /** Mean magnitude of the per-dimension offsets of {@link #is10Like}. */
    public static final double MEAN_ABS_OFFSET = 4.3;

    private FeatureScaling() {
    }

    /** {@code data} with modality {@code m} rescaled per dimension to IS10-like scales, drawn from {@code seed}. */
    public static Dataset is10Like(Dataset data, Modality m, long seed) {
        return rescaled(data, m, MIN_STD, MAX_STD, MEAN_ABS_OFFSET, seed,
                m.name().toLowerCase(Locale.ROOT) + " rescaled to IS10-like scales (seed " + seed + ")");
    }

    /**
     * {@code data} on the scales of the real {@code IEMOCAP_features.pkl}: audio as {@link #is10Like}, and the text
     * and visual dimensions with standard deviations log-uniform in [0.1, 0.5] and offsets of mean magnitude 0.2
     * (TextCNN and DenseNet outputs are small-valued), each modality from its own stream of {@code seed}.
     */
    public static Dataset iemocapLike(Dataset data, long seed) {
        Dataset d = is10Like(data, Modality.AUDIO, seed);
        for (Modality m : new Modality[] {Modality.TEXT, Modality.VISUAL}) {
            if (d.dimensions().containsKey(m)) {
                d = rescaled(d, m, 0.1, 0.5, 0.2, seed + 1 + m.ordinal(), null);
            }
        }
        return new Dataset(d.name(), d.labels(), d.speakers(), d.dimensions(), d.splits(), data.source()
                + ", rescaled to the scales of IEMOCAP_features.pkl (audio IS10-like, text and visual std 0.1-0.5; "
                + "seed " + seed + ")");
    }

    /**
     * {@code data} with modality {@code m} rescaled per dimension: standard deviations log-uniform in
     * [{@code minStd}, {@code maxStd}] on the training split, normal offsets of mean magnitude {@code meanAbsOffset}.
     */
    private static Dataset rescaled(Dataset data, Modality m, double minStd, double maxStd, double meanAbsOffset,
                                    long seed, String note) {
        Integer dim = data.dimensions().get(m);
        if (dim == null) {
            throw new IllegalArgumentException(data.name() + " has no " + m + " features");
        }
        SplittableRandom rng = new SplittableRandom(seed);
        double[] std = new double[dim];
        double[] offset = new double[dim];
        double offsetSd = meanAbsOffset * Math.sqrt(Math.PI / 2);   // E|N(0, s)| = s sqrt(2 / pi)
        for (int j = 0; j < dim; j++) {
            std[j] = Math.exp(Math.log(minStd) + rng.nextDouble() * (Math.log(maxStd) - Math.log(minStd)));
            offset[j] = offsetSd * rng.nextGaussian();
        }
        double[][] stats = statistics(data.split(Split.TRAIN), m, dim);
        double[] mul = new double[dim];
        double[] add = new double[dim];
        for (int j = 0; j < dim; j++) {
            mul[j] = stats[1][j] > 0 ? std[j] / stats[1][j] : 0;
            add[j] = offset[j] - mul[j] * stats[0][j];
        }
        Map<Split, List<Dialogue>> splits = new EnumMap<>(Split.class);
        for (Split s : Split.values()) {
            List<Dialogue> out = new ArrayList<>();
            for (Dialogue d : data.split(s)) {
                out.add(affine(d, m, mul, add));
            }
            splits.put(s, out);
        }
        return new Dataset(data.name(), data.labels(), data.speakers(), data.dimensions(), splits,
                note == null ? data.source() : data.source() + ", " + note);
    }

    /** Per-dimension mean and population standard deviation of {@code m} over every utterance. */
    private static double[][] statistics(List<Dialogue> dialogues, Modality m, int dim) {
        double[] sum = new double[dim];
        double[] squares = new double[dim];
        long n = 0;
        for (Dialogue d : dialogues) {
            for (Utterance u : d.utterances()) {
                float[] x = u.feature(m);
                for (int j = 0; j < dim; j++) {
                    sum[j] += x[j];
                    squares[j] += (double) x[j] * x[j];
                }
                n++;
            }
        }
        double[][] out = new double[2][dim];
        for (int j = 0; j < dim; j++) {
            out[0][j] = sum[j] / n;
            out[1][j] = Math.sqrt(Math.max(0, squares[j] / n - out[0][j] * out[0][j]));
        }
        return out;
    }

    private static Dialogue affine(Dialogue d, Modality m, double[] mul, double[] add) {
        List<Utterance> out = new ArrayList<>(d.size());
        for (Utterance u : d.utterances()) {
            float[] x = u.feature(m);
            float[] y = new float[x.length];
            for (int j = 0; j < x.length; j++) {
                y[j] = (float) (add[j] + mul[j] * x[j]);
            }
            Map<Modality, float[]> features = new EnumMap<>(Modality.class);
            features.putAll(u.features());
            features.put(m, y);
            out.add(new Utterance(u.speaker(), u.label(), features, u.text()));
        }
        return new Dialogue(d.id(), out);
    }
}
