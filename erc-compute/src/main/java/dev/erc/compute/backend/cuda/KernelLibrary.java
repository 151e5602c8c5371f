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
    public static final List<String> SOURCES = List.of("elementwise", "rows");

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
                return new Kernel(s, slot.get(ValueLayout.ADDRESS, 0));
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
     * {@link DeviceFloats} as pointers, {@link Integer}, {@link Long} and {@link Float} as themselves.
     */
    public static final class Kernel {
        private final String symbol;
        private final MemorySegment handle;

        Kernel(String symbol, MemorySegment handle) {
            this.symbol = symbol;
            this.handle = handle;
        }

        /** Queues the kernel on {@code device}'s stream over a 1-D grid. */
        public void launch(CudaDevice device, int blocks, int threadsPerBlock, int sharedBytes, Object... args) {
            try (Arena tmp = Arena.ofConfined()) {
                MemorySegment grid = dim3.allocate(tmp);
                dim3.x(grid, blocks);
                dim3.y(grid, 1);
                dim3.z(grid, 1);
                MemorySegment block = dim3.allocate(tmp);
                dim3.x(block, threadsPerBlock);
                dim3.y(block, 1);
                dim3.z(block, 1);
                MemorySegment argv = tmp.allocate(ValueLayout.ADDRESS, Math.max(1, args.length));
                for (int i = 0; i < args.length; i++) {
                    argv.setAtIndex(ValueLayout.ADDRESS, i, argument(tmp, args[i], i));
                }
                Cuda.check("cudaLaunchKernel(" + symbol + ")", CudartBindings.cudaLaunchKernel(handle, grid, block,
                        argv, sharedBytes, device.stream()));
            }
        }

        private MemorySegment argument(Arena arena, Object value, int index) {
            return switch (value) {
                case DeviceFloats d -> arena.allocateFrom(ValueLayout.JAVA_LONG, d.pointer().address());
                case Integer v -> arena.allocateFrom(ValueLayout.JAVA_INT, v);
                case Long v -> arena.allocateFrom(ValueLayout.JAVA_LONG, v);
                case Float v -> arena.allocateFrom(ValueLayout.JAVA_FLOAT, v);
                case null, default -> throw new IllegalArgumentException(symbol + " argument " + index
                        + ": expected DeviceFloats, Integer, Long or Float, got " + value);
            };
        }

        @Override
        public String toString() {
            return symbol;
        }
    }

    private interface Compiler {
        byte[] compile();
    }

    private static byte[] cached(String name, String source, String arch, String nvrtcVersion, Compiler compiler) {
        Path dir = Path.of(System.getProperty(CACHE_PROPERTY,
                Path.of(System.getProperty("user.home"), ".cache", "erc", "cuda").toString()));
        Path file = dir.resolve(name + "-" + arch + "-nvrtc" + nvrtcVersion + "-" + sha256(source).substring(0, 16)
                + ".cubin");
        try {
            if (Files.isRegularFile(file)) {
                return Files.readAllBytes(file);
            }
        } catch (IOException e) {
            // unreadable cache entry: compile again below
        }
        byte[] cubin = compiler.compile();
        try {
            Files.createDirectories(dir);
            Path tmp = Files.createTempFile(dir, name, ".part");
            try {
                Files.write(tmp, cubin);
                Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } finally {
                Files.deleteIfExists(tmp);
            }
        } catch (IOException | UnsupportedOperationException e) {
            System.getLogger(KernelLibrary.class.getName()).log(System.Logger.Level.DEBUG,
                    "CUBIN cache " + dir + " not writable (" + e + "); kernels are compiled in each process");
        }
        return cubin;
    }

    static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
