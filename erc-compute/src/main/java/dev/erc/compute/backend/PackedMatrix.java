package dev.erc.compute.backend;

/**
 * The B operand of many products, prepared once by {@link Backend#pack}: a recurrence multiplies by the same
 * {@code W_hh} at every step, and repacking it per step cost as much as the step's product. Immutable once made; a
 * backend accepts only the matrices it packed itself.
 */
public interface PackedMatrix {

    /** Rows of {@code op(B)}: the {@code k} of the products it serves. */
    int rows();

    /** Columns of {@code op(B)}: the {@code n} of the products it serves. */
    int cols();

    /** {@code op(B)} as a plain row-major {@code k x n} copy: what a backend without its own packing stores. */
    record Plain(int rows, int cols, float[] values) implements PackedMatrix {

        /** Copies {@code op(B)} out of {@code b}. */
        public static Plain of(boolean transB, int k, int n, float[] b, int bOff, int ldb) {
            float[] v = new float[k * n];
            for (int p = 0; p < k; p++) {
                for (int j = 0; j < n; j++) {
                    v[p * n + j] = transB ? b[bOff + j * ldb + p] : b[bOff + p * ldb + j];
                }
            }
            return new Plain(k, n, v);
        }
    }
}
