package dev.erc.compute.backend.cpu;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Transcendental functions and lane sums whose results do not depend on how far the JIT has compiled the code.
 *
 * <p>{@code lanewise(EXP)} and friends run per-lane {@code Math} calls in the interpreter and C1 code but a vector
 * math library in C2 code, whose last bits differ; {@code reduceLanes(ADD)} adds lanes in order in one and as a
 * tree in the other. A model then predicts differently cold and warm, and two training runs diverge. Here every
 * function is range reduction plus a polynomial (the Cephes single-precision coefficients), written only with
 * lane-wise add, mul, fma, div, sqrt, min/max, compares, blends and bit operations, each of which IEEE 754 or the
 * Vector API defines exactly; so every tier computes the same bits. Each function works on arrays, its vector loop
 * and its tail inside, and has a scalar twin doing the same operations in the same order, which computes the tail: a
 * value gets the same result whichever lane, tail or vector width computes it. Only {@link #sumLanes}, small enough
 * to be inlined even once compiled on its own, takes a vector (see {@code expFamily} for why). Accuracy: within 2 ulp
 * of the correctly rounded result in the ranges the model uses (sigmoid, a composition, within 3;
 * {@code VectorMathTest}); {@code exp} flushes results below 2^-125 to zero.
 */
final class VectorMath {

    private static final VectorSpecies<Float> S = Species.FLOATS;
    private static final int L = Species.LANES;

    private static final float LOG2E = 1.44269504088896341f;
    /** ln 2 split in two, the first exact in few bits (Cody and Waite). */
    private static final float LN2_HI = 0.693359375f;
    private static final float LN2_LO = -2.12194440e-4f;
    /** 1.5 * 2^23: adding it rounds a float of magnitude below 2^22 to an integer, readable in the low bits. */
    private static final float ROUND = 12582912f;
    private static final int ROUND_BITS = 0x4B400000;
    private static final float EXP_MAX = 88.72283f;
    private static final float EXP_MIN = -86.6f;
    private static final float[] EXP_P = {1.9875691500e-4f, 1.3981999507e-3f, 8.3334519073e-3f, 4.1665795894e-2f,
        1.6666665459e-1f, 5.0000001201e-1f};
    private static final float TANH_SMALL = 0.625f;
    private static final float[] TANH_P = {-5.70498872745e-3f, 2.06390887954e-2f, -5.37397155531e-2f,
        1.33314422036e-1f, -3.33332819422e-1f};
    private static final float SQRT_HALF = 0.707106781186547524f;
    private static final float[] LOG_P = {7.0376836292e-2f, -1.1514610310e-1f, 1.1676998740e-1f, -1.2420140846e-1f,
        1.4249322787e-1f, -1.6668057665e-1f, 2.0000714765e-1f, -2.4999993993e-1f, 3.3333331174e-1f};
    private static final float MIN_NORMAL = 0x1p-126f;
    private static final float[] ASIN_P = {4.2163199048e-2f, 2.4181311049e-2f, 4.5470025998e-2f, 7.4953002686e-2f,
        1.6666752422e-1f};
    private static final float PI = 3.14159265358979323846f;
    private static final float HALF_PI = 1.57079632679489661923f;

    private VectorMath() {
    }

    private static FloatVector bc(float v) {
        return FloatVector.broadcast(S, v);
    }

    // ---- exp, sigmoid and tanh -----------------------------------------------------------------------------------

    /** {@code out[oo + i] = e^x[xo + i]} for {@code i < n}; {@code out} may be {@code x}. */
    static void exp(int n, float[] x, int xo, float[] out, int oo) {
        expFamily(EXP, n, x, xo, out, oo);
    }

    /** {@code out = 1 / (1 + e^-x)}, element-wise; {@code out} may be {@code x}. */
    static void sigmoid(int n, float[] x, int xo, float[] out, int oo) {
        expFamily(SIGMOID, n, x, xo, out, oo);
    }

    /**
     * {@code out = tanh x}, element-wise: an odd polynomial below 0.625 in magnitude, {@code 1 - 2 / (e^2|x| + 1)}
     * above, with the sign of x; {@code out} may be {@code x}.
     */
    static void tanh(int n, float[] x, int xo, float[] out, int oo) {
        expFamily(TANH, n, x, xo, out, oo);
    }

    private static final int EXP = 0;
    private static final int SIGMOID = 1;
    private static final int TANH = 2;

    /**
     * The three functions built on e^x, in one loop with the exponential written out once. No method of this class
     * takes or returns a vector: once C2 has compiled such a method on its own, larger callers no longer inline it and
     * box every vector they pass (measured: 80-100 MB per 100 calls of the cell kernels, on some runs).
     *
     * <p>e^x: x = n ln2 + r with |r| <= ln2 / 2, e^r by a degree-7 polynomial, times 2^n built from bits. Its
     * argument is {@code max(a x, b x)}: x, -x, or 2|x|, each exact.
     */
    private static void expFamily(int fn, int n, float[] x, int xo, float[] out, int oo) {
        float scaleA = fn == EXP ? 1f : fn == SIGMOID ? -1f : 2f;
        float scaleB = fn == TANH ? -2f : scaleA;
        int i = 0;
        for (int bound = S.loopBound(n); i < bound; i += L) {
            FloatVector v = FloatVector.fromArray(S, x, xo + i);
            FloatVector arg = v.mul(scaleA).max(v.mul(scaleB));
            FloatVector xc = arg.max(EXP_MIN).min(EXP_MAX);
            FloatVector t = xc.fma(LOG2E, ROUND);
            FloatVector k = t.sub(ROUND);
            FloatVector r = k.fma(bc(-LN2_HI), xc).add(k.mul(-LN2_LO));
            FloatVector z = r.mul(r);
            FloatVector p = FloatVector.broadcast(S, EXP_P[0]);
            for (int c = 1; c < EXP_P.length; c++) {
                p = p.fma(r, bc(EXP_P[c]));
            }
            FloatVector e = p.fma(z, r).add(1f);
            // times 2, then 2^(k - 1) from bits: k reaches 128 just below overflow and -125 at the bottom of the range
            IntVector bits = ((IntVector) t.reinterpretAsInts()).sub(ROUND_BITS - 126)
                    .lanewise(VectorOperators.LSHL, 23);
            e = e.mul(2f).mul((FloatVector) bits.reinterpretAsFloats());
            e = e.blend(0f, arg.compare(VectorOperators.LT, EXP_MIN));
            e = e.blend(Float.POSITIVE_INFINITY, arg.compare(VectorOperators.GT, EXP_MAX));
            if (fn == EXP) {
                e.intoArray(out, oo + i);
            } else if (fn == SIGMOID) {
                FloatVector.broadcast(S, 1f).div(e.add(1f)).intoArray(out, oo + i);
            } else {
                FloatVector a = v.abs();
                FloatVector v2 = v.mul(v);
                FloatVector q = FloatVector.broadcast(S, TANH_P[0]);
                for (int c = 1; c < TANH_P.length; c++) {
                    q = q.fma(v2, bc(TANH_P[c]));
                }
                FloatVector small = q.mul(v2).fma(v, v);
                FloatVector large = FloatVector.broadcast(S, 1f).sub(FloatVector.broadcast(S, 2f).div(e.add(1f)));
                large = large.blend(large.neg(), v.compare(VectorOperators.LT, 0f));
                // zeros pass through: the fma would turn -0 into +0
                FloatVector y = large.blend(small, a.compare(VectorOperators.LT, TANH_SMALL));
                y.blend(v, v.compare(VectorOperators.EQ, 0f)).intoArray(out, oo + i);
            }
        }
        for (; i < n; i++) {
            float v = x[xo + i];
            out[oo + i] = fn == EXP ? exp(v) : fn == SIGMOID ? sigmoid(v) : tanh(v);
        }
    }

    /** The scalar twin of {@link #exp(int, float[], int, float[], int)}. */
    static float exp(float x) {
        float xc = Math.min(Math.max(x, EXP_MIN), EXP_MAX);
        float t = Math.fma(xc, LOG2E, ROUND);
        float n = t - ROUND;
        float r = Math.fma(n, -LN2_HI, xc) + n * -LN2_LO;
        float z = r * r;
        float p = EXP_P[0];
        for (int k = 1; k < EXP_P.length; k++) {
            p = Math.fma(p, r, EXP_P[k]);
        }
        float y = Math.fma(p, z, r) + 1f;
        y = y * 2f * Float.intBitsToFloat((Float.floatToRawIntBits(t) - (ROUND_BITS - 126)) << 23);
        if (x < EXP_MIN) {
            return 0f;
        }
        return x > EXP_MAX ? Float.POSITIVE_INFINITY : y;
    }

    /** The scalar twin of {@link #sigmoid(int, float[], int, float[], int)}. */
    static float sigmoid(float x) {
        return 1f / (exp(-x) + 1f);
    }

    /** The scalar twin of {@link #tanh(int, float[], int, float[], int)}. */
    static float tanh(float x) {
        float a = Math.abs(x);
        float z = x * x;
        float p = TANH_P[0];
        for (int k = 1; k < TANH_P.length; k++) {
            p = Math.fma(p, z, TANH_P[k]);
        }
        if (x == 0f) {
            return x;
        }
        if (a < TANH_SMALL) {
            return Math.fma(p * z, x, x);
        }
        float large = 1f - 2f / (exp(a + a) + 1f);
        return x < 0f ? -large : large;
    }

    // ---- log ------------------------------------------------------------------------------------------------------

    /**
     * {@code out = ln x}, element-wise; {@code out} may be {@code x}. x = m 2^e with m in [sqrt(1/2), sqrt(2)), ln(m)
     * by a polynomial in m - 1, plus e ln2 in two parts.
     */
    static void log(int n, float[] x, int xo, float[] out, int oo) {
        int i = 0;
        for (int bound = S.loopBound(n); i < bound; i += L) {
            FloatVector v = FloatVector.fromArray(S, x, xo + i);
            VectorMask<Float> subnormal = v.compare(VectorOperators.LT, MIN_NORMAL);
            FloatVector xs = v.blend(v.mul(0x1p25f), subnormal);
            FloatVector bias = FloatVector.broadcast(S, 126f).blend(151f, subnormal);
            IntVector bits = (IntVector) xs.reinterpretAsInts();
            FloatVector e = ((FloatVector) bits.lanewise(VectorOperators.LSHR, 23).and(0xff)
                    .convert(VectorOperators.I2F, 0)).sub(bias);
            FloatVector m = (FloatVector) bits.and(0x807fffff).or(0x3f000000).reinterpretAsFloats();
            VectorMask<Float> low = m.compare(VectorOperators.LT, SQRT_HALF);
            e = e.sub(FloatVector.zero(S).blend(1f, low));
            FloatVector f = m.add(m.blend(0f, low.not())).sub(1f);
            FloatVector z = f.mul(f);
            FloatVector p = FloatVector.broadcast(S, LOG_P[0]);
            for (int k = 1; k < LOG_P.length; k++) {
                p = p.fma(f, bc(LOG_P[k]));
            }
            FloatVector y = p.mul(f).mul(z);
            y = e.fma(bc(LN2_LO), y);
            y = z.fma(bc(-0.5f), y);
            FloatVector r = e.fma(bc(LN2_HI), f.add(y));
            r = r.blend(Float.NaN, v.compare(VectorOperators.LT, 0f).or(v.test(VectorOperators.IS_NAN)));
            r = r.blend(Float.NEGATIVE_INFINITY, v.compare(VectorOperators.EQ, 0f));
            r.blend(Float.POSITIVE_INFINITY, v.compare(VectorOperators.EQ, Float.POSITIVE_INFINITY))
                    .intoArray(out, oo + i);
        }
        for (; i < n; i++) {
            out[oo + i] = log(x[xo + i]);
        }
    }

    /** The scalar twin of {@link #log(int, float[], int, float[], int)}. */
    static float log(float x) {
        boolean subnormal = x < MIN_NORMAL;
        float xs = subnormal ? x * 0x1p25f : x;
        float bias = subnormal ? 151f : 126f;
        int bits = Float.floatToRawIntBits(xs);
        float e = (float) ((bits >>> 23) & 0xff) - bias;
        float m = Float.intBitsToFloat((bits & 0x807fffff) | 0x3f000000);
        boolean low = m < SQRT_HALF;
        e = e - (low ? 1f : 0f);
        float f = m + (low ? m : 0f) - 1f;
        float z = f * f;
        float p = LOG_P[0];
        for (int k = 1; k < LOG_P.length; k++) {
            p = Math.fma(p, f, LOG_P[k]);
        }
        float y = p * f * z;
        y = Math.fma(e, LN2_LO, y);
        y = Math.fma(z, -0.5f, y);
        float r = Math.fma(e, LN2_HI, f + y);
        if (x < 0f || Float.isNaN(x)) {
            return Float.NaN;
        }
        if (x == 0f) {
            return Float.NEGATIVE_INFINITY;
        }
        return x == Float.POSITIVE_INFINITY ? Float.POSITIVE_INFINITY : r;
    }

    // ---- acos -----------------------------------------------------------------------------------------------------

    /**
     * {@code out = acos x}, element-wise; {@code out} may be {@code x}. pi/2 - asin(x) for |x| <= 0.5, else
     * 2 asin(sqrt((1 -+ x) / 2)) folded to the right quadrant; asin(a) for |a| <= 0.5 as a + a^3 P(a^2), once per
     * lane on the argument its range picks.
     */
    static void acos(int n, float[] x, int xo, float[] out, int oo) {
        int i = 0;
        for (int bound = S.loopBound(n); i < bound; i += L) {
            FloatVector v = FloatVector.fromArray(S, x, xo + i);
            VectorMask<Float> high = v.compare(VectorOperators.GT, 0.5f);
            VectorMask<Float> low = v.compare(VectorOperators.LT, -0.5f);
            FloatVector a = v.blend(FloatVector.broadcast(S, 1f).sub(v).mul(0.5f).sqrt(), high)
                    .blend(v.add(1f).mul(0.5f).sqrt(), low);
            FloatVector z = a.mul(a);
            FloatVector p = FloatVector.broadcast(S, ASIN_P[0]);
            for (int k = 1; k < ASIN_P.length; k++) {
                p = p.fma(z, bc(ASIN_P[k]));
            }
            FloatVector asin = p.mul(z).fma(a, a);
            FloatVector r = FloatVector.broadcast(S, HALF_PI).sub(asin);
            r = r.blend(asin.mul(2f), high);
            r.blend(FloatVector.broadcast(S, PI).sub(asin.mul(2f)), low).intoArray(out, oo + i);
        }
        for (; i < n; i++) {
            out[oo + i] = acos(x[xo + i]);
        }
    }

    private static float asinSmall(float a) {
        float z = a * a;
        float p = ASIN_P[0];
        for (int k = 1; k < ASIN_P.length; k++) {
            p = Math.fma(p, z, ASIN_P[k]);
        }
        return Math.fma(p * z, a, a);
    }

    /** The scalar twin of {@link #acos(int, float[], int, float[], int)}. */
    static float acos(float x) {
        if (x > 0.5f) {
            return asinSmall((float) Math.sqrt((1f - x) * 0.5f)) * 2f;
        }
        if (x < -0.5f) {
            return PI - asinSmall((float) Math.sqrt((x + 1f) * 0.5f)) * 2f;
        }
        return HALF_PI - asinSmall(x);
    }

    // ---- lane sums ------------------------------------------------------------------------------------------------

    /** The sum of the lanes, added pairwise in a fixed order (lane i with lane i + w, w halving), in every tier. */
    static float sumLanes(FloatVector v) {
        FloatVector s = v;
        for (int w = S.length() >> 1; w > 0; w >>= 1) {
            s = s.add(s.slice(w));
        }
        return s.lane(0);
    }
}
