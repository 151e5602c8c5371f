package dev.erc.compute.backend.cuda;

import dev.erc.compute.backend.cuda.bindings.cudart.CudartBindings;
import dev.erc.compute.backend.cuda.bindings.cudart.dim3;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Our own CUDA C kernels: a source kept as a resource of this package ({@code kernels/NAME.cu}), compiled by NVRTC
 * to a CUBIN for the device's architecture, cached on disk by architecture, NVRTC version and the source's SHA-256
 * (so a source change or a new GPU recompiles, nothing else does), and loaded with the runtime's
 * context-independent {@code cudaLibraryLoadData}.
 *
 * <p>The cache folder is {@code -Derc.cuda.cache}, by default {@code ~/.cache/erc/cuda}; where it cannot be written
 * the kernels are compiled in every process instead.
 */
public final class KernelLibrary implements AutoCloseable {

    /** System property naming the CUBIN cache folder. */
    public static final String CACHE_PROPERTY = "erc.cuda.cache";

    /** The kernel sources shipped with the library, each a resource {@code kernels/NAME.cu}. */
    public static final List<String> SOURCES = List.of("elementwise", "rows", "index", "loss");

    private final String name;
    private final MemorySegment library;
    private final Map<String, Kernel> kernels = new ConcurrentHashMap<>();
    private final Arena arena = Arena.ofShared();

    private KernelLibrary(String name, MemorySegment library) {
        this.name = name;
        this.library = library;
    }

    /** Compiles (or takes from the cache) and loads the kernel source {@code name} for {@code device}. */
    public static KernelLibrary load(CudaDevice device, String name) {
        String source = source(name);
        Nvrtc nvrtc = new Nvrtc();
        String arch = device.architecture();
        byte[] cubin = cached(name, source, arch, nvrtc.version(), () -> nvrtc.compileToCubin(source, name + ".cu",
                arch, List.of("--std=c++17")));
        try (Arena tmp = Arena.ofConfined()) {
            MemorySegment image = tmp.allocateFrom(ValueLayout.JAVA_BYTE, cubin);
            MemorySegment slot = tmp.allocate(ValueLayout.ADDRESS);
            Cuda.check("cudaLibraryLoadData(" + name + ".cu for " + arch + ")", CudartBindings.cudaLibraryLoadData(
                    slot, image, MemorySegment.NULL, MemorySegment.NULL, 0, MemorySegment.NULL, MemorySegment.NULL, 0));
            return new KernelLibrary(name, slot.get(ValueLayout.ADDRESS, 0));
        }
    }

    /** The CUDA C text of the kernel source {@code name}. */
    public static String source(String name) {
        String resource = "kernels/" + name + ".cu";
        try (InputStream in = KernelLibrary.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalArgumentException("no kernel source " + resource + "; shipped: " + SOURCES);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read kernel source " + resource, e);
        }
    }

    /** The kernel {@code symbol} (an {@code extern "C"} function of the source). */
    public Kernel kernel(String symbol) {
        return kernels.computeIfAbsent(symbol, s -> {
            try (Arena tmp = Arena.ofConfined()) {
                MemorySegment slot = tmp.allocate(ValueLayout.ADDRESS);
                Cuda.check("cudaLibraryGetKernel(" + name + ".cu, " + s + ")",
                        CudartBindings.cudaLibraryGetKernel(slot, library, arena.allocateFrom(s)));
                return new Kernel(s, slot.get(ValueLayout.ADDRESS, 0), arena);
            }
        });
    }

    @Override
    public void close() {
        CudartBindings.cudaLibraryUnload(library);
        arena.close();
    }

    /**
     * One kernel of a loaded library. Arguments are passed by value in the order of the CUDA C signature:
     * {@link DevicePointer}s as pointers ({@link #NULL} for a null one), {@link Integer}, {@link Long},
     * {@link Float} and {@link Double} as themselves, and a host {@link MemorySegment} as a struct passed by value
     * (its bytes are copied at the launch).
     *
     * <p>The launch configuration and argument slots are allocated once per kernel and rewritten per launch (a
     * launch allocates nothing off-heap), so a kernel is launched from one thread at a time, like its device's stream.
     */
    public static final class Kernel {
        /** A null device pointer argument. */
        public static final Object NULL = new Object();
        private static final int MAX_ARGS = 16;
        private final String symbol;
        private final MemorySegment handle;
        private final MemorySegment grid;
        private final MemorySegment block;
        private final MemorySegment slots;
        private final MemorySegment argv;

        Kernel(String symbol, MemorySegment handle, Arena arena) {
            this.symbol = symbol;
            this.handle = handle;
            grid = dim3.allocate(arena);
            block = dim3.allocate(arena);
            dim3.y(grid, 1);
            dim3.z(grid, 1);
            dim3.y(block, 1);
            dim3.z(block, 1);
            slots = arena.allocate(ValueLayout.JAVA_LONG, MAX_ARGS);
            argv = arena.allocate(ValueLayout.ADDRESS, MAX_ARGS);
        }

        /** Queues the kernel on {@code device}'s stream over a 1-D grid. */
        public void launch(CudaDevice device, int blocks, int threadsPerBlock, int sharedBytes, Object... args) {
            if (args.length > MAX_ARGS) {
                throw new IllegalArgumentException(symbol + ": at most " + MAX_ARGS + " arguments, got " + args.length);
            }
            dim3.x(grid, blocks);
            dim3.x(block, threadsPerBlock);
            for (int i = 0; i < args.length; i++) {
                long at = (long) i * Long.BYTES;
                MemorySegment slot = slots.asSlice(at, Long.BYTES);
                switch (args[i]) {
                    case DevicePointer d -> slots.set(ValueLayout.JAVA_LONG, at, d.pointer().address());
                    case Integer v -> slots.set(ValueLayout.JAVA_INT, at, v);
                    case Long v -> slots.set(ValueLayout.JAVA_LONG, at, v);
                    case Float v -> slots.set(ValueLayout.JAVA_FLOAT, at, v);
                    case Double v -> slots.set(ValueLayout.JAVA_DOUBLE, at, v);
                    case MemorySegment struct -> slot = struct;
                    case Object o when o == NULL -> slots.set(ValueLayout.JAVA_LONG, at, 0L);
                    case null, default -> throw new IllegalArgumentException(symbol + " argument " + i
                            + ": expected a DevicePointer, NULL, Integer, Long, Float, Double or struct, got "
                            + args[i]);
                }
                argv.setAtIndex(ValueLayout.ADDRESS, i, slot);
            }
            int status = CudartBindings.cudaLaunchKernel(handle, grid, block, argv, sharedBytes, device.stream());
            if (status != 0) {
                throw new CudaException("cudaLaunchKernel(" + symbol + ")", status, Cuda.errorString(status));
            }
        }

        @Override
        public String toString() {
            return symbol;
        }
    }

    /** Compiles a kernel source to a CUBIN (NVRTC on the GPU machine; anything in tests). */
    interface Compiler {
        byte[] compile();
    }

    private static byte[] cached(String name, String source, String arch, String nvrtcVersion, Compiler compiler) {
        Path dir = Path.of(System.getProperty(CACHE_PROPERTY,
                Path.of(System.getProperty("user.home"), ".cache", "erc", "cuda").toString()));
        return cached(dir, name + "-" + arch + "-nvrtc" + nvrtcVersion + "-" + sha256(source).substring(0, 16)
                + ".cubin", compiler);
    }

    /**
     * The CUBIN in {@code dir/file}, or a fresh compile written there atomically. An entry is the CUBIN's SHA-256
     * followed by the CUBIN, so a truncated or damaged file (a full disk, a crash elsewhere) is recompiled, not handed
     * to the driver; a folder that cannot be written only costs a compile per process.
     */
    static byte[] cached(Path dir, String file, Compiler compiler) {
        Path entry = dir.resolve(file);
        try {
            if (Files.isRegularFile(entry)) {
                byte[] stored = Files.readAllBytes(entry);
                if (stored.length > 32) {
                    byte[] cubin = java.util.Arrays.copyOfRange(stored, 32, stored.length);
                    if (java.util.Arrays.equals(digest(cubin), java.util.Arrays.copyOf(stored, 32))) {
                        return cubin;
                    }
                }
                System.getLogger(KernelLibrary.class.getName()).log(System.Logger.Level.WARNING,
                        "CUBIN cache entry " + entry + " is damaged; compiling again");
            }
        } catch (IOException e) {
            // unreadable cache entry: compile again below
        }
        byte[] cubin = compiler.compile();
        try {
            Files.createDirectories(dir);
            Path tmp = Files.createTempFile(dir, file, ".part");
            try {
                byte[] stored = new byte[32 + cubin.length];
                System.arraycopy(digest(cubin), 0, stored, 0, 32);
                System.arraycopy(cubin, 0, stored, 32, cubin.length);
                Files.write(tmp, stored);
                Files.move(tmp, entry, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } finally {
                Files.deleteIfExists(tmp);
            }
        } catch (IOException | UnsupportedOperationException e) {
            System.getLogger(KernelLibrary.class.getName()).log(System.Logger.Level.DEBUG,
                    "CUBIN cache " + dir + " not writable (" + e + "); kernels are compiled in each process");
        }
        return cubin;
    }

    private static byte[] digest(byte[] bytes) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(bytes);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static String sha256(String text) {
        return HexFormat.of().formatHex(digest(text.getBytes(StandardCharsets.UTF_8)));
    }
}
