package dev.erc.compute.ops;

import dev.erc.compute.autograd.ShapeMismatchException;
import dev.erc.compute.autograd.Shapes;
import dev.erc.compute.autograd.Tensor;

/** Filling masked positions, as attention does with padded keys. */
public final class Masking {

    private Masking() {
    }

    /**
     * Sets the elements of {@code t} where {@code mask} is true to {@code value}. The mask is laid out in
     * {@code maskShape}, which must broadcast to {@code t}'s shape (e.g. {@code [b, 1, 1, keys]} for
     * {@code [b, heads, queries, keys]} scores). Masked elements receive no gradient.
     */
    public static Tensor maskedFill(Tensor t, boolean[] mask, int[] maskShape, float value) {
        if (Shapes.checkedSize(maskShape) != mask.length) {
            throw new ShapeMismatchException("maskedFill", "mask has " + mask.length + " entries for shape "
                    + Shapes.str(maskShape));
        }
        int[] shape = t.shape();
        int[] b = Shapes.broadcast("maskedFill", shape, maskShape);
        if (!java.util.Arrays.equals(b, shape)) {
            throw new ShapeMismatchException("maskedFill", "mask does not broadcast to the tensor", shape, maskShape);
        }
        int[] src = Broadcast.sourceIndex(maskShape, shape);
        float[] x = t.data();
        float[] out = new float[x.length];
        for (int i = 0; i < x.length; i++) {
            out[i] = mask[src[i]] ? value : x[i];
        }
        return Tensor.result(out, shape, "maskedFill", g -> {
            float[] gx = t.gradBuffer();
            for (int i = 0; i < g.length; i++) {
                if (!mask[src[i]]) {
                    gx[i] += g[i];
                }
            }
        }, t);
    }
}
