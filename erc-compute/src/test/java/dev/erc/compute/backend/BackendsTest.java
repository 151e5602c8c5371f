package dev.erc.compute.backend;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class BackendsTest {

    @Test
    void vectorBackendIsTheDefaultWhenTheModuleIsPresent() {
        assertEquals("cpu", Backends.defaultBackend().name());
        assertTrue(Backends.available().containsAll(List.of("cpu", "scalar")), Backends.available().toString());
    }

    @Test
    void unknownNameFailsListingTheRegisteredBackends() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Backends.get("tpu"));
        assertTrue(e.getMessage().contains("tpu") && e.getMessage().contains("scalar"), e.getMessage());
    }

    @Test
    void useSwitchesTheBackendForTheScopeOnly() throws BackendUnavailableException {
        Backend scalar = Backends.get("scalar");
        Backend before = Backends.current();
        try (var scope = Backends.use(scalar)) {
            assertSame(scalar, Backends.current());
        }
        assertSame(before, Backends.current());
        assertNotEquals("scalar", before.name());
    }

    @Test
    void aBackendWithFewerThreadsIsItsOwnInstanceWithTheSameBits() {
        Backend one = Backends.withThreads(1);
        assertEquals(Backends.defaultBackend().name(), one.name());
        assertNotSame(Backends.defaultBackend(), one, "the default has a GEMM pool of its own");
        assertSame(one, Backends.withThreads(1));
        assertThrows(IllegalArgumentException.class, () -> Backends.withThreads(0));
        // large enough that the default splits it between its threads
        int m = 300;
        int n = 400;
        int k = 500;
        java.util.SplittableRandom rng = new java.util.SplittableRandom(4);
        float[] a = new float[m * k];
        float[] b = new float[k * n];
        for (int i = 0; i < a.length; i++) {
            a[i] = (float) rng.nextDouble(-1, 1);
        }
        for (int i = 0; i < b.length; i++) {
            b[i] = (float) rng.nextDouble(-1, 1);
        }
        float[] shared = new float[m * n];
        float[] alone = new float[m * n];
        Backends.defaultBackend().sgemm(false, true, m, n, k, 1f, a, 0, k, b, 0, k, 0f, shared, 0, n);
        one.sgemm(false, true, m, n, k, 1f, a, 0, k, b, 0, k, 0f, alone, 0, n);
        org.junit.jupiter.api.Assertions.assertArrayEquals(shared, alone);
    }

    @Test
    void withoutTheVectorModuleTheScalarBackendIsChosen() throws Exception {
        Result r = probe(List.of());
        assertEquals(0, r.exit, r.output);
        assertTrue(r.output.contains("backend=scalar"), r.output);
        assertTrue(r.output.contains("--add-modules=jdk.incubator.vector"), "warning names the flag: " + r.output);
    }

    @Test
    void propertyForcesABackendAndRejectsUnknownNames() throws Exception {
        Result forced = probe(List.of("--add-modules=jdk.incubator.vector", "-Derc.backend=scalar"));
        assertTrue(forced.output.contains("backend=scalar"), forced.output);
        Result unknown = probe(List.of("-Derc.backend=quantum"));
        assertNotEquals(0, unknown.exit);
        assertTrue(unknown.output.contains("unknown backend 'quantum'"), unknown.output);
        Result unavailable = probe(List.of("-Derc.backend=cpu"));
        assertNotEquals(0, unavailable.exit);
        assertTrue(unavailable.output.contains("-Derc.backend=cpu cannot be used"), unavailable.output);
    }

    /**
     * The cuda provider ranks first but cannot run yet (no device-resident tensors; on this machine, no CUDA): the
     * default falls back to the CPU, remembers why, and forcing cuda fails with that reason.
     */
    @Test
    void cudaIsSkippedWithItsReasonAndForcingItFailsWithIt() throws Exception {
        String reason = Backends.skipped().get("cuda");
        assertTrue(reason != null && !reason.isBlank(), Backends.skipped().toString());
        assertNotEquals("cuda", Backends.defaultBackend().name());
        Result forced = probe(List.of("--add-modules=jdk.incubator.vector", "-Derc.backend=cuda"));
        assertNotEquals(0, forced.exit);
        assertTrue(forced.output.contains("-Derc.backend=cuda cannot be used: " + reason), forced.output);
    }

    @Test
    void aBadTuningValueIsNamedNotIgnored() throws Exception {
        Result spins = probe(List.of("--add-modules=jdk.incubator.vector", "-Derc.worker.spins=abc"));
        assertEquals(0, spins.exit, spins.output);
        assertTrue(spins.output.contains("backend=scalar"), spins.output);
        assertTrue(spins.output.contains("erc.worker.spins must be a whole number >= 0, got 'abc'"), spins.output);
        Result forced = probe(List.of("--add-modules=jdk.incubator.vector", "-Derc.backend=cpu", "-Derc.gemm.kc=0"));
        assertNotEquals(0, forced.exit);
        assertTrue(forced.output.contains("erc.gemm.kc must be a whole number >= 1, got '0'"), forced.output);
        Result direct = probe(List.of("--add-modules=jdk.incubator.vector", "-Derc.backend=cpu",
                "-Derc.gemm.directColumns=-1"));
        assertNotEquals(0, direct.exit);
        assertTrue(direct.output.contains("erc.gemm.directColumns must be a whole number >= 0, got '-1'"),
                direct.output);
        Result chunk = probe(List.of("--add-modules=jdk.incubator.vector", "-Derc.backend=cpu", "-Derc.gemm.nc=0"));
        assertNotEquals(0, chunk.exit);
        assertTrue(chunk.output.contains("erc.gemm.nc must be a whole number >= 1, got '0'"), chunk.output);
        Result whole = probe(List.of("--add-modules=jdk.incubator.vector", "-Derc.backend=cpu",
                "-Derc.gemm.wholeB=-1"));
        assertNotEquals(0, whole.exit);
        assertTrue(whole.output.contains("erc.gemm.wholeB must be a whole number >= 0, got '-1'"), whole.output);
        Result bits = probe(List.of("--add-modules=jdk.incubator.vector", "-Derc.vector.bits=99"));
        assertTrue(bits.output.contains("erc.vector.bits must be 128, 256 or 512, got 99"), bits.output);
    }

    private record Result(int exit, String output) {
    }

    private static Result probe(List<String> jvmArgs) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(jvmArgs);
        cmd.add("-cp");
        cmd.add(String.join(File.pathSeparator, System.getProperty("java.class.path"), System.getProperty("jdk.module.path", "")));
        cmd.add(BackendProbe.class.getName());
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("probe JVM did not finish: " + cmd);
        }
        return new Result(p.exitValue(), new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
    }
}
