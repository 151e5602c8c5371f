package dev.erc.model.nn;

import dev.erc.compute.backend.Backend;
import dev.erc.compute.backend.BinaryOp;
import dev.erc.compute.backend.PackedMatrix;

/**
 * One LSTM direction (PyTorch's equations and gate order i, f, g, o):
 * {@code i, f, o = σ(W_i x + b_i + U_i h + c_i)}, {@code g = tanh(...)}, {@code c' = f c + i g}, {@code h' = o tanh(c')}.
 */
final class LstmDirection extends RecurrentDirection {

    static final LstmDirection INSTANCE = new LstmDirection();

    private LstmDirection() {
        super(4);
    }

    @Override
    State forward(Backend be, SequenceLayout layout, int hidden, float[] gx, PackedMatrix wHhT, float[] bIh,
                 float[] bHh) {
        int batch = layout.batch;
        int g4 = 4 * hidden;
        for (int r = 0; r < layout.steps * batch; r++) {
            be.axpy(g4, 1f, bIh, 0, gx, r * g4);
            be.axpy(g4, 1f, bHh, 0, gx, r * g4);
        }
        int stepH = batch * hidden;
        float[] h = new float[(layout.steps + 1) * stepH];
        float[] c = new float[(layout.steps + 1) * stepH];
        float[] tanhC = new float[layout.steps * stepH];
        for (int s = 0; s < layout.steps; s++) {
            be.sgemm(false, batch, g4, hidden, 1f, h, s * stepH, hidden, wHhT, 1f, gx, s * batch * g4, g4);
            be.lstmCell(batch, hidden, gx, s * batch * g4, c, s * stepH, c, (s + 1) * stepH, tanhC, s * stepH, h,
                    (s + 1) * stepH);
        }
        return new State(h, gx, c, tanhC);
    }

    @Override
    float[] backward(Backend be, SequenceLayout layout, int hidden, State state, float[] wHh, float[] dhSteps,
                     float[] dGx) {
        int batch = layout.batch;
        int g4 = 4 * hidden;
        int stepH = batch * hidden;
        float[] dc = new float[stepH];
        float[] dhNext = new float[stepH];
        float[] dh = new float[stepH];
        PackedMatrix w = be.pack(false, g4, hidden, wHh, 0, hidden);
        for (int s = layout.steps - 1; s >= 0; s--) {
            be.binary(BinaryOp.ADD, stepH, dhSteps, s * stepH, dhNext, 0, dh, 0);
            be.lstmCellBackward(batch, hidden, state.gates(), s * batch * g4, state.extra(), s * stepH,
                    state.extra2(), s * stepH, dh, 0, dc, 0, dGx, s * batch * g4);
            be.sgemm(false, batch, hidden, g4, 1f, dGx, s * batch * g4, g4, w, 0f, dhNext, 0, hidden);
        }
        // both biases and both projections see the same pre-activation gradient
        return dGx;
    }
}
