package dev.erc.model.nn;

import dev.erc.compute.backend.Backend;
import dev.erc.compute.backend.BinaryOp;
import dev.erc.compute.backend.PackedMatrix;

/**
 * One GRU direction (PyTorch's equations and gate order r, z, n): {@code r = σ(W_r x + b_r + U_r h + c_r)},
 * {@code z = σ(...)}, {@code n = tanh(W_n x + b_n + r (U_n h + c_n))}, {@code h' = (1 - z) n + z h}.
 */
final class GruDirection extends RecurrentDirection {

    static final GruDirection INSTANCE = new GruDirection();

    private GruDirection() {
        super(3);
    }

    @Override
    State forward(Backend be, SequenceLayout layout, int hidden, float[] gx, PackedMatrix wHhT, float[] bIh,
                 float[] bHh) {
        int batch = layout.batch;
        int g3 = 3 * hidden;
        int rows = layout.steps * batch;
        float[] gh = new float[rows * g3];
        for (int r = 0; r < rows; r++) {
            be.axpy(g3, 1f, bIh, 0, gx, r * g3);
            System.arraycopy(bHh, 0, gh, r * g3, g3);
        }
        int stepH = batch * hidden;
        float[] h = new float[(layout.steps + 1) * stepH];
        for (int s = 0; s < layout.steps; s++) {
            be.sgemm(false, batch, g3, hidden, 1f, h, s * stepH, hidden, wHhT, 1f, gh, s * batch * g3, g3);
            be.gruCell(batch, hidden, gx, s * batch * g3, gh, s * batch * g3, h, s * stepH, h, (s + 1) * stepH);
        }
        return new State(h, gx, gh, null);
    }

    @Override
    float[] backward(Backend be, SequenceLayout layout, int hidden, State state, float[] wHh, float[] dhSteps,
                     float[] dGx) {
        int batch = layout.batch;
        int g3 = 3 * hidden;
        int stepH = batch * hidden;
        float[] dGh = new float[layout.steps * batch * g3];
        float[] dhNext = new float[stepH];
        float[] dh = new float[stepH];
        PackedMatrix w = be.pack(false, g3, hidden, wHh, 0, hidden);
        for (int s = layout.steps - 1; s >= 0; s--) {
            be.binary(BinaryOp.ADD, stepH, dhSteps, s * stepH, dhNext, 0, dh, 0);
            be.gruCellBackward(batch, hidden, state.gates(), s * batch * g3, state.extra(), s * batch * g3,
                    state.h(), s * stepH, dh, 0, dGx, s * batch * g3, dGh, s * batch * g3, dhNext, 0);
            be.sgemm(false, batch, hidden, g3, 1f, dGh, s * batch * g3, g3, w, 1f, dhNext, 0, hidden);
        }
        return dGh;
    }
}
