package dev.erc.compute.ops;

import dev.erc.compute.autograd.ShapeMismatchException;
import dev.erc.compute.autograd.Shapes;
import dev.erc.compute.autograd.Tensor;
import dev.erc.compute.backend.Backends;

/** Concatenation and stacking. */
public final class Join {

    private Join() {
    }

    /** Joins tensors along an existing axis; all other dimensions must agree. */
    public static Tensor concat(int axis, Tensor... parts) {
        if (parts.length == 0) {
            throw new IllegalArgumentException("concat: no tensors");
        }
        int[] first = parts[0].shape();
        int a = Shapes.axis(axis, first.length, "concat");
        int total = 0;
        for (Tensor p : parts) {
            int[] s = p.shape();
            if (s.length != first.length) {
                throw new ShapeMismatchException("concat", "ranks differ", first, s);
            }
            for (int d = 0; d < s.length; d++) {
                if (d != a && s[d] != first[d]) {
                    throw new ShapeMismatchException("concat", "dimensions off axis " + a + " differ", first, s);
                }
            }
            total += s[a];
        }
        int outer = Shapes.product(first, 0, a);
        int inner = Shapes.product(first, a + 1, first.length);
        int[] shape = first.clone();
        shape[a] = total;
        int rowLen = total * inner;
        float[] out = new float[outer * rowLen];
        int[] starts = new int[parts.length];
        int col = 0;
        for (int i = 0; i < parts.length; i++) {
            starts[i] = col;
            int chunk = parts[i].dim(a) * inner;
            float[] x = parts[i].data();
            for (int o = 0; o < outer; o++) {
                System.arraycopy(x, o * chunk, out, o * rowLen + col, chunk);
            }
            col += chunk;
        }
        return Tensor.result(out, shape, "concat", g -> {
            for (int i = 0; i < parts.length; i++) {
                if (!parts[i].requiresGrad()) {
                    continue;
                }
                int chunk = parts[i].dim(a) * inner;
                float[] gx = parts[i].gradBuffer();
                for (int o = 0; o < outer; o++) {
                    Backends.current().axpy(chunk, 1f, g, o * rowLen + starts[i], gx, o * chunk);
                }
            }
        }, parts);
    }

    /** Joins equally shaped tensors along a new axis. */
    public static Tensor stack(int axis, Tensor... parts) {
        if (parts.length == 0) {
            throw new IllegalArgumentException("stack: no tensors");
        }
        Tensor[] expanded = new Tensor[parts.length];
        for (int i = 0; i < parts.length; i++) {
            Shapes.requireSame("stack", parts[0].shape(), parts[i].shape());
            expanded[i] = Reshape.unsqueeze(parts[i], axis);
        }
        int a = axis < 0 ? axis + parts[0].rank() + 1 : axis;
        return concat(a, expanded);
    }
}
