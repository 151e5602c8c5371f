package dev.erc.compute.backend.cpu;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.SplittableRandom;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** {@link VectorBackend#concurrently}: two threads when the pool is free, inline otherwise, GEMMs unchanged. */
class ConcurrentlyTest {

    private static final int M = 160;
    private static final int N = 400;
    private static final int K = 300;

    @Test
    void theTwoRunAtTheSameTimeWhenThePoolIsFree() throws InterruptedException {
        VectorBackend be = new VectorBackend(2);
        Thread[] ran = runTogether(be);
        assertEquals(Thread.currentThread(), ran[0]);
        assertNotEquals(ran[0], ran[1], "the second ran on a worker");
    }

    /**
     * Runs two parts where the first waits for the second to start: they can only both finish when a worker takes the
     * second while the caller is in the first. The threads that ran them.
     */
    private static Thread[] runTogether(VectorBackend be) throws InterruptedException {
        Thread[] ran = new Thread[2];
        CountDownLatch secondStarted = new CountDownLatch(1);
        boolean[] met = new boolean[1];
        be.concurrently(() -> {
            ran[0] = Thread.currentThread();
            try {
                met[0] = secondStarted.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, () -> {
            ran[1] = Thread.currentThread();
            secondStarted.countDown();
        });
        assertTrue(met[0], "the second started while the first was running");
        return ran;
    }

    @Test
    void oneThreadRunsTheTwoInOrder() {
        VectorBackend be = new VectorBackend(1);
        StringBuilder order = new StringBuilder();
        be.concurrently(() -> order.append(Thread.currentThread().getName()).append(" first;"),
                () -> order.append(Thread.currentThread().getName()).append(" second"));
        String me = Thread.currentThread().getName();
        assertEquals(me + " first;" + me + " second", order.toString());
    }

    @Test
    void gemmsInsideEitherPartGiveTheBitsOfATwoThreadGemm() {
        VectorBackend be = new VectorBackend(2);
        SplittableRandom rng = new SplittableRandom(11);
        float[] a = random(rng, M * K);
        float[] b = random(rng, N * K);
        float[] alone = new float[M * N];
        be.sgemm(false, true, M, N, K, 1f, a, 0, K, b, 0, K, 0f, alone, 0, N);
        float[] first = new float[M * N];
        float[] second = new float[M * N];
        be.concurrently(() -> be.sgemm(false, true, M, N, K, 1f, a, 0, K, b, 0, K, 0f, first, 0, N),
                () -> be.sgemm(false, true, M, N, K, 1f, a, 0, K, b, 0, K, 0f, second, 0, N));
        assertArrayEquals(alone, first);
        assertArrayEquals(alone, second);
        float[] oneThread = new float[M * N];
        new VectorBackend(1).sgemm(false, true, M, N, K, 1f, a, 0, K, b, 0, K, 0f, oneThread, 0, N);
        assertArrayEquals(alone, oneThread, "the split between cores does not change a tile's sums");
    }

    @Test
    void aNestedCallRunsInlineInsteadOfWaitingForTheBusyPool() {
        VectorBackend be = new VectorBackend(2);
        AtomicInteger ran = new AtomicInteger();
        assertTimeoutPreemptively(Duration.ofSeconds(30), () -> be.concurrently(
                () -> be.concurrently(ran::incrementAndGet, ran::incrementAndGet),
                () -> be.concurrently(ran::incrementAndGet, ran::incrementAndGet)));
        assertEquals(4, ran.get());
    }

    @Test
    void aFailureInEitherIsThrownAndThePoolStillWorks() throws InterruptedException {
        VectorBackend be = new VectorBackend(2);
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> be.concurrently(() -> { }, () -> {
                    throw new IllegalStateException("second failed");
                }));
        assertEquals("second failed", e.getMessage());
        Thread[] ran = runTogether(be);
        assertNotEquals(ran[0], ran[1], "the pool was released after the failure");
    }

    private static float[] random(SplittableRandom rng, int n) {
        float[] x = new float[n];
        for (int i = 0; i < n; i++) {
            x[i] = (float) rng.nextDouble(-1, 1);
        }
        return x;
    }
}
