package dev.erc.compute.backend.cpu;

import dev.erc.compute.backend.BinaryOp;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * Fused LSTM and GRU cell kernels: all gate activations, the state update and their backward in one pass over a
 * step's rows. Vector loop over the columns of each row, then the tail columns with the same operations in the same
 * order ({@link VectorMath}'s functions, fma where the vector code fuses): a column gets the same bits whichever
 * lane, tail, vector width or JIT tier computes it.
 */
final class RecurrentKernels {

    private static final VectorSpecies<Float> S = Species.FLOATS;
    private static final int L = Species.LANES;
    private static final FloatVector ONE = FloatVector.broadcast(S, 1f);

    private RecurrentKernels() {
    }

    /**
     * One function or update per pass over a row, the activations in place (i and f together, then g, then o; then
     * c, tanh c and h): a loop body with several transcendental functions outgrows C2's inlining budget and boxes its
     * vectors.
     */
    static void lstmCell(int rows, int hidden, float[] gates, int gOff, float[] cPrev, int cpOff,
                         float[] c, int cOff, float[] tanhC, int tcOff, float[] h, int hOff) {
        int bound = S.loopBound(hidden);
        for (int r = 0; r < rows; r++) {
            int gi = gOff + r * 4 * hidden;
            int gf = gi + hidden;
            int gg = gf + hidden;
            int go = gg + hidden;
            int k = r * hidden;
            VectorMath.sigmoid(2 * hidden, gates, gi, gates, gi);
            VectorMath.tanh(hidden, gates, gg, gates, gg);
            VectorMath.sigmoid(hidden, gates, go, gates, go);
            for (int j = 0; j < bound; j += L) {
                FloatVector i = FloatVector.fromArray(S, gates, gi + j);
                FloatVector f = FloatVector.fromArray(S, gates, gf + j);
                FloatVector g = FloatVector.fromArray(S, gates, gg + j);
                f.fma(FloatVector.fromArray(S, cPrev, cpOff + k + j), i.mul(g)).intoArray(c, cOff + k + j);
            }
            for (int j = bound; j < hidden; j++) {
                c[cOff + k + j] = Math.fma(gates[gf + j], cPrev[cpOff + k + j], gates[gi + j] * gates[gg + j]);
            }
            VectorMath.tanh(hidden, c, cOff + k, tanhC, tcOff + k);
            ElementwiseKernels.binary(BinaryOp.MUL, hidden, gates, go, tanhC, tcOff + k, h, hOff + k);
        }
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
            for (int j = bound; j < hidden; j++) {
                float i = gates[gi + j];
                float f = gates[gi + hidden + j];
                float g = gates[gi + 2 * hidden + j];
                float o = gates[gi + 3 * hidden + j];
                float tc = tanhC[tcOff + k + j];
                float dhv = dh[dhOff + k + j];
                float dcv = dhv * o * (1f - tc * tc) + dc[dcOff + k + j];
                dGates[di + j] = dcv * g * i * (1f - i);
                dGates[di + hidden + j] = dcv * cPrev[cpOff + k + j] * f * (1f - f);
                dGates[di + 2 * hidden + j] = dcv * i * (1f - g * g);
                dGates[di + 3 * hidden + j] = dhv * tc * o * (1f - o);
                dc[dcOff + k + j] = dcv * f;
            }
        }
    }

    /** r and z first, in place, in their own passes (see {@link #lstmCell}); then n, then the state update. */
    static void gruCell(int rows, int hidden, float[] gx, int gxOff, float[] gh, int ghOff, float[] hPrev, int hpOff,
                        float[] h, int hOff) {
        int bound = S.loopBound(hidden);
        for (int r = 0; r < rows; r++) {
            int xr = gxOff + r * 3 * hidden;
            int hr = ghOff + r * 3 * hidden;
            int xn = xr + 2 * hidden;
            int k = r * hidden;
            ElementwiseKernels.binary(BinaryOp.ADD, 2 * hidden, gx, xr, gh, hr, gx, xr);
            VectorMath.sigmoid(2 * hidden, gx, xr, gx, xr);
            for (int j = 0; j < bound; j += L) {
                FloatVector rv = FloatVector.fromArray(S, gx, xr + j);
                rv.fma(FloatVector.fromArray(S, gh, hr + 2 * hidden + j), FloatVector.fromArray(S, gx, xn + j))
                        .intoArray(gx, xn + j);
            }
            for (int j = bound; j < hidden; j++) {
                gx[xn + j] = Math.fma(gx[xr + j], gh[hr + 2 * hidden + j], gx[xn + j]);
            }
            VectorMath.tanh(hidden, gx, xn, gx, xn);
            for (int j = 0; j < bound; j += L) {
                FloatVector z = FloatVector.fromArray(S, gx, xr + hidden + j);
                FloatVector n = FloatVector.fromArray(S, gx, xn + j);
                // (1 - z) * n + z * hPrev = n + z * (hPrev - n)
                z.fma(FloatVector.fromArray(S, hPrev, hpOff + k + j).sub(n), n).intoArray(h, hOff + k + j);
            }
            for (int j = bound; j < hidden; j++) {
                float n = gx[xn + j];
                h[hOff + k + j] = Math.fma(gx[xr + hidden + j], hPrev[hpOff + k + j] - n, n);
            }
        }
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
            for (int j = bound; j < hidden; j++) {
                float rv = gx[xr + j];
                float z = gx[xr + hidden + j];
                float n = gx[xr + 2 * hidden + j];
                float dhv = dh[dhOff + k + j];
                float dnPre = dhv * (1f - z) * (1f - n * n);
                float dzPre = dhv * (hPrev[hpOff + k + j] - n) * z * (1f - z);
                float drPre = dnPre * gh[hr + 2 * hidden + j] * rv * (1f - rv);
                dGx[dxr + j] = drPre;
                dGx[dxr + hidden + j] = dzPre;
                dGx[dxr + 2 * hidden + j] = dnPre;
                dGh[dhr + j] = drPre;
                dGh[dhr + hidden + j] = dzPre;
                dGh[dhr + 2 * hidden + j] = dnPre * rv;
                dhPrev[dhpOff + k + j] = dhv * z;
            }
        }
    }
}
