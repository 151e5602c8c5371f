package dev.erc.compute.backend;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * Counts the threads computing at once through one entry point (a model's {@code predict}) and, while they are at
 * least as many as the default backend's threads, has each of them compute on a one-thread instance of it ({@link
 * Backends#withThreads}): the callers already fill the cores, and lending each product the backend's workers only
 * adds threads that compete with them (two threads predicting MELD-sized dialogues on two cores: about 3,600
 * utterances/s with the shared pool, 6,100 on one thread each; docs/PERFORMANCE.md). One caller keeps the pool, which
 * speeds it up. The bits are the same either way. A thread that chose its backend ({@link Backends#use}) keeps it.
 */
public final class ConcurrentCallers {

    private final AtomicInteger inFlight = new AtomicInteger();

    /** Counts the calling thread in until the returned scope is closed, switching its backend as described above. */
    public Scope enter() {
        int callers = inFlight.incrementAndGet();
        Backends.Scope oneThread = null;
        try {
            Backend current = Backends.current();
            if (current == Backends.defaultBackend() && current.threads() > 1 && callers >= current.threads()) {
                oneThread = Backends.use(Backends.withThreads(1));
            }
        } catch (RuntimeException | Error e) {
            inFlight.decrementAndGet();
            throw e;
        }
        Backends.Scope chosen = oneThread;
        return () -> {
            if (chosen != null) {
                chosen.close();
            }
            inFlight.decrementAndGet();
        };
    }

    /** Leaves the count and restores the thread's backend when closed. */
    @FunctionalInterface
    public interface Scope extends AutoCloseable {
        @Override
        void close();
    }
}
