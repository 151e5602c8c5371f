package dev.erc.model.nn;

import java.util.Arrays;

/**
 * Where each sequence of a padded, batch-first batch {@code [batch, maxLen, features]} sits at each step of a
 * recurrence. Steps are time-major: step {@code s} processes, for every batch row {@code b}, position
 * {@code s} (forward) or {@code lengths[b] - 1 - s} (reverse: each sequence starts from its own last element, as
 * PyTorch's packed sequences do). Rows past their length are idle at that step; their inputs are zero and no
 * gradient enters them, so the arithmetic on them is wasted but harmless.
 */
final class SequenceLayout {

    final int batch;
    final int steps;
    final boolean reverse;
    /** {@code position[s * batch + b]}: the position processed, or -1 when row b is idle at step s. */
    final int[] position;

    SequenceLayout(int[] lengths, int maxLen, boolean reverse) {
        this.batch = lengths.length;
        this.steps = maxLen;
        this.reverse = reverse;
        this.position = new int[steps * batch];
        for (int b = 0; b < batch; b++) {
            int len = lengths[b];
            if (len < 1 || len > maxLen) {
                throw new IllegalArgumentException("sequence " + b + " has length " + len + "; lengths must be in [1, "
                        + maxLen + "], got " + Arrays.toString(lengths));
            }
            for (int s = 0; s < steps; s++) {
                position[s * batch + b] = s < len ? (reverse ? len - 1 - s : s) : -1;
            }
        }
    }

    /** The batch-first rows of {@code x [batch, steps, f]} in step order {@code [steps * batch, f]}; idle rows 0. */
    float[] gather(float[] x, int f) {
        return gather(x, f, 0, f);
    }

    /**
     * Columns {@code [col, col + f)} of the batch-first rows of {@code x [batch, steps, width]} in step order
     * {@code [steps * batch, f]}; idle rows 0.
     */
    float[] gather(float[] x, int width, int col, int f) {
        float[] out = new float[steps * batch * f];
        for (int i = 0; i < position.length; i++) {
            int p = position[i];
            if (p >= 0) {
                int b = i % batch;
                System.arraycopy(x, (b * steps + p) * width + col, out, i * f, f);
            }
        }
        return out;
    }

    /** Adds step-ordered rows {@code [steps * batch, f]} back into batch-first {@code into [batch, steps, f]}. */
    void scatterAdd(float[] stepRows, int f, float[] into, int stepOffset) {
        scatterAdd(stepRows, stepOffset, f, into, f, 0);
    }

    /**
     * Adds step-ordered rows {@code [steps * batch, f]} (from {@code stepOffset}) into columns {@code [col, col + f)}
     * of batch-first {@code into [batch, steps, width]}; idle rows are not read.
     */
    void scatterAdd(float[] stepRows, int stepOffset, int f, float[] into, int width, int col) {
        for (int i = 0; i < position.length; i++) {
            int p = position[i];
            if (p >= 0) {
                int b = i % batch;
                int dst = (b * steps + p) * width + col;
                int src = stepOffset + i * f;
                for (int j = 0; j < f; j++) {
                    into[dst + j] += stepRows[src + j];
                }
            }
        }
    }
}
