package dev.erc.model.batch;

import dev.erc.api.Dialogue;
import dev.erc.api.Modality;
import dev.erc.api.Utterance;
import dev.erc.compute.autograd.Tensor;
import java.util.Collection;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * Dialogues padded into batch-first tensors: features {@code [batch, maxLen, dim]} per modality (zeros past each
 * dialogue's length), and per-position speakers, labels and a validity mask, flattened as {@code b * maxLen + t}.
 */
public final class DialogueBatch {

    private final List<Dialogue> dialogues;
    private final int maxLen;
    private final int[] lengths;
    private final Map<Modality, Tensor> features = new EnumMap<>(Modality.class);
    private final int[] speakers;
    private final int[] labels;
    private final boolean[] mask;

    private DialogueBatch(List<Dialogue> dialogues, Collection<Modality> modalities) {
        this.dialogues = List.copyOf(dialogues);
        int b = dialogues.size();
        lengths = new int[b];
        int longest = 0;
        for (int i = 0; i < b; i++) {
            lengths[i] = dialogues.get(i).size();
            longest = Math.max(longest, lengths[i]);
        }
        maxLen = longest;
        speakers = new int[b * maxLen];
        labels = new int[b * maxLen];
        mask = new boolean[b * maxLen];
        java.util.Arrays.fill(labels, Utterance.NO_LABEL);
        for (Modality m : modalities) {
            int dim = -1;
            float[] data = null;
            for (int i = 0; i < b; i++) {
                Dialogue d = dialogues.get(i);
                for (int t = 0; t < d.size(); t++) {
                    float[] x = d.utterance(t).feature(m);
                    if (x == null) {
                        throw new IllegalArgumentException("dialogue " + d.id() + ", utterance " + t + " has no "
                                + m + " features");
                    }
                    if (dim < 0) {
                        dim = x.length;
                        data = new float[b * maxLen * dim];
                    } else if (x.length != dim) {
                        throw new IllegalArgumentException("dialogue " + d.id() + ", utterance " + t + ": " + m
                                + " features have " + x.length + " values, expected " + dim);
                    }
                    System.arraycopy(x, 0, data, (i * maxLen + t) * dim, dim);
                }
            }
            features.put(m, Tensor.of(data, b, maxLen, dim));
        }
        for (int i = 0; i < b; i++) {
            Dialogue d = dialogues.get(i);
            for (int t = 0; t < d.size(); t++) {
                int k = i * maxLen + t;
                speakers[k] = d.utterance(t).speaker();
                labels[k] = d.utterance(t).label();
                mask[k] = true;
            }
        }
    }

    /** Pads {@code dialogues} with the given modalities. */
    public static DialogueBatch of(List<Dialogue> dialogues, Collection<Modality> modalities) {
        if (dialogues.isEmpty()) {
            throw new IllegalArgumentException("a batch needs at least one dialogue");
        }
        return new DialogueBatch(dialogues, modalities);
    }

    public List<Dialogue> dialogues() {
        return dialogues;
    }

    public int size() {
        return lengths.length;
    }

    public int maxLen() {
        return maxLen;
    }

    public int[] lengths() {
        return lengths.clone();
    }

    /** {@code [batch, maxLen, dim]}. */
    public Tensor features(Modality m) {
        Tensor t = features.get(m);
        if (t == null) {
            throw new IllegalArgumentException("the batch holds no " + m + " features; it has " + features.keySet());
        }
        return t;
    }

    /** A copy of the speaker index per position ({@code b * maxLen + t}); 0 at padding. */
    public int[] speakers() {
        return speakers.clone();
    }

    /** A copy of the label per position; {@link Utterance#NO_LABEL} at padding and unlabelled utterances. */
    public int[] labels() {
        return labels.clone();
    }

    /** A copy of the mask of real utterances (true) and padding (false), per position. */
    public boolean[] mask() {
        return mask.clone();
    }

    /** The opposite of {@link #mask()}: true at padding, as attention's key-padding masks want it. */
    public boolean[] padding() {
        boolean[] p = new boolean[mask.length];
        for (int i = 0; i < p.length; i++) {
            p[i] = !mask[i];
        }
        return p;
    }

    /** True at real utterances that carry a label: what the loss counts. */
    public boolean[] labelled() {
        boolean[] m = new boolean[mask.length];
        for (int i = 0; i < m.length; i++) {
            m[i] = mask[i] && labels[i] >= 0;
        }
        return m;
    }
}
