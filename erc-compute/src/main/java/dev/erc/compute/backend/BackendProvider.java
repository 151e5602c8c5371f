package dev.erc.compute.backend;

/**
 * Service-provider interface through which backends register themselves (listed in
 * {@code META-INF/services/dev.erc.compute.backend.BackendProvider}). The core never names a backend class: a
 * GPU backend in another jar joins by shipping its own provider.
 */
public interface BackendProvider {

    /** The name users select with {@code -Derc.backend=NAME}. */
    String name();

    /** Preference when nothing is forced: the available provider with the lowest rank wins. */
    int rank();

    /**
     * Creates the backend, or throws {@link BackendUnavailableException} saying why it cannot run here (missing
     * module, library or device). Called at most once per provider.
     */
    Backend create() throws BackendUnavailableException;

    /**
     * A further instance whose parallel kernels use at most {@code threads} threads, for callers that keep the cores
     * busy themselves, one computation per core: a Spark executor's task threads, a server's request threads. A
     * backend with no thread pool of its own returns null, and its one instance serves ({@link
     * Backends#withThreads}).
     */
    default Backend create(int threads) throws BackendUnavailableException {
        return null;
    }
}
