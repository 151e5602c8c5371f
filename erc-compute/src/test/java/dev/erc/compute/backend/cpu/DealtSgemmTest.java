package dev.erc.compute.backend.cpu;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.time.Duration;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A parallel GEMM deals its blocks out to whichever thread asks ({@link VectorSgemm}): whatever the number of threads,
 * whether the workers wake at all, and whether B came packed, every element gets the bits of the one-thread product.
 * The shapes take each path: rows dealt over a B packed by the threads (300 x 500 x 400, three K slices at 37 x 1700 x
 * 1100 with edge tiles), over all K at once and, with B's bound for that set to 0, slice after slice; columns dealt
 * over a shared A (a recurrence's 16 x 100 x 400, 20 x 2000 x 300 with K slices); chunks of {@link VectorSgemm#NC}
 * columns by A blocks packed together, slice after slice (200 x 1700 x 700: three slices, a last chunk with an edge
 * tile, at alpha 1 too since 700 columns are too many to read A in place), beta 0 over NaN garbage, 1 and 0.5, and
 * alpha 1 (a non-transposed A of few columns read where it lies, {@link DirectKernels}) and 0.75 (A packed); 40 x 600 x
 * 194 deals columns over an A read in place.
 */
class DealtSgemmTest {

    static Stream<Arguments> products() {
        int[][] shapes = {{300, 400, 500}, {37, 1100, 1700}, {16, 400, 100}, {20, 300, 2000}, {129, 33, 700},
            {200, 700, 1700}, {40, 194, 600}};
        float[] betas = {0f, 1f, 0.5f};
        return Stream.of(shapes).flatMap(s -> IntStream.range(0, 4).boxed().flatMap(t -> Stream.of(betas[t % 3],
                betas[(t + 1) % 3]).map(beta -> Arguments.of(s[0], s[1], s[2], (t & 1) != 0, (t & 2) != 0, beta,
                beta == 0.5f ? 0.75f : 1f))));
    }

    @ParameterizedTest(name = "m={0} n={1} k={2} transA={3} transB={4} beta={5} alpha={6}")
    @MethodSource("products")
    void everySplitGivesTheOneThreadBits(int m, int n, int k, boolean ta, boolean tb, float beta, float alpha) {
        SplittableRandom rng = new SplittableRandom(m * 31L + n * 7L + k);
        int lda = (ta ? m : k) + 3;
        int ldb = (tb ? k : n) + 1;
        int ldc = n + 5;
        float[] a = random(rng, 2 + (ta ? k : m) * lda);
        float[] b = random(rng, 3 + (tb ? n : k) * ldb);
        float[] c0 = random(rng, 1 + m * ldc);
        if (beta == 0f) {
            java.util.Arrays.fill(c0, Float.NaN);
        }
        float[] expected = c0.clone();
        new VectorSgemm(new WorkerPool(1)).sgemm(ta, tb, m, n, k, alpha, a, 2, lda, b, 3, ldb, beta, expected, 1, ldc);
        VectorSgemm.Packed packed = VectorSgemm.pack(tb, k, n, b, 3, ldb);
        for (long wholeB : new long[] {VectorSgemm.WHOLE_B, 0}) {
            String path = wholeB == 0 ? ", slice after slice" : "";
            for (int threads : new int[] {2, 3}) {
                VectorSgemm gemm = new VectorSgemm(new WorkerPool(threads), wholeB);
                float[] c = c0.clone();
                gemm.sgemm(ta, tb, m, n, k, alpha, a, 2, lda, b, 3, ldb, beta, c, 1, ldc);
                assertArrayEquals(expected, c, threads + " threads" + path);
                float[] cPacked = c0.clone();
                gemm.sgemm(ta, m, n, k, alpha, a, 2, lda, packed, beta, cPacked, 1, ldc);
                assertArrayEquals(expected, cPacked, threads + " threads, B packed" + path);
            }
            // workers that never wake: the caller takes every block and every packing unit itself
            VectorSgemm asleep = new VectorSgemm(new WorkerPool(2, false), wholeB);
            float[] c = c0.clone();
            assertTimeoutPreemptively(Duration.ofSeconds(10),
                    () -> asleep.sgemm(ta, tb, m, n, k, alpha, a, 2, lda, b, 3, ldb, beta, c, 1, ldc));
            assertArrayEquals(expected, c, "no worker woke" + path);
        }
    }

    /**
     * An operand shorter than its sizes say fails in the shared packing, or in a block, on whichever thread takes that
     * part; the call throws that failure instead of leaving the other threads waiting for a part that never ends.
     */
    @org.junit.jupiter.api.Test
    void aFailureOnOneThreadIsThrownNotWaitedFor() {
        int m = 300;
        int n = 400;
        int k = 500;
        float[] a = new float[m * k];
        float[] b = new float[k * n - 1];
        VectorSgemm gemm = new VectorSgemm(new WorkerPool(2));
        for (int i = 0; i < 20; i++) {
            assertTimeoutPreemptively(Duration.ofSeconds(20), () -> org.junit.jupiter.api.Assertions.assertThrows(
                    IndexOutOfBoundsException.class,
                    () -> gemm.sgemm(false, false, m, n, k, 1f, a, 0, k, b, 0, n, 0f, new float[m * n], 0, n)));
        }
        // a C shorter than its sizes say fails in a block of the last rows; the threads waiting at the end of that
        // K slice are not left waiting for it (A packed, so column chunks slice after slice)
        float[] fullB = new float[k * n];
        for (int i = 0; i < 20; i++) {
            assertTimeoutPreemptively(Duration.ofSeconds(20), () -> org.junit.jupiter.api.Assertions.assertThrows(
                    IndexOutOfBoundsException.class,
                    () -> gemm.sgemm(false, false, m, n, k, 0.5f, a, 0, k, fullB, 0, n, 1f, new float[m * n - 1], 0,
                            n)));
        }
        float[] c = new float[m * n];
        float[] expected = new float[m * n];
        float[] full = new float[k * n];
        java.util.Arrays.fill(full, 0.5f);
        java.util.Arrays.fill(a, 2f);
        gemm.sgemm(false, false, m, n, k, 1f, a, 0, k, full, 0, n, 0f, c, 0, n);
        java.util.Arrays.fill(expected, k);
        assertArrayEquals(expected, c, "the pool still works after the failures");
    }

    private static float[] random(SplittableRandom rng, int n) {
        float[] x = new float[n];
        for (int i = 0; i < n; i++) {
            x[i] = (float) rng.nextDouble(-1, 1);
        }
        return x;
    }
}
