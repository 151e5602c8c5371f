package dev.erc.compute.backend.cuda;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The probe without a GPU: forced-missing and broken libraries give one-line reasons, the search reaches
 * PyTorch-style {@code nvidia/*}{@code /lib} folders, and nothing native is touched before the libraries load.
 */
class CudaLibrariesTest {

    @Test
    void aMissingLibraryIsNamedWithWhereItWasLookedFor(@TempDir Path empty) {
        CudaLibraries.Probe p = CudaLibraries.probe(List.of(empty), file -> {
            throw new AssertionError("nothing was found, so nothing may be loaded: " + file);
        });
        assertFalse(p.available());
        assertTrue(p.failure().startsWith("CUDA runtime not found: none of [libcudart.so.13, libcudart.so.12]"),
                p.failure());
        assertTrue(p.failure().contains(empty.toString()) && p.failure().contains(CudaLibraries.PATH_VARIABLE),
                p.failure());
        assertFalse(p.failure().contains("\n"), "one line");
    }

    @Test
    void aLibraryThatCannotBeLoadedIsNamedWithTheLoadersError(@TempDir Path dir) throws IOException {
        for (String so : List.of("libcudart.so.13", "libcublas.so.13", "libnvrtc.so.13", "libcudnn.so.9")) {
            Files.writeString(dir.resolve(so), "not an ELF file");
        }
        // The real loader (System.load) on a file that is not a shared library.
        CudaLibraries.Probe p = CudaLibraries.probe(List.of(dir), file -> {
            try {
                System.load(file.toString());
                return null;
            } catch (UnsatisfiedLinkError e) {
                return e.getMessage();
            }
        });
        assertFalse(p.available());
        assertTrue(p.failure().startsWith("CUDA runtime found at " + dir.resolve("libcudart.so.13")
                + " but cannot be loaded: "), p.failure());
    }

    @Test
    void nothingIsLoadedUnlessEveryLibraryIsFound(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("libcudart.so.12"), "");
        Files.writeString(dir.resolve("libcublas.so.13"), "");
        Files.writeString(dir.resolve("libnvrtc.so.13"), "");
        CudaLibraries.Probe missing = CudaLibraries.probe(List.of(dir), file -> {
            throw new AssertionError("loaded " + file + " although cuDNN is missing");
        });
        assertEquals(Map.of(), missing.libraries());
        assertTrue(missing.failure().startsWith("cuDNN 9 not found: none of [libcudnn.so.9]"), missing.failure());

        Files.writeString(dir.resolve("libcublasLt.so.13"), "");
        Files.writeString(dir.resolve("libnvrtc-builtins.so.13.0"), "");
        Files.writeString(dir.resolve("libnvrtc-builtins.so.12.4"), "");
        Files.writeString(dir.resolve("libcudnn.so.9"), "");
        Files.writeString(dir.resolve("libcudnn_ops.so.9"), "");
        Files.writeString(dir.resolve("libcudnn_graph.so.9"), "");
        List<Path> loaded = new java.util.ArrayList<>();
        CudaLibraries.Probe p = CudaLibraries.probe(List.of(dir), file -> {
            loaded.add(file.getFileName());
            return file.getFileName().toString().startsWith("libcudnn.") ? "forced: no such device library" : null;
        });
        // companions first, of the chosen version only; the failing load is named
        assertEquals(List.of("libcudart.so.12", "libcublasLt.so.13", "libcublas.so.13", "libnvrtc-builtins.so.13.0",
                "libnvrtc.so.13", "libcudnn_graph.so.9", "libcudnn_ops.so.9", "libcudnn.so.9"),
                loaded.stream().map(Path::toString).toList());
        assertEquals(Map.of("libcudart", dir.resolve("libcudart.so.12"), "libcublas", dir.resolve("libcublas.so.13"),
                "libnvrtc", dir.resolve("libnvrtc.so.13")), p.libraries());
        assertEquals("cuDNN 9 found at " + dir.resolve("libcudnn.so.9")
                + " but cannot be loaded: forced: no such device library", p.failure());
    }

    @Test
    void pythonSitePackagesNvidiaFoldersAreSearchedAndCuda13IsPreferred(@TempDir Path root) throws IOException {
        Path venv = root.resolve("venv");
        Path cublas12 = Files.createDirectories(venv.resolve("lib/python3.12/site-packages/nvidia/cublas/lib"));
        Path cu13 = Files.createDirectories(venv.resolve("lib/python3.12/site-packages/nvidia/cu13/lib"));
        Files.writeString(cublas12.resolve("libcublas.so.12"), "");
        Files.writeString(cu13.resolve("libcublas.so.13"), "");
        Path extra = Files.createDirectories(root.resolve("extra"));
        Files.writeString(extra.resolve("libcudnn.so.9"), "");

        List<Path> dirs = CudaLibraries.searchDirectories(Map.of("VIRTUAL_ENV", venv.toString(),
                CudaLibraries.PATH_VARIABLE, extra.toString()), null);
        assertEquals(extra, dirs.get(0), "the user's folders come first");
        assertTrue(dirs.contains(cublas12) && dirs.contains(cu13), dirs.toString());

        Map<CudaLibraries.Library, Path> found = CudaLibraries.locate(dirs);
        assertEquals(cu13.resolve("libcublas.so.13"), found.get(CudaLibraries.Library.CUBLAS));
        assertEquals(extra.resolve("libcudnn.so.9"), found.get(CudaLibraries.Library.CUDNN));
    }

    @Test
    void aPython3OnThePathLeadsToItsVenvsSitePackages(@TempDir Path root) throws IOException {
        Path venv = root.resolve("opt/torch/.venv");
        Path bin = Files.createDirectories(venv.resolve("bin"));
        Path python = Files.writeString(bin.resolve("python3"), "#!/bin/sh\n");
        assertTrue(python.toFile().setExecutable(true));
        Path cudnn = Files.createDirectories(venv.resolve("lib/python3.12/site-packages/nvidia/cudnn/lib"));
        List<Path> dirs = CudaLibraries.searchDirectories(Map.of("PATH", "/nonexistent:" + bin), null);
        assertTrue(dirs.contains(cudnn), dirs.toString());
    }

    @Test
    void thePropertyTakesPrecedenceOverTheEnvironmentVariable(@TempDir Path root) throws IOException {
        Path a = Files.createDirectories(root.resolve("a"));
        Path b = Files.createDirectories(root.resolve("b"));
        List<Path> dirs = CudaLibraries.searchDirectories(Map.of(CudaLibraries.PATH_VARIABLE, b.toString()),
                a.toString());
        assertEquals(a, dirs.get(0));
        assertFalse(dirs.contains(b));
    }

    @Test
    void withoutCudaOpeningADeviceFailsWithTheProbesReason() {
        CudaLibraries.Probe p = CudaLibraries.probe();
        if (p.available()) {
            assertTrue(p.devices() > 0);
            return; // a GPU machine: the GPU tests cover it
        }
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> CudaDevice.open(0));
        assertEquals("CUDA is not available: " + p.failure(), e.getMessage());
    }
}
