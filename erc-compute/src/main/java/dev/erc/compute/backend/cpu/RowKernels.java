package dev.erc.compute.backend.cpu;

import dev.erc.compute.backend.BinaryOp;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Row-wise Vector API kernels: softmax, log-softmax and layer normalisation, forward and backward. Exponentials and
 * lane sums go through {@link VectorMath}, so the results do not depend on the JIT tier.
 */
final class RowKernels {

    private static final VectorSpecies<Float> S = Species.FLOATS;
    private static final int L = Species.LANES;

    /** Exponentials of log-softmax backward: a multiple of every vector width, so blocks split no vector. */
    private static final ThreadLocal<float[]> BLOCK = ThreadLocal.withInitial(() -> new float[512]);

    private RowKernels() {
    }

    static void softmaxRows(boolean log, int rows, int cols, float[] x, float[] out) {
        int bound = S.loopBound(cols);
        for (int r = 0; r < rows; r++) {
            int o = r * cols;
            FloatVector mv = FloatVector.broadcast(S, Float.NEGATIVE_INFINITY);
            int j = 0;
            for (; j < bound; j += L) {
                mv = mv.max(FloatVector.fromArray(S, x, o + j));
            }
            float max = mv.reduceLanes(VectorOperators.MAX);
            for (; j < cols; j++) {
                max = Math.max(max, x[o + j]);
            }
            // exponentials in their own pass (see VectorMath), into out: the log case overwrites them below
            ElementwiseKernels.binaryScalar(BinaryOp.SUB, cols, x, o, max, out, o);
            VectorMath.exp(cols, out, o, out, o);
            FloatVector zv = FloatVector.zero(S);
            j = 0;
            for (; j < bound; j += L) {
                zv = zv.add(FloatVector.fromArray(S, out, o + j));
            }
            double z = VectorMath.sumLanes(zv);
            for (; j < cols; j++) {
                z += out[o + j];
            }
            if (log) {
                float shift = (float) (max + StrictMath.log(z));
                ElementwiseKernels.binaryScalar(BinaryOp.SUB, cols, x, o, shift, out, o);
            } else {
                ElementwiseKernels.binaryScalar(BinaryOp.MUL, cols, out, o, (float) (1.0 / z), out, o);
            }
        }
    }

    static void softmaxRowsBackward(boolean log, int rows, int cols, float[] y, float[] gy, float[] gx) {
        int bound = S.loopBound(cols);
        for (int r = 0; r < rows; r++) {
            int o = r * cols;
            if (log) {
                // gx += gy - exp(y) * sum(gy), the exponentials a block at a time into a per-thread buffer
                FloatVector s = FloatVector.broadcast(S, (float) ElementwiseKernels.sum(cols, gy, o));
                float sf = s.lane(0);
                float[] p = BLOCK.get();
                for (int b = 0; b < cols; b += p.length) {
                    int len = Math.min(p.length, cols - b);
                    int ob = o + b;
                    VectorMath.exp(len, y, ob, p, 0);
                    int j = 0;
                    for (int blockBound = S.loopBound(len); j < blockBound; j += L) {
                        FloatVector d = FloatVector.fromArray(S, gy, ob + j).sub(FloatVector.fromArray(S, p, j).mul(s));
                        FloatVector.fromArray(S, gx, ob + j).add(d).intoArray(gx, ob + j);
                    }
                    for (; j < len; j++) {
                        gx[ob + j] += gy[ob + j] - p[j] * sf;
                    }
                }
            } else {
                // gx += y * (gy - sum(gy * y))
                FloatVector s = FloatVector.broadcast(S, (float) ElementwiseKernels.dot(cols, gy, o, y, o));
                int j = 0;
                for (; j < bound; j += L) {
                    FloatVector yv = FloatVector.fromArray(S, y, o + j);
                    FloatVector d = yv.mul(FloatVector.fromArray(S, gy, o + j).sub(s));
                    FloatVector.fromArray(S, gx, o + j).add(d).intoArray(gx, o + j);
                }
                float sf = s.lane(0);
                for (; j < cols; j++) {
                    gx[o + j] += y[o + j] * (gy[o + j] - sf);
                }
            }
        }
    }

    static void layerNormRows(int rows, int cols, float eps, float[] x, float[] gamma, float[] beta,
                              float[] out, float[] mean, float[] rstd) {
        int bound = S.loopBound(cols);
        for (int r = 0; r < rows; r++) {
            int o = r * cols;
            float mu = (float) (ElementwiseKernels.sum(cols, x, o) / cols);
            FloatVector muV = FloatVector.broadcast(S, mu);
            FloatVector acc = FloatVector.zero(S);
            int j = 0;
            for (; j < bound; j += L) {
                FloatVector d = FloatVector.fromArray(S, x, o + j).sub(muV);
                acc = d.fma(d, acc);
            }
            double var = VectorMath.sumLanes(acc);
            for (; j < cols; j++) {
                double d = x[o + j] - mu;
                var += d * d;
            }
            float rs = (float) (1.0 / Math.sqrt(var / cols + eps));
            mean[r] = mu;
            rstd[r] = rs;
            FloatVector rsV = FloatVector.broadcast(S, rs);
            j = 0;
            for (; j < bound; j += L) {
                FloatVector xhat = FloatVector.fromArray(S, x, o + j).sub(muV).mul(rsV);
                xhat.fma(FloatVector.fromArray(S, gamma, j), FloatVector.fromArray(S, beta, j)).intoArray(out, o + j);
            }
            for (; j < cols; j++) {
                out[o + j] = (x[o + j] - mu) * rs * gamma[j] + beta[j];
            }
        }
    }

    static void layerNormRowsBackward(int rows, int cols, float[] x, float[] gamma, float[] mean, float[] rstd,
                                      float[] gy, float[] gx, float[] gGamma, float[] gBeta) {
        int bound = S.loopBound(cols);
        for (int r = 0; r < rows; r++) {
            int o = r * cols;
            FloatVector muV = FloatVector.broadcast(S, mean[r]);
            FloatVector rsV = FloatVector.broadcast(S, rstd[r]);
            FloatVector sumG = FloatVector.zero(S);
            FloatVector sumGX = FloatVector.zero(S);
            int j = 0;
            for (; j < bound; j += L) {
                FloatVector gyv = FloatVector.fromArray(S, gy, o + j);
                FloatVector xhat = FloatVector.fromArray(S, x, o + j).sub(muV).mul(rsV);
                FloatVector g = gyv.mul(FloatVector.fromArray(S, gamma, j));
                sumG = sumG.add(g);
                sumGX = g.fma(xhat, sumGX);
                if (gGamma != null) {
                    gyv.fma(xhat, FloatVector.fromArray(S, gGamma, j)).intoArray(gGamma, j);
                }
                if (gBeta != null) {
                    gyv.add(FloatVector.fromArray(S, gBeta, j)).intoArray(gBeta, j);
                }
            }
            double sg = VectorMath.sumLanes(sumG);
            double sgx = VectorMath.sumLanes(sumGX);
            for (; j < cols; j++) {
                float xhat = (x[o + j] - mean[r]) * rstd[r];
                float g = gy[o + j] * gamma[j];
                sg += g;
                sgx += g * xhat;
                if (gGamma != null) {
                    gGamma[j] += gy[o + j] * xhat;
                }
                if (gBeta != null) {
                    gBeta[j] += gy[o + j];
                }
            }
            if (gx == null) {
                continue;
            }
            FloatVector meanG = FloatVector.broadcast(S, (float) (sg / cols));
            FloatVector meanGX = FloatVector.broadcast(S, (float) (sgx / cols));
            j = 0;
            for (; j < bound; j += L) {
                FloatVector xhat = FloatVector.fromArray(S, x, o + j).sub(muV).mul(rsV);
                FloatVector g = FloatVector.fromArray(S, gy, o + j).mul(FloatVector.fromArray(S, gamma, j));
                FloatVector d = g.sub(meanG).sub(xhat.mul(meanGX)).mul(rsV);
                FloatVector.fromArray(S, gx, o + j).add(d).intoArray(gx, o + j);
            }
            float mg = meanG.lane(0);
            float mgx = meanGX.lane(0);
            for (; j < cols; j++) {
                float xhat = (x[o + j] - mean[r]) * rstd[r];
                float g = gy[o + j] * gamma[j];
                gx[o + j] += rstd[r] * (g - mg - xhat * mgx);
            }
        }
    }
}
