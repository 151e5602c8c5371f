package dev.erc.compute.backend.cpu;

/**
 * SGEMM in the Goto/BLIS layout: for each {@code KC}-deep slice, B is packed into {@code NR}-wide panels and A,
 * {@code MC} rows at a time, into {@code MR}-tall panels; a {@link MicroKernels micro-kernel} then multiplies one A
 * panel by one B panel into an {@code MR x NR} tile of C held in registers. The B panel stays in L1 while all A
 * panels of the block pass under it; the A block stays in L2.
 *
 * <p>Large products are split between the cores by rows of C when B is the smaller operand and the rows deal out
 * evenly (a column strip packs all of A on every thread: with 1760 x 100 x 400 that cost a fifth of the time), else by
 * columns or rows, whichever deals the tiles out more evenly (N = 200 is 7 column tiles, a 4:3 split, but M = 800 is
 * 67 row tiles); each part packs its own operands into per-thread buffers that grow once and are reused, so a call
 * allocates nothing.
 */
final class VectorSgemm {

    private static final int L = Species.LANES;
    /**
     * Rows of the register tile ({@link MicroKernels}): 12 (24 accumulators) with 32 vector registers at 512 bits, 6
     * (12) with 32 registers at narrower widths, 5 (10) with the 16 of AVX2, where 6 made C2 spill an accumulator.
     * Measured with {@code -XX:UseAVX=2} on an AVX-512 Xeon, 1024³ on 2 cores: 6x2 116, 5x2 149 GFLOP/s (OpenBLAS's
     * Haswell kernels 196); at 128 bits with 16 registers 68 vs 94; with 32 registers at 256 bits 6x2 167, 5x2 148.
     */
    static final int MR = Species.VECTOR_REGISTERS == 16 ? 5 : L >= 16 ? 12 : 6;
    /**
     * Rows of the short tile ({@link #tileRows}): 8 (16 accumulators) with 32 registers, 4 (8) with 16. A
     * recurrence's step multiplies 16 rows, which 12-row tiles cover as 24 (one tile of 12, one of 4 computed as 12)
     * and 5-row tiles as 20.
     */
    static final int MR_SHORT = Species.VECTOR_REGISTERS == 16 ? 4 : 8;
    static final int NV = 2;
    static final int NR = NV * L;
    /**
     * Deepest K slice. Deep slices amortise the C-tile update over more FMAs; measured on Zen 4 (AVX-512), 512-768
     * beat 256 by 10-15 %. {@code -Derc.gemm.kc} and {@code -Derc.gemm.mc} override for tuning.
     */
    static final int KC = Tuning.integer("erc.gemm.kc", 768, 1);
    static final int MC = Tuning.integer("erc.gemm.mc", MR * 8, 1);
    /**
     * Below this many multiply-adds a second thread costs more than it saves ({@code -Derc.gemm.parallelFlops}
     * overrides).
     */
    private static final long PARALLEL_FLOPS = Tuning.number("erc.gemm.parallelFlops", 64L * 64 * 64, 0);

    private final WorkerPool pool;
    private final ThreadLocal<Scratch> scratch = ThreadLocal.withInitial(Scratch::new);
    private final Job job = new Job();

    VectorSgemm(WorkerPool pool) {
        this.pool = pool;
    }

    void sgemm(boolean transA, boolean transB, int m, int n, int k, float alpha,
               float[] a, int aOff, int lda, float[] b, int bOff, int ldb, float beta, float[] c, int cOff, int ldc) {
        run(transA, transB, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, null, beta, c, cOff, ldc);
    }

    /** The product with a B packed by {@link #pack}: the same panels, the same kernel calls, the same bits. */
    void sgemm(boolean transA, int m, int n, int k, float alpha, float[] a, int aOff, int lda, Packed b, float beta,
               float[] c, int cOff, int ldc) {
        if (b.k != k || b.n != n) {
            throw new IllegalArgumentException("packed B is " + b.k + " x " + b.n + ", the product needs " + k + " x "
                    + n);
        }
        run(transA, false, m, n, k, alpha, a, aOff, lda, null, 0, 0, b, beta, c, cOff, ldc);
    }

    /**
     * {@code op(B)} in the panels {@link #multiply} would pack it into, for every K slice and all columns at once; a
     * thread that takes a column range reads its panels where they are, one that takes rows reads them all, so no
     * call packs B again.
     */
    static Packed pack(boolean transB, int k, int n, float[] b, int bOff, int ldb) {
        int ncPadded = (n + NR - 1) / NR * NR;
        int slices = Math.max(1, (k + KC - 1) / KC);
        int kcEven = (k + slices - 1) / slices;
        float[] panels = new float[Math.max(1, k * ncPadded)];
        for (int pc = 0; pc < k; pc += kcEven) {
            Packing.packB(transB, b, bOff, ldb, pc, Math.min(kcEven, k - pc), 0, n, NR, panels, pc * ncPadded);
        }
        return new Packed(k, n, ncPadded, panels);
    }

    /** A B operand packed once (see {@link #pack}). */
    static final class Packed implements dev.erc.compute.backend.PackedMatrix {
        final int k;
        final int n;
        final int ncPadded;
        final float[] panels;

        Packed(int k, int n, int ncPadded, float[] panels) {
            this.k = k;
            this.n = n;
            this.ncPadded = ncPadded;
            this.panels = panels;
        }

        @Override
        public int rows() {
            return k;
        }

        @Override
        public int cols() {
            return n;
        }
    }

    /**
     * The tile height for a product of {@code m} rows: the short tile where it covers them in fewer padded rows and
     * {@code m} is small (a few tiles at most), else {@link #MR}. Chosen from the whole product's {@code m}, never a
     * thread's part of it, so the tiles, and so the bits, do not depend on how the rows are split between threads.
     */
    static int tileRows(int m) {
        int padded = (m + MR - 1) / MR * MR;
        int paddedShort = (m + MR_SHORT - 1) / MR_SHORT * MR_SHORT;
        return m <= 4 * MR_SHORT && paddedShort < padded ? MR_SHORT : MR;
    }

    private void run(boolean transA, boolean transB, int m, int n, int k, float alpha, float[] a, int aOff, int lda,
                     float[] b, int bOff, int ldb, Packed pre, float beta, float[] c, int cOff, int ldc) {
        if (m == 0 || n == 0) {
            return;
        }
        scaleC(m, n, beta, c, cOff, ldc);
        if (k == 0 || alpha == 0f) {
            return;
        }
        int mr = tileRows(m);
        boolean parallel = pool.parallelism() > 1 && (long) m * n * k >= PARALLEL_FLOPS && pool.tryAcquire();
        if (!parallel) {
            multiply(scratch.get(), mr, transA, transB, k, alpha, a, aOff, lda, b, bOff, ldb, pre, c, cOff, ldc, 0, m, 0,
                    n);
            return;
        }
        try {
            job.set(mr, transA, transB, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, pre, c, cOff, ldc,
                    pool.parallelism());
            pool.run(job);
        } finally {
            job.clear();
            pool.release();
        }
    }

    private static void scaleC(int m, int n, float beta, float[] c, int cOff, int ldc) {
        if (beta == 1f) {
            return;
        }
        for (int i = 0; i < m; i++) {
            int row = cOff + i * ldc;
            if (beta == 0f) {
                java.util.Arrays.fill(c, row, row + n, 0f);
            } else {
                for (int j = 0; j < n; j++) {
                    c[row + j] *= beta;
                }
            }
        }
    }

    /** The parts of one parallel call: column strips of C when it is wide enough, else row strips. */
    private final class Job implements java.util.function.IntConsumer {
        boolean transA, transB;
        int mr, m, n, k, lda, ldb, ldc, aOff, bOff, cOff, parts;
        float alpha;
        float[] a, b, c;
        Packed pre;

        void set(int mr, boolean transA, boolean transB, int m, int n, int k, float alpha, float[] a, int aOff, int lda,
                 float[] b, int bOff, int ldb, Packed pre, float[] c, int cOff, int ldc, int parts) {
            this.pre = pre;
            this.mr = mr;
            this.transA = transA;
            this.transB = transB;
            this.m = m;
            this.n = n;
            this.k = k;
            this.alpha = alpha;
            this.a = a;
            this.aOff = aOff;
            this.lda = lda;
            this.b = b;
            this.bOff = bOff;
            this.ldb = ldb;
            this.c = c;
            this.cOff = cOff;
            this.ldc = ldc;
            this.parts = parts;
        }

        void clear() {
            a = b = c = null;
            pre = null;
        }

        @Override
        public void accept(int part) {
            int colTiles = (n + NR - 1) / NR;
            int rowTiles = (m + mr - 1) / mr;
            Scratch s = scratch.get();
            if (byColumns(colTiles, rowTiles)) {
                int lo = split(colTiles, part) * NR;
                int hi = Math.min(n, split(colTiles, part + 1) * NR);
                if (lo < hi) {
                    multiply(s, mr, transA, transB, k, alpha, a, aOff, lda, b, bOff, ldb, pre, c, cOff, ldc, 0, m,
                            lo, hi);
                }
            } else {
                int lo = split(rowTiles, part) * mr;
                int hi = Math.min(m, split(rowTiles, part + 1) * mr);
                if (lo < hi) {
                    multiply(s, mr, transA, transB, k, alpha, a, aOff, lda, b, bOff, ldb, pre, c, cOff, ldc, lo, hi,
                            0, n);
                }
            }
        }

        /**
         * Columns or rows: a column strip packs all of A (m x k) on every thread, a row strip all of B (k x n). So rows
         * when B is the smaller operand and the rows deal out nearly evenly (linear layers: thousands of rows, a
         * hundred columns), else whichever split deals its tiles out more evenly.
         */
        private boolean byColumns(int colTiles, int rowTiles) {
            if (n < m && imbalance(rowTiles) <= 1.1) {
                return false;
            }
            return imbalance(colTiles) <= imbalance(rowTiles);
        }

        /** Largest part over the mean part when {@code tiles} are dealt out: 1.0 is a perfect split. */
        private double imbalance(int tiles) {
            return Math.ceil((double) tiles / parts) / ((double) tiles / parts);
        }

        private int split(int tiles, int part) {
            return (int) ((long) tiles * part / parts);
        }
    }

    /**
     * {@code C[m0:m1, n0:n1] += alpha * op(A) op(B)} on one thread; B is packed here per K slice, or read from
     * {@code pre} when it was packed once ({@code n0} is then a multiple of {@link #NR}, as the splits make it).
     */
    private static void multiply(Scratch s, int mr, boolean transA, boolean transB, int k, float alpha,
                                 float[] a, int aOff, int lda, float[] b, int bOff, int ldb, Packed pre,
                                 float[] c, int cOff, int ldc, int m0, int m1, int n0, int n1) {
        int nc = n1 - n0;
        int ncPadded = (nc + NR - 1) / NR * NR;
        // equal slices: K = 1024 runs as 2 x 512 rather than 768 + 256
        int slices = (k + KC - 1) / KC;
        int kcEven = (k + slices - 1) / slices;
        for (int pc = 0; pc < k; pc += kcEven) {
            int kc = Math.min(kcEven, k - pc);
            float[] pb;
            int bBase;
            if (pre != null) {
                pb = pre.panels;
                bBase = pc * pre.ncPadded + n0 * kc;
            } else {
                pb = s.packedB(kc * ncPadded);
                Packing.packB(transB, b, bOff, ldb, pc, kc, n0, nc, NR, pb, 0);
                bBase = 0;
            }
            for (int ic = m0; ic < m1; ic += MC) {
                int mc = Math.min(MC, m1 - ic);
                float[] pa = s.packedA(kc * ((mc + mr - 1) / mr * mr));
                Packing.packA(transA, alpha, a, aOff, lda, ic, mc, pc, kc, mr, pa);
                for (int jr = 0; jr < nc; jr += NR) {
                    int nr = Math.min(NR, nc - jr);
                    int bIdx = bBase + jr * kc;
                    for (int ir = 0; ir < mc; ir += mr) {
                        int rows = Math.min(mr, mc - ir);
                        int aIdx = ir * kc;
                        int cIdx = cOff + (ic + ir) * ldc + n0 + jr;
                        if (rows == mr && nr == NR) {
                            kernel(mr, kc, pa, aIdx, pb, bIdx, c, cIdx, ldc);
                        } else {
                            // edges: a full tile into scratch (padding is zero), then the valid part into C; a
                            // last tile of at most one vector's columns takes the one-vector kernel
                            float[] tile = s.tile;
                            java.util.Arrays.fill(tile, 0f);
                            if (nr <= L) {
                                narrowKernel(mr, kc, pa, aIdx, pb, bIdx, tile, 0, NR);
                            } else {
                                kernel(mr, kc, pa, aIdx, pb, bIdx, tile, 0, NR);
                            }
                            for (int r = 0; r < rows; r++) {
                                ElementwiseKernels.axpy(nr, 1f, tile, r * NR, c, cIdx + r * ldc);
                            }
                        }
                    }
                }
            }
        }
    }

    private static void kernel(int mr, int kc, float[] pa, int aIdx, float[] pb, int bIdx, float[] c, int cIdx,
                               int ldc) {
        switch (mr) {
            case 12 -> MicroKernels.kernel12x2(kc, pa, aIdx, pb, bIdx, c, cIdx, ldc);
            case 8 -> MicroKernels.kernel8x2(kc, pa, aIdx, pb, bIdx, c, cIdx, ldc);
            case 6 -> MicroKernels.kernel6x2(kc, pa, aIdx, pb, bIdx, c, cIdx, ldc);
            case 5 -> MicroKernels.kernel5x2(kc, pa, aIdx, pb, bIdx, c, cIdx, ldc);
            case 4 -> MicroKernels.kernel4x2(kc, pa, aIdx, pb, bIdx, c, cIdx, ldc);
            default -> throw new IllegalStateException("no " + mr + "-row micro-kernel");
        }
    }

    private static void narrowKernel(int mr, int kc, float[] pa, int aIdx, float[] pb, int bIdx, float[] c, int cIdx,
                                     int ldc) {
        switch (mr) {
            case 12 -> MicroKernels.kernel12x1(kc, pa, aIdx, pb, bIdx, c, cIdx, ldc);
            case 8 -> MicroKernels.kernel8x1(kc, pa, aIdx, pb, bIdx, c, cIdx, ldc);
            case 6 -> MicroKernels.kernel6x1(kc, pa, aIdx, pb, bIdx, c, cIdx, ldc);
            case 5 -> MicroKernels.kernel5x1(kc, pa, aIdx, pb, bIdx, c, cIdx, ldc);
            case 4 -> MicroKernels.kernel4x1(kc, pa, aIdx, pb, bIdx, c, cIdx, ldc);
            default -> throw new IllegalStateException("no " + mr + "-row micro-kernel");
        }
    }

    /** Per-thread packing buffers; they grow to the largest call seen and are then reused. */
    private static final class Scratch {
        float[] a = new float[0];
        float[] b = new float[0];
        final float[] tile = new float[Math.max(MR, MR_SHORT) * NR];

        float[] packedA(int size) {
            if (a.length < size) {
                a = new float[size];
            }
            return a;
        }

        float[] packedB(int size) {
            if (b.length < size) {
                b = new float[size];
            }
            return b;
        }
    }
}
