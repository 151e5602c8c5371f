package dev.erc.compute.backend.cpu;

import dev.erc.compute.backend.RecurrentCells;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Fused LSTM and GRU cell kernels: all gate activations, the state update and their backward in one pass over a
 * step's rows. Vector loop over the columns of each row; the tail columns go to {@link RecurrentCells}, the scalar
 * backend's own definition.
 */
final class RecurrentKernels {

    private static final VectorSpecies<Float> S = Species.FLOATS;
    private static final int L = Species.LANES;
    private static final FloatVector ONE = FloatVector.broadcast(S, 1f);

    private RecurrentKernels() {
    }

    private static FloatVector sigmoid(FloatVector x) {
        return ONE.div(ONE.add(x.neg().lanewise(VectorOperators.EXP)));
    }

    static void lstmCell(int rows, int hidden, float[] gates, int gOff, float[] cPrev, int cpOff,
                         float[] c, int cOff, float[] tanhC, int tcOff, float[] h, int hOff) {
        int bound = S.loopBound(hidden);
        for (int r = 0; r < rows; r++) {
            int gi = gOff + r * 4 * hidden;
            int gf = gi + hidden;
            int gg = gf + hidden;
            int go = gg + hidden;
            int k = r * hidden;
            for (int j = 0; j < bound; j += L) {
                FloatVector i = sigmoid(FloatVector.fromArray(S, gates, gi + j));
                FloatVector f = sigmoid(FloatVector.fromArray(S, gates, gf + j));
                FloatVector g = FloatVector.fromArray(S, gates, gg + j).lanewise(VectorOperators.TANH);
                FloatVector o = sigmoid(FloatVector.fromArray(S, gates, go + j));
                i.intoArray(gates, gi + j);
                f.intoArray(gates, gf + j);
                g.intoArray(gates, gg + j);
                o.intoArray(gates, go + j);
                FloatVector cv = f.fma(FloatVector.fromArray(S, cPrev, cpOff + k + j), i.mul(g));
                FloatVector tc = cv.lanewise(VectorOperators.TANH);
                cv.intoArray(c, cOff + k + j);
                tc.intoArray(tanhC, tcOff + k + j);
                o.mul(tc).intoArray(h, hOff + k + j);
            }
        }
        RecurrentCells.lstmCell(rows, hidden, bound, hidden, gates, gOff, cPrev, cpOff, c, cOff, tanhC, tcOff, h, hOff);
    }

    static void lstmCellBackward(int rows, int hidden, float[] gates, int gOff, float[] cPrev, int cpOff,
                                 float[] tanhC, int tcOff, float[] dh, int dhOff, float[] dc, int dcOff,
                                 float[] dGates, int dgOff) {
        int bound = S.loopBound(hidden);
        for (int r = 0; r < rows; r++) {
            int gi = gOff + r * 4 * hidden;
            int di = dgOff + r * 4 * hidden;
            int k = r * hidden;
            for (int j = 0; j < bound; j += L) {
                FloatVector i = FloatVector.fromArray(S, gates, gi + j);
                FloatVector f = FloatVector.fromArray(S, gates, gi + hidden + j);
                FloatVector g = FloatVector.fromArray(S, gates, gi + 2 * hidden + j);
                FloatVector o = FloatVector.fromArray(S, gates, gi + 3 * hidden + j);
                FloatVector tc = FloatVector.fromArray(S, tanhC, tcOff + k + j);
                FloatVector dhv = FloatVector.fromArray(S, dh, dhOff + k + j);
                FloatVector dcv = dhv.mul(o).mul(ONE.sub(tc.mul(tc))).add(FloatVector.fromArray(S, dc, dcOff + k + j));
                dcv.mul(g).mul(i).mul(ONE.sub(i)).intoArray(dGates, di + j);
                dcv.mul(FloatVector.fromArray(S, cPrev, cpOff + k + j)).mul(f).mul(ONE.sub(f))
                        .intoArray(dGates, di + hidden + j);
                dcv.mul(i).mul(ONE.sub(g.mul(g))).intoArray(dGates, di + 2 * hidden + j);
                dhv.mul(tc).mul(o).mul(ONE.sub(o)).intoArray(dGates, di + 3 * hidden + j);
                dcv.mul(f).intoArray(dc, dcOff + k + j);
            }
        }
        RecurrentCells.lstmCellBackward(rows, hidden, bound, hidden, gates, gOff, cPrev, cpOff, tanhC, tcOff, dh,
                dhOff, dc, dcOff, dGates, dgOff);
    }

    static void gruCell(int rows, int hidden, float[] gx, int gxOff, float[] gh, int ghOff, float[] hPrev, int hpOff,
                        float[] h, int hOff) {
        int bound = S.loopBound(hidden);
        for (int r = 0; r < rows; r++) {
            int xr = gxOff + r * 3 * hidden;
            int hr = ghOff + r * 3 * hidden;
            int k = r * hidden;
            for (int j = 0; j < bound; j += L) {
                FloatVector rv = sigmoid(FloatVector.fromArray(S, gx, xr + j)
                        .add(FloatVector.fromArray(S, gh, hr + j)));
                FloatVector z = sigmoid(FloatVector.fromArray(S, gx, xr + hidden + j)
                        .add(FloatVector.fromArray(S, gh, hr + hidden + j)));
                FloatVector n = rv.fma(FloatVector.fromArray(S, gh, hr + 2 * hidden + j),
                        FloatVector.fromArray(S, gx, xr + 2 * hidden + j)).lanewise(VectorOperators.TANH);
                rv.intoArray(gx, xr + j);
                z.intoArray(gx, xr + hidden + j);
                n.intoArray(gx, xr + 2 * hidden + j);
                FloatVector hp = FloatVector.fromArray(S, hPrev, hpOff + k + j);
                // (1 - z) * n + z * hPrev = n + z * (hPrev - n)
                z.fma(hp.sub(n), n).intoArray(h, hOff + k + j);
            }
        }
        RecurrentCells.gruCell(rows, hidden, bound, hidden, gx, gxOff, gh, ghOff, hPrev, hpOff, h, hOff);
    }

    static void gruCellBackward(int rows, int hidden, float[] gx, int gxOff, float[] gh, int ghOff, float[] hPrev,
                                int hpOff, float[] dh, int dhOff, float[] dGx, int dgxOff, float[] dGh, int dghOff,
                                float[] dhPrev, int dhpOff) {
        int bound = S.loopBound(hidden);
        for (int r = 0; r < rows; r++) {
            int xr = gxOff + r * 3 * hidden;
            int hr = ghOff + r * 3 * hidden;
            int dxr = dgxOff + r * 3 * hidden;
            int dhr = dghOff + r * 3 * hidden;
            int k = r * hidden;
            for (int j = 0; j < bound; j += L) {
                FloatVector rv = FloatVector.fromArray(S, gx, xr + j);
                FloatVector z = FloatVector.fromArray(S, gx, xr + hidden + j);
                FloatVector n = FloatVector.fromArray(S, gx, xr + 2 * hidden + j);
                FloatVector dhv = FloatVector.fromArray(S, dh, dhOff + k + j);
                FloatVector dnPre = dhv.mul(ONE.sub(z)).mul(ONE.sub(n.mul(n)));
                FloatVector dzPre = dhv.mul(FloatVector.fromArray(S, hPrev, hpOff + k + j).sub(n)).mul(z)
                        .mul(ONE.sub(z));
                FloatVector drPre = dnPre.mul(FloatVector.fromArray(S, gh, hr + 2 * hidden + j)).mul(rv)
                        .mul(ONE.sub(rv));
                drPre.intoArray(dGx, dxr + j);
                dzPre.intoArray(dGx, dxr + hidden + j);
                dnPre.intoArray(dGx, dxr + 2 * hidden + j);
                drPre.intoArray(dGh, dhr + j);
                dzPre.intoArray(dGh, dhr + hidden + j);
                dnPre.mul(rv).intoArray(dGh, dhr + 2 * hidden + j);
                dhv.mul(z).intoArray(dhPrev, dhpOff + k + j);
            }
        }
        RecurrentCells.gruCellBackward(rows, hidden, bound, hidden, gx, gxOff, gh, ghOff, hPrev, hpOff, dh, dhOff,
                dGx, dgxOff, dGh, dghOff, dhPrev, dhpOff);
    }
}
