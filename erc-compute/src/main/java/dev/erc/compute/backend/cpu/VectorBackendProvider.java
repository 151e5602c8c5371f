package dev.erc.compute.backend.cpu;

import dev.erc.compute.backend.Backend;
import dev.erc.compute.backend.BackendProvider;
import dev.erc.compute.backend.BackendUnavailableException;

/**
 * Registers the {@link VectorBackend}, after checking in one place that the incubating Vector API can be used:
 * the module must be in the boot layer and the JIT must give vectors of at least 128 bits. This class names no
 * incubator type, so it loads safely where the module is absent.
 */
public final class VectorBackendProvider implements BackendProvider {

    /** Threads used by parallel kernels; defaults to the available processors. */
    public static final String THREADS_PROPERTY = "erc.threads";

    @Override
    public String name() {
        return "cpu";
    }

    @Override
    public int rank() {
        return 10;
    }

    @Override
    public Backend create() throws BackendUnavailableException {
        return start(null);
    }

    @Override
    public Backend create(int threads) throws BackendUnavailableException {
        return start(threads);
    }

    private static Backend start(Integer fixedThreads) throws BackendUnavailableException {
        if (ModuleLayer.boot().findModule("jdk.incubator.vector").isEmpty()) {
            throw new BackendUnavailableException("the Vector API module is not loaded: start the JVM with "
                    + "--add-modules=jdk.incubator.vector");
        }
        try {
            int threads = fixedThreads != null ? fixedThreads
                    : Tuning.integer(THREADS_PROPERTY, Runtime.getRuntime().availableProcessors(), 1);
            int lanes = VectorBackend.lanes();
            if (lanes < 4) {
                throw new BackendUnavailableException("the JIT offers only " + lanes + "-float vectors here "
                        + "(interpreter or C1 only?)");
            }
            return new VectorBackend(threads);
        } catch (IllegalArgumentException e) {
            throw new BackendUnavailableException(e.getMessage(), e);
        } catch (ExceptionInInitializerError e) {
            // a tuning property (or erc.vector.bits) refused while the kernels' classes were set up
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            throw new BackendUnavailableException(cause.getMessage() != null ? cause.getMessage() : cause.toString(), e);
        } catch (LinkageError e) {
            throw new BackendUnavailableException("the Vector API failed to load: " + e, e);
        }
    }
}
