package dev.erc.model.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.erc.model.nn.Linear;
import dev.erc.model.nn.Lstm;
import dev.erc.model.nn.Module;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ParameterFileTest {

    @TempDir
    Path dir;

    private static float[] flat(Module m) {
        return m.namedParameters().values().stream().map(t -> t.data())
                .reduce(new float[0], (a, b) -> {
                    float[] c = Arrays.copyOf(a, a.length + b.length);
                    System.arraycopy(b, 0, c, a.length, b.length);
                    return c;
                });
    }

    @Test
    void roundTripRestoresEveryParameterExactly() throws IOException {
        Lstm a = new Lstm(7, 5, 2, true, 0f, new SplittableRandom(1));
        Lstm b = new Lstm(7, 5, 2, true, 0f, new SplittableRandom(2));
        Path f = dir.resolve("lstm.params");
        ParameterFile.save(a, f);
        ParameterFile.load(b, f);
        assertArrayEquals(flat(a), flat(b));
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(1, files.count(), "no temporary files are left behind");
        }
    }

    @Test
    void missingParameterIsNamed() throws IOException {
        Path f = dir.resolve("linear.params");
        ParameterFile.save(new Linear(3, 2, false, new SplittableRandom(1)), f);
        ParameterFileException e = assertThrows(ParameterFileException.class,
                () -> ParameterFile.load(new Linear(3, 2, true, new SplittableRandom(1)), f));
        assertTrue(e.getMessage().contains("'bias' is missing") && e.getMessage().contains(f.toString()),
                e.getMessage());
    }

    @Test
    void wrongShapeIsNamedWithBothShapes() throws IOException {
        Path f = dir.resolve("linear.params");
        ParameterFile.save(new Linear(3, 2, new SplittableRandom(1)), f);
        Linear other = new Linear(4, 2, new SplittableRandom(1));
        float[] before = other.weight().data().clone();
        ParameterFileException e = assertThrows(ParameterFileException.class, () -> ParameterFile.load(other, f));
        assertTrue(e.getMessage().contains("'weight' has shape [2, 3], the model expects [2, 4]"), e.getMessage());
        assertArrayEquals(before, other.weight().data(), "a failed load changes nothing");
    }

    @Test
    void unexpectedParameterIsNamed() throws IOException {
        Path f = dir.resolve("linear.params");
        ParameterFile.save(new Linear(3, 2, true, new SplittableRandom(1)), f);
        ParameterFileException e = assertThrows(ParameterFileException.class,
                () -> ParameterFile.load(new Linear(3, 2, false, new SplittableRandom(1)), f));
        assertTrue(e.getMessage().contains("unexpected parameter 'bias'"), e.getMessage());
    }

    @Test
    void corruptionAndTruncationFailTheChecksum() throws IOException {
        Path f = dir.resolve("linear.params");
        ParameterFile.save(new Linear(3, 2, new SplittableRandom(1)), f);
        byte[] bytes = Files.readAllBytes(f);
        byte[] flipped = bytes.clone();
        flipped[40] ^= 0x10;
        Files.write(f, flipped);
        ParameterFileException e = assertThrows(ParameterFileException.class, () -> ParameterFile.read(f));
        assertTrue(e.getMessage().contains("checksum mismatch"), e.getMessage());
        Files.write(f, Arrays.copyOf(bytes, bytes.length - 9));
        e = assertThrows(ParameterFileException.class, () -> ParameterFile.read(f));
        assertTrue(e.getMessage().contains("checksum mismatch"), e.getMessage());
    }

    @Test
    void missingAndForeignFilesAreReported() throws IOException {
        Path missing = dir.resolve("nope.params");
        ParameterFileException e = assertThrows(ParameterFileException.class, () -> ParameterFile.read(missing));
        assertTrue(e.getMessage().contains("no such parameter file"), e.getMessage());
        Path foreign = dir.resolve("foreign.params");
        Files.writeString(foreign, "hello, this is not a parameter file at all");
        e = assertThrows(ParameterFileException.class, () -> ParameterFile.read(foreign));
        assertTrue(e.getMessage().contains("not a parameter file"), e.getMessage());
    }

    @Test
    void aFailedWriteLeavesTheOldFileIntact() throws IOException {
        Path f = dir.resolve("model.params");
        Linear a = new Linear(3, 2, new SplittableRandom(1));
        ParameterFile.save(a, f);
        byte[] before = Files.readAllBytes(f);
        Path blocked = dir.resolve("blocked");
        Files.createDirectories(blocked.resolve("model.params"));
        // the target is a non-empty directory: the final rename must fail
        Files.writeString(blocked.resolve("model.params").resolve("x"), "x");
        assertThrows(IOException.class, () -> ParameterFile.save(a, blocked.resolve("model.params")));
        try (Stream<Path> files = Files.list(blocked)) {
            assertEquals(1, files.count(), "the temporary file was removed");
        }
        assertArrayEquals(before, Files.readAllBytes(f));
    }
}
