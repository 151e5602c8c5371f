package dev.erc.compute.backend.cpu;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.function.IntConsumer;

/**
 * A fixed set of daemon threads that run the parts of one parallel kernel call; the calling thread runs part 0.
 * Unlike a ForkJoin pool it creates no task objects per call, and workers spin briefly before parking so that the
 * back-to-back GEMMs of a training step do not pay a wake-up each.
 */
final class WorkerPool {

    /**
     * Spin-waits before a worker (or the caller) parks; {@code -Derc.worker.spins=N} overrides. The default is set by
     * {@code bench/spin.sh} (docs/PERFORMANCE.md): spinning costs request threads CPU when many threads predict at
     * once, and saves a wake-up per GEMM when one thread trains.
     */
    static final int SPINS = Tuning.integer("erc.worker.spins", 2_000, 0);

    private final Thread[] workers;
    private volatile IntConsumer body;
    private volatile int epoch;
    private volatile Thread caller;
    private volatile Throwable failure;
    private final AtomicInteger remaining = new AtomicInteger();
    /** Held by the one call the pool serves at a time; not reentrant, so work nested in a part runs inline. */
    private final java.util.concurrent.atomic.AtomicBoolean busy = new java.util.concurrent.atomic.AtomicBoolean();

    WorkerPool(int parallelism) {
        workers = new Thread[Math.max(0, parallelism - 1)];
        for (int i = 0; i < workers.length; i++) {
            int part = i + 1;
            // the epoch a worker starts from is fixed here, not read when the thread first runs: a call made before
            // the thread is scheduled would otherwise be mistaken for one already done
            int startEpoch = epoch;
            Thread t = new Thread(() -> loop(part, startEpoch), "erc-cpu-worker-" + part);
            t.setDaemon(true);
            workers[i] = t;
            t.start();
        }
    }

    /** Number of parts a call runs: the workers plus the caller. */
    int parallelism() {
        return workers.length + 1;
    }

    /**
     * Claims the pool for one call: false when another call (on any thread, or the part this thread is running) holds
     * it, and the caller should then do its work on its own thread. Pair with {@link #release()}.
     */
    boolean tryAcquire() {
        return workers.length > 0 && busy.compareAndSet(false, true);
    }

    void release() {
        busy.set(false);
    }

    /**
     * Runs {@code task.accept(part)} for every part concurrently and returns when all are done; the caller holds the
     * pool ({@link #tryAcquire()}).
     */
    void run(IntConsumer task) {
        if (workers.length == 0) {
            task.accept(0);
            return;
        }
        failure = null;
        body = task;
        caller = Thread.currentThread();
        remaining.set(workers.length);
        epoch++;
        for (Thread w : workers) {
            LockSupport.unpark(w);
        }
        Throwable own = null;
        try {
            task.accept(0);
        } catch (Throwable t) {
            own = t;
        }
        int spins = 0;
        while (remaining.get() > 0) {
            if (++spins < SPINS) {
                Thread.onSpinWait();
            } else {
                LockSupport.parkNanos(this, 50_000);
            }
        }
        body = null;
        Throwable f = own != null ? own : failure;
        if (f instanceof RuntimeException r) {
            throw r;
        }
        if (f instanceof Error e) {
            throw e;
        }
    }

    private void loop(int part, int startEpoch) {
        int seen = startEpoch;
        while (true) {
            int spins = 0;
            while (epoch == seen) {
                if (++spins < SPINS) {
                    Thread.onSpinWait();
                } else {
                    LockSupport.park(this);
                }
            }
            seen = epoch;
            try {
                body.accept(part);
            } catch (Throwable t) {
                failure = t;
            }
            if (remaining.decrementAndGet() == 0) {
                LockSupport.unpark(caller);
            }
        }
    }
}
