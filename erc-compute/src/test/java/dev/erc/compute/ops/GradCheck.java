package dev.erc.compute.ops;

import static org.junit.jupiter.api.Assertions.fail;

import dev.erc.compute.autograd.GradMode;
import dev.erc.compute.autograd.Tensor;
import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.function.Function;

/**
 * Compares an op's analytic gradients with central finite differences. The scalar probed is
 * {@code L = sum(out * R)} for a fixed random {@code R}, evaluated in double from the float32 outputs, so every
 * output element's gradient path is exercised. At most {@link #MAX_PROBES} elements of each input are probed.
 *
 * <p>Tolerance per element: {@code rtol} of the larger of the two values, plus a floor that is never a fixed number:
 * the larger of {@code floor} times the input's largest analytic gradient and the finite difference's own rounding
 * error (float32 outputs: about {@code 2^-24 * sum|out * R| / step}). Checked to fail: with the sign of one
 * element's gradient flipped in {@code Arithmetic.mul}'s backward, and with {@code Pointwise.tanh}'s backward scaled by
 * 0.9.
 */
final class GradCheck {

    static final int MAX_PROBES = 48;

    private final double step;
    private final double rtol;
    private final double floor;

    GradCheck(double step, double rtol, double floor) {
        this.step = step;
        this.rtol = rtol;
        this.floor = floor;
    }

    static GradCheck standard() {
        return new GradCheck(1e-2, 1e-2, 1e-3);
    }

    /** Checks d(sum(f(inputs) * R))/d(input) for every input that requires grad. */
    void check(String name, Function<Tensor[], Tensor> f, Tensor... inputs) {
        for (Tensor t : inputs) {
            t.zeroGrad();
        }
        Tensor out = f.apply(inputs);
        float[] r = new float[out.size()];
        SplittableRandom rng = new SplittableRandom(99);
        for (int i = 0; i < r.length; i++) {
            r[i] = (float) (rng.nextDouble() * 2 - 1);
        }
        if (!out.requiresGrad()) {
            fail(name + ": output does not require grad");
        }
        out.backward(r.clone());
        for (int which = 0; which < inputs.length; which++) {
            Tensor in = inputs[which];
            if (!in.requiresGrad()) {
                continue;
            }
            float[] analytic = in.grad();
            if (analytic == null) {
                fail(name + ": input " + which + " received no gradient");
            }
            float[] x = in.data();
            double largest = 0;
            for (float g : analytic) {
                largest = Math.max(largest, Math.abs(g));
            }
            double noise = 4 * Math.ulp(1f) * magnitude(out, r) / step;
            double absolute = Math.max(floor * largest, noise);
            int[] probes = probes(x.length, rng);
            for (int i : probes) {
                float saved = x[i];
                double up;
                double down;
                try (var scope = GradMode.noGrad()) {
                    x[i] = (float) (saved + step);
                    up = dot(f.apply(inputs), r);
                    x[i] = (float) (saved - step);
                    down = dot(f.apply(inputs), r);
                } finally {
                    x[i] = saved;
                }
                double numeric = (up - down) / (2 * step);
                double a = analytic[i];
                if (!(Math.abs(a - numeric) <= absolute + rtol * Math.max(Math.abs(a), Math.abs(numeric)))) {
                    fail(String.format("%s: d/d input%d%s[%d]: analytic %.6g vs numeric %.6g", name, which,
                            Arrays.toString(in.shape()), i, a, numeric));
                }
            }
        }
    }

    private static int[] probes(int n, SplittableRandom rng) {
        if (n <= MAX_PROBES) {
            int[] all = new int[n];
            for (int i = 0; i < n; i++) {
                all[i] = i;
            }
            return all;
        }
        int[] some = new int[MAX_PROBES];
        some[0] = 0;
        some[1] = n - 1;
        for (int i = 2; i < some.length; i++) {
            some[i] = rng.nextInt(n);
        }
        return some;
    }

    /** {@code sum |out * R|}: the scale of the rounding error in {@code L}. */
    private static double magnitude(Tensor out, float[] r) {
        float[] y = out.data();
        double s = 0;
        for (int i = 0; i < y.length; i++) {
            s += Math.abs((double) y[i] * r[i]);
        }
        return s;
    }

    private static double dot(Tensor out, float[] r) {
        float[] y = out.data();
        double s = 0;
        for (int i = 0; i < y.length; i++) {
            s += (double) y[i] * r[i];
        }
        return s;
    }
}
