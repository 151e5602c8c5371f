package dev.erc.compute.backend.cuda;

import dev.erc.compute.backend.BinaryOp;
import dev.erc.compute.backend.UnaryOp;

/**
 * Our NVRTC-compiled kernels ({@code kernels/elementwise.cu}, {@code kernels/rows.cu}) with the contracts of the
 * {@code Backend} methods of the same names, over device memory. Launches are queued on the device's stream and
 * return at once.
 */
public final class DeviceKernels implements AutoCloseable {

    private static final int THREADS = 256;
    /** Grid cap for the grid-stride element-wise loops: enough blocks to fill any current GPU several times over. */
    private static final int MAX_BLOCKS = 4096;

    private final CudaDevice device;
    private final KernelLibrary elementwise;
    private final KernelLibrary rows;
    private final KernelLibrary index;
    private final KernelLibrary loss;
    /** Holds the by-value structs of a launch; reset per launch (an instance serves one thread). */
    private final java.lang.foreign.Arena structs = java.lang.foreign.Arena.ofShared();
    private final java.lang.foreign.MemorySegment structA = structs.allocate(StridedLayout.REDUCTION);

    /** Compiles (or takes from the cache) and loads the kernels for {@code device}. */
    public DeviceKernels(CudaDevice device) {
        this.device = device;
        this.elementwise = KernelLibrary.load(device, "elementwise");
        this.rows = KernelLibrary.load(device, "rows");
        this.index = KernelLibrary.load(device, "index");
        this.loss = KernelLibrary.load(device, "loss");
    }

    private static int blocks(long n) {
        return (int) Math.max(1, Math.min(MAX_BLOCKS, (n + THREADS - 1) / THREADS));
    }

    /** {@code out[i] = f(x[i])}. */
    public void unary(UnaryOp op, long n, DeviceFloats x, DeviceFloats out) {
        elementwise.kernel("erc_unary").launch(device, blocks(n), THREADS, 0, op.ordinal(), n, x, out);
    }

    /** {@code gx[i] += gy[i] * f'(x[i])}. */
    public void unaryBackward(UnaryOp op, long n, DeviceFloats x, DeviceFloats y, DeviceFloats gy, DeviceFloats gx) {
        elementwise.kernel("erc_unary_backward").launch(device, blocks(n), THREADS, 0, op.ordinal(), n, x, y, gy, gx);
    }

    /** {@code out[i] = x[i] op y[i]}. */
    public void binary(BinaryOp op, long n, DeviceFloats x, DeviceFloats y, DeviceFloats out) {
        elementwise.kernel("erc_binary").launch(device, blocks(n), THREADS, 0, op.ordinal(), n, x, y, out);
    }

    /** {@code out[i] = x[i] op s}. */
    public void binaryScalar(BinaryOp op, long n, DeviceFloats x, float s, DeviceFloats out) {
        elementwise.kernel("erc_binary_scalar").launch(device, blocks(n), THREADS, 0, op.ordinal(), n, x, s, out);
    }

    /** {@code out[i] += x[i] op y[i]}. */
    public void binaryAccumulate(BinaryOp op, long n, DeviceFloats x, DeviceFloats y, DeviceFloats out) {
        elementwise.kernel("erc_binary_accumulate").launch(device, blocks(n), THREADS, 0, op.ordinal(), n, x, y, out);
    }

    /** {@code y[i] += alpha * x[i]}. */
    public void axpy(long n, float alpha, DeviceFloats x, DeviceFloats y) {
        elementwise.kernel("erc_axpy").launch(device, blocks(n), THREADS, 0, n, alpha, x, y);
    }

    /** Softmax or log-softmax of each row. */
    public void softmaxRows(boolean log, int rowCount, int cols, DeviceFloats x, DeviceFloats out) {
        rows.kernel("erc_softmax_rows").launch(device, rowCount, THREADS, 0, log ? 1 : 0, cols, x, out);
    }

    /** Adds the input gradient of {@link #softmaxRows} into {@code gx}. */
    public void softmaxRowsBackward(boolean log, int rowCount, int cols, DeviceFloats y, DeviceFloats gy,
                                    DeviceFloats gx) {
        rows.kernel("erc_softmax_rows_backward").launch(device, rowCount, THREADS, 0, log ? 1 : 0, cols, y, gy, gx);
    }

    /** Layer norm of each row, keeping each row's mean and reciprocal standard deviation. */
    public void layerNormRows(int rowCount, int cols, float eps, DeviceFloats x, DeviceFloats gamma, DeviceFloats beta,
                              DeviceFloats out, DeviceFloats mean, DeviceFloats rstd) {
        rows.kernel("erc_layer_norm_rows").launch(device, rowCount, THREADS, 0, cols, eps, x, gamma, beta, out, mean,
                rstd);
    }

    /** Accumulates the gradients of {@link #layerNormRows} into {@code gx}, {@code gGamma} and {@code gBeta}. */
    public void layerNormRowsBackward(int rowCount, int cols, DeviceFloats x, DeviceFloats gamma, DeviceFloats mean,
                                      DeviceFloats rstd, DeviceFloats gy, DeviceFloats gx, DeviceFloats gGamma,
                                      DeviceFloats gBeta) {
        rows.kernel("erc_layer_norm_rows_backward").launch(device, rowCount, THREADS, 0, cols, x, gamma, mean, rstd,
                gy, gx);
        rows.kernel("erc_layer_norm_param_grads").launch(device, blocks(cols), THREADS, 0, rowCount, cols, x, mean,
                rstd, gy, gGamma, gBeta);
    }

    /** {@code out[i] = x[i]^p}. */
    public void pow(long n, float p, DeviceFloats x, DeviceFloats out) {
        elementwise.kernel("erc_pow").launch(device, blocks(n), THREADS, 0, n, p, x, out);
    }

    /** {@code gx[i] += gy[i] * p * x[i]^(p-1)}. */
    public void powBackward(long n, float p, DeviceFloats x, DeviceFloats gy, DeviceFloats gx) {
        elementwise.kernel("erc_pow_backward").launch(device, blocks(n), THREADS, 0, n, p, x, gy, gx);
    }

    /** {@code out[i] = min(hi, max(lo, x[i]))}. */
    public void clamp(long n, float lo, float hi, DeviceFloats x, DeviceFloats out) {
        elementwise.kernel("erc_clamp").launch(device, blocks(n), THREADS, 0, n, lo, hi, x, out);
    }

    /** {@code gx[i] += gy[i]} where {@code lo <= x[i] <= hi}. */
    public void clampBackward(long n, float lo, float hi, DeviceFloats x, DeviceFloats gy, DeviceFloats gx) {
        elementwise.kernel("erc_clamp_backward").launch(device, blocks(n), THREADS, 0, n, lo, hi, x, gy, gx);
    }

    /** {@code out[i] = x[i]^-1/2}, 0 where {@code x[i] <= 0}. */
    public void inverseSqrt(long n, DeviceFloats x, DeviceFloats out) {
        elementwise.kernel("erc_inverse_sqrt").launch(device, blocks(n), THREADS, 0, n, x, out);
    }

    /** Accumulates the gradient of {@link #inverseSqrt} given its output. */
    public void inverseSqrtBackward(long n, DeviceFloats x, DeviceFloats out, DeviceFloats gy, DeviceFloats gx) {
        elementwise.kernel("erc_inverse_sqrt_backward").launch(device, blocks(n), THREADS, 0, n, x, out, gy, gx);
    }

    /**
     * For every index {@code i} of {@code shape} (row-major): {@code dst[dstOff + i·dstStrides] = src[srcOff +
     * i·srcStrides]}, or {@code +=} when {@code accumulate}. A zero source stride broadcasts; permuted strides
     * transpose; offsets slice and concatenate.
     */
    public void copyStrided(long[] shape, DeviceFloats src, long srcOff, long[] srcStrides, DeviceFloats dst,
                            long dstOff, long[] dstStrides, boolean accumulate) {
        long n = StridedLayout.size(shape);
        index.kernel("erc_copy_strided").launch(device, blocks(n), THREADS, 0, n,
                StridedLayout.strided(reuse(), shape, srcStrides, dstStrides), src, srcOff, dst, dstOff,
                accumulate ? 1 : 0);
    }

    /**
     * {@code dst[o] = (accumulate ? dst[o] : 0) + alpha · Σ src} over the reduced axes, for each index {@code o} of
     * the kept axes ({@code dst} contiguous in {@code outShape}); strides are the source's.
     */
    public void reduce(long[] outShape, long[] outStrides, long[] reducedShape, long[] reducedStrides, float alpha,
                       DeviceFloats src, DeviceFloats dst, boolean accumulate) {
        long outputs = StridedLayout.size(outShape);
        if (outputs > Integer.MAX_VALUE) {
            throw new IllegalArgumentException(outputs + " outputs exceed one grid");
        }
        index.kernel("erc_reduce").launch(device, (int) Math.max(1, outputs), THREADS, 0,
                StridedLayout.size(reducedShape),
                StridedLayout.reduction(reuse(), outShape, outStrides, reducedShape, reducedStrides), alpha, src, dst,
                accumulate ? 1 : 0);
    }

    /**
     * {@code dst[i] = src[i·srcStrides + index[i]·axisStride]} over the index's {@code shape}: torch.gather, with the
     * gathered axis's source stride given separately (and 0 in {@code srcStrides}).
     */
    public void gather(long[] shape, DeviceInts indices, long[] srcStrides, long axisStride, DeviceFloats src,
                       DeviceFloats dst) {
        long n = StridedLayout.size(shape);
        index.kernel("erc_gather").launch(device, blocks(n), THREADS, 0, n,
                StridedLayout.strided(reuse(), shape, srcStrides, null), indices, axisStride, src, dst);
    }

    /** {@code dst[target[t]] += Σ src[order[k]]} over {@code k ∈ [start[t], start[t+1])}: see {@link ScatterPlan}. */
    public void scatterAdd(ScatterPlan.OnDevice plan, DeviceFloats src, DeviceFloats dst) {
        index.kernel("erc_scatter_add").launch(device, blocks(plan.targets()), THREADS, 0, plan.targets(),
                plan.target(), plan.start(), plan.order(), src, dst);
    }

    /** {@code dst[r, :] = src[index[r], :]}. */
    public void gatherRows(int rowCount, int cols, DeviceInts indices, DeviceFloats src, DeviceFloats dst) {
        index.kernel("erc_gather_rows").launch(device, blocks((long) rowCount * cols), THREADS, 0, rowCount, cols,
                indices, src, dst);
    }

    /** Row-wise {@link #scatterAdd}: {@code dst[target[t], :] += Σ src[order[k], :]}. */
    public void scatterAddRows(ScatterPlan.OnDevice plan, int cols, DeviceFloats src, DeviceFloats dst) {
        index.kernel("erc_scatter_add_rows").launch(device, blocks((long) plan.targets() * cols), THREADS, 0,
                plan.targets(), cols, plan.target(), plan.start(), plan.order(), src, dst);
    }

    /** {@code out[i] = mask[m(i)] ? value : x[i]}, the mask broadcast through {@code maskStrides} (0 on broadcast axes). */
    public void maskedFill(long[] shape, DeviceBytes mask, long[] maskStrides, DeviceFloats x, float value,
                           DeviceFloats out) {
        long n = StridedLayout.size(shape);
        index.kernel("erc_masked_fill").launch(device, blocks(n), THREADS, 0, n,
                StridedLayout.strided(reuse(), shape, maskStrides, null), mask, x, value, out);
    }

    /** {@code gx[i] += mask[m(i)] ? 0 : gy[i]}. */
    public void maskedFillBackward(long[] shape, DeviceBytes mask, long[] maskStrides, DeviceFloats gy,
                                   DeviceFloats gx) {
        long n = StridedLayout.size(shape);
        index.kernel("erc_masked_fill_backward").launch(device, blocks(n), THREADS, 0, n,
                StridedLayout.strided(reuse(), shape, maskStrides, null), mask, gy, gx);
    }

    /** {@code out[i] = keep[i] ? x[i]·scale : 0}, the kept units drawn on the host. */
    public void dropout(long n, DeviceBytes keep, float scale, DeviceFloats x, DeviceFloats out) {
        index.kernel("erc_dropout").launch(device, blocks(n), THREADS, 0, n, keep, scale, x, out);
    }

    /** {@code gx[i] += keep[i] ? gy[i]·scale : 0}. */
    public void dropoutBackward(long n, DeviceBytes keep, float scale, DeviceFloats gy, DeviceFloats gx) {
        index.kernel("erc_dropout_backward").launch(device, blocks(n), THREADS, 0, n, keep, scale, gy, gx);
    }

    /**
     * The weighted, masked negative log-likelihood of {@code targets} under the log-probabilities {@code logp [rows,
     * cols]} ({@code Loss.crossEntropy} after its log-softmax): writes {@code loss[0]} and the weight sum
     * {@code denom[0]} (kept for backward). {@code weights} and {@code mask} may be null.
     */
    public void nll(int rowCount, int cols, DeviceFloats logp, DeviceInts targets, DeviceFloats weights,
                    DeviceBytes mask, DeviceFloats lossOut, DeviceFloats denom) {
        loss.kernel("erc_nll").launch(device, 1, THREADS, 0, rowCount, cols, logp, targets, orNull(weights),
                orNull(mask), lossOut, denom);
    }

    /** Accumulates the gradient of {@link #nll} (given the loss's gradient {@code g[0]}) into {@code glogp}. */
    public void nllBackward(int rowCount, int cols, DeviceInts targets, DeviceFloats weights, DeviceBytes mask,
                            DeviceFloats g, DeviceFloats denom, DeviceFloats glogp) {
        loss.kernel("erc_nll_backward").launch(device, blocks(rowCount), THREADS, 0, rowCount, cols, targets,
                orNull(weights), orNull(mask), g, denom, glogp);
    }

    /**
     * One Adam (or, {@code decoupled}, AdamW) step over {@code n} parameters, as {@code dev.erc.model.optim.Adam}:
     * {@code stepSize = lr / (1 - beta1^t)}, {@code bc2Sqrt = sqrt(1 - beta2^t)}.
     */
    public void adam(long n, DeviceFloats w, DeviceFloats g, DeviceFloats m, DeviceFloats v, float beta1,
                     float beta2, float stepSize, double bc2Sqrt, double eps, double lr, double weightDecay,
                     boolean decoupled) {
        loss.kernel("erc_adam").launch(device, blocks(n), THREADS, 0, n, w, g, m, v, beta1, beta2, stepSize, bc2Sqrt,
                eps, (float) (1 - lr * weightDecay), (float) weightDecay, decoupled ? 1 : 0);
    }

    private static Object orNull(DevicePointer p) {
        return p == null ? KernelLibrary.Kernel.NULL : p;
    }

    /** The struct buffer, for the one struct of the next launch (its bytes are copied at the launch). */
    private java.lang.foreign.SegmentAllocator reuse() {
        return java.lang.foreign.SegmentAllocator.prefixAllocator(structA);
    }

    @Override
    public void close() {
        elementwise.close();
        rows.close();
        index.close();
        loss.close();
        structs.close();
    }
}
