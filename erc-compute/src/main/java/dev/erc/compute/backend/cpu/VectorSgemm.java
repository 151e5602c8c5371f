package dev.erc.compute.backend.cpu;

/**
 * SGEMM in the Goto/BLIS layout: for each {@code KC}-deep slice, B is packed into {@code NR}-wide panels and A,
 * {@code MC} rows at a time, into {@code MR}-tall panels; a {@link MicroKernels micro-kernel} then multiplies one A
 * panel by one B panel into an {@code MR x NR} tile of C held in registers. One B panel serves all A panels of the
 * block in turn; the A block stays in L2. A non-transposed A of few columns skips its packing ({@link DirectKernels}).
 *
 * <p>A product large enough for the cores is dealt out in blocks of C as the threads ask for them ({@link SgemmJob}):
 * blocks of rows over a B the threads pack together when there are rows enough to deal (over all K at once where B
 * is small, else K slice after K slice, or column chunks), else blocks of columns over a shared packed A (or A where
 * it lies). Blocks shrink towards the end so the threads finish together, and a thread that starts late (a worker
 * waking up, a core lent to another process) simply takes fewer. Every thread packs into buffers that grow once and
 * are reused, so a call allocates nothing. Where a tile is computed, and by which thread, never changes its bits:
 * tiles lie at the same places in every split, and each is the same sequence of kernel calls.
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
     * Columns of a chunk in a parallel product with a packed A and more columns than rows ({@link SgemmJob}): B panels of
     * about 256 columns by a slice of 512-768 rows (0.5-0.8 MB) stay in L2 while every A block passes over them.
     * Measured on a 2-core Xeon, 2 threads, rows dealt slice after slice, whole slices vs chunks of 256 (GFLOP/s,
     * 512 bits / AVX2): 800 x 1760 x 1582 with A transposed (a weight gradient) 160-166 -> 183-200 / 107-109 -> 117;
     * 400 x 1024 x 2048 143-153 -> 205 / 105-107 -> 123-126; with more rows than columns chunks lose (2048 x 1024 x
     * 1024 196-200 -> 179-185 / 119-126 -> 120; 1760 x 800 x 1582 -5 % / -10 %), hence only there. 128-384 columns
     * were within noise of each other ({@code -Derc.gemm.nc} overrides; rounded down to whole panels).
     */
    static final int NC = Math.max(NR, Tuning.integer("erc.gemm.nc", 256, 1) / NR * NR);
    /**
     * Products of at most this many columns read A where it lies ({@link DirectKernels}, {@link
     * DirectTransposedKernels}) instead of packing it: each packed element would serve only a few B panels. Measured
     * single-threaded on a 2-core Xeon, direct vs packed A: 800 x 1582 x 200 106 -> 124 GFLOP/s (AVX-512), 71 -> 80
     * (AVX2); 1760 x 1582 x 400 +15 % / +5 %; 1582 x 1760 x 100 with A transposed 109 -> 123 / 54 -> 79; at 800
     * columns and more even or a few percent slower ({@code -Derc.gemm.directColumns} overrides).
     */
    static final int DIRECT_A_COLUMNS = Tuning.integer("erc.gemm.directColumns", 512, 0);
    /**
     * A parallel product of many rows whose packed B has at most this many floats (4 MiB) goes over all K at once
     * ({@link SgemmJob}): B packed for every slice by all threads, then blocks of rows over all K, the threads taking
     * them from both ends, with no wait between slices. Larger B goes slice after slice, since every block would
     * stream all of it from L3 or memory. Measured on a 2-core Zen 5 VM, 2 threads, slice after slice vs all K
     * (GFLOP/s, 512 bits / AVX2): 800 x 1582 x 200 278-290 -> 285-323 / 146-167 -> 166-178; 800 x 200 x 200 217-229
     * -> 251-283 / 131-153 -> 154-169; 1024³ 272-298 -> 311-338 / 163-177 -> 172-181; but 1536³ (B 9.4 MB) -3 % and
     * 2048³ (16 MB) 310-338 -> 295-321 / 173-187 -> 172-176. Taking blocks from one end instead of both lost 5-20 %
     * ({@code -Derc.gemm.wholeB} overrides; docs/PERFORMANCE.md, issue #14, seventh step).
     */
    static final long WHOLE_B = Tuning.number("erc.gemm.wholeB", 1L << 20, 0);
    /**
     * Below this many multiply-adds a second thread costs more than it saves ({@code -Derc.gemm.parallelFlops}
     * overrides).
     */
    private static final long PARALLEL_FLOPS = Tuning.number("erc.gemm.parallelFlops", 64L * 64 * 64, 0);

    private final WorkerPool pool;
    private final ThreadLocal<Scratch> scratch = ThreadLocal.withInitial(Scratch::new);
    private final SgemmJob job;

    VectorSgemm(WorkerPool pool) {
        this(pool, WHOLE_B);
    }

    /** A GEMM whose parallel products go over all K at once where B packs into at most {@code wholeB} floats. */
    VectorSgemm(WorkerPool pool, long wholeB) {
        this.pool = pool;
        this.job = new SgemmJob(scratch, wholeB);
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
        int kcEven = sliceDepth(k);
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
     * The depth of the K slices of a product with this {@code k}: equal slices of at most {@link #KC}, so K = 1024
     * runs as 2 x 512 rather than 768 + 256. {@link #pack} and every product use it, so packed panels line up.
     */
    static int sliceDepth(int k) {
        int slices = Math.max(1, (k + KC - 1) / KC);
        return (k + slices - 1) / slices;
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
        if (k == 0 || alpha == 0f) {
            scaleC(beta, c, cOff, ldc, 0, m, 0, n);
            return;
        }
        boolean parallel = pool.parallelism() > 1 && (long) m * n * k >= PARALLEL_FLOPS && pool.tryAcquire();
        Product p = parallel ? job.product : scratch.get().product;
        p.set(transA, transB, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc);
        if (pre != null) {
            p.packedB(pre.panels, pre.ncPadded);
        }
        try {
            if (parallel) {
                job.start(pool.parallelism());
                pool.run(job);
            } else {
                p.multiply(scratch.get(), 0, m, 0, n);
            }
        } finally {
            p.clear();
            if (parallel) {
                pool.release();
            }
        }
    }

    /** {@code C[m0:m1, n0:n1] *= beta}, where 0 clears whatever was there (NaN included). */
    private static void scaleC(float beta, float[] c, int cOff, int ldc, int m0, int m1, int n0, int n1) {
        if (beta == 1f) {
            return;
        }
        for (int i = m0; i < m1; i++) {
            int row = cOff + i * ldc;
            if (beta == 0f) {
                java.util.Arrays.fill(c, row + n0, row + n1, 0f);
            } else {
                for (int j = n0; j < n1; j++) {
                    c[row + j] *= beta;
                }
            }
        }
    }

    /**
     * One product's operands and tiling, and the loops over its blocks. An operand may come packed for the whole
     * product (B by {@link #pack} or by a parallel call's threads, A by a parallel call's threads); otherwise it is
     * packed here, block by block, into the calling thread's scratch.
     */
    static final class Product {
        boolean transA, transB;
        int mr, m, n, k, kcEven, lda, ldb, ldc, aOff, bOff, cOff;
        float alpha, beta;
        float[] a, b, c;
        /** B in {@link #pack}'s layout ({@code ncPadded} columns per slice row), or null. */
        float[] packedB;
        int ncPadded;
        /**
         * A for all rows, or null: slice {@code pc} from {@code pc * mPadded}, the panel of rows from {@code i} at
         * {@code i * kc} within it.
         */
        float[] packedA;
        int mPadded;
        /**
         * Full tiles read A where it lies ({@link DirectKernels}, {@link DirectTransposedKernels}); a block's last
         * partial panel is packed.
         */
        boolean directA;

        void set(boolean transA, boolean transB, int m, int n, int k, float alpha, float[] a, int aOff, int lda,
                 float[] b, int bOff, int ldb, float beta, float[] c, int cOff, int ldc) {
            this.mr = tileRows(m);
            this.beta = beta;
            this.transA = transA;
            this.transB = transB;
            this.m = m;
            this.n = n;
            this.k = k;
            this.kcEven = sliceDepth(k);
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
            packedA = packedB = null;
            directA = alpha == 1f && n <= DIRECT_A_COLUMNS && mr == MR;
        }

        void packedB(float[] panels, int ncPadded) {
            this.packedB = panels;
            this.ncPadded = ncPadded;
        }

        void packedA(float[] panels, int mPadded) {
            this.packedA = panels;
            this.mPadded = mPadded;
            this.directA = false;
        }

        void clear() {
            a = b = c = packedA = packedB = null;
        }

        int slices() {
            return (k + kcEven - 1) / kcEven;
        }

        /** Rows of an A block: {@link #MC} rounded to whole tiles, so blocks never move a tile. */
        int blockRows() {
            return Math.max(mr, MC / mr * mr);
        }

        /** Packs rows {@code [ic, ic + mc)} of slice {@code slice} into {@code out}, in {@code packedA}'s layout. */
        void packABlock(int slice, int ic, int mc, float[] out) {
            int pc = slice * kcEven;
            int kc = Math.min(kcEven, k - pc);
            Packing.packA(transA, alpha, a, aOff, lda, ic, mc, pc, kc, mr, out, pc * mPadded + ic * kc);
        }

        /** Packs rows {@code [q0, q1)} of slice {@code slice}, all panels, into {@code out} as {@link #pack} would. */
        void packBRows(int slice, int q0, int q1, float[] out) {
            int pc = slice * kcEven;
            int kc = Math.min(kcEven, k - pc);
            Packing.packBRows(transB, b, bOff, ldb, pc, kc, q0, Math.min(q1, kc), 0, n, NR, out, pc * ncPadded);
        }

        /**
         * {@code C[m0:m1, n0:n1] = alpha * op(A) op(B) + beta * C[m0:m1, n0:n1]} on this thread; {@code m0} is a
         * multiple of the tile height and {@code n0} of {@link #NR}, as every split makes them. C is scaled here, by
         * the thread that then adds to it, while those rows are in its cache.
         */
        void multiply(Scratch s, int m0, int m1, int n0, int n1) {
            multiply(s, m0, m1, n0, n1, 0, slices());
        }

        /** {@link #multiply} over the K slices {@code [s0, s1)}: C is scaled with slice 0. */
        void multiply(Scratch s, int m0, int m1, int n0, int n1, int s0, int s1) {
            if (s0 == 0) {
                scaleC(beta, c, cOff, ldc, m0, m1, n0, n1);
            }
            int nc = n1 - n0;
            int ncBlock = (nc + NR - 1) / NR * NR;
            int mcMax = blockRows();
            for (int pc = s0 * kcEven; pc < Math.min(k, s1 * kcEven); pc += kcEven) {
                int kc = Math.min(kcEven, k - pc);
                float[] pb;
                int bBase;
                if (packedB != null) {
                    pb = packedB;
                    bBase = pc * ncPadded + n0 * kc;
                } else {
                    pb = s.packedB(kc * ncBlock);
                    Packing.packB(transB, b, bOff, ldb, pc, kc, n0, nc, NR, pb, 0);
                    bBase = 0;
                }
                for (int ic = m0; ic < m1; ic += mcMax) {
                    int mc = Math.min(mcMax, m1 - ic);
                    float[] pa;
                    int aBase;
                    if (packedA != null) {
                        pa = packedA;
                        aBase = pc * mPadded + ic * kc;
                    } else if (directA) {
                        pa = null;
                        aBase = 0;
                    } else {
                        pa = s.packedA(kc * ((mc + mr - 1) / mr * mr));
                        Packing.packA(transA, alpha, a, aOff, lda, ic, mc, pc, kc, mr, pa, 0);
                        aBase = 0;
                    }
                    block(s, pa, aBase, pb, bBase, kc, pc, ic, mc, n0, nc);
                }
            }
        }

        /**
         * The tiles of one A block by the packed B panels of columns {@code [n0, n0 + nc)}, A from {@code pa} at
         * {@code aBase}; when {@code pa} is null, full tiles read A where it lies and the block's last partial panel
         * is packed here, once.
         */
        private void block(Scratch s, float[] pa, int aBase, float[] pb, int bBase, int kc, int pc, int ic, int mc,
                           int n0, int nc) {
            int direct = 0;
            if (pa == null) {
                direct = mc / mr * mr;
                pa = s.packedA(kc * mr);
                aBase = -direct * kc;
                if (direct < mc) {
                    Packing.packA(transA, 1f, a, aOff, lda, ic + direct, mc - direct, pc, kc, mr, pa, 0);
                }
            }
            for (int jr = 0; jr < nc; jr += NR) {
                int nr = Math.min(NR, nc - jr);
                int bIdx = bBase + jr * kc;
                for (int ir = 0; ir < mc; ir += mr) {
                    int rows = Math.min(mr, mc - ir);
                    int cIdx = cOff + (ic + ir) * ldc + n0 + jr;
                    if (ir < direct) {
                        // op(A)[ic + ir][pc]: row-major, or the transposed A's element pc, ic + ir
                        int aAt = aOff + (transA ? pc * lda + ic + ir : (ic + ir) * lda + pc);
                        if (nr == NR) {
                            directKernel(transA, false, mr, kc, a, aAt, lda, pb, bIdx, c, cIdx, ldc);
                        } else {
                            float[] tile = edgeTile(s);
                            directKernel(transA, nr <= L, mr, kc, a, aAt, lda, pb, bIdx, tile, 0, NR);
                            addTile(tile, rows, nr, cIdx);
                        }
                        continue;
                    }
                    int aIdx = aBase + ir * kc;
                    if (rows == mr && nr == NR) {
                        kernel(false, mr, kc, pa, aIdx, pb, bIdx, c, cIdx, ldc);
                    } else {
                        // edges: a full tile into scratch (padding is zero), then the valid part into C; a last
                        // tile of at most one vector's columns takes the one-vector kernel
                        float[] tile = edgeTile(s);
                        kernel(nr <= L, mr, kc, pa, aIdx, pb, bIdx, tile, 0, NR);
                        addTile(tile, rows, nr, cIdx);
                    }
                }
            }
        }

        private static float[] edgeTile(Scratch s) {
            java.util.Arrays.fill(s.tile, 0f);
            return s.tile;
        }

        private void addTile(float[] tile, int rows, int nr, int cIdx) {
            for (int r = 0; r < rows; r++) {
                ElementwiseKernels.axpy(nr, 1f, tile, r * NR, c, cIdx + r * ldc);
            }
        }
    }

    /**
     * The packed-panel kernel for a tile of {@code mr} rows: two vectors of columns or (for a last tile of at most
     * one vector's columns) one.
     */
    private static void kernel(boolean narrow, int mr, int kc, float[] pa, int aIdx, float[] pb, int bIdx, float[] c,
                               int cIdx, int ldc) {
        switch (2 * mr + (narrow ? 1 : 0)) {
            case 2 * 12 -> MicroKernels.kernel12x2(kc, pa, aIdx, pb, bIdx, c, cIdx, ldc);
            case 2 * 12 + 1 -> MicroKernels.kernel12x1(kc, pa, aIdx, pb, bIdx, c, cIdx, ldc);
            case 2 * 8 -> MicroKernels.kernel8x2(kc, pa, aIdx, pb, bIdx, c, cIdx, ldc);
            case 2 * 8 + 1 -> MicroKernels.kernel8x1(kc, pa, aIdx, pb, bIdx, c, cIdx, ldc);
            case 2 * 6 -> MicroKernels.kernel6x2(kc, pa, aIdx, pb, bIdx, c, cIdx, ldc);
            case 2 * 6 + 1 -> MicroKernels.kernel6x1(kc, pa, aIdx, pb, bIdx, c, cIdx, ldc);
            case 2 * 5 -> MicroKernels.kernel5x2(kc, pa, aIdx, pb, bIdx, c, cIdx, ldc);
            case 2 * 5 + 1 -> MicroKernels.kernel5x1(kc, pa, aIdx, pb, bIdx, c, cIdx, ldc);
            case 2 * 4 -> MicroKernels.kernel4x2(kc, pa, aIdx, pb, bIdx, c, cIdx, ldc);
            case 2 * 4 + 1 -> MicroKernels.kernel4x1(kc, pa, aIdx, pb, bIdx, c, cIdx, ldc);
            default -> throw new IllegalStateException("no " + mr + "-row micro-kernel");
        }
    }

    /**
     * The direct kernel for a tile of {@code mr} rows: A row-major or transposed, two vectors of columns or (for a
     * last tile of at most one vector's columns) one.
     */
    private static void directKernel(boolean transA, boolean narrow, int mr, int kc, float[] a, int aOff, int lda,
                                     float[] pb, int bIdx, float[] c, int cIdx, int ldc) {
        switch (4 * mr + (transA ? 2 : 0) + (narrow ? 1 : 0)) {
            case 4 * 12 -> DirectKernels.kernel12x2(kc, a, aOff, lda, pb, bIdx, c, cIdx, ldc);
            case 4 * 12 + 1 -> DirectKernels.kernel12x1(kc, a, aOff, lda, pb, bIdx, c, cIdx, ldc);
            case 4 * 12 + 2 -> DirectTransposedKernels.transposed12x2(kc, a, aOff, lda, pb, bIdx, c, cIdx, ldc);
            case 4 * 12 + 3 -> DirectTransposedKernels.transposed12x1(kc, a, aOff, lda, pb, bIdx, c, cIdx, ldc);
            case 4 * 6 -> DirectKernels.kernel6x2(kc, a, aOff, lda, pb, bIdx, c, cIdx, ldc);
            case 4 * 6 + 1 -> DirectKernels.kernel6x1(kc, a, aOff, lda, pb, bIdx, c, cIdx, ldc);
            case 4 * 6 + 2 -> DirectTransposedKernels.transposed6x2(kc, a, aOff, lda, pb, bIdx, c, cIdx, ldc);
            case 4 * 6 + 3 -> DirectTransposedKernels.transposed6x1(kc, a, aOff, lda, pb, bIdx, c, cIdx, ldc);
            case 4 * 5 -> DirectKernels.kernel5x2(kc, a, aOff, lda, pb, bIdx, c, cIdx, ldc);
            case 4 * 5 + 1 -> DirectKernels.kernel5x1(kc, a, aOff, lda, pb, bIdx, c, cIdx, ldc);
            case 4 * 5 + 2 -> DirectTransposedKernels.transposed5x2(kc, a, aOff, lda, pb, bIdx, c, cIdx, ldc);
            case 4 * 5 + 3 -> DirectTransposedKernels.transposed5x1(kc, a, aOff, lda, pb, bIdx, c, cIdx, ldc);
            default -> throw new IllegalStateException("no direct " + mr + "-row micro-kernel");
        }
    }

    /** Per-thread packing buffers; they grow to the largest call seen and are then reused. */
    static final class Scratch {
        final Product product = new Product();
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
