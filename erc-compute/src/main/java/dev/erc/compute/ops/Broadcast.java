package dev.erc.compute.ops;

import dev.erc.compute.autograd.Shapes;
import dev.erc.compute.backend.Backend;

/**
 * Moves data between a shape and its NumPy broadcast. Both directions walk the output in runs: the longest
 * trailing block where source and output agree is copied (or summed) with one kernel call, so the common bias
 * pattern {@code [m, n] + [n]} costs {@code m} row operations.
 */
final class Broadcast {

    private Broadcast() {
    }

    /** {@code src} laid out in {@code outShape}; returns {@code src} itself when no broadcast is needed. */
    static float[] expand(float[] src, int[] srcShape, int[] outShape) {
        if (java.util.Arrays.equals(srcShape, outShape)) {
            return src;
        }
        Plan plan = new Plan(srcShape, outShape);
        float[] out = new float[Shapes.size(outShape)];
        if (plan.run == 1) {
            // the last axis is the broadcast one ([n, 1] -> [n, m]): one source value fills each output row
            int row = outShape[outShape.length - 1];
            for (int o = 0, pos = 0; o < plan.outer; o += row, pos += row) {
                java.util.Arrays.fill(out, pos, pos + row, src[plan.sourceOffset(o)]);
            }
            return out;
        }
        for (int o = 0, pos = 0; o < plan.outer; o++, pos += plan.run) {
            System.arraycopy(src, plan.sourceOffset(o), out, pos, plan.run);
        }
        return out;
    }

    /** Adds {@code alpha * grad} (laid out in {@code outShape}) into {@code into}, summed down to {@code shape}. */
    static void reduce(Backend be, float[] grad, int[] outShape, int[] shape, float alpha, float[] into) {
        if (java.util.Arrays.equals(shape, outShape)) {
            be.axpy(grad.length, alpha, grad, 0, into, 0);
            return;
        }
        Plan plan = new Plan(shape, outShape);
        if (plan.run == 1) {
            // the last axis was broadcast: each output row sums into one element, in order (the same float additions,
            // in the same order, as one element at a time)
            int row = outShape[outShape.length - 1];
            for (int o = 0, pos = 0; o < plan.outer; o += row, pos += row) {
                int s = plan.sourceOffset(o);
                float acc = into[s];
                for (int i = 0; i < row; i++) {
                    acc += alpha * grad[pos + i];
                }
                into[s] = acc;
            }
            return;
        }
        for (int o = 0, pos = 0; o < plan.outer; o++, pos += plan.run) {
            be.axpy(plan.run, alpha, grad, pos, into, plan.sourceOffset(o));
        }
    }

    /** For each element of {@code outShape}, the index of the source element it reads. */
    static int[] sourceIndex(int[] srcShape, int[] outShape) {
        Plan plan = new Plan(srcShape, outShape);
        int[] idx = new int[Shapes.size(outShape)];
        for (int o = 0, pos = 0; o < plan.outer; o++) {
            int s = plan.sourceOffset(o);
            for (int i = 0; i < plan.run; i++) {
                idx[pos++] = s + i;
            }
        }
        return idx;
    }

    /** Splits the output into {@code outer} runs of {@code run} contiguous elements that are contiguous in the source too. */
    private static final class Plan {
        final int[] outShape;
        final int[] srcStrides;
        final int leading;
        final int run;
        final int outer;

        Plan(int[] srcShape, int[] outShape) {
            int rank = outShape.length;
            if (srcShape.length > rank) {
                throw new IllegalArgumentException("broadcast: " + Shapes.str(srcShape) + " has higher rank than "
                        + Shapes.str(outShape));
            }
            int[] aligned = new int[rank];
            java.util.Arrays.fill(aligned, 1);
            System.arraycopy(srcShape, 0, aligned, rank - srcShape.length, srcShape.length);
            int[] strides = Shapes.strides(aligned);
            for (int i = 0; i < rank; i++) {
                if (aligned[i] != outShape[i]) {
                    if (aligned[i] != 1) {
                        throw new IllegalArgumentException("broadcast: " + Shapes.str(srcShape) + " does not broadcast to "
                                + Shapes.str(outShape));
                    }
                    strides[i] = 0;
                }
            }
            int lead = rank;
            while (lead > 0 && aligned[lead - 1] == outShape[lead - 1]) {
                lead--;
            }
            this.outShape = outShape;
            this.srcStrides = strides;
            this.leading = lead;
            this.run = Shapes.product(outShape, lead, rank);
            this.outer = Shapes.product(outShape, 0, lead);
        }

        int sourceOffset(int o) {
            int off = 0;
            for (int d = leading - 1; d >= 0; d--) {
                int i = o % outShape[d];
                o /= outShape[d];
                off += i * srcStrides[d];
            }
            return off;
        }
    }
}
