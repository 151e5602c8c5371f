package dev.erc.model.nn;

import dev.erc.compute.autograd.ShapeMismatchException;
import dev.erc.compute.autograd.Tensor;
import dev.erc.compute.backend.Backend;
import dev.erc.compute.backend.Backends;

/**
 * One direction of one recurrent layer over a padded batch, as a single autograd op: the input projection of all
 * steps is one GEMM, each step is one small GEMM and one fused cell kernel, and backward runs through time
 * likewise, ending with one GEMM each for the input gradient and the two weight gradients. Buffers are allocated
 * once per call, never per step.
 */
abstract class RecurrentDirection {

    /** Gates per unit: 4 for the LSTM (i, f, g, o), 3 for the GRU (r, z, n). */
    final int gates;

    RecurrentDirection(int gates) {
        this.gates = gates;
    }

    /**
     * @param x {@code [batch, maxLen, in]}
     * @return {@code [batch, maxLen, hidden]}, zero past each length
     */
    final Tensor apply(Tensor x, SequenceLayout layout, Tensor wIh, Tensor wHh, Tensor bIh, Tensor bHh) {
        int hidden = wHh.dim(1);
        int in = x.dim(2);
        if (wIh.dim(0) != gates * hidden || wIh.dim(1) != in) {
            throw new ShapeMismatchException(getClass().getSimpleName(), "weight_ih must be [" + gates * hidden + ", "
                    + in + "] for input " + java.util.Arrays.toString(x.shape()) + ", got "
                    + java.util.Arrays.toString(wIh.shape()));
        }
        Backend be = Backends.current();
        int rows = layout.steps * layout.batch;
        float[] xs = layout.gather(x.data(), in);
        float[] gx = new float[rows * gates * hidden];
        be.sgemm(false, true, rows, gates * hidden, in, 1f, xs, 0, in, wIh.data(), 0, in, 0f, gx, 0, gates * hidden);
        State state = forward(be, layout, hidden, gx, wHh.data(), bIh.data(), bHh.data());
        float[] out = new float[x.dim(0) * layout.steps * hidden];
        layout.scatterAdd(state.h(), hidden, out, layout.batch * hidden);
        int[] shape = {x.dim(0), layout.steps, hidden};
        return Tensor.result(out, shape, getClass().getSimpleName(), g -> {
            Backend bk = Backends.current();
            float[] dhSteps = layout.gather(g, hidden);
            float[] dGx = new float[rows * gates * hidden];
            float[] dGh = backward(bk, layout, hidden, state, wHh.data(), dhSteps, dGx);
            int gh = gates * hidden;
            recurrentGradients(bk, rows, hidden, state, dGx, dGh, wHh, bIh, bHh);
            if (wIh.requiresGrad()) {
                bk.sgemm(true, false, gh, in, rows, 1f, dGx, 0, gh, xs, 0, in, 1f, wIh.gradBuffer(), 0, in);
            }
            if (x.requiresGrad()) {
                float[] dxs = new float[rows * in];
                bk.sgemm(false, false, rows, in, gh, 1f, dGx, 0, gh, wIh.data(), 0, in, 0f, dxs, 0, in);
                layout.scatterAdd(dxs, in, x.gradBuffer(), 0);
            }
        }, x, wIh, wHh, bIh, bHh);
    }

    /**
     * The gradients of {@code W_hh} and both biases from the pre-activation gradients of one direction's input
     * ({@code dGx}) and recurrent ({@code dGh}) projections, {@code [rows, gates * hidden]} in step order.
     */
    final void recurrentGradients(Backend be, int rows, int hidden, State state, float[] dGx, float[] dGh, Tensor wHh,
                                  Tensor bIh, Tensor bHh) {
        int gh = gates * hidden;
        if (wHh.requiresGrad()) {
            // h holds h_0 .. h_T; step s used h_s
            be.sgemm(true, false, gh, hidden, rows, 1f, dGh, 0, gh, state.h(), 0, hidden, 1f, wHh.gradBuffer(), 0,
                    hidden);
        }
        if (bIh.requiresGrad()) {
            columnSums(be, dGx, rows, gh, bIh.gradBuffer());
        }
        if (bHh.requiresGrad()) {
            columnSums(be, dGh, rows, gh, bHh.gradBuffer());
        }
    }

    private static void columnSums(Backend be, float[] m, int rows, int cols, float[] into) {
        for (int r = 0; r < rows; r++) {
            be.axpy(cols, 1f, m, r * cols, into, 0);
        }
    }

    /**
     * The buffers a forward pass keeps for backward. {@code h} is {@code [(steps + 1) * batch, hidden]} with the
     * zero initial state first; {@code gates} holds the activations; {@code extra} is per-cell (LSTM: cell states
     * and their tanh, GRU: the recurrent projections).
     */
    record State(float[] h, float[] gates, float[] extra, float[] extra2) {
    }

    /** Runs the recurrence. {@code gx} holds {@code x W_ihᵀ} per step and may be reused for activations. */
    abstract State forward(Backend be, SequenceLayout layout, int hidden, float[] gx, float[] wHh, float[] bIh,
                           float[] bHh);

    /**
     * Back-propagates through time from the per-step output gradients {@code dhSteps}; writes the gradients of the
     * input projections into {@code dGx} and returns those of the recurrent projections (same layout).
     */
    abstract float[] backward(Backend be, SequenceLayout layout, int hidden, State state, float[] wHh,
                              float[] dhSteps, float[] dGx);
}
