package dev.erc.compute.backend;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every kernel of the Vector API backend against the scalar oracle, on sizes that leave tails (1, 7, 15, 17, 33,
 * 129, 1000) and at offsets. Run twice by the build: at the CPU's preferred vector width and at 256 bits (the
 * AVX2 tile shape).
 */
class VectorKernelTest {

    static final double RTOL = 1e-5;
    static final int[] SIZES = {1, 3, 7, 15, 16, 17, 33, 129, 1000};

    static Backend scalar;
    static Backend vector;

    /**
     * In the build's {@code c2-compiled} runs (erc-compute's pom) every kernel is C2-compiled before its first call,
     * so the comparisons below are of C2 code against the oracle; this fails if those flags stop reaching the JVM.
     */
    @Test
    void c2RunsAreCompiledByC2() {
        if (Boolean.getBoolean("erc.test.c2")) {
            List<String> args = java.lang.management.ManagementFactory.getRuntimeMXBean().getInputArguments();
            assertTrue(args.contains("-Xcomp") && args.contains("-XX:-TieredCompilation"), args.toString());
        }
    }

    @BeforeAll
    static void backends() throws BackendUnavailableException {
        scalar = Backends.get("scalar");
        vector = Backends.get("cpu");
    }

    private static float[] random(int n, long seed, double lo, double hi) {
        SplittableRandom r = new SplittableRandom(seed);
        float[] x = new float[n];
        for (int i = 0; i < n; i++) {
            x[i] = (float) (lo + (hi - lo) * r.nextDouble());
        }
        return x;
    }

    /** |a - b| <= RTOL * scale per element, where scale bounds the magnitude of the terms that formed b. */
    private static void assertClose(String what, float[] expected, float[] actual, float[] scale) {
        assertEquals(expected.length, actual.length, what + ": length");
        for (int i = 0; i < expected.length; i++) {
            double tol = RTOL * Math.max(scale == null ? Math.abs(expected[i]) : scale[i], 1e-6);
            if (!(Math.abs(expected[i] - actual[i]) <= tol)) {
                fail(what + "[" + i + "]: scalar " + expected[i] + " vs vector " + actual[i] + " (tol " + tol + ")");
            }
        }
    }

    static Stream<Arguments> gemmShapes() {
        int[][] shapes = {{1, 1, 1}, {7, 33, 129}, {129, 7, 33}, {33, 129, 7}, {13, 31, 1}, {1, 129, 33},
                {100, 200, 300}, {24, 64, 1000}, {257, 65, 1100}, {16, 400, 100}, {30, 70, 1600}, {40, 200, 1700},
                {61, 194, 300}};
        return Stream.of(shapes).flatMap(s -> IntStream.range(0, 4).mapToObj(t ->
                Arguments.of(s[0], s[1], s[2], (t & 1) != 0, (t & 2) != 0)));
    }

    /**
     * Alpha 1 and 0.75: with alpha 1 a non-transposed A of few columns is read where it lies ({@code DirectKernels}),
     * otherwise it is packed (scaled by alpha). 40 x 200 x 1700 and 61 x 194 x 300 read A in place and end in a column
     * tile of at most half a vector (8 columns at 512 bits, 2 at 128 and 256), over K slices whose depth is not a
     * whole number of vectors.
     */
    @ParameterizedTest(name = "sgemm m={0} n={1} k={2} transA={3} transB={4}")
    @MethodSource("gemmShapes")
    void sgemmMatchesScalar(int m, int n, int k, boolean ta, boolean tb) {
        Operands o = Operands.of(m, n, k, ta, tb, 1);
        for (float alpha : new float[] {1f, 0.75f}) {
            float[] cs = o.c0.clone();
            float[] cv = o.c0.clone();
            scalar.sgemm(ta, tb, m, n, k, alpha, o.a, 7, o.lda, o.b, 11, o.ldb, 0.5f, cs, 4, o.ldc);
            vector.sgemm(ta, tb, m, n, k, alpha, o.a, 7, o.lda, o.b, 11, o.ldb, 0.5f, cv, 4, o.ldc);
            // the error bound of a dot product scales with sum |a_ip * b_pj|
            float[] scale = new float[cs.length];
            java.util.Arrays.fill(scale, 1f);
            scalar.sgemm(ta, tb, m, n, k, alpha, absolute(o.a), 7, o.lda, absolute(o.b), 11, o.ldb, 1f, scale, 4,
                    o.ldc);
            assertClose("sgemm alpha " + alpha, cs, cv, scale);
        }
    }

    /**
     * GEMM operands inside larger arrays (A at offset 7, B at 11, C at 4), with leading dimensions wider than the
     * matrices, drawn from seeds {@code seed}, {@code seed + 1}, {@code seed + 2}.
     */
    private record Operands(int lda, int ldb, int ldc, float[] a, float[] b, float[] c0) {
        static Operands of(int m, int n, int k, boolean ta, boolean tb, long seed) {
            int lda = (ta ? m : k) + 3;
            int ldb = (tb ? k : n) + 5;
            int ldc = n + 2;
            return new Operands(lda, ldb, ldc, random(7 + (ta ? k : m) * lda, seed, -1, 1),
                    random(11 + (tb ? n : k) * ldb, seed + 1, -1, 1), random(4 + m * ldc, seed + 2, -1, 1));
        }
    }

    /**
     * B packed once gives the unpacked product's bits on each backend, at every shape above (K beyond one slice, edge
     * columns, products split by rows and by columns between the threads); a matrix packed by another backend, or
     * of the wrong size, is refused.
     */
    @ParameterizedTest(name = "packed sgemm m={0} n={1} k={2} transA={3} transB={4}")
    @MethodSource("gemmShapes")
    void packedBGivesTheUnpackedBits(int m, int n, int k, boolean ta, boolean tb) {
        Operands o = Operands.of(m, n, k, ta, tb, 4);
        int lda = o.lda;
        int ldb = o.ldb;
        int ldc = o.ldc;
        float[] a = o.a;
        float[] b = o.b;
        float[] c0 = o.c0;
        for (Backend be : new Backend[] {scalar, vector}) {
            float[] plain = c0.clone();
            float[] packed = c0.clone();
            be.sgemm(ta, tb, m, n, k, 0.75f, a, 7, lda, b, 11, ldb, 0.5f, plain, 4, ldc);
            PackedMatrix pb = be.pack(tb, k, n, b, 11, ldb);
            be.sgemm(ta, m, n, k, 0.75f, a, 7, lda, pb, 0.5f, packed, 4, ldc);
            org.junit.jupiter.api.Assertions.assertArrayEquals(plain, packed, be.name());
        }
        PackedMatrix foreign = scalar.pack(tb, k, n, b, 11, ldb);
        org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> vector.sgemm(ta, m, n, k, 1f, a, 7, lda, foreign, 0f, c0.clone(), 4, ldc));
        PackedMatrix wrong = vector.pack(tb, k, n, b, 11, ldb);
        org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> vector.sgemm(ta, m, n, k + 1, 1f, a, 7, lda, wrong, 0f, c0.clone(), 4, ldc));
    }

    @Test
    void sgemmWithBetaZeroIgnoresGarbageInC() {
        int m = 17, n = 33, k = 9;
        float[] a = random(m * k, 1, -1, 1);
        float[] b = random(k * n, 2, -1, 1);
        float[] cs = new float[m * n];
        float[] cv = new float[m * n];
        java.util.Arrays.fill(cv, Float.NaN);
        scalar.sgemm(false, false, m, n, k, 1f, a, 0, k, b, 0, n, 0f, cs, 0, n);
        vector.sgemm(false, false, m, n, k, 1f, a, 0, k, b, 0, n, 0f, cv, 0, n);
        float[] scale = new float[m * n];
        scalar.sgemm(false, false, m, n, k, 1f, absolute(a), 0, k, absolute(b), 0, n, 0f, scale, 0, n);
        assertClose("sgemm beta=0", cs, cv, scale);
    }

    @ParameterizedTest
    @EnumSource(BinaryOp.class)
    void binaryKernelsMatchScalar(BinaryOp op) {
        for (int n : SIZES) {
            float[] x = random(n + 3, n, -2, 2);
            float[] y = random(n + 5, n + 1, 0.5, 2);
            float[] os = new float[n + 2];
            float[] ov = new float[n + 2];
            scalar.binary(op, n, x, 3, y, 5, os, 2);
            vector.binary(op, n, x, 3, y, 5, ov, 2);
            assertClose(op + " n=" + n, os, ov, null);
            scalar.binaryScalar(op, n, x, 3, 1.7f, os, 2);
            vector.binaryScalar(op, n, x, 3, 1.7f, ov, 2);
            assertClose(op + " scalar n=" + n, os, ov, null);
            float[] as = random(n + 1, 9, -1, 1);
            float[] av = as.clone();
            float[] terms = new float[n + 1];
            scalar.binary(op, n, x, 3, y, 5, terms, 1);
            float[] scale = magnitude(as, terms);
            scalar.binaryAccumulate(op, n, x, 3, y, 5, as, 1);
            vector.binaryAccumulate(op, n, x, 3, y, 5, av, 1);
            assertClose(op + " accumulate n=" + n, as, av, scale);
        }
    }

    @ParameterizedTest
    @EnumSource(UnaryOp.class)
    void unaryKernelsMatchScalar(UnaryOp op) {
        boolean positive = op == UnaryOp.LOG || op == UnaryOp.SQRT;
        double lo = op == UnaryOp.ACOS ? -0.95 : positive ? 0.05 : -4;
        double hi = op == UnaryOp.ACOS ? 0.95 : 4;
        for (int n : SIZES) {
            float[] x = random(n + 1, n * 31L, lo, hi);
            float[] os = new float[n];
            float[] ov = new float[n];
            scalar.unary(op, n, x, 1, os, 0);
            vector.unary(op, n, x, 1, ov, 0);
            assertClose(op + " n=" + n, os, ov, null);
            float[] xs = java.util.Arrays.copyOfRange(x, 1, n + 1);
            float[] gy = random(n, 5, -1, 1);
            float[] gs = random(n, 6, -1, 1);
            float[] gv = gs.clone();
            float[] terms = new float[n];
            scalar.unaryBackward(op, n, xs, os, gy, terms);
            float[] scale = magnitude(gs, terms);
            scalar.unaryBackward(op, n, xs, os, gy, gs);
            vector.unaryBackward(op, n, xs, os, gy, gv);
            assertClose(op + " backward n=" + n, gs, gv, scale);
        }
    }

    @Test
    void axpySumDotMatchScalar() {
        for (int n : SIZES) {
            float[] x = random(n + 2, n, -1, 1);
            float[] ys = random(n + 1, n + 7, -1, 1);
            float[] yv = ys.clone();
            float[] terms = new float[n + 1];
            scalar.axpy(n, -0.3f, x, 2, terms, 1);
            float[] scale = magnitude(ys, terms);
            scalar.axpy(n, -0.3f, x, 2, ys, 1);
            vector.axpy(n, -0.3f, x, 2, yv, 1);
            assertClose("axpy n=" + n, ys, yv, scale);
            double absSum = scalar.sum(n, absolute(x), 2);
            assertEquals(scalar.sum(n, x, 2), vector.sum(n, x, 2), RTOL * Math.max(absSum, 1e-6), "sum n=" + n);
            double absDot = scalar.dot(n, absolute(x), 2, absolute(ys), 1);
            assertEquals(scalar.dot(n, x, 2, ys, 1), vector.dot(n, x, 2, ys, 1), RTOL * Math.max(absDot, 1e-6),
                    "dot n=" + n);
        }
    }

    /** Per-element bound |a| + |b| on the terms of a sum, for results that may cancel to near zero. */
    private static float[] magnitude(float[] a, float[] b) {
        float[] m = new float[a.length];
        for (int i = 0; i < m.length; i++) {
            m[i] = Math.abs(a[i]) + Math.abs(b[i]);
        }
        return m;
    }

    private static float[] absolute(float[] x) {
        float[] a = x.clone();
        for (int i = 0; i < a.length; i++) {
            a[i] = Math.abs(a[i]);
        }
        return a;
    }

    @Test
    void softmaxRowsMatchScalar() {
        for (boolean log : new boolean[] {false, true}) {
            for (int cols : SIZES) {
                int rows = 3;
                float[] x = random(rows * cols, cols, -5, 5);
                float[] os = new float[x.length];
                float[] ov = new float[x.length];
                scalar.softmaxRows(log, rows, cols, x, os);
                vector.softmaxRows(log, rows, cols, x, ov);
                // log-softmax is x - max - log(z): its rounding scales with those terms, not with the result
                float[] scale = magnitude(x, os);
                for (int i = 0; i < scale.length; i++) {
                    scale[i] = log ? scale[i] + 5f : Math.abs(os[i]);
                }
                assertClose("softmax log=" + log + " cols=" + cols, os, ov, scale);
                float[] gy = random(x.length, 4, -1, 1);
                float[] gs = random(x.length, 5, -1, 1);
                float[] gv = gs.clone();
                scalar.softmaxRowsBackward(log, rows, cols, os, gy, gs);
                vector.softmaxRowsBackward(log, rows, cols, os, gy, gv);
                float[] gscale = new float[x.length];
                java.util.Arrays.fill(gscale, (float) Math.max(1, scalar.sum(x.length, absolute(gy), 0)));
                assertClose("softmax backward log=" + log + " cols=" + cols, gs, gv, gscale);
            }
        }
    }

    @Test
    void layerNormRowsMatchScalar() {
        for (int cols : SIZES) {
            int rows = 4;
            float[] x = random(rows * cols, cols, -3, 3);
            float[] gamma = random(cols, 1, 0.5, 1.5);
            float[] beta = random(cols, 2, -1, 1);
            float[] os = new float[x.length];
            float[] ov = new float[x.length];
            float[] ms = new float[rows];
            float[] mv = new float[rows];
            float[] rs = new float[rows];
            float[] rv = new float[rows];
            scalar.layerNormRows(rows, cols, 1e-5f, x, gamma, beta, os, ms, rs);
            vector.layerNormRows(rows, cols, 1e-5f, x, gamma, beta, ov, mv, rv);
            float[] scale = new float[x.length];
            java.util.Arrays.fill(scale, 10f);
            assertClose("layerNorm cols=" + cols, os, ov, scale);
            float[] gy = random(x.length, 3, -1, 1);
            float[] gxs = new float[x.length];
            float[] gxv = new float[x.length];
            float[] ggs = new float[cols];
            float[] ggv = new float[cols];
            float[] gbs = new float[cols];
            float[] gbv = new float[cols];
            scalar.layerNormRowsBackward(rows, cols, x, gamma, ms, rs, gy, gxs, ggs, gbs);
            vector.layerNormRowsBackward(rows, cols, x, gamma, ms, rs, gy, gxv, ggv, gbv);
            float[] gscale = new float[x.length];
            java.util.Arrays.fill(gscale, 10f * Math.max(1, rs[0]));
            assertClose("layerNorm dx cols=" + cols, gxs, gxv, gscale);
            assertClose("layerNorm dgamma cols=" + cols, ggs, ggv, java.util.Arrays.copyOf(gscale, cols));
            assertClose("layerNorm dbeta cols=" + cols, gbs, gbv, java.util.Arrays.copyOf(gscale, cols));
        }
    }

    @Test
    void lstmCellMatchesScalar() {
        for (int hidden : new int[] {1, 7, 16, 17, 100}) {
            int rows = 3;
            float[] gates = random(rows * 4 * hidden, hidden, -3, 3);
            float[] cPrev = random(rows * hidden, 2, -1, 1);
            float[][] s = {gates.clone(), new float[rows * hidden], new float[rows * hidden], new float[rows * hidden]};
            float[][] v = {gates.clone(), new float[rows * hidden], new float[rows * hidden], new float[rows * hidden]};
            scalar.lstmCell(rows, hidden, s[0], 0, cPrev, 0, s[1], 0, s[2], 0, s[3], 0);
            vector.lstmCell(rows, hidden, v[0], 0, cPrev, 0, v[1], 0, v[2], 0, v[3], 0);
            for (int i = 0; i < 4; i++) {
                assertClose("lstmCell buffer " + i + " hidden=" + hidden, s[i], v[i], ones(s[i].length));
            }
            float[] dh = random(rows * hidden, 3, -1, 1);
            float[] dcS = random(rows * hidden, 4, -1, 1);
            float[] dcV = dcS.clone();
            float[] dgS = new float[gates.length];
            float[] dgV = new float[gates.length];
            scalar.lstmCellBackward(rows, hidden, s[0], 0, cPrev, 0, s[2], 0, dh, 0, dcS, 0, dgS, 0);
            vector.lstmCellBackward(rows, hidden, s[0], 0, cPrev, 0, s[2], 0, dh, 0, dcV, 0, dgV, 0);
            assertClose("lstmCellBackward dGates hidden=" + hidden, dgS, dgV, ones(dgS.length));
            assertClose("lstmCellBackward dc hidden=" + hidden, dcS, dcV, ones(dcS.length));
        }
    }

    @Test
    void gruCellMatchesScalar() {
        for (int hidden : new int[] {1, 7, 16, 17, 100}) {
            int rows = 3;
            float[] gx = random(rows * 3 * hidden, hidden, -3, 3);
            float[] gh = random(rows * 3 * hidden, hidden + 1, -3, 3);
            float[] hPrev = random(rows * hidden, 2, -1, 1);
            float[] gxS = gx.clone();
            float[] gxV = gx.clone();
            float[] hS = new float[rows * hidden];
            float[] hV = new float[rows * hidden];
            scalar.gruCell(rows, hidden, gxS, 0, gh, 0, hPrev, 0, hS, 0);
            vector.gruCell(rows, hidden, gxV, 0, gh, 0, hPrev, 0, hV, 0);
            assertClose("gruCell activations hidden=" + hidden, gxS, gxV, ones(gxS.length));
            assertClose("gruCell h hidden=" + hidden, hS, hV, ones(hS.length));
            float[] dh = random(rows * hidden, 3, -1, 1);
            float[][] s = {new float[gx.length], new float[gx.length], new float[rows * hidden]};
            float[][] v = {new float[gx.length], new float[gx.length], new float[rows * hidden]};
            scalar.gruCellBackward(rows, hidden, gxS, 0, gh, 0, hPrev, 0, dh, 0, s[0], 0, s[1], 0, s[2], 0);
            vector.gruCellBackward(rows, hidden, gxS, 0, gh, 0, hPrev, 0, dh, 0, v[0], 0, v[1], 0, v[2], 0);
            for (int i = 0; i < 3; i++) {
                assertClose("gruCellBackward buffer " + i + " hidden=" + hidden, s[i], v[i], ones(s[i].length));
            }
        }
    }

    /** Unit error scale: the cell kernels' values and gradients are O(1) and mix terms of that size. */
    private static float[] ones(int n) {
        float[] o = new float[n];
        java.util.Arrays.fill(o, 1f);
        return o;
    }
}
