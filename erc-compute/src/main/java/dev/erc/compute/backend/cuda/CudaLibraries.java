package dev.erc.compute.backend.cuda;

import dev.erc.compute.backend.cuda.bindings.cudart.CudartBindings;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * Finds and loads the CUDA runtime, cuBLAS, cuDNN 9 and NVRTC, once, on first use.
 *
 * <p>Each library is looked for by its versioned soname (CUDA 13 first, then 12) in, in order: the directories of
 * {@code -Derc.cuda.libPath} or {@value #PATH_VARIABLE} (path lists), {@code LD_LIBRARY_PATH}, the CUDA toolkit and
 * system library folders, and the {@code nvidia/*}{@code /lib} folders of Python site-packages (where PyTorch's wheels
 * keep them: {@code $VIRTUAL_ENV}, {@code $CONDA_PREFIX}, {@code PYTHONPATH}, the prefix of each {@code python3} on
 * {@code PATH}, {@code /usr}, {@code /usr/local},
 * {@code /opt/conda}, {@code ~/.local}). A library found is {@link System#load loaded} by absolute path, which is what
 * the generated bindings look up (they are generated without a fixed library name), and only once all four have
 * been found: a machine that lacks one loads none. Only then is the device count asked for. The first thing missing becomes {@link Probe#failure()}, one line that says what was looked for and
 * where.
 */
public final class CudaLibraries {

    /** Environment variable: extra directories (a path list) searched first. */
    public static final String PATH_VARIABLE = "ERC_CUDA_LIB_PATH";

    /** System property with the same meaning as {@link #PATH_VARIABLE}, taking precedence over it. */
    public static final String PATH_PROPERTY = "erc.cuda.libPath";

    /**
     * The libraries the CUDA path needs, in loading order, with the sonames accepted (preferred first) and the
     * companions loaded from the same folder before them. A companion is a library the main one opens by soname
     * (cuBLASLt, cuDNN's sub-libraries, NVRTC's builtins): once it is loaded by absolute path, the dynamic loader
     * matches that soname, so nothing depends on the library's RPATH or on {@code LD_LIBRARY_PATH}. {@code {v}} in a
     * companion prefix is the chosen soname's version.
     */
    enum Library {
        CUDART("CUDA runtime", List.of("libcudart.so.13", "libcudart.so.12"), List.of()),
        CUBLAS("cuBLAS", List.of("libcublas.so.13", "libcublas.so.12"), List.of("libcublasLt.so.{v}")),
        NVRTC("NVRTC", List.of("libnvrtc.so.13", "libnvrtc.so.12"), List.of("libnvrtc-builtins.so.{v}")),
        CUDNN("cuDNN 9", List.of("libcudnn.so.9"), List.of("libcudnn_graph.so.9", "libcudnn_engines_precompiled.so.9",
                "libcudnn_engines_runtime_compiled.so.9", "libcudnn_heuristic.so.9", "libcudnn_ops.so.9",
                "libcudnn_cnn.so.9", "libcudnn_adv.so.9"));

        final String title;
        final List<String> sonames;
        final List<String> companions;

        Library(String title, List<String> sonames, List<String> companions) {
            this.title = title;
            this.sonames = sonames;
            this.companions = companions;
        }

        /** The companion files beside {@code file} (the chosen soname), in loading order. */
        List<Path> companionsOf(Path file) {
            String version = file.getFileName().toString().replaceFirst("^.*\\.so\\.", "");
            List<Path> out = new ArrayList<>();
            for (String prefix : companions) {
                String p = prefix.replace("{v}", version);
                for (Path f : children(file.getParent())) {
                    String n = f.getFileName().toString();
                    if ((n.equals(p) || n.startsWith(p + ".")) && Files.isRegularFile(f)) {
                        out.add(f);
                    }
                }
            }
            return out;
        }
    }

    /**
     * What the probe found.
     *
     * @param libraries the file loaded for each library found (all four when available)
     * @param devices the number of CUDA devices (0 when the probe stopped before asking)
     * @param failure why CUDA cannot be used here, or {@code null}
     */
    public record Probe(Map<String, Path> libraries, int devices, String failure) {

        public Probe {
            libraries = Collections.unmodifiableMap(new java.util.LinkedHashMap<>(libraries));
        }

        /** Whether the libraries loaded and at least one device answered. */
        public boolean available() {
            return failure == null;
        }
    }

    private static Probe result;

    private CudaLibraries() {
    }

    /** Runs the probe on the first call and returns its (cached) result; never throws. */
    public static synchronized Probe probe() {
        if (result == null) {
            result = probe(searchDirectories(System.getenv(), System.getProperty(PATH_PROPERTY)), CudaLibraries::load);
        }
        return result;
    }

    /** The probe's result when CUDA is available; otherwise an {@link IllegalStateException} with its reason. */
    public static Probe require() {
        Probe p = probe();
        if (!p.available()) {
            throw new IllegalStateException("CUDA is not available: " + p.failure());
        }
        return p;
    }

    /**
     * The probe proper, over given directories with a given loader (which returns an error message, or
     * {@code null} on success); tests use it to force a missing or broken library.
     */
    static Probe probe(List<Path> directories, Function<Path, String> loader) {
        Map<Library, Path> found = locate(directories);
        // Everything is located before anything is loaded: a machine that lacks one library gets none in its process.
        for (Library lib : Library.values()) {
            if (found.get(lib) == null) {
                return new Probe(Map.of(), 0, lib.title + " not found: none of " + lib.sonames + " in "
                        + directories.size() + " folders searched (" + summary(directories)
                        + "); add its folder to " + PATH_VARIABLE);
            }
        }
        Map<String, Path> loaded = new java.util.LinkedHashMap<>();
        for (Library lib : Library.values()) {
            Path file = found.get(lib);
            for (Path companion : lib.companionsOf(file)) {
                // Optional: a companion that does not load leaves the main library to report what it lacks.
                loader.apply(companion);
            }
            String error = loader.apply(file);
            if (error != null) {
                return new Probe(loaded, 0, lib.title + " found at " + file + " but cannot be loaded: " + error);
            }
            loaded.put(lib.sonames.get(0).replaceFirst("\\.so\\..*", ""), file);
        }
        return countDevices(loaded);
    }

    private static Probe countDevices(Map<String, Path> loaded) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment count = arena.allocate(ValueLayout.JAVA_INT);
            int status = CudartBindings.cudaGetDeviceCount(count);
            if (status != 0) {
                return new Probe(loaded, 0, "no usable CUDA device: cudaGetDeviceCount returned " + status + " ("
                        + Cuda.errorString(status) + ")");
            }
            int n = count.get(ValueLayout.JAVA_INT, 0);
            return n > 0 ? new Probe(loaded, n, null) : new Probe(loaded, 0, "no CUDA device: cudaGetDeviceCount is 0");
        } catch (RuntimeException | LinkageError e) {
            return new Probe(loaded, 0, "the CUDA runtime did not answer cudaGetDeviceCount: " + e);
        }
    }

    private static String load(Path file) {
        try {
            System.load(file.toAbsolutePath().toString());
            return null;
        } catch (UnsatisfiedLinkError | SecurityException e) {
            return String.valueOf(e.getMessage());
        }
    }

    /** The first file found for each library: sonames in preference order, then directories in search order. */
    static Map<Library, Path> locate(List<Path> directories) {
        Map<Library, Path> found = new EnumMap<>(Library.class);
        for (Library lib : Library.values()) {
            search:
            for (String soname : lib.sonames) {
                for (Path dir : directories) {
                    Path file = dir.resolve(soname);
                    if (Files.isRegularFile(file)) {
                        found.put(lib, file);
                        break search;
                    }
                }
            }
        }
        return found;
    }

    /** The directories searched, in order, given the environment and the {@link #PATH_PROPERTY} value. */
    static List<Path> searchDirectories(Map<String, String> env, String property) {
        Set<Path> dirs = new LinkedHashSet<>();
        addPathList(dirs, property != null ? property : env.get(PATH_VARIABLE));
        addPathList(dirs, env.get("LD_LIBRARY_PATH"));
        for (String d : List.of("/usr/local/cuda/lib64", "/usr/local/cuda/targets/x86_64-linux/lib",
                "/usr/lib/x86_64-linux-gnu", "/usr/lib64", "/usr/lib", "/usr/local/lib")) {
            dirs.add(Path.of(d));
        }
        for (Path site : sitePackages(env)) {
            for (Path lib : children(site.resolve("nvidia"))) {
                dirs.add(lib.resolve("lib"));
            }
        }
        List<Path> existing = new ArrayList<>();
        for (Path d : dirs) {
            if (Files.isDirectory(d)) {
                existing.add(d);
            }
        }
        return existing;
    }

    private static List<Path> sitePackages(Map<String, String> env) {
        Set<Path> sites = new LinkedHashSet<>();
        String pythonPath = env.get("PYTHONPATH");
        if (pythonPath != null) {
            for (String p : pythonPath.split(java.io.File.pathSeparator)) {
                if (!p.isBlank()) {
                    sites.add(Path.of(p));
                }
            }
        }
        List<Path> prefixes = new ArrayList<>();
        for (String var : List.of("VIRTUAL_ENV", "CONDA_PREFIX")) {
            if (env.get(var) != null && !env.get(var).isBlank()) {
                prefixes.add(Path.of(env.get(var)));
            }
        }
        // The prefix of every python3 on PATH: a venv's interpreter is found even where VIRTUAL_ENV is not set.
        String path = env.get("PATH");
        if (path != null) {
            for (String p : path.split(java.io.File.pathSeparator)) {
                Path bin = p.isBlank() ? null : Path.of(p);
                if (bin != null && bin.getParent() != null && Files.isExecutable(bin.resolve("python3"))) {
                    prefixes.add(bin.getParent());
                }
            }
        }
        prefixes.add(Path.of("/usr/local"));
        prefixes.add(Path.of("/usr"));
        prefixes.add(Path.of("/opt/conda"));
        if (env.get("HOME") != null) {
            prefixes.add(Path.of(env.get("HOME"), ".local"));
        }
        for (Path prefix : prefixes) {
            for (Path python : children(prefix.resolve("lib"))) {
                if (python.getFileName().toString().startsWith("python3")) {
                    sites.add(python.resolve("site-packages"));
                    sites.add(python.resolve("dist-packages"));
                }
            }
        }
        sites.add(Path.of("/usr/lib/python3/dist-packages"));
        return new ArrayList<>(sites);
    }

    private static List<Path> children(Path dir) {
        List<Path> out = new ArrayList<>();
        if (!Files.isDirectory(dir)) {
            return out;
        }
        try (DirectoryStream<Path> s = Files.newDirectoryStream(dir)) {
            s.forEach(out::add);
        } catch (IOException e) {
            return out;
        }
        out.sort(null);
        return out;
    }

    private static void addPathList(Set<Path> dirs, String list) {
        if (list == null) {
            return;
        }
        for (String p : list.split(java.io.File.pathSeparator)) {
            if (!p.isBlank()) {
                dirs.add(Path.of(p));
            }
        }
    }

    private static String summary(List<Path> dirs) {
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < dirs.size() && i < 4; i++) {
            s.append(i == 0 ? "" : ", ").append(dirs.get(i));
        }
        return dirs.size() > 4 ? s + ", ..." : s.toString();
    }
}
