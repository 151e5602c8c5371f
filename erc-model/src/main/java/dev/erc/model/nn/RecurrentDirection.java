package dev.erc.model.nn;

import dev.erc.compute.autograd.Tensor;
import dev.erc.compute.backend.Backend;
import dev.erc.compute.backend.PackedMatrix;

/**
 * The recurrence of one direction of one recurrent layer, given its input projections ({@link RecurrentLayer}
 * computes those for all directions at once): each step is one small GEMM and one fused cell kernel, and backward
 * runs through time likewise. Buffers are allocated once per call, never per step.
 */
abstract class RecurrentDirection {

    /** Gates per unit: 4 for the LSTM (i, f, g, o), 3 for the GRU (r, z, n). */
    final int gates;

    RecurrentDirection(int gates) {
        this.gates = gates;
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

    /**
     * Runs the recurrence. {@code gx} holds {@code x W_ihᵀ} per step and may be reused for activations; {@code wHhT}
     * is {@code W_hhᵀ} packed for the backend ({@code [hidden, gates * hidden]}).
     */
    abstract State forward(Backend be, SequenceLayout layout, int hidden, float[] gx, PackedMatrix wHhT, float[] bIh,
                           float[] bHh);

    /**
     * Back-propagates through time from the per-step output gradients {@code dhSteps}; writes the gradients of the
     * input projections into {@code dGx} and returns those of the recurrent projections (same layout).
     */
    abstract float[] backward(Backend be, SequenceLayout layout, int hidden, State state, float[] wHh,
                              float[] dhSteps, float[] dGx);
}
