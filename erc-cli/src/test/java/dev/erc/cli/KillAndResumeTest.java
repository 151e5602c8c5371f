package dev.erc.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Crash safety end to end, with a small model (the preset's sizes on erc-data's tiny IEMOCAP-format fixture, 3 + 3
 * epochs, a few seconds per run): a real {@code erc train --checkpoint} process is killed with SIGKILL at random
 * moments (after 1-3 further checkpoints of its own, plus 0-400 ms: inside an epoch or a checkpoint write), until it
 * has been killed at least twice in stage 1 and twice in stage 2, and then runs to the end; the model it writes is
 * byte-identical to an uninterrupted run's. A restart never finds a damaged checkpoint (it would exit 3) and no
 * temporary file is left behind.
 */
class KillAndResumeTest {

    private static final Path FIXTURE =
            Path.of("../erc-data/src/test/resources/fixtures/data/iemocap_features_np2.pkl");

    private static ProcessBuilder train(Path dir, Path model, Path checkpoint) {
        List<String> cmd = new ArrayList<>();
        cmd.add(ProcessHandle.current().info().command().orElse("java"));
        cmd.add("--add-modules=jdk.incubator.vector");
        cmd.add("-Xlog:disable");
        cmd.add("-cp");
        cmd.add(System.getProperty("surefire.test.class.path", System.getProperty("java.class.path")));
        cmd.add(Erc.class.getName());
        cmd.addAll(List.of("train", "--quiet", "--epochs", "3,3", "--seed", "4", "--data", FIXTURE.toString(),
                "--model", model.toString()));
        if (checkpoint != null) {
            cmd.addAll(List.of("--checkpoint", checkpoint.toString()));
        }
        return new ProcessBuilder(cmd).directory(Path.of("").toAbsolutePath().toFile())
                .redirectErrorStream(true).redirectOutput(dir.resolve("log-" + System.nanoTime()).toFile());
    }

    /** Waits until {@code ckpt} has been rewritten {@code count} times or {@code p} ended; true when it ended. */
    private static boolean waitForCheckpoints(Process p, Path ckpt, int count) throws Exception {
        java.nio.file.attribute.FileTime last = Files.exists(ckpt) ? Files.getLastModifiedTime(ckpt) : null;
        int seen = 0;
        while (seen < count) {
            if (p.waitFor(10, TimeUnit.MILLISECONDS)) {
                return true;
            }
            java.nio.file.attribute.FileTime now = Files.exists(ckpt) ? Files.getLastModifiedTime(ckpt) : null;
            if (now != null && !now.equals(last)) {
                seen++;
                last = now;
            }
        }
        return false;
    }

    /** The stage the checkpoint has reached (0 before the first one is written); reading it also proves it whole. */
    private static int stage(Path ckpt) throws java.io.IOException {
        if (!Files.exists(ckpt)) {
            return 0;
        }
        try (var zip = new java.util.zip.ZipFile(ckpt.toFile())) {
            java.util.Properties p = new java.util.Properties();
            p.load(zip.getInputStream(zip.getEntry("progress.properties")));
            return Integer.parseInt(p.getProperty("stage"));
        }
    }

    @Test
    void killedRunsResumeToTheUninterruptedModel(@TempDir Path dir) throws Exception {
        Assumptions.assumeTrue(Files.exists(FIXTURE), "the erc-data pickle fixtures are not beside this module");
        Path straight = dir.resolve("straight.erc");
        assertEquals(0, train(dir, straight, null).start().waitFor());

        Path model = dir.resolve("killed.erc");
        Path ckpt = dir.resolve("run.ckpt");
        SplittableRandom rng = new SplittableRandom(12);
        List<Integer> killedInStage = new ArrayList<>();
        int starts = 0;
        while (true) {
            Process p = train(dir, model, ckpt).start();
            starts++;
            boolean enough = killedInStage.stream().filter(st -> st == 1).count() >= 2
                    && killedInStage.stream().filter(st -> st == 2).count() >= 2;
            if (enough || killedInStage.size() >= 12) {
                assertEquals(0, p.waitFor(), "the last run ended badly");
                break;
            }
            // a random moment after 1-3 more checkpoints of this process: inside an epoch or a checkpoint write
            if (waitForCheckpoints(p, ckpt, 1 + rng.nextInt(3))) {
                assertEquals(0, p.exitValue(), "a restart ended badly (a damaged checkpoint exits 3)");
                break;
            }
            if (p.waitFor(rng.nextLong(400), TimeUnit.MILLISECONDS)) {
                assertEquals(0, p.exitValue(), "a restart ended badly (a damaged checkpoint exits 3)");
                break;
            }
            p.destroyForcibly().waitFor();
            killedInStage.add(stage(ckpt));
        }
        System.out.println("erc train killed in stages " + killedInStage + ", " + starts + " starts");
        // each process is killed after at most 3 of its own checkpoints and stage 1 alone writes 9: reaching stage 2
        // proves that the restarts resumed rather than started over (which would give the same model too)
        assertTrue(killedInStage.contains(1) && killedInStage.contains(2), "killed in stages " + killedInStage);
        assertArrayEquals(Files.readAllBytes(straight), Files.readAllBytes(model),
                "after kills in stages " + killedInStage + " and " + starts + " starts");
        try (var files = Files.list(dir)) {
            assertTrue(files.noneMatch(f -> f.getFileName().toString().endsWith(".tmp")), "no temporary file left");
        }
    }
}
