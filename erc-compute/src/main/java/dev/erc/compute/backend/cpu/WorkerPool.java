package dev.erc.compute.backend.cpu;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import java.util.function.IntConsumer;

/**
 * A fixed set of daemon threads that run the parts of one parallel kernel call. Unlike a ForkJoin pool it creates no
 * task objects per call, and workers spin briefly before parking so that the back-to-back GEMMs of a training step do
 * not pay a wake-up each.
 *
 * <p>Parts are claimed, not assigned: the caller runs part 0, then every part no worker has claimed yet, and waits only
 * for the parts a worker is running. A worker that wakes late (parked, or its core lent to another process, which
 * costs milliseconds on a shared machine) joins the call if a part is left and otherwise waits for the next one, so the
 * call never waits for a wake-up. On a 2-core Xeon VM a parked worker took 40-130 µs to join a call (10 ms at worst);
 * with each part assigned, 1024³ SGEMMs back to back ran at 160 GFLOP/s, with the workers spinning instead of
 * parking at 200; claimed parts and the GEMM's blocks dealt out on demand ({@code VectorSgemm}) give the 200 without
 * the spinning.
 */
final class WorkerPool {

    /**
     * Spin-waits before an idle worker parks, and before a thread waiting inside a call (for a part, or for another
     * thread's packing) turns to yielding; {@code -Derc.worker.spins=N} overrides. The default is set by {@code
     * bench/spin.sh} (docs/PERFORMANCE.md): spinning costs request threads CPU when many threads predict at once, and
     * saves a wake-up per GEMM when one thread trains.
     */
    static final int SPINS = Tuning.integer("erc.worker.spins", 2_000, 0);

    private final Thread[] workers;
    private volatile IntConsumer body;
    private volatile int epoch;
    /** The first failure of the current call's parts, set before its part counts as finished. */
    private final AtomicReference<Throwable> failure = new AtomicReference<>();
    /** The call's epoch (high half) and the next unclaimed part (low half): a claim names the call it joins. */
    private final AtomicLong claims = new AtomicLong();
    /**
     * Parts of the current call finished, by whichever thread ran them; below {@link #parallelism()} exactly while a
     * call is open (it starts full: no call yet).
     */
    private final AtomicInteger finished;
    /** Held by the one call the pool serves at a time; not reentrant, so work nested in a part runs inline. */
    private final AtomicBoolean busy = new AtomicBoolean();

    WorkerPool(int parallelism) {
        this(parallelism, true);
    }

    /** A pool whose workers are not started when {@code start} is false: tests stand in for workers that never wake. */
    WorkerPool(int parallelism, boolean start) {
        workers = new Thread[Math.max(0, parallelism - 1)];
        finished = new AtomicInteger(workers.length + 1);
        for (int i = 0; i < workers.length; i++) {
            // the epoch a worker starts from is fixed here, not read when the thread first runs: a call made before
            // the thread is scheduled would otherwise be mistaken for one already done
            int startEpoch = epoch;
            Thread t = new Thread(() -> loop(startEpoch), "erc-cpu-worker-" + (i + 1));
            t.setDaemon(true);
            workers[i] = t;
            if (start) {
                t.start();
            }
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
     * Runs {@code task.accept(part)} once for every part and returns when all are done; the caller holds the pool
     * ({@link #tryAcquire()}). Parts run concurrently as far as workers are awake to claim them; the caller runs the
     * rest itself, so a part may run on any thread, in any order.
     */
    void run(IntConsumer task) {
        int parts = parallelism();
        if (parts == 1) {
            task.accept(0);
            return;
        }
        failure.set(null);
        body = task;
        finished.set(0);
        int call = epoch + 1;
        // part 0 is the caller's; the body and the counters are set before the claims open, which publishes them
        claims.set((long) call << 32 | 1);
        epoch = call;
        for (Thread w : workers) {
            LockSupport.unpark(w);
        }
        runPart(task, 0);
        for (int part; (part = claim(call)) >= 0; ) {
            runPart(task, part);
        }
        // what is left are parts workers are running (a GEMM's last block, or the other half of `concurrently`):
        // spin, then yield, which hands the core to any thread that wants it; a park would add a wake-up
        for (int spins = 0; finished.get() < parts; spins++) {
            pause(spins);
        }
        body = null;
        Throwable f = failure.get();
        if (f instanceof RuntimeException r) {
            throw r;
        }
        if (f instanceof Error e) {
            throw e;
        }
    }

    /** Claims the next part of call {@code call}, or -1 when all its parts are taken (or another call is open). */
    private int claim(int call) {
        int parts = parallelism();
        while (true) {
            long c = claims.get();
            int part = (int) c;
            if ((int) (c >>> 32) != call || part >= parts) {
                return -1;
            }
            if (claims.compareAndSet(c, c + 1)) {
                return part;
            }
        }
    }

    /** Runs one part and counts it finished; the call's first failure is kept for the caller to rethrow. */
    private void runPart(IntConsumer task, int part) {
        try {
            task.accept(part);
        } catch (Throwable t) {
            failure.compareAndSet(null, t);
        }
        finished.incrementAndGet();
    }

    /**
     * One turn of a wait that ends soon: a spin, and past {@link #SPINS} a yield, which costs nothing on an idle core
     * and gives the core to whoever needs it on a busy one.
     */
    static void pause(int spins) {
        if (spins < SPINS) {
            Thread.onSpinWait();
        } else {
            Thread.yield();
        }
    }

    private void loop(int startEpoch) {
        int seen = startEpoch;
        while (true) {
            // while the call this worker helped is still open (the caller finishing its last block) the next one is
            // moments away: only an idle pool parks, after SPINS
            int spins = 0;
            int openSpins = 0;
            while (epoch == seen) {
                if (finished.get() < parallelism()) {
                    pause(openSpins++);
                } else if (++spins < SPINS) {
                    Thread.onSpinWait();
                } else {
                    LockSupport.park(this);
                }
            }
            seen = epoch;
            // a claim succeeds only while call `seen` is open: the caller then waits for this part, so the body read
            // after it is that call's
            int part = claim(seen);
            if (part < 0) {
                continue;
            }
            runPart(body, part);
        }
    }
}
