package dev.erc.compute.backend;

/**
 * The numerical kernels every op is built from. All arrays are row-major {@code float[]} addressed by an offset,
 * so that ops can run a kernel on a slice (one row, one batch item) without copying.
 *
 * <p>Implementations: {@link dev.erc.compute.backend.scalar.ScalarBackend}, the plain-loop reference that serves as
 * the test oracle, and the Java Vector API backend in {@code backend.cpu}. {@link Backends} chooses one. Kernels
 * must not allocate per call: the ops call them inside training loops.
 */
public interface Backend {

    /** A short lower-case name, as used by the {@code erc.backend} system property. */
    String name();

    /** Threads one call may compute on (the caller's included): 1 for a backend without a pool of its own. */
    default int threads() {
        return 1;
    }

    /**
     * {@code C = alpha * op(A) * op(B) + beta * C} where {@code op(X)} is {@code X} or its transpose.
     * {@code op(A)} is {@code m x k}, {@code op(B)} is {@code k x n}, C is {@code m x n}; {@code lda}, {@code ldb},
     * {@code ldc} are the row strides of the matrices as stored. With {@code beta == 0}, C is not read.
     */
    void sgemm(boolean transA, boolean transB, int m, int n, int k, float alpha,
               float[] a, int aOff, int lda, float[] b, int bOff, int ldb, float beta, float[] c, int cOff, int ldc);

    /**
     * Runs two independent pieces of work and returns when both are done, on two threads where this backend has
     * them free (the two directions of a bidirectional recurrence: hundreds of GEMMs too small to split well). The
     * two must touch disjoint outputs; their results must not depend on whether they ran at the same time. A
     * failure in either is thrown here. The default runs them one after the other.
     */
    default void concurrently(Runnable first, Runnable second) {
        first.run();
        second.run();
    }

    /**
     * {@code op(B)} ({@code k x n}) prepared for {@link #sgemm(boolean, int, int, int, float, float[], int, int,
     * PackedMatrix, float, float[], int, int)}: pack once, multiply many times. The result does not follow later
     * changes to {@code b}.
     */
    default PackedMatrix pack(boolean transB, int k, int n, float[] b, int bOff, int ldb) {
        return PackedMatrix.Plain.of(transB, k, n, b, bOff, ldb);
    }

    /**
     * {@code C = alpha * op(A) * B + beta * C} with a {@code B} this backend {@link #pack packed}: the same values,
     * bit for bit, as the unpacked {@link #sgemm(boolean, boolean, int, int, int, float, float[], int, int, float[],
     * int, int, float, float[], int, int) sgemm} on the matrix it was packed from.
     */
    default void sgemm(boolean transA, int m, int n, int k, float alpha, float[] a, int aOff, int lda, PackedMatrix b,
                       float beta, float[] c, int cOff, int ldc) {
        if (!(b instanceof PackedMatrix.Plain plain) || plain.rows() != k || plain.cols() != n) {
            throw new IllegalArgumentException(name() + " backend: a " + b.rows() + " x " + b.cols() + " "
                    + b.getClass().getSimpleName() + " for a product with k = " + k + ", n = " + n);
        }
        sgemm(transA, false, m, n, k, alpha, a, aOff, lda, plain.values(), 0, n, beta, c, cOff, ldc);
    }

    /** {@code out[i] = x[i] op y[i]} for {@code i < n}. */
    void binary(BinaryOp op, int n, float[] x, int xOff, float[] y, int yOff, float[] out, int outOff);

    /** {@code out[i] = x[i] op s} for {@code i < n}. */
    void binaryScalar(BinaryOp op, int n, float[] x, int xOff, float s, float[] out, int outOff);

    /** {@code out[i] += x[i] op y[i]}: the fused form backward passes use to accumulate gradients. */
    void binaryAccumulate(BinaryOp op, int n, float[] x, int xOff, float[] y, int yOff, float[] out, int outOff);

    /** {@code y[i] += alpha * x[i]}. */
    void axpy(int n, float alpha, float[] x, int xOff, float[] y, int yOff);

    /** {@code out[i] = f(x[i])}. */
    void unary(UnaryOp op, int n, float[] x, int xOff, float[] out, int outOff);

    /** {@code gx[i] += gy[i] * f'(x[i])}, where {@code y = f(x)} is passed too because most derivatives use it. */
    void unaryBackward(UnaryOp op, int n, float[] x, float[] y, float[] gy, float[] gx);

    /** Sum of {@code x[off .. off+n)}, accumulated in double. */
    double sum(int n, float[] x, int off);

    /** Dot product of two slices, accumulated in double. */
    double dot(int n, float[] x, int xOff, float[] y, int yOff);

    /**
     * Softmax ({@code log == false}) or log-softmax of each of {@code rows} rows of length {@code cols};
     * {@code out} must not be {@code x}.
     */
    void softmaxRows(boolean log, int rows, int cols, float[] x, float[] out);

    /**
     * Backward of {@link #softmaxRows}: given its output {@code y} and output gradient {@code gy}, adds the input
     * gradient into {@code gx}.
     */
    void softmaxRowsBackward(boolean log, int rows, int cols, float[] y, float[] gy, float[] gx);

    /**
     * Layer normalisation of each row: {@code out = (x - mean) * rstd * gamma + beta}. Writes each row's mean and
     * reciprocal standard deviation (biased variance, as PyTorch) into {@code mean} and {@code rstd} for backward.
     */
    void layerNormRows(int rows, int cols, float eps, float[] x, float[] gamma, float[] beta,
                       float[] out, float[] mean, float[] rstd);

    /** Backward of {@link #layerNormRows}: accumulates into {@code gx}, {@code gGamma}, {@code gBeta} (each may be null). */
    void layerNormRowsBackward(int rows, int cols, float[] x, float[] gamma, float[] mean, float[] rstd,
                               float[] gy, float[] gx, float[] gGamma, float[] gBeta);

    /**
     * One LSTM time step for {@code rows} sequences, PyTorch gate order (i, f, g, o). {@code gates} holds each row's
     * {@code 4 * hidden} pre-activations and receives the activations in place (kept for backward); then
     * {@code c = f * cPrev + i * g}, {@code tanhC = tanh(c)}, {@code h = o * tanhC}. Rows are contiguous.
     */
    void lstmCell(int rows, int hidden, float[] gates, int gOff, float[] cPrev, int cpOff,
                  float[] c, int cOff, float[] tanhC, int tcOff, float[] h, int hOff);

    /**
     * Backward of {@link #lstmCell}: from the activated gates, {@code cPrev}, {@code tanhC} and the gradient
     * {@code dh} of the step's output, writes the pre-activation gradients into {@code dGates}. {@code dc} holds the
     * cell gradient carried from the next step on entry and the gradient to carry to the previous step
     * ({@code dc_total * f}) on return.
     */
    void lstmCellBackward(int rows, int hidden, float[] gates, int gOff, float[] cPrev, int cpOff,
                          float[] tanhC, int tcOff, float[] dh, int dhOff, float[] dc, int dcOff,
                          float[] dGates, int dgOff);

    /**
     * One GRU time step, PyTorch gate order (r, z, n): {@code gx} holds {@code W_ih x + b_ih} and {@code gh} holds
     * {@code W_hh h + b_hh}, each {@code 3 * hidden} per row. {@code r = σ(gx_r + gh_r)}, {@code z = σ(gx_z + gh_z)},
     * {@code n = tanh(gx_n + r * gh_n)}, {@code h = (1 - z) * n + z * hPrev}. The activations r, z, n replace
     * {@code gx} in place (kept for backward); {@code gh} is left as is.
     */
    void gruCell(int rows, int hidden, float[] gx, int gxOff, float[] gh, int ghOff, float[] hPrev, int hpOff,
                 float[] h, int hOff);

    /**
     * Backward of {@link #gruCell}: from the activations in {@code gx}, the raw {@code gh}, {@code hPrev} and the
     * output gradient {@code dh}, writes the pre-activation gradients of {@code gx} and {@code gh} into
     * {@code dGx} and {@code dGh}, and the direct part of the previous state's gradient ({@code dh * z}) into
     * {@code dhPrev} (the part through {@code W_hh} is the caller's GEMM).
     */
    void gruCellBackward(int rows, int hidden, float[] gx, int gxOff, float[] gh, int ghOff, float[] hPrev,
                         int hpOff, float[] dh, int dhOff, float[] dGx, int dgxOff, float[] dGh, int dghOff,
                         float[] dhPrev, int dhpOff);
}
