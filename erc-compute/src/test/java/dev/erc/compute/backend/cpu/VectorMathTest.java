package dev.erc.compute.backend.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import java.util.function.DoubleUnaryOperator;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;
import org.junit.jupiter.api.Test;

/**
 * The deterministic transcendental functions: each vector lane equals its scalar twin bit for bit (so loop tails and
 * every vector width agree), in place as into another array, stays within 2 ulp of the correctly rounded value (StrictMath in double, rounded; 3 for
 * the composed sigmoid), and
 * gets the special values right. Checked that it catches: swapping the order of two operations in a twin breaks the
 * first assertion on thousands of inputs.
 */
class VectorMathTest {

    private static final VectorSpecies<Float> S = Species.FLOATS;

    interface Scalar {
        float apply(float x);
    }

    private static float[] inputs(long seed, int n, double lo, double hi) {
        SplittableRandom rng = new SplittableRandom(seed);
        float[] x = new float[n];
        for (int i = 0; i < n; i++) {
            x[i] = (float) (lo + (hi - lo) * rng.nextDouble());
        }
        return x;
    }

    /** One of VectorMath's array kernels. */
    interface Kernel {
        void apply(int n, float[] x, int xo, float[] out, int oo);
    }

    /** The kernel over all of x, at an offset, into a new array; vector lanes compute all but the last few. */
    private static float[] vector(Kernel f, float[] x) {
        float[] out = new float[x.length + 3];
        f.apply(x.length, x, 0, out, 3);
        return java.util.Arrays.copyOfRange(out, 3, out.length);
    }

    private static double ulps(float got, double exact) {
        float rounded = (float) exact;
        if (Float.isInfinite(rounded) || rounded == 0f) {
            return got == rounded ? 0 : Double.POSITIVE_INFINITY;
        }
        return Math.abs(got - exact) / Math.ulp(rounded);
    }

    private static void check(String name, Kernel v, Scalar s, DoubleUnaryOperator exact,
                              float[] x, double maxUlps) {
        float[] vo = vector(v, x);
        double worst = 0;
        float[] inPlace = x.clone();
        v.apply(x.length, inPlace, 0, inPlace, 0);
        for (int i = 0; i < x.length; i++) {
            float so = s.apply(x[i]);
            assertEquals(Float.floatToRawIntBits(vo[i]), Float.floatToRawIntBits(inPlace[i]),
                    name + "(" + x[i] + ") in place");
            assertEquals(Float.floatToRawIntBits(so), Float.floatToRawIntBits(vo[i]),
                    name + "(" + x[i] + "): scalar twin " + so + ", vector lane " + vo[i]);
            worst = Math.max(worst, ulps(so, exact.applyAsDouble(x[i])));
        }
        assertTrue(worst <= maxUlps, name + ": worst error " + worst + " ulp");
    }

    private static double sigmoid(double x) {
        return 1 / (1 + StrictMath.exp(-x));
    }

    @Test
    void lanesEqualTheirScalarTwinsAndStayWithinTwoUlps() {
        int n = 64 * 1024 + 5;
        check("exp", VectorMath::exp, VectorMath::exp, StrictMath::exp, inputs(1, n, -86, 88.7), 2);
        check("exp near 0", VectorMath::exp, VectorMath::exp, StrictMath::exp, inputs(2, n, -1e-3, 1e-3), 1);
        check("sigmoid", VectorMath::sigmoid, VectorMath::sigmoid, VectorMathTest::sigmoid, inputs(3, n, -30, 30), 3);
        check("tanh", VectorMath::tanh, VectorMath::tanh, StrictMath::tanh, inputs(4, n, -12, 12), 2);
        check("tanh small", VectorMath::tanh, VectorMath::tanh, StrictMath::tanh, inputs(5, n, -0.7, 0.7), 2);
        check("tanh tiny", VectorMath::tanh, VectorMath::tanh, StrictMath::tanh, inputs(6, n, -1e-5, 1e-5), 1);
        check("log", VectorMath::log, VectorMath::log, StrictMath::log, inputs(7, n, 1e-6, 1e6), 2);
        check("log near 1", VectorMath::log, VectorMath::log, StrictMath::log, inputs(8, n, 0.5, 2), 2);
        check("log subnormal", VectorMath::log, VectorMath::log, StrictMath::log, inputs(9, n, 1e-45, 1e-38), 2);
        check("acos", VectorMath::acos, VectorMath::acos, StrictMath::acos, inputs(10, n, -1, 1), 2);
    }

    @Test
    void specialValues() {
        float nan = Float.NaN;
        float inf = Float.POSITIVE_INFINITY;
        float[][] cases = {
            // x, exp, tanh, log, acos, sigmoid
            {nan, nan, nan, nan, nan, nan},
            {inf, inf, 1f, inf, nan, 1f},
            {-inf, 0f, -1f, nan, nan, 0f},
            {0f, 1f, 0f, -inf, (float) (Math.PI / 2), 0.5f},
            {-0f, 1f, -0f, -inf, (float) (Math.PI / 2), 0.5f},
            {100f, inf, 1f, (float) Math.log(100), nan, 1f},
            {-100f, 0f, -1f, nan, nan, 0f},
            {1f, (float) Math.E, (float) Math.tanh(1), 0f, 0f, (float) sigmoid(1)},
            {-1f, (float) Math.exp(-1), (float) Math.tanh(-1), nan, (float) Math.PI, (float) sigmoid(-1)},
        };
        for (float[] c : cases) {
            float x = c[0];
            float[] in = new float[S.length()];
            java.util.Arrays.fill(in, x);
            Scalar[] scalar = {VectorMath::exp, VectorMath::tanh, VectorMath::log, VectorMath::acos,
                VectorMath::sigmoid};
            Kernel[] vec = {VectorMath::exp, VectorMath::tanh, VectorMath::log, VectorMath::acos, VectorMath::sigmoid};
            String[] names = {"exp", "tanh", "log", "acos", "sigmoid"};
            for (int f = 0; f < 5; f++) {
                float want = c[f + 1];
                float got = scalar[f].apply(x);
                float lane = vector(vec[f], in)[0];
                String what = names[f] + "(" + x + ")";
                if (Float.isNaN(want)) {
                    assertTrue(Float.isNaN(got) && Float.isNaN(lane), what + " = " + got + " / " + lane);
                } else {
                    assertEquals(want, got, Math.ulp(want) * 2, what);
                    assertEquals(Float.floatToRawIntBits(got), Float.floatToRawIntBits(lane), what + " lane");
                    assertEquals(Math.copySign(1f, want), Math.copySign(1f, got), what + " sign");
                }
            }
        }
    }

    @Test
    void lanesAreSummedPairwiseInAFixedOrder() {
        float[] x = inputs(11, S.length(), -1e4, 1e4);
        x[0] = 1e8f;
        float[] s = x.clone();
        for (int w = s.length / 2; w > 0; w /= 2) {
            for (int i = 0; i < w; i++) {
                s[i] += s[i + w];
            }
        }
        assertEquals(Float.floatToRawIntBits(s[0]),
                Float.floatToRawIntBits(VectorMath.sumLanes(FloatVector.fromArray(S, x, 0))));
    }
}
