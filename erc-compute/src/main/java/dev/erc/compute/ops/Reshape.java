package dev.erc.compute.ops;

import dev.erc.compute.autograd.ShapeMismatchException;
import dev.erc.compute.autograd.Shapes;
import dev.erc.compute.autograd.Tensor;
import dev.erc.compute.backend.Backends;

/** Views and layout changes: reshape, transpose, permute. */
public final class Reshape {

    private Reshape() {
    }

    /**
     * The same elements under a new shape; one dimension may be {@code -1} and is inferred. Shares the data array
     * (ops never write their inputs).
     */
    public static Tensor reshape(Tensor t, int... newShape) {
        int[] shape = newShape.clone();
        int infer = -1;
        long known = 1;
        for (int i = 0; i < shape.length; i++) {
            if (shape[i] == -1) {
                if (infer >= 0) {
                    throw new ShapeMismatchException("reshape", "more than one -1 in", t.shape(), newShape);
                }
                infer = i;
            } else {
                known *= shape[i];
            }
        }
        if (infer >= 0) {
            if (known == 0 || t.size() % known != 0) {
                throw new ShapeMismatchException("reshape", "cannot infer -1 when reshaping", t.shape(), newShape);
            }
            shape[infer] = (int) (t.size() / known);
        }
        if (Shapes.checkedSize(shape) != t.size()) {
            throw new ShapeMismatchException("reshape", "element counts differ", t.shape(), newShape);
        }
        return Tensor.result(t.data(), shape, "reshape",
                g -> Backends.current().axpy(g.length, 1f, g, 0, t.gradBuffer(), 0), t);
    }

    /** Inserts a dimension of size 1 at {@code axis}. */
    public static Tensor unsqueeze(Tensor t, int axis) {
        int[] s = t.shape();
        int a = axis < 0 ? axis + s.length + 1 : axis;
        if (a < 0 || a > s.length) {
            throw new IllegalArgumentException("unsqueeze: axis " + axis + " out of range for rank " + s.length);
        }
        int[] out = new int[s.length + 1];
        System.arraycopy(s, 0, out, 0, a);
        out[a] = 1;
        System.arraycopy(s, a, out, a + 1, s.length - a);
        return reshape(t, out);
    }

    /** Swaps two axes (copying the data). */
    public static Tensor transpose(Tensor t, int d0, int d1) {
        int rank = t.rank();
        int[] perm = new int[rank];
        for (int i = 0; i < rank; i++) {
            perm[i] = i;
        }
        int a = Shapes.axis(d0, rank, "transpose");
        int b = Shapes.axis(d1, rank, "transpose");
        perm[a] = b;
        perm[b] = a;
        return permute(t, perm);
    }

    /** Reorders axes: output axis {@code i} is input axis {@code perm[i]}. */
    public static Tensor permute(Tensor t, int... perm) {
        int[] s = t.shape();
        int rank = s.length;
        if (perm.length != rank) {
            throw new ShapeMismatchException("permute", "permutation length differs from rank", s, perm);
        }
        boolean[] seen = new boolean[rank];
        int[] outShape = new int[rank];
        int[] axes = new int[rank];
        for (int i = 0; i < rank; i++) {
            int p = Shapes.axis(perm[i], rank, "permute");
            if (seen[p]) {
                throw new ShapeMismatchException("permute", "repeated axis in permutation", s, perm);
            }
            seen[p] = true;
            axes[i] = p;
            outShape[i] = s[p];
        }
        // trailing axes that stay in place move as contiguous blocks (attention's [B, T, H, d] -> [B, H, T, d])
        int kept = rank;
        int block = 1;
        while (kept > 0 && axes[kept - 1] == kept - 1) {
            kept--;
            block *= s[kept];
        }
        int[] outerShape = java.util.Arrays.copyOf(s, kept);
        int[] src = sourceOffsets(outerShape, java.util.Arrays.copyOf(axes, kept));
        int width = block;
        float[] x = t.data();
        float[] out = new float[x.length];
        for (int i = 0; i < src.length; i++) {
            System.arraycopy(x, src[i] * width, out, i * width, width);
        }
        return Tensor.result(out, outShape, "permute", g -> {
            float[] gx = t.gradBuffer();
            for (int i = 0; i < src.length; i++) {
                int from = src[i] * width;
                int at = i * width;
                for (int j = 0; j < width; j++) {
                    gx[from + j] += g[at + j];
                }
            }
        }, t);
    }

    /** For each output element of the permutation, the input element it reads. */
    private static int[] sourceOffsets(int[] shape, int[] perm) {
        int rank = shape.length;
        int[] inStrides = Shapes.strides(shape);
        int[] outShape = new int[rank];
        int[] strides = new int[rank];
        for (int i = 0; i < rank; i++) {
            int p = perm[i] < 0 ? perm[i] + rank : perm[i];
            outShape[i] = shape[p];
            strides[i] = inStrides[p];
        }
        int n = Shapes.size(shape);
        int[] src = new int[n];
        int[] idx = new int[rank];
        int off = 0;
        for (int i = 0; i < n; i++) {
            src[i] = off;
            for (int d = rank - 1; d >= 0; d--) {
                idx[d]++;
                off += strides[d];
                if (idx[d] < outShape[d]) {
                    break;
                }
                off -= strides[d] * outShape[d];
                idx[d] = 0;
            }
        }
        return src;
    }
}
