package dev.erc.compute.backend.cpu;

import dev.erc.compute.backend.Backend;
import dev.erc.compute.backend.BinaryOp;
import dev.erc.compute.backend.UnaryOp;

/**
 * The CPU backend on the Java Vector API ({@code jdk.incubator.vector}): register-tiled, packed, two-core SGEMM and
 * fused element-wise and row kernels, in the vector width of {@link Species}.
 */
public final class VectorBackend implements Backend {

    private final WorkerPool pool;
    private final VectorSgemm gemm;

    /** A backend whose GEMMs run on {@code threads} cores (the caller's thread included). */
    public VectorBackend(int threads) {
        this.pool = new WorkerPool(threads);
        this.gemm = new VectorSgemm(pool);
    }

    /**
     * The two on two of the pool's threads when it is free, each then running its GEMMs on its own thread (the
     * same tiles, so the same bits); one after the other when another call holds the pool.
     */
    @Override
    public void concurrently(Runnable first, Runnable second) {
        if (!pool.tryAcquire()) {
            first.run();
            second.run();
            return;
        }
        try {
            pool.run(part -> {
                if (part == 0) {
                    first.run();
                } else if (part == 1) {
                    second.run();
                }
            });
        } finally {
            pool.release();
        }
    }

    @Override
    public String name() {
        return "cpu";
    }

    @Override
    public int threads() {
        return pool.parallelism();
    }

    /** Floats per vector register in use. */
    public static int lanes() {
        return Species.LANES;
    }

    @Override
    public void sgemm(boolean transA, boolean transB, int m, int n, int k, float alpha,
                      float[] a, int aOff, int lda, float[] b, int bOff, int ldb, float beta,
                      float[] c, int cOff, int ldc) {
        gemm.sgemm(transA, transB, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc);
    }

    @Override
    public dev.erc.compute.backend.PackedMatrix pack(boolean transB, int k, int n, float[] b, int bOff, int ldb) {
        return VectorSgemm.pack(transB, k, n, b, bOff, ldb);
    }

    @Override
    public void sgemm(boolean transA, int m, int n, int k, float alpha, float[] a, int aOff, int lda,
                      dev.erc.compute.backend.PackedMatrix b, float beta, float[] c, int cOff, int ldc) {
        if (!(b instanceof VectorSgemm.Packed packed)) {
            throw new IllegalArgumentException("cpu backend: " + b.getClass().getSimpleName()
                    + " was not packed by this backend");
        }
        gemm.sgemm(transA, m, n, k, alpha, a, aOff, lda, packed, beta, c, cOff, ldc);
    }

    @Override
    public void binary(BinaryOp op, int n, float[] x, int xOff, float[] y, int yOff, float[] out, int outOff) {
        ElementwiseKernels.binary(op, n, x, xOff, y, yOff, out, outOff);
    }

    @Override
    public void binaryScalar(BinaryOp op, int n, float[] x, int xOff, float s, float[] out, int outOff) {
        ElementwiseKernels.binaryScalar(op, n, x, xOff, s, out, outOff);
    }

    @Override
    public void binaryAccumulate(BinaryOp op, int n, float[] x, int xOff, float[] y, int yOff,
                                 float[] out, int outOff) {
        ElementwiseKernels.binaryAccumulate(op, n, x, xOff, y, yOff, out, outOff);
    }

    @Override
    public void axpy(int n, float alpha, float[] x, int xOff, float[] y, int yOff) {
        ElementwiseKernels.axpy(n, alpha, x, xOff, y, yOff);
    }

    @Override
    public void unary(UnaryOp op, int n, float[] x, int xOff, float[] out, int outOff) {
        ElementwiseKernels.unary(op, n, x, xOff, out, outOff);
    }

    @Override
    public void unaryBackward(UnaryOp op, int n, float[] x, float[] y, float[] gy, float[] gx) {
        ElementwiseKernels.unaryBackward(op, n, x, y, gy, gx);
    }

    @Override
    public double sum(int n, float[] x, int off) {
        return ElementwiseKernels.sum(n, x, off);
    }

    @Override
    public double dot(int n, float[] x, int xOff, float[] y, int yOff) {
        return ElementwiseKernels.dot(n, x, xOff, y, yOff);
    }

    @Override
    public void softmaxRows(boolean log, int rows, int cols, float[] x, float[] out) {
        RowKernels.softmaxRows(log, rows, cols, x, out);
    }

    @Override
    public void softmaxRowsBackward(boolean log, int rows, int cols, float[] y, float[] gy, float[] gx) {
        RowKernels.softmaxRowsBackward(log, rows, cols, y, gy, gx);
    }

    @Override
    public void layerNormRows(int rows, int cols, float eps, float[] x, float[] gamma, float[] beta,
                              float[] out, float[] mean, float[] rstd) {
        RowKernels.layerNormRows(rows, cols, eps, x, gamma, beta, out, mean, rstd);
    }

    @Override
    public void layerNormRowsBackward(int rows, int cols, float[] x, float[] gamma, float[] mean, float[] rstd,
                                      float[] gy, float[] gx, float[] gGamma, float[] gBeta) {
        RowKernels.layerNormRowsBackward(rows, cols, x, gamma, mean, rstd, gy, gx, gGamma, gBeta);
    }

    @Override
    public void lstmCell(int rows, int hidden, float[] gates, int gOff, float[] cPrev, int cpOff,
                         float[] c, int cOff, float[] tanhC, int tcOff, float[] h, int hOff) {
        RecurrentKernels.lstmCell(rows, hidden, gates, gOff, cPrev, cpOff, c, cOff, tanhC, tcOff, h, hOff);
    }

    @Override
    public void lstmCellBackward(int rows, int hidden, float[] gates, int gOff, float[] cPrev, int cpOff,
                                 float[] tanhC, int tcOff, float[] dh, int dhOff, float[] dc, int dcOff,
                                 float[] dGates, int dgOff) {
        RecurrentKernels.lstmCellBackward(rows, hidden, gates, gOff, cPrev, cpOff, tanhC, tcOff, dh, dhOff, dc,
                dcOff, dGates, dgOff);
    }

    @Override
    public void gruCell(int rows, int hidden, float[] gx, int gxOff, float[] gh, int ghOff, float[] hPrev, int hpOff,
                        float[] h, int hOff) {
        RecurrentKernels.gruCell(rows, hidden, gx, gxOff, gh, ghOff, hPrev, hpOff, h, hOff);
    }

    @Override
    public void gruCellBackward(int rows, int hidden, float[] gx, int gxOff, float[] gh, int ghOff, float[] hPrev,
                                int hpOff, float[] dh, int dhOff, float[] dGx, int dgxOff, float[] dGh, int dghOff,
                                float[] dhPrev, int dhpOff) {
        RecurrentKernels.gruCellBackward(rows, hidden, gx, gxOff, gh, ghOff, hPrev, hpOff, dh, dhOff, dGx, dgxOff,
                dGh, dghOff, dhPrev, dhpOff);
    }

    @Override
    public String toString() {
        return "cpu (Vector API, " + Species.FLOATS.vectorBitSize() + "-bit, " + VectorSgemm.MR + "x" + VectorSgemm.NR
                + " GEMM tile)";
    }
}
