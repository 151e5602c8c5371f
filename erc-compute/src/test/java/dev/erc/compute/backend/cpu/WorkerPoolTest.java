package dev.erc.compute.backend.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicIntegerArray;
import org.junit.jupiter.api.Test;

class WorkerPoolTest {

    @Test
    void aCallMadeBeforeTheWorkersAreScheduledStillRunsEveryPart() {
        // regression: a worker that read the epoch only once running missed the first call and hung the caller
        assertTimeoutPreemptively(Duration.ofSeconds(60), () -> {
            for (int i = 0; i < 300; i++) {
                WorkerPool pool = new WorkerPool(3);
                AtomicIntegerArray ran = new AtomicIntegerArray(3);
                pool.run(ran::incrementAndGet);
                for (int p = 0; p < 3; p++) {
                    assertEquals(1, ran.get(p), "part " + p + " of pool " + i);
                }
            }
        });
    }

    @Test
    void everyPartRunsOncePerCallOverManyCalls() {
        WorkerPool pool = new WorkerPool(2);
        AtomicIntegerArray ran = new AtomicIntegerArray(2);
        assertTimeoutPreemptively(Duration.ofSeconds(60), () -> {
            for (int i = 0; i < 20_000; i++) {
                pool.run(ran::incrementAndGet);
            }
        });
        assertEquals(20_000, ran.get(0));
        assertEquals(20_000, ran.get(1));
    }

    @Test
    void theCallerRunsThePartsNoWorkerWokeUpToClaim() {
        // a worker parked (or its core lent elsewhere) must not hold the call up: here the workers never run at all
        WorkerPool pool = new WorkerPool(3, false);
        AtomicIntegerArray ran = new AtomicIntegerArray(3);
        Thread[] by = new Thread[3];
        Thread[] caller = new Thread[1];
        assertTimeoutPreemptively(Duration.ofSeconds(30), () -> {
            caller[0] = Thread.currentThread();
            pool.run(part -> {
                ran.incrementAndGet(part);
                by[part] = Thread.currentThread();
            });
            pool.run(ran::incrementAndGet);
        });
        for (int p = 0; p < 3; p++) {
            assertEquals(2, ran.get(p), "part " + p);
            assertEquals(caller[0], by[p], "part " + p + " ran on the caller");
        }
    }

    @Test
    void aFailingPartIsRethrownInTheCaller() {
        WorkerPool pool = new WorkerPool(2);
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> pool.run(part -> {
            if (part == 1) {
                throw new IllegalStateException("part 1 failed");
            }
        }));
        assertEquals("part 1 failed", e.getMessage());
        AtomicIntegerArray ran = new AtomicIntegerArray(2);
        pool.run(ran::incrementAndGet);
        assertEquals(1, ran.get(1), "the pool still works after a failure");
    }
}
