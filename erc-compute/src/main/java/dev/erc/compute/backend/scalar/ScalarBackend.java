package dev.erc.compute.backend.scalar;

import dev.erc.compute.backend.Backend;
import dev.erc.compute.backend.BinaryOp;
import dev.erc.compute.backend.UnaryOp;

/**
 * Plain loops, reductions accumulated in double: the reference every other backend is tested against, and the
 * fallback wherever the Vector API is missing. Written for obviousness, not speed.
 */
public final class ScalarBackend implements Backend {

    @Override
    public String name() {
        return "scalar";
    }

    @Override
    public void sgemm(boolean transA, boolean transB, int m, int n, int k, float alpha,
                      float[] a, int aOff, int lda, float[] b, int bOff, int ldb, float beta,
                      float[] c, int cOff, int ldc) {
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                double acc = 0;
                for (int p = 0; p < k; p++) {
                    float av = transA ? a[aOff + p * lda + i] : a[aOff + i * lda + p];
                    float bv = transB ? b[bOff + j * ldb + p] : b[bOff + p * ldb + j];
                    acc += (double) av * bv;
                }
                int ci = cOff + i * ldc + j;
                c[ci] = beta == 0f ? (float) (alpha * acc) : (float) (alpha * acc + beta * c[ci]);
            }
        }
    }

    @Override
    public void binary(BinaryOp op, int n, float[] x, int xOff, float[] y, int yOff, float[] out, int outOff) {
        for (int i = 0; i < n; i++) {
            out[outOff + i] = op.apply(x[xOff + i], y[yOff + i]);
        }
    }

    @Override
    public void binaryScalar(BinaryOp op, int n, float[] x, int xOff, float s, float[] out, int outOff) {
        for (int i = 0; i < n; i++) {
            out[outOff + i] = op.apply(x[xOff + i], s);
        }
    }

    @Override
    public void binaryAccumulate(BinaryOp op, int n, float[] x, int xOff, float[] y, int yOff,
                                 float[] out, int outOff) {
        for (int i = 0; i < n; i++) {
            out[outOff + i] += op.apply(x[xOff + i], y[yOff + i]);
        }
    }

    @Override
    public void axpy(int n, float alpha, float[] x, int xOff, float[] y, int yOff) {
        for (int i = 0; i < n; i++) {
            y[yOff + i] += alpha * x[xOff + i];
        }
    }

    @Override
    public void unary(UnaryOp op, int n, float[] x, int xOff, float[] out, int outOff) {
        for (int i = 0; i < n; i++) {
            out[outOff + i] = op.apply(x[xOff + i]);
        }
    }

    @Override
    public void unaryBackward(UnaryOp op, int n, float[] x, float[] y, float[] gy, float[] gx) {
        for (int i = 0; i < n; i++) {
            gx[i] += gy[i] * op.derivative(x[i], y[i]);
        }
    }

    @Override
    public double sum(int n, float[] x, int off) {
        double s = 0;
        for (int i = 0; i < n; i++) {
            s += x[off + i];
        }
        return s;
    }

    @Override
    public double dot(int n, float[] x, int xOff, float[] y, int yOff) {
        double s = 0;
        for (int i = 0; i < n; i++) {
            s += (double) x[xOff + i] * y[yOff + i];
        }
        return s;
    }

    @Override
    public void softmaxRows(boolean log, int rows, int cols, float[] x, float[] out) {
        for (int r = 0; r < rows; r++) {
            int o = r * cols;
            double max = Double.NEGATIVE_INFINITY;
            for (int j = 0; j < cols; j++) {
                max = Math.max(max, x[o + j]);
            }
            double z = 0;
            for (int j = 0; j < cols; j++) {
                z += Math.exp(x[o + j] - max);
            }
            double logZ = Math.log(z);
            for (int j = 0; j < cols; j++) {
                out[o + j] = log ? (float) (x[o + j] - max - logZ) : (float) (Math.exp(x[o + j] - max) / z);
            }
        }
    }

    @Override
    public void softmaxRowsBackward(boolean log, int rows, int cols, float[] y, float[] gy, float[] gx) {
        for (int r = 0; r < rows; r++) {
            int o = r * cols;
            double s = 0;
            for (int j = 0; j < cols; j++) {
                s += log ? gy[o + j] : (double) gy[o + j] * y[o + j];
            }
            for (int j = 0; j < cols; j++) {
                gx[o + j] += log
                        ? (float) (gy[o + j] - Math.exp(y[o + j]) * s)
                        : (float) (y[o + j] * (gy[o + j] - s));
            }
        }
    }

    @Override
    public void layerNormRows(int rows, int cols, float eps, float[] x, float[] gamma, float[] beta,
                              float[] out, float[] mean, float[] rstd) {
        for (int r = 0; r < rows; r++) {
            int o = r * cols;
            double mu = 0;
            for (int j = 0; j < cols; j++) {
                mu += x[o + j];
            }
            mu /= cols;
            double var = 0;
            for (int j = 0; j < cols; j++) {
                double d = x[o + j] - mu;
                var += d * d;
            }
            var /= cols;
            double rs = 1.0 / Math.sqrt(var + eps);
            mean[r] = (float) mu;
            rstd[r] = (float) rs;
            for (int j = 0; j < cols; j++) {
                out[o + j] = (float) ((x[o + j] - mu) * rs * gamma[j] + beta[j]);
            }
        }
    }

    @Override
    public void layerNormRowsBackward(int rows, int cols, float[] x, float[] gamma, float[] mean, float[] rstd,
                                      float[] gy, float[] gx, float[] gGamma, float[] gBeta) {
        for (int r = 0; r < rows; r++) {
            int o = r * cols;
            double sumG = 0;
            double sumGXhat = 0;
            for (int j = 0; j < cols; j++) {
                double xhat = (x[o + j] - mean[r]) * rstd[r];
                double g = (double) gy[o + j] * gamma[j];
                sumG += g;
                sumGXhat += g * xhat;
                if (gGamma != null) {
                    gGamma[j] += (float) (gy[o + j] * xhat);
                }
                if (gBeta != null) {
                    gBeta[j] += gy[o + j];
                }
            }
            if (gx == null) {
                continue;
            }
            for (int j = 0; j < cols; j++) {
                double xhat = (x[o + j] - mean[r]) * rstd[r];
                double g = (double) gy[o + j] * gamma[j];
                gx[o + j] += (float) (rstd[r] * (g - sumG / cols - xhat * sumGXhat / cols));
            }
        }
    }

    @Override
    public void lstmCell(int rows, int hidden, float[] gates, int gOff, float[] cPrev, int cpOff,
                         float[] c, int cOff, float[] tanhC, int tcOff, float[] h, int hOff) {
        RecurrentCells.lstmCell(rows, hidden, 0, hidden, gates, gOff, cPrev, cpOff, c, cOff, tanhC, tcOff, h, hOff);
    }

    @Override
    public void lstmCellBackward(int rows, int hidden, float[] gates, int gOff, float[] cPrev, int cpOff,
                                 float[] tanhC, int tcOff, float[] dh, int dhOff, float[] dc, int dcOff,
                                 float[] dGates, int dgOff) {
        RecurrentCells.lstmCellBackward(rows, hidden, 0, hidden, gates, gOff, cPrev, cpOff, tanhC, tcOff, dh, dhOff,
                dc, dcOff, dGates, dgOff);
    }

    @Override
    public void gruCell(int rows, int hidden, float[] gx, int gxOff, float[] gh, int ghOff, float[] hPrev, int hpOff,
                        float[] h, int hOff) {
        RecurrentCells.gruCell(rows, hidden, 0, hidden, gx, gxOff, gh, ghOff, hPrev, hpOff, h, hOff);
    }

    @Override
    public void gruCellBackward(int rows, int hidden, float[] gx, int gxOff, float[] gh, int ghOff, float[] hPrev,
                                int hpOff, float[] dh, int dhOff, float[] dGx, int dgxOff, float[] dGh, int dghOff,
                                float[] dhPrev, int dhpOff) {
        RecurrentCells.gruCellBackward(rows, hidden, 0, hidden, gx, gxOff, gh, ghOff, hPrev, hpOff, dh, dhOff, dGx,
                dgxOff, dGh, dghOff, dhPrev, dhpOff);
    }
}
