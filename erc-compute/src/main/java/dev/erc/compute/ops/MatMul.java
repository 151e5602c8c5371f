package dev.erc.compute.ops;

import dev.erc.compute.autograd.ShapeMismatchException;
import dev.erc.compute.autograd.Shapes;
import dev.erc.compute.autograd.Tensor;
import dev.erc.compute.backend.Backend;
import dev.erc.compute.backend.Backends;
import dev.erc.compute.backend.PackedMatrix;

/**
 * Matrix products. {@code [..., m, k] x [k, n]} folds the leading dimensions into one GEMM (the usual
 * "apply a weight to every time step" case); {@code [b..., m, k] x [b..., k, n]} runs one GEMM per batch item.
 */
public final class MatMul {

    private MatMul() {
    }

    /** Matrix product with the semantics described on the class. Backward: dA = G·Bᵀ, dB = Aᵀ·G. */
    public static Tensor matmul(Tensor a, Tensor b) {
        int[] as = a.shape();
        int[] bs = b.shape();
        if (as.length < 2 || bs.length < 2) {
            throw new ShapeMismatchException("matmul", "needs rank >= 2 operands, got", as, bs);
        }
        int k = as[as.length - 1];
        if (bs[bs.length - 2] != k) {
            throw new ShapeMismatchException("matmul", "inner dimensions differ", as, bs);
        }
        if (bs.length == 2) {
            return foldedMatmul(a, b, as, bs);
        }
        return batchedMatmul(a, b, as, bs);
    }

    /** Batched product {@code [b, m, k] x [b, k, n] -> [b, m, n]}; same as {@link #matmul} for rank-3 operands. */
    public static Tensor bmm(Tensor a, Tensor b) {
        if (a.rank() != 3 || b.rank() != 3) {
            throw new ShapeMismatchException("bmm", "needs rank-3 operands, got", a.shape(), b.shape());
        }
        return matmul(a, b);
    }

    /**
     * {@code x Wᵀ + b}, as {@code torch.nn.functional.linear}: {@code x [..., in]}, {@code weight [out, in]},
     * {@code bias [out]} or null. One GEMM with B transposed in place, so the weight is never copied; where a
     * {@link PackedWeights} cache is current and holds the weight, its packed copy is used (same bits).
     */
    public static Tensor linear(Tensor x, Tensor weight, Tensor bias) {
        if (weight.rank() != 2) {
            throw new ShapeMismatchException("linear", "weight must be [out, in], got " + Shapes.str(weight.shape()));
        }
        return linearRows(x, weight, bias, 0, weight.dim(0));
    }

    /**
     * {@code x W[from:to]ᵀ + b[from:to]}: {@link #linear} by rows {@code [from, to)} of the weight and entries of the
     * bias, read in place (attention's query, key and value projections are three row blocks of one {@code [3E, E]}
     * weight). Gradients go to those rows and entries.
     */
    public static Tensor linearRows(Tensor x, Tensor weight, Tensor bias, int from, int to) {
        int[] xs = x.shape();
        int[] ws = weight.shape();
        if (ws.length != 2 || xs.length < 1 || xs[xs.length - 1] != ws[1]) {
            throw new ShapeMismatchException("linear", "input's last dimension must equal weight's [out, in] in",
                    xs, ws);
        }
        if (from < 0 || to > ws[0] || from >= to) {
            throw new IndexOutOfBoundsException("linear: rows [" + from + ", " + to + ") out of range for weight "
                    + Shapes.str(ws));
        }
        int out = to - from;
        int in = ws[1];
        if (bias != null && (bias.rank() != 1 || bias.size() != ws[0])) {
            throw new ShapeMismatchException("linear", "bias must be [out] for weight", bias.shape(), ws);
        }
        int m = Shapes.product(xs, 0, xs.length - 1);
        int[] shape = xs.clone();
        shape[shape.length - 1] = out;
        float[] y = new float[m * out];
        Backend be = Backends.current();
        PackedMatrix packed = PackedWeights.transposedRows(be, weight, from, to);
        if (packed != null) {
            be.sgemm(false, m, out, in, 1f, x.data(), 0, in, packed, 0f, y, 0, out);
        } else {
            be.sgemm(false, true, m, out, in, 1f, x.data(), 0, in, weight.data(), from * in, in, 0f, y, 0, out);
        }
        if (bias != null) {
            for (int r = 0; r < m; r++) {
                be.axpy(out, 1f, bias.data(), from, y, r * out);
            }
        }
        return Tensor.result(y, shape, "linear", g -> {
            Backend bk = Backends.current();
            if (x.requiresGrad()) {
                bk.sgemm(false, false, m, in, out, 1f, g, 0, out, weight.data(), from * in, in, 1f, x.gradBuffer(), 0,
                        in);
            }
            if (weight.requiresGrad()) {
                bk.sgemm(true, false, out, in, m, 1f, g, 0, out, x.data(), 0, in, 1f, weight.gradBuffer(), from * in,
                        in);
            }
            if (bias != null && bias.requiresGrad()) {
                float[] gb = bias.gradBuffer();
                for (int r = 0; r < m; r++) {
                    bk.axpy(out, 1f, g, r * out, gb, from);
                }
            }
        }, x, weight, bias);
    }

    private static Tensor foldedMatmul(Tensor a, Tensor b, int[] as, int[] bs) {
        int k = bs[0];
        int n = bs[1];
        int m = Shapes.product(as, 0, as.length - 1);
        int[] shape = as.clone();
        shape[shape.length - 1] = n;
        float[] out = new float[m * n];
        Backend fw = Backends.current();
        PackedMatrix packed = PackedWeights.plain(fw, b);
        if (packed != null) {
            fw.sgemm(false, m, n, k, 1f, a.data(), 0, k, packed, 0f, out, 0, n);
        } else {
            fw.sgemm(false, false, m, n, k, 1f, a.data(), 0, k, b.data(), 0, n, 0f, out, 0, n);
        }
        return Tensor.result(out, shape, "matmul", g -> {
            Backend be = Backends.current();
            if (a.requiresGrad()) {
                be.sgemm(false, true, m, k, n, 1f, g, 0, n, b.data(), 0, n, 1f, a.gradBuffer(), 0, k);
            }
            if (b.requiresGrad()) {
                be.sgemm(true, false, k, n, m, 1f, a.data(), 0, k, g, 0, n, 1f, b.gradBuffer(), 0, n);
            }
        }, a, b);
    }

    private static Tensor batchedMatmul(Tensor a, Tensor b, int[] as, int[] bs) {
        int m = as[as.length - 2];
        int k = as[as.length - 1];
        int n = bs[bs.length - 1];
        int[] aBatch = java.util.Arrays.copyOf(as, as.length - 2);
        int[] bBatch = java.util.Arrays.copyOf(bs, bs.length - 2);
        boolean aShared = aBatch.length == 0;
        if (!aShared && !java.util.Arrays.equals(aBatch, bBatch)) {
            throw new ShapeMismatchException("matmul", "batch dimensions differ", as, bs);
        }
        int batch = Shapes.size(bBatch);
        int[] shape = java.util.Arrays.copyOf(bBatch, bBatch.length + 2);
        shape[shape.length - 2] = m;
        shape[shape.length - 1] = n;
        float[] out = new float[batch * m * n];
        Backend be = Backends.current();
        int aStep = aShared ? 0 : m * k;
        for (int i = 0; i < batch; i++) {
            be.sgemm(false, false, m, n, k, 1f, a.data(), i * aStep, k, b.data(), i * k * n, n,
                    0f, out, i * m * n, n);
        }
        return Tensor.result(out, shape, "matmul", g -> {
            Backend bk = Backends.current();
            for (int i = 0; i < batch; i++) {
                if (a.requiresGrad()) {
                    bk.sgemm(false, true, m, k, n, 1f, g, i * m * n, n, b.data(), i * k * n, n,
                            1f, a.gradBuffer(), i * aStep, k);
                }
                if (b.requiresGrad()) {
                    bk.sgemm(true, false, k, n, m, 1f, a.data(), i * aStep, k, g, i * m * n, n,
                            1f, b.gradBuffer(), i * k * n, n);
                }
            }
        }, a, b);
    }
}
