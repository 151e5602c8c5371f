package dev.erc.compute.ops;

import dev.erc.compute.autograd.ShapeMismatchException;
import dev.erc.compute.autograd.Shapes;
import dev.erc.compute.autograd.Tensor;
import dev.erc.compute.backend.Backends;

/** Selecting parts of a tensor: slices, index lists, and gathers. */
public final class Index {

    private Index() {
    }

    /** Elements {@code [start, end)} along {@code axis}. */
    public static Tensor slice(Tensor t, int axis, int start, int end) {
        int[] s = t.shape();
        int a = Shapes.axis(axis, s.length, "slice");
        if (start < 0 || end > s[a] || start > end) {
            throw new IndexOutOfBoundsException("slice: [" + start + ", " + end + ") out of range for axis " + a
                    + " of shape " + Shapes.str(s));
        }
        int[] idx = new int[end - start];
        for (int i = 0; i < idx.length; i++) {
            idx[i] = start + i;
        }
        return select(t, a, idx, "slice");
    }

    /** The entries {@code index[0], index[1], ...} along {@code axis} (repeats allowed), like {@code torch.index_select}. */
    public static Tensor indexSelect(Tensor t, int axis, int... index) {
        int a = Shapes.axis(axis, t.rank(), "indexSelect");
        for (int i : index) {
            if (i < 0 || i >= t.dim(a)) {
                throw new IndexOutOfBoundsException("indexSelect: index " + i + " out of range for axis " + a
                        + " of shape " + Shapes.str(t.shape()));
            }
        }
        return select(t, a, index.clone(), "indexSelect");
    }

    private static Tensor select(Tensor t, int a, int[] index, String name) {
        int[] s = t.shape();
        int outer = Shapes.product(s, 0, a);
        int inner = Shapes.product(s, a + 1, s.length);
        int len = s[a];
        int[] shape = s.clone();
        shape[a] = index.length;
        float[] x = t.data();
        float[] out = new float[outer * index.length * inner];
        for (int o = 0; o < outer; o++) {
            for (int j = 0; j < index.length; j++) {
                System.arraycopy(x, (o * len + index[j]) * inner, out, (o * index.length + j) * inner, inner);
            }
        }
        return Tensor.result(out, shape, name, g -> {
            float[] gx = t.gradBuffer();
            for (int o = 0; o < outer; o++) {
                for (int j = 0; j < index.length; j++) {
                    Backends.current().axpy(inner, 1f, g, (o * index.length + j) * inner, gx,
                            (o * len + index[j]) * inner);
                }
            }
        }, t);
    }

    /**
     * {@code torch.gather}: {@code out[i...][j][k...] = t[i...][index[i...][j][k...]][k...]} along {@code axis}.
     * {@code index} is laid out in {@code indexShape}, which has the rank of {@code t} and dimensions no larger.
     */
    public static Tensor gather(Tensor t, int axis, int[] index, int[] indexShape) {
        int[] s = t.shape();
        int a = Shapes.axis(axis, s.length, "gather");
        if (indexShape.length != s.length || Shapes.checkedSize(indexShape) != index.length) {
            throw new ShapeMismatchException("gather", "index shape does not fit", s, indexShape);
        }
        for (int d = 0; d < s.length; d++) {
            if (d != a && indexShape[d] > s[d]) {
                throw new ShapeMismatchException("gather", "index larger than input off the gather axis", s, indexShape);
            }
        }
        int[] inStrides = Shapes.strides(s);
        int[] src = new int[index.length];
        int[] pos = new int[s.length];
        for (int i = 0; i < index.length; i++) {
            int v = index[i];
            if (v < 0 || v >= s[a]) {
                throw new IndexOutOfBoundsException("gather: index value " + v + " out of range for axis " + a
                        + " of shape " + Shapes.str(s));
            }
            int off = 0;
            for (int d = 0; d < s.length; d++) {
                off += (d == a ? v : pos[d]) * inStrides[d];
            }
            src[i] = off;
            for (int d = s.length - 1; d >= 0; d--) {
                if (++pos[d] < indexShape[d]) {
                    break;
                }
                pos[d] = 0;
            }
        }
        float[] x = t.data();
        float[] out = new float[index.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = x[src[i]];
        }
        return Tensor.result(out, indexShape.clone(), "gather", g -> {
            float[] gx = t.gradBuffer();
            for (int i = 0; i < g.length; i++) {
                gx[src[i]] += g[i];
            }
        }, t);
    }
}
