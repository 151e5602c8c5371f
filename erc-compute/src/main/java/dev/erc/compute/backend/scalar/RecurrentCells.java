package dev.erc.compute.backend.scalar;

/**
 * Scalar LSTM and GRU cell kernels over a column range {@code [from, to)} of every row: the whole of the scalar
 * backend's kernels, and the tail columns of the Vector API ones, so the two share one definition.
 */
final class RecurrentCells {

    private RecurrentCells() {
    }

    private static float sigmoid(float x) {
        return (float) (1.0 / (1.0 + Math.exp(-x)));
    }

    static void lstmCell(int rows, int hidden, int from, int to, float[] gates, int gOff, float[] cPrev,
                                int cpOff, float[] c, int cOff, float[] tanhC, int tcOff, float[] h, int hOff) {
        int g4 = 4 * hidden;
        for (int r = 0; r < rows; r++) {
            int gr = gOff + r * g4;
            for (int j = from; j < to; j++) {
                float i = sigmoid(gates[gr + j]);
                float f = sigmoid(gates[gr + hidden + j]);
                float g = (float) Math.tanh(gates[gr + 2 * hidden + j]);
                float o = sigmoid(gates[gr + 3 * hidden + j]);
                gates[gr + j] = i;
                gates[gr + hidden + j] = f;
                gates[gr + 2 * hidden + j] = g;
                gates[gr + 3 * hidden + j] = o;
                int k = r * hidden + j;
                float cv = f * cPrev[cpOff + k] + i * g;
                float tc = (float) Math.tanh(cv);
                c[cOff + k] = cv;
                tanhC[tcOff + k] = tc;
                h[hOff + k] = o * tc;
            }
        }
    }

    static void lstmCellBackward(int rows, int hidden, int from, int to, float[] gates, int gOff,
                                        float[] cPrev, int cpOff, float[] tanhC, int tcOff, float[] dh, int dhOff,
                                        float[] dc, int dcOff, float[] dGates, int dgOff) {
        int g4 = 4 * hidden;
        for (int r = 0; r < rows; r++) {
            int gr = gOff + r * g4;
            int dr = dgOff + r * g4;
            for (int j = from; j < to; j++) {
                int k = r * hidden + j;
                float i = gates[gr + j];
                float f = gates[gr + hidden + j];
                float g = gates[gr + 2 * hidden + j];
                float o = gates[gr + 3 * hidden + j];
                float tc = tanhC[tcOff + k];
                float dhv = dh[dhOff + k];
                float dcv = dc[dcOff + k] + dhv * o * (1f - tc * tc);
                dGates[dr + j] = dcv * g * i * (1f - i);
                dGates[dr + hidden + j] = dcv * cPrev[cpOff + k] * f * (1f - f);
                dGates[dr + 2 * hidden + j] = dcv * i * (1f - g * g);
                dGates[dr + 3 * hidden + j] = dhv * tc * o * (1f - o);
                dc[dcOff + k] = dcv * f;
            }
        }
    }

    static void gruCell(int rows, int hidden, int from, int to, float[] gx, int gxOff, float[] gh, int ghOff,
                               float[] hPrev, int hpOff, float[] h, int hOff) {
        int g3 = 3 * hidden;
        for (int r = 0; r < rows; r++) {
            int xr = gxOff + r * g3;
            int hr = ghOff + r * g3;
            for (int j = from; j < to; j++) {
                float rv = sigmoid(gx[xr + j] + gh[hr + j]);
                float z = sigmoid(gx[xr + hidden + j] + gh[hr + hidden + j]);
                float n = (float) Math.tanh(gx[xr + 2 * hidden + j] + rv * gh[hr + 2 * hidden + j]);
                gx[xr + j] = rv;
                gx[xr + hidden + j] = z;
                gx[xr + 2 * hidden + j] = n;
                int k = r * hidden + j;
                h[hOff + k] = (1f - z) * n + z * hPrev[hpOff + k];
            }
        }
    }

    static void gruCellBackward(int rows, int hidden, int from, int to, float[] gx, int gxOff, float[] gh,
                                       int ghOff, float[] hPrev, int hpOff, float[] dh, int dhOff, float[] dGx,
                                       int dgxOff, float[] dGh, int dghOff, float[] dhPrev, int dhpOff) {
        int g3 = 3 * hidden;
        for (int r = 0; r < rows; r++) {
            int xr = gxOff + r * g3;
            int hr = ghOff + r * g3;
            int dxr = dgxOff + r * g3;
            int dhr = dghOff + r * g3;
            for (int j = from; j < to; j++) {
                int k = r * hidden + j;
                float rv = gx[xr + j];
                float z = gx[xr + hidden + j];
                float n = gx[xr + 2 * hidden + j];
                float dhv = dh[dhOff + k];
                float dnPre = dhv * (1f - z) * (1f - n * n);
                float dzPre = dhv * (hPrev[hpOff + k] - n) * z * (1f - z);
                float drPre = dnPre * gh[hr + 2 * hidden + j] * rv * (1f - rv);
                dGx[dxr + j] = drPre;
                dGx[dxr + hidden + j] = dzPre;
                dGx[dxr + 2 * hidden + j] = dnPre;
                dGh[dhr + j] = drPre;
                dGh[dhr + hidden + j] = dzPre;
                dGh[dhr + 2 * hidden + j] = dnPre * rv;
                dhPrev[dhpOff + k] = dhv * z;
            }
        }
    }
}
