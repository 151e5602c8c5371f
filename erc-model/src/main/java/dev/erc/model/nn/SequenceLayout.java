package dev.erc.model.nn;

import java.util.Arrays;

/**
 * Where each sequence of a padded, batch-first batch {@code [batch, maxLen, features]} sits at each step of a
 * recurrence. Steps are time-major: step {@code s} processes, for every batch row {@code b}, position
 * {@code s} (forward) or {@code lengths[b] - 1 - s} (reverse: each sequence starts from its own last element, as
 * PyTorch's packed sequences do). Rows past their length are idle at that step; their inputs are zero and no
 * gradient enters them, so the arithmetic on them is wasted but harmless.
 *
 * <p>Work that does not run step by step (the input projections, a GEMM over all positions) runs on the
 * <em>packed</em> rows instead: the valid positions only, sequence after sequence ({@code [validRows, f]}), so that
 * padding costs nothing there. In a batch of dialogues of 8 to 110 utterances about half the padded rows are padding.
 */
final class SequenceLayout {

    final int batch;
    final int steps;
    final boolean reverse;
    /** {@code position[s * batch + b]}: the position processed, or -1 when row b is idle at step s. */
    final int[] position;
    /** The valid positions of all sequences: the rows of the packed form. */
    final int validRows;
    /** {@code start[b]}: the packed row of sequence b's position 0. */
    private final int[] start;
    private final int[] lengths;

    SequenceLayout(int[] lengths, int maxLen, boolean reverse) {
        this.batch = lengths.length;
        this.steps = maxLen;
        this.reverse = reverse;
        this.position = new int[steps * batch];
        this.lengths = lengths.clone();
        this.start = new int[batch];
        int packed = 0;
        for (int b = 0; b < batch; b++) {
            int len = lengths[b];
            if (len < 1 || len > maxLen) {
                throw new IllegalArgumentException("sequence " + b + " has length " + len + "; lengths must be in [1, "
                        + maxLen + "], got " + Arrays.toString(lengths));
            }
            start[b] = packed;
            packed += len;
            for (int s = 0; s < steps; s++) {
                position[s * batch + b] = s < len ? (reverse ? len - 1 - s : s) : -1;
            }
        }
        this.validRows = packed;
    }

    /**
     * The valid rows of batch-first {@code x [batch, steps, f]}, packed {@code [validRows, f]}; {@code x} itself
     * when nothing is padding (then not a copy: do not write to it).
     */
    float[] pack(float[] x, int f) {
        if (validRows == batch * steps) {
            return x;
        }
        float[] out = new float[validRows * f];
        for (int b = 0; b < batch; b++) {
            System.arraycopy(x, b * steps * f, out, start[b] * f, lengths[b] * f);
        }
        return out;
    }

    /** Adds packed rows {@code [validRows, f]} into batch-first {@code into [batch, steps, f]}. */
    void unpackAdd(float[] packed, int f, float[] into) {
        for (int b = 0; b < batch; b++) {
            int src = start[b] * f;
            int dst = b * steps * f;
            for (int j = 0; j < lengths[b] * f; j++) {
                into[dst + j] += packed[src + j];
            }
        }
    }

    /** Columns {@code [col, col + f)} of packed rows {@code [validRows, width]} in step order; idle rows 0. */
    float[] gatherPacked(float[] packed, int width, int col, int f) {
        return gather(packed, true, width, col, f);
    }

    /** Adds step-ordered rows {@code [steps * batch, f]} into columns {@code [col, col + f)} of packed rows. */
    void scatterAddPacked(float[] stepRows, int f, float[] packed, int width, int col) {
        scatterAdd(stepRows, 0, f, packed, true, width, col);
    }

    /**
     * Columns {@code [col, col + f)} of the batch-first rows of {@code x [batch, steps, width]} in step order
     * {@code [steps * batch, f]}; idle rows 0.
     */
    float[] gather(float[] x, int width, int col, int f) {
        return gather(x, false, width, col, f);
    }

    /**
     * Adds step-ordered rows {@code [steps * batch, f]} (from {@code stepOffset}) into columns {@code [col, col + f)}
     * of batch-first {@code into [batch, steps, width]}; idle rows are not read.
     */
    void scatterAdd(float[] stepRows, int stepOffset, int f, float[] into, int width, int col) {
        scatterAdd(stepRows, stepOffset, f, into, false, width, col);
    }

    /** The row of sequence b's position p: packed, or batch-first. */
    private int row(int b, int p, boolean packed) {
        return packed ? start[b] + p : b * steps + p;
    }

    private float[] gather(float[] x, boolean packed, int width, int col, int f) {
        float[] out = new float[steps * batch * f];
        for (int i = 0; i < position.length; i++) {
            int p = position[i];
            if (p >= 0) {
                System.arraycopy(x, row(i % batch, p, packed) * width + col, out, i * f, f);
            }
        }
        return out;
    }

    private void scatterAdd(float[] stepRows, int stepOffset, int f, float[] into, boolean packed, int width,
                            int col) {
        for (int i = 0; i < position.length; i++) {
            int p = position[i];
            if (p >= 0) {
                int dst = row(i % batch, p, packed) * width + col;
                int src = stepOffset + i * f;
                for (int j = 0; j < f; j++) {
                    into[dst + j] += stepRows[src + j];
                }
            }
        }
    }
}
