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

    /** Compiles (or takes from the cache) and loads the kernels for {@code device}. */
    public DeviceKernels(CudaDevice device) {
        this.device = device;
        this.elementwise = KernelLibrary.load(device, "elementwise");
        this.rows = KernelLibrary.load(device, "rows");
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

    @Override
    public void close() {
        elementwise.close();
        rows.close();
    }
}
