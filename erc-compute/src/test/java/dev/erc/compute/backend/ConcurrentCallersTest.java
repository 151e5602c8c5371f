package dev.erc.compute.backend;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.ArrayDeque;
import java.util.Deque;
import org.junit.jupiter.api.Test;

/** As many callers as the default backend has threads: the last one to enter computes on a one-thread backend. */
class ConcurrentCallersTest {

    @Test
    void callersBeyondTheBackendsThreadsComputeOnOneThreadEach() {
        Backend shared = Backends.defaultBackend();
        int threads = shared.threads();
        assumeTrue(threads > 1, "the default backend has one thread here: nothing to switch");
        ConcurrentCallers callers = new ConcurrentCallers();
        Deque<ConcurrentCallers.Scope> in = new ArrayDeque<>();
        // scopes nest on one thread as calls overlap on many: the count is what decides
        for (int i = 1; i < threads; i++) {
            in.push(callers.enter());
            assertSame(shared, Backends.current(), i + " caller(s) of " + threads + " threads keep the pool");
        }
        in.push(callers.enter());
        assertSame(Backends.withThreads(1), Backends.current(), "caller " + threads + " computes on one thread");
        assertEquals(1, Backends.current().threads());
        while (!in.isEmpty()) {
            in.pop().close();
        }
        assertSame(shared, Backends.current(), "restored");
        try (var one = callers.enter()) {
            assertSame(shared, Backends.current(), "the count went back to zero");
        }
    }

    @Test
    void aThreadThatChoseItsBackendKeepsIt() throws BackendUnavailableException {
        Backend scalar = Backends.get("scalar");
        ConcurrentCallers callers = new ConcurrentCallers();
        try (var chosen = Backends.use(scalar)) {
            Deque<ConcurrentCallers.Scope> in = new ArrayDeque<>();
            for (int i = 0; i < Math.max(2, Backends.defaultBackend().threads()) + 1; i++) {
                in.push(callers.enter());
                assertSame(scalar, Backends.current());
            }
            while (!in.isEmpty()) {
                in.pop().close();
            }
        }
    }
}
