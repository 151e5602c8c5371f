package dev.erc.cli;

import dev.erc.compute.backend.Backends;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Where the preferred backend (CUDA) cannot run, a computing command that succeeds says so once, in one line on
 * stderr, with the probe's reason; its stdout (JSON) is untouched; a failing command keeps its one-line error alone
 * (BadPathsTest and RobustnessTest failed when the line came first); commands that do not compute say nothing.
 */
class BackendNoteTest {

    @Test
    void aComputingCommandNamesTheBackendAndWhyCudaIsNotUsed(@TempDir Path dir) throws Exception {
        String reason = Backends.skipped().get("cuda");
        assertNotNull(reason, "the cuda backend cannot run yet anywhere, so it is always skipped: " + Backends.skipped());
        Path model = CliRun.tinyModel(dir.resolve("m.erc"));
        CliRun r = CliRun.of("predict", "--model", model.toString(), "--input",
                CliRun.tinyDialogue(dir.resolve("d.json")).toString());
        assertEquals(0, r.code(), r.err());
        String line = "erc: computed on the " + Backends.defaultBackend().name() + " backend; cuda: " + reason;
        assertEquals(1, r.err().lines().filter(line::equals).count(), r.err());
        assertFalse(r.out().contains("cuda"), r.out());
        assertTrue(r.out().trim().startsWith("{"), r.out());

        CliRun inspect = CliRun.of("inspect", "--help");
        assertFalse(inspect.err().contains("cuda") || inspect.out().contains("computed on"), inspect.err());
        CliRun bad = CliRun.of("predict", "--model", dir.resolve("missing.erc").toString(), "--input",
                dir.resolve("d.json").toString());
        assertEquals(3, bad.code(), bad.err());
        assertEquals(1, bad.err().lines().count(), bad.err());
    }
}
