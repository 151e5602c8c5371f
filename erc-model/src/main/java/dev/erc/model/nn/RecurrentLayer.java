package dev.erc.model.nn;

import dev.erc.compute.autograd.ShapeMismatchException;
import dev.erc.compute.autograd.Tensor;
import dev.erc.compute.backend.Backend;
import dev.erc.compute.backend.Backends;
import dev.erc.compute.backend.PackedMatrix;
import dev.erc.compute.ops.PackedWeights;

/**
 * One recurrent layer, uni- or bidirectional, over a padded batch as a single autograd op.
 *
 * <p>The directions read the same input, so their input projections are one GEMM of the packed input rows (the
 * valid positions only, {@link SequenceLayout#pack}) by every direction's {@code W_ih} stacked: {@code [validRows,
 * in] x [in, directions * gates * hidden]}. Padding costs nothing there, the input is packed into GEMM panels once
 * for both directions, and only the projections, not the 1582-wide acoustic rows, are copied into step order.
 * Backward likewise ends in one GEMM for every input-weight gradient and one for the input gradient.
 *
 * <p>Between those GEMMs each direction runs its recurrence, forward and backward through time: one small GEMM
 * and one fused cell kernel per step ({@link RecurrentDirection}). The two directions of a bidirectional layer run
 * at the same time where the backend has two threads free ({@link Backend#concurrently}): a step's {@code [batch,
 * hidden] x [hidden, gates * hidden]} product is too small to split across cores profitably, and the directions
 * are independent. The output is the directions' states side by side, {@code [batch, maxLen, directions *
 * hidden]}, as PyTorch returns it.
 */
final class RecurrentLayer {

    private final RecurrentDirection cell;

    RecurrentLayer(RecurrentDirection cell) {
        this.cell = cell;
    }

    /**
     * @param x {@code [batch, maxLen, in]}
     * @param layouts one per direction (forward, then reverse), over the same lengths
     * @param weights per direction {@code weight_ih, weight_hh, bias_ih, bias_hh}
     * @return {@code [batch, maxLen, directions * hidden]}, zero past each length
     */
    Tensor apply(Tensor x, SequenceLayout[] layouts, Tensor[][] weights) {
        int dirs = layouts.length;
        int hidden = weights[0][1].dim(1);
        int in = x.dim(2);
        int gh = cell.gates * hidden;
        for (Tensor[] w : weights) {
            if (w[0].dim(0) != gh || w[0].dim(1) != in) {
                throw new ShapeMismatchException(cell.getClass().getSimpleName(), "weight_ih must be [" + gh + ", "
                        + in + "] for input " + java.util.Arrays.toString(x.shape()) + ", got "
                        + java.util.Arrays.toString(w[0].shape()));
            }
        }
        Backend be = Backends.current();
        SequenceLayout rows = layouts[0];
        int valid = rows.validRows;
        int width = dirs * gh;
        float[] xs = rows.pack(x.data(), in);
        Tensor[] inputWeights = new Tensor[dirs];
        for (int d = 0; d < dirs; d++) {
            inputWeights[d] = weights[d][0];
        }
        PackedMatrix wIhPacked = PackedWeights.stackedTransposed(be, inputWeights,
                () -> stackedInputWeights(inputWeights));
        float[] wIh = wIhPacked == null ? stackedInputWeights(inputWeights) : null;
        float[] gx = new float[valid * width];
        if (wIhPacked != null) {
            be.sgemm(false, valid, width, in, 1f, xs, 0, in, wIhPacked, 0f, gx, 0, width);
        } else {
            be.sgemm(false, true, valid, width, in, 1f, xs, 0, in, wIh, 0, in, 0f, gx, 0, width);
        }
        // looked up here: the packed-weight cache is this thread's, and a direction may run on another
        PackedMatrix[] wHhPacked = new PackedMatrix[dirs];
        for (int d = 0; d < dirs; d++) {
            wHhPacked[d] = PackedWeights.transposedRows(be, weights[d][1], 0, gh);
        }
        RecurrentDirection.State[] states = new RecurrentDirection.State[dirs];
        eachDirection(be, dirs, d -> {
            Tensor[] w = weights[d];
            PackedMatrix wHhT = wHhPacked[d] != null ? wHhPacked[d] : be.pack(true, hidden, gh, w[1].data(), 0, hidden);
            states[d] = cell.forward(be, layouts[d], hidden, layouts[d].gatherPacked(gx, width, d * gh, gh), wHhT,
                    w[2].data(), w[3].data());
        });
        int outWidth = dirs * hidden;
        float[] out = new float[x.dim(0) * x.dim(1) * outWidth];
        for (int d = 0; d < dirs; d++) {
            layouts[d].scatterAdd(states[d].h(), rows.batch * hidden, hidden, out, outWidth, d * hidden);
        }
        int[] shape = {x.dim(0), x.dim(1), outWidth};
        String name = (dirs == 2 ? "Bi" : "") + cell.getClass().getSimpleName();
        Tensor[] inputs = new Tensor[1 + 4 * dirs];
        inputs[0] = x;
        for (int d = 0; d < dirs; d++) {
            System.arraycopy(weights[d], 0, inputs, 1 + 4 * d, 4);
        }
        return Tensor.result(out, shape, name, g -> {
            Backend bk = Backends.current();
            float[] dGx = new float[valid * width];
            // the directions write disjoint columns of dGx and their own parameters' gradients
            eachDirection(bk, dirs, d -> backward(bk, layouts[d], hidden, states[d], weights[d],
                    layouts[d].gather(g, outWidth, d * hidden, hidden), dGx, d * gh, width));
            if (java.util.Arrays.stream(weights).anyMatch(w -> w[0].requiresGrad())) {
                float[] dW = new float[width * in];
                bk.sgemm(true, false, width, in, valid, 1f, dGx, 0, width, xs, 0, in, 0f, dW, 0, in);
                for (int d = 0; d < dirs; d++) {
                    if (weights[d][0].requiresGrad()) {
                        bk.axpy(gh * in, 1f, dW, d * gh * in, weights[d][0].gradBuffer(), 0);
                    }
                }
            }
            if (x.requiresGrad()) {
                float[] wIhAll = wIh != null ? wIh : stackedInputWeights(inputWeights);
                if (xs == x.data()) {
                    bk.sgemm(false, false, valid, in, width, 1f, dGx, 0, width, wIhAll, 0, in, 1f, x.gradBuffer(),
                            0, in);
                } else {
                    float[] dxs = new float[valid * in];
                    bk.sgemm(false, false, valid, in, width, 1f, dGx, 0, width, wIhAll, 0, in, 0f, dxs, 0, in);
                    rows.unpackAdd(dxs, in, x.gradBuffer());
                }
            }
        }, inputs);
    }

    /** Every direction's {@code W_ih} stacked, {@code [directions * gates * hidden, in]}; a single one as it is. */
    private static float[] stackedInputWeights(Tensor[] inputWeights) {
        if (inputWeights.length == 1) {
            return inputWeights[0].data();
        }
        int each = inputWeights[0].size();
        float[] stacked = new float[inputWeights.length * each];
        for (int d = 0; d < inputWeights.length; d++) {
            System.arraycopy(inputWeights[d].data(), 0, stacked, d * each, each);
        }
        return stacked;
    }

    private static void eachDirection(Backend be, int dirs, java.util.function.IntConsumer body) {
        if (dirs == 2) {
            be.concurrently(() -> body.accept(0), () -> body.accept(1));
        } else {
            body.accept(0);
        }
    }

    /**
     * One direction's back-propagation through time: its recurrent weight and bias gradients, and the gradient of
     * its input projections into columns {@code [col, col + gates * hidden)} of the packed {@code dGx}.
     */
    private void backward(Backend be, SequenceLayout layout, int hidden, RecurrentDirection.State state, Tensor[] w,
                          float[] dhSteps, float[] dGx, int col, int width) {
        int rows = layout.steps * layout.batch;
        int gh = cell.gates * hidden;
        float[] dGxSteps = new float[rows * gh];
        float[] dGh = cell.backward(be, layout, hidden, state, w[1].data(), dhSteps, dGxSteps);
        cell.recurrentGradients(be, rows, hidden, state, dGxSteps, dGh, w[1], w[2], w[3]);
        layout.scatterAddPacked(dGxSteps, gh, dGx, width, col);
    }
}
