package dev.erc.compute.backend;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;

/**
 * Discovers the registered {@link BackendProvider}s and hands out the backend that ops use.
 *
 * <p>The system property {@code erc.backend} ({@code scalar}, {@code cpu}, {@code cuda}) forces one; an unknown
 * name or a backend that cannot run here fails fast with the reason. Otherwise the available backend with the
 * lowest rank is the default. A thread can switch backends for a block with {@link #use(Backend)}, which is how
 * the tests compare the Vector API kernels with the scalar oracle.
 */
public final class Backends {

    /** The system property that forces a backend. */
    public static final String PROPERTY = "erc.backend";

    private static final System.Logger LOG = System.getLogger(Backends.class.getName());
    private static final ThreadLocal<Backend> OVERRIDE = new ThreadLocal<>();
    private static final Map<String, Object> CREATED = new LinkedHashMap<>();
    private static final Map<String, String> SKIPPED = new LinkedHashMap<>();

    private Backends() {
    }

    private static final class Default {
        static final Backend INSTANCE = chooseDefault();
    }

    /** The backend ops use on this thread. */
    public static Backend current() {
        Backend b = OVERRIDE.get();
        return b != null ? b : Default.INSTANCE;
    }

    /** The process-wide default: forced by {@code erc.backend}, else the best available. */
    public static Backend defaultBackend() {
        return Default.INSTANCE;
    }

    /**
     * The backends preferred to the default that could not run here, each with the one-line reason (empty when a
     * backend was forced with {@code erc.backend}). On a machine without a GPU this names {@code cuda} and says what
     * the CUDA probe missed; the CLI prints it once.
     */
    public static Map<String, String> skipped() {
        defaultBackend();
        synchronized (Backends.class) {
            return Map.copyOf(SKIPPED);
        }
    }

    /** The backend named {@code name}, creating it on first use. */
    public static synchronized Backend get(String name) throws BackendUnavailableException {
        BackendProvider p = providers().get(name);
        if (p == null) {
            throw new IllegalArgumentException("unknown backend '" + name + "'; registered: " + providers().keySet());
        }
        Object cached = CREATED.computeIfAbsent(name, n -> {
            try {
                return p.create();
            } catch (BackendUnavailableException e) {
                return e;
            } catch (RuntimeException | LinkageError e) {
                return new BackendUnavailableException("backend '" + n + "' failed to start: " + e, e);
            }
        });
        if (cached instanceof BackendUnavailableException e) {
            throw e;
        }
        return (Backend) cached;
    }

    /**
     * The default backend's kind with its parallel kernels limited to {@code threads} threads (one instance per
     * count), for callers that already run one computation per core. With two threads predicting MELD-sized
     * dialogues on two cores, the shared backend lending each GEMM a worker made both slower: 3,600 utterances/s
     * against 6,100 with a one-thread backend per caller (docs/PERFORMANCE.md). Same bits as the default: the GEMM
     * tiles do not depend on the threads. Where the default backend has no thread pool, it is returned itself.
     */
    public static Backend withThreads(int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be at least 1, got " + threads);
        }
        // outside the lock: the default's first creation takes it too, under the class's initialisation
        Backend d = defaultBackend();
        synchronized (Backends.class) {
            BackendProvider p = providers().get(d.name());
            Object b = CREATED.computeIfAbsent(d.name() + "@" + threads, key -> {
                try {
                    Backend limited = p == null ? null : p.create(threads);
                    return limited != null ? limited : d;
                } catch (BackendUnavailableException e) {
                    // it started once as the default, so only this instance's setting failed: the default serves
                    return d;
                }
            });
            return (Backend) b;
        }
    }

    /** Names of the backends that can run here, best first. */
    public static List<String> available() {
        List<String> names = new ArrayList<>();
        for (String n : providers().keySet()) {
            try {
                get(n);
                names.add(n);
            } catch (BackendUnavailableException e) {
                // not available here; reported by chooseDefault when it matters
            }
        }
        return names;
    }

    /** Makes {@code backend} current on this thread until the returned scope is closed. */
    public static Scope use(Backend backend) {
        Backend previous = OVERRIDE.get();
        OVERRIDE.set(backend);
        return () -> OVERRIDE.set(previous);
    }

    /** Restores the previous backend of the thread when closed. */
    @FunctionalInterface
    public interface Scope extends AutoCloseable {
        @Override
        void close();
    }

    private static Map<String, BackendProvider> providers() {
        List<BackendProvider> list = new ArrayList<>();
        ServiceLoader.load(BackendProvider.class, Backends.class.getClassLoader()).forEach(list::add);
        list.sort(Comparator.comparingInt(BackendProvider::rank));
        Map<String, BackendProvider> byName = new LinkedHashMap<>();
        for (BackendProvider p : list) {
            byName.putIfAbsent(p.name(), p);
        }
        return byName;
    }

    private static Backend chooseDefault() {
        String forced = System.getProperty(PROPERTY);
        if (forced != null && !forced.isBlank()) {
            try {
                return get(forced.trim());
            } catch (BackendUnavailableException e) {
                throw new IllegalStateException("-D" + PROPERTY + "=" + forced + " cannot be used: " + e.getMessage(), e);
            }
        }
        StringBuilder reasons = new StringBuilder();
        for (String n : providers().keySet()) {
            try {
                Backend b = get(n);
                if (!reasons.isEmpty()) {
                    LOG.log(System.Logger.Level.DEBUG, "using backend '" + n + "'; skipped:" + reasons);
                }
                return b;
            } catch (BackendUnavailableException e) {
                synchronized (Backends.class) {
                    SKIPPED.put(n, e.getMessage());
                }
                reasons.append(System.lineSeparator()).append("  ").append(n).append(": ").append(e.getMessage());
                if (!"cuda".equals(n)) {
                    LOG.log(System.Logger.Level.WARNING, "backend '" + n + "' unavailable: " + e.getMessage());
                }
            }
        }
        throw new IllegalStateException("no compute backend can run here:" + reasons);
    }
}
