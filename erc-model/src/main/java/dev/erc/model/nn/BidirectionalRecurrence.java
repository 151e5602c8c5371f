package dev.erc.model.nn;

import dev.erc.compute.autograd.ShapeMismatchException;
import dev.erc.compute.autograd.Tensor;
import dev.erc.compute.backend.Backend;
import dev.erc.compute.backend.Backends;

/**
 * Both directions of one bidirectional recurrent layer as a single autograd op. The two directions read the same
 * input, so their input projections are one GEMM of the batch-first input by both {@code W_ih} stacked
 * ({@code [batch * maxLen, in] x [in, 2 * gates * hidden]}): the input is packed once instead of twice and never
 * copied into step order, only the projections are. Backward likewise ends in one GEMM for both input-weight
 * gradients and one for the input gradient, written straight into the batch-first input's gradient. The output is
 * the two directions' states side by side, {@code [batch, maxLen, 2 * hidden]}, as PyTorch returns it.
 *
 * <p>Between those GEMMs the two recurrences, forward and backward through time, run at the same time where the
 * backend has two threads free ({@link Backend#concurrently}): each step's {@code [batch, hidden] x [hidden, gates *
 * hidden]} product is too small to split across cores profitably, and the directions are independent.
 */
final class BidirectionalRecurrence {

    private final RecurrentDirection cell;

    BidirectionalRecurrence(RecurrentDirection cell) {
        this.cell = cell;
    }

    /**
     * @param x {@code [batch, maxLen, in]}
     * @param w the forward direction's {@code weight_ih, weight_hh, bias_ih, bias_hh}
     * @param r the reverse direction's
     * @return {@code [batch, maxLen, 2 * hidden]}, zero past each length
     */
    Tensor apply(Tensor x, SequenceLayout forward, SequenceLayout reverse, Tensor[] w, Tensor[] r) {
        int hidden = w[1].dim(1);
        int in = x.dim(2);
        int gh = cell.gates * hidden;
        for (Tensor wIh : new Tensor[] {w[0], r[0]}) {
            if (wIh.dim(0) != gh || wIh.dim(1) != in) {
                throw new ShapeMismatchException(cell.getClass().getSimpleName(), "weight_ih must be [" + gh + ", "
                        + in + "] for input " + java.util.Arrays.toString(x.shape()) + ", got "
                        + java.util.Arrays.toString(wIh.shape()));
            }
        }
        Backend be = Backends.current();
        int rowsX = x.dim(0) * x.dim(1);
        int width = 2 * gh;
        float[] wIh = new float[width * in];
        System.arraycopy(w[0].data(), 0, wIh, 0, gh * in);
        System.arraycopy(r[0].data(), 0, wIh, gh * in, gh * in);
        float[] gxAll = new float[rowsX * width];
        be.sgemm(false, true, rowsX, width, in, 1f, x.data(), 0, in, wIh, 0, in, 0f, gxAll, 0, width);
        float[] gxF = forward.gather(gxAll, width, 0, gh);
        float[] gxR = reverse.gather(gxAll, width, gh, gh);
        RecurrentDirection.State[] states = new RecurrentDirection.State[2];
        be.concurrently(
                () -> states[0] = cell.forward(be, forward, hidden, gxF, w[1].data(), w[2].data(), w[3].data()),
                () -> states[1] = cell.forward(be, reverse, hidden, gxR, r[1].data(), r[2].data(), r[3].data()));
        RecurrentDirection.State fs = states[0];
        RecurrentDirection.State rs = states[1];
        int outWidth = 2 * hidden;
        float[] out = new float[rowsX * outWidth];
        int stepH = forward.batch * hidden;
        forward.scatterAdd(fs.h(), stepH, hidden, out, outWidth, 0);
        reverse.scatterAdd(rs.h(), stepH, hidden, out, outWidth, hidden);
        int[] shape = {x.dim(0), x.dim(1), outWidth};
        return Tensor.result(out, shape, "Bi" + cell.getClass().getSimpleName(), g -> {
            Backend bk = Backends.current();
            float[] dGxAll = new float[rowsX * width];
            float[] dhF = forward.gather(g, outWidth, 0, hidden);
            float[] dhR = reverse.gather(g, outWidth, hidden, hidden);
            // the two write disjoint columns of dGxAll and their own parameters' gradients
            bk.concurrently(() -> backward(bk, forward, hidden, fs, w, dhF, dGxAll, 0),
                    () -> backward(bk, reverse, hidden, rs, r, dhR, dGxAll, gh));
            if (w[0].requiresGrad() || r[0].requiresGrad()) {
                float[] dW = new float[width * in];
                bk.sgemm(true, false, width, in, rowsX, 1f, dGxAll, 0, width, x.data(), 0, in, 0f, dW, 0, in);
                if (w[0].requiresGrad()) {
                    bk.axpy(gh * in, 1f, dW, 0, w[0].gradBuffer(), 0);
                }
                if (r[0].requiresGrad()) {
                    bk.axpy(gh * in, 1f, dW, gh * in, r[0].gradBuffer(), 0);
                }
            }
            if (x.requiresGrad()) {
                bk.sgemm(false, false, rowsX, in, width, 1f, dGxAll, 0, width, wIh, 0, in, 1f, x.gradBuffer(), 0,
                        in);
            }
        }, x, w[0], w[1], w[2], w[3], r[0], r[1], r[2], r[3]);
    }

    /**
     * One direction's back-propagation through time: its recurrent weight and bias gradients, and the gradient of
     * its input projections into columns {@code [col, col + gates * hidden)} of the batch-first {@code dGxAll}.
     */
    private void backward(Backend be, SequenceLayout layout, int hidden, RecurrentDirection.State state, Tensor[] w,
                          float[] dhSteps, float[] dGxAll, int col) {
        int rows = layout.steps * layout.batch;
        int gh = cell.gates * hidden;
        float[] dGx = new float[rows * gh];
        float[] dGh = cell.backward(be, layout, hidden, state, w[1].data(), dhSteps, dGx);
        cell.recurrentGradients(be, rows, hidden, state, dGx, dGh, w[1], w[2], w[3]);
        layout.scatterAdd(dGx, 0, gh, dGxAll, 2 * gh, col);
    }
}
