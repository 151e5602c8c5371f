package dev.erc.model.batch;

import dev.erc.api.Dialogue;
import dev.erc.api.Modality;
import dev.erc.api.Utterance;
import dev.erc.compute.autograd.Tensor;
import dev.erc.model.io.ParameterFileException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Per-modality, per-dimension standardisation of input features, {@code z = (x - mean) / scale}, with the mean and
 * the (population) standard deviation of each dimension fitted on the training split only, as scikit-learn's
 * {@code StandardScaler} in a pipeline does. The features the field distributes come on very different scales (the
 * 1582 openSMILE IS10 acoustic dimensions range from near-constant to large-valued, with large offsets); fed as they
 * are, the largest dimensions and the offsets saturate the first recurrent layers.
 *
 * <p>A constant dimension (all training values equal, or differing only in the last bits of a float) keeps scale 1:
 * it is centred, never divided by (nearly) zero. Statistics are accumulated in double, the variance in a second pass
 * around the mean. Every feature must be finite; a NaN or infinity fails naming the dialogue, utterance, modality and
 * dimension.
 *
 * <p>Instances are immutable and safe to share between threads.
 *
 * <pre>{@code
 * Standardizer s = Standardizer.fit(train, List.of(Modality.AUDIO, Modality.VISUAL));
 * Dialogue ready = s.apply(dialogue);      // a copy with standardised AUDIO and VISUAL features
 * }</pre>
 */
public final class Standardizer {

    /** Dimensions whose standard deviation is at most this many float ulps of their largest magnitude are constant. */
    private static final int CONSTANT_ULPS = 8;

    private static final Standardizer IDENTITY = new Standardizer(new EnumMap<>(Modality.class),
            new EnumMap<>(Modality.class));

    private final Map<Modality, float[]> mean;
    private final Map<Modality, float[]> scale;

    private Standardizer(Map<Modality, float[]> mean, Map<Modality, float[]> scale) {
        this.mean = Collections.unmodifiableMap(mean);
        this.scale = Collections.unmodifiableMap(scale);
    }

    /** The standardiser that changes nothing (features used as given). */
    public static Standardizer identity() {
        return IDENTITY;
    }

    /**
     * Fits the statistics of {@code modalities} on {@code train}, every utterance counting once.
     *
     * @throws IllegalArgumentException when {@code train} is empty, or an utterance lacks one of the modalities, has
     *         another dimension than the first, or holds a value that is not finite
     */
    public static Standardizer fit(List<Dialogue> train, Collection<Modality> modalities) {
        if (train.isEmpty()) {
            throw new IllegalArgumentException("cannot fit a standardiser on no dialogues");
        }
        Map<Modality, float[]> mean = new EnumMap<>(Modality.class);
        Map<Modality, float[]> scale = new EnumMap<>(Modality.class);
        for (Modality m : modalities) {
            int dim = dimension(train.get(0), m);
            double[] sum = new double[dim];
            double[] largest = new double[dim];
            long n = 0;
            for (Dialogue d : train) {
                for (int t = 0; t < d.size(); t++) {
                    float[] x = checked(d, t, m, dim);
                    for (int j = 0; j < dim; j++) {
                        sum[j] += x[j];
                        largest[j] = Math.max(largest[j], Math.abs(x[j]));
                    }
                    n++;
                }
            }
            double[] mu = new double[dim];
            for (int j = 0; j < dim; j++) {
                mu[j] = sum[j] / n;
            }
            double[] squares = new double[dim];
            for (Dialogue d : train) {
                for (int t = 0; t < d.size(); t++) {
                    float[] x = d.utterance(t).feature(m);
                    for (int j = 0; j < dim; j++) {
                        double c = x[j] - mu[j];
                        squares[j] += c * c;
                    }
                }
            }
            float[] mf = new float[dim];
            float[] sf = new float[dim];
            for (int j = 0; j < dim; j++) {
                double std = Math.sqrt(squares[j] / n);
                mf[j] = (float) mu[j];
                sf[j] = std <= CONSTANT_ULPS * Math.ulp((float) largest[j]) ? 1f : (float) std;
            }
            mean.put(m, mf);
            scale.put(m, sf);
        }
        return new Standardizer(mean, scale);
    }

    /** True when it changes nothing. */
    public boolean isIdentity() {
        return mean.isEmpty();
    }

    /** The modalities it standardises. */
    public Set<Modality> modalities() {
        return mean.keySet();
    }

    /** A copy of the fitted means of {@code m}. */
    public float[] mean(Modality m) {
        return known(m, mean).clone();
    }

    /** A copy of the fitted scales of {@code m} (the standard deviation, 1 for constant dimensions). */
    public float[] scale(Modality m) {
        return known(m, scale).clone();
    }

    /**
     * A copy of {@code dialogue} whose features of the standardised modalities are replaced by their z-scores; other
     * modalities, speakers, labels and texts are kept. The identity returns {@code dialogue} itself.
     *
     * @throws IllegalArgumentException when a standardised modality is missing, has another dimension than the
     *         fitted one, or holds a value that is not finite
     */
    public Dialogue apply(Dialogue dialogue) {
        if (isIdentity()) {
            return dialogue;
        }
        List<Utterance> out = new ArrayList<>(dialogue.size());
        for (int t = 0; t < dialogue.size(); t++) {
            Utterance u = dialogue.utterance(t);
            Map<Modality, float[]> features = new EnumMap<>(Modality.class);
            features.putAll(u.features());
            for (Map.Entry<Modality, float[]> e : mean.entrySet()) {
                Modality m = e.getKey();
                float[] mu = e.getValue();
                float[] s = scale.get(m);
                float[] x = checked(dialogue, t, m, mu.length);
                float[] z = new float[x.length];
                for (int j = 0; j < x.length; j++) {
                    z[j] = (float) (((double) x[j] - mu[j]) / s[j]);
                }
                features.put(m, z);
            }
            out.add(new Utterance(u.speaker(), u.label(), features, u.text()));
        }
        return new Dialogue(dialogue.id(), out);
    }

    /** {@link #apply(Dialogue)} on each dialogue, in order. */
    public List<Dialogue> apply(List<Dialogue> dialogues) {
        if (isIdentity()) {
            return dialogues;
        }
        List<Dialogue> out = new ArrayList<>(dialogues.size());
        for (Dialogue d : dialogues) {
            out.add(apply(d));
        }
        return out;
    }

    /**
     * The statistics as named tensors, {@code MODALITY.mean} and {@code MODALITY.scale}, for a
     * {@link dev.erc.model.io.ParameterFile}.
     */
    public Map<String, Tensor> toTensors() {
        Map<String, Tensor> t = new LinkedHashMap<>();
        for (Modality m : mean.keySet()) {
            t.put(m.name() + ".mean", Tensor.of(mean.get(m).clone(), mean.get(m).length));
            t.put(m.name() + ".scale", Tensor.of(scale.get(m).clone(), scale.get(m).length));
        }
        return t;
    }

    /** Reads what {@link #toTensors} wrote; {@code source} names the file in errors. */
    public static Standardizer fromTensors(Map<String, Tensor> tensors, String source) throws ParameterFileException {
        Map<Modality, float[]> mean = new EnumMap<>(Modality.class);
        Map<Modality, float[]> scale = new EnumMap<>(Modality.class);
        for (Map.Entry<String, Tensor> e : tensors.entrySet()) {
            String[] parts = e.getKey().split("\\.");
            Modality m = parts.length == 2 ? modality(parts[0]) : null;
            boolean known = m != null && (parts[1].equals("mean") || parts[1].equals("scale"));
            if (!known || e.getValue().shape().length != 1) {
                throw new ParameterFileException(source + ": unexpected standardisation entry '" + e.getKey() + "'");
            }
            (parts[1].equals("mean") ? mean : scale).put(m, e.getValue().data().clone());
        }
        if (!mean.keySet().equals(scale.keySet())) {
            throw new ParameterFileException(source + ": standardisation means for " + mean.keySet()
                    + " but scales for " + scale.keySet());
        }
        for (Modality m : mean.keySet()) {
            float[] s = scale.get(m);
            if (s.length != mean.get(m).length) {
                throw new ParameterFileException(source + ": " + m + " has " + mean.get(m).length + " means and "
                        + s.length + " scales");
            }
            for (int j = 0; j < s.length; j++) {
                if (!(s[j] > 0) || !Float.isFinite(s[j]) || !Float.isFinite(mean.get(m)[j])) {
                    throw new ParameterFileException(source + ": " + m + " dimension " + j + " has mean "
                            + mean.get(m)[j] + " and scale " + s[j] + "; expected a finite mean and a positive scale");
                }
            }
        }
        return new Standardizer(mean, scale);
    }

    /** True when both standardise the same modalities with bit-identical statistics. */
    public boolean sameAs(Standardizer other) {
        if (!mean.keySet().equals(other.mean.keySet())) {
            return false;
        }
        for (Modality m : mean.keySet()) {
            if (!Arrays.equals(mean.get(m), other.mean.get(m)) || !Arrays.equals(scale.get(m), other.scale.get(m))) {
                return false;
            }
        }
        return true;
    }

    @Override
    public String toString() {
        if (isIdentity()) {
            return "Standardizer[identity]";
        }
        StringBuilder s = new StringBuilder("Standardizer[");
        mean.forEach((m, v) -> s.append(m.name().toLowerCase(Locale.ROOT)).append(' ').append(v.length).append("-d "));
        return s.toString().trim() + "]";
    }

    private static Modality modality(String name) {
        try {
            return Modality.valueOf(name);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private float[] known(Modality m, Map<Modality, float[]> stats) {
        float[] v = stats.get(m);
        if (v == null) {
            throw new IllegalArgumentException("no statistics for " + m + "; standardised: " + mean.keySet());
        }
        return v;
    }

    private static int dimension(Dialogue d, Modality m) {
        float[] x = d.utterance(0).feature(m);
        if (x == null) {
            throw new IllegalArgumentException("dialogue " + d.id() + ", utterance 0 has no " + name(m) + " features");
        }
        return x.length;
    }

    /** The features of utterance {@code t}, after checking that they exist, have {@code dim} values, all finite. */
    private static float[] checked(Dialogue d, int t, Modality m, int dim) {
        float[] x = d.utterance(t).feature(m);
        if (x == null || x.length != dim) {
            throw new IllegalArgumentException("dialogue " + d.id() + ", utterance " + t + ": " + name(m)
                    + " features " + (x == null ? "missing" : "of dimension " + x.length) + ", expected " + dim);
        }
        for (int j = 0; j < dim; j++) {
            if (!Float.isFinite(x[j])) {
                throw new IllegalArgumentException("dialogue " + d.id() + ", utterance " + t + ": " + name(m)
                        + " feature " + j + " is " + x[j] + "; features must be finite");
            }
        }
        return x;
    }

    private static String name(Modality m) {
        return m.name().toLowerCase(Locale.ROOT);
    }
}
