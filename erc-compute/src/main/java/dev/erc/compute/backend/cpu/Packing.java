package dev.erc.compute.backend.cpu;

/**
 * Copies blocks of the GEMM operands into the panel layouts the micro-kernels stream: A in {@code mr}-tall
 * panels, column by column ({@code panel[p * mr + r]}), B in {@code nr}-wide panels, row by row
 * ({@code panel[p * nr + j]}). Edges are zero-padded so every kernel call sees a full tile.
 */
final class Packing {

    private Packing() {
    }

    /** Packs {@code alpha * op(A)[i0 : i0+mc, p0 : p0+kc]} into {@code out} from {@code outOff}. */
    static void packA(boolean trans, float alpha, float[] a, int off, int lda, int i0, int mc, int p0, int kc,
                      int mr, float[] out, int outOff) {
        for (int ir = 0; ir < mc; ir += mr) {
            int base = outOff + ir * kc;
            int rows = Math.min(mr, mc - ir);
            if (trans) {
                // op(A)[i][p] = A[p][i]: a row of the panel is contiguous in A
                for (int p = 0; p < kc; p++) {
                    int src = off + (p0 + p) * lda + i0 + ir;
                    int dst = base + p * mr;
                    for (int r = 0; r < rows; r++) {
                        out[dst + r] = alpha * a[src + r];
                    }
                    for (int r = rows; r < mr; r++) {
                        out[dst + r] = 0f;
                    }
                }
            } else {
                for (int r = 0; r < rows; r++) {
                    int src = off + (i0 + ir + r) * lda + p0;
                    for (int p = 0; p < kc; p++) {
                        out[base + p * mr + r] = alpha * a[src + p];
                    }
                }
                for (int r = rows; r < mr; r++) {
                    for (int p = 0; p < kc; p++) {
                        out[base + p * mr + r] = 0f;
                    }
                }
            }
        }
    }

    /** Packs {@code op(B)[p0 : p0+kc, j0 : j0+nc]} into {@code out} from {@code outOff}. */
    static void packB(boolean trans, float[] b, int off, int ldb, int p0, int kc, int j0, int nc, int nr,
                      float[] out, int outOff) {
        for (int jr = 0; jr < nc; jr += nr) {
            int base = outOff + jr * kc;
            int cols = Math.min(nr, nc - jr);
            if (trans) {
                // op(B)[p][j] = B[j][p]: a column of the panel is contiguous in B
                for (int j = 0; j < cols; j++) {
                    int src = off + (j0 + jr + j) * ldb + p0;
                    for (int p = 0; p < kc; p++) {
                        out[base + p * nr + j] = b[src + p];
                    }
                }
                if (cols < nr) {
                    for (int p = 0; p < kc; p++) {
                        java.util.Arrays.fill(out, base + p * nr + cols, base + (p + 1) * nr, 0f);
                    }
                }
            } else {
                for (int p = 0; p < kc; p++) {
                    int dst = base + p * nr;
                    System.arraycopy(b, off + (p0 + p) * ldb + j0 + jr, out, dst, cols);
                    if (cols < nr) {
                        java.util.Arrays.fill(out, dst + cols, dst + nr, 0f);
                    }
                }
            }
        }
    }
}
