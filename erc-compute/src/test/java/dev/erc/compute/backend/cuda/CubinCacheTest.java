package dev.erc.compute.backend.cuda;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The CUBIN cache, without a GPU (the compiler is a stand-in): a hit does not compile, a truncated or damaged entry is
 * compiled again and replaced, and a folder that cannot be written still yields the compiled CUBIN.
 */
class CubinCacheTest {

    private static final byte[] CUBIN = "\u007fELF pretend cubin".getBytes(java.nio.charset.StandardCharsets.UTF_8);

    @Test
    void aHitDoesNotCompileAndADamagedEntryIsCompiledAgain(@TempDir Path dir) throws IOException {
        AtomicInteger compiles = new AtomicInteger();
        KernelLibrary.Compiler compiler = () -> {
            compiles.incrementAndGet();
            return CUBIN.clone();
        };
        assertArrayEquals(CUBIN, KernelLibrary.cached(dir, "k.cubin", compiler));
        assertArrayEquals(CUBIN, KernelLibrary.cached(dir, "k.cubin", compiler));
        assertEquals(1, compiles.get(), "the second call is a cache hit");

        Path entry = dir.resolve("k.cubin");
        byte[] stored = Files.readAllBytes(entry);
        Files.write(entry, java.util.Arrays.copyOf(stored, stored.length - 3)); // truncated
        assertArrayEquals(CUBIN, KernelLibrary.cached(dir, "k.cubin", compiler));
        assertEquals(2, compiles.get(), "a truncated entry is compiled again");
        assertArrayEquals(stored, Files.readAllBytes(entry), "and replaced");

        stored[40] ^= 1; // one flipped bit in the CUBIN
        Files.write(entry, stored);
        assertArrayEquals(CUBIN, KernelLibrary.cached(dir, "k.cubin", compiler));
        assertEquals(3, compiles.get(), "a damaged entry is compiled again");
        try (var files = Files.list(dir)) {
            assertEquals(1, files.count(), "no temporary file left behind");
        }
    }

    @Test
    void anUnwritableFolderStillGivesTheCompiledCubin(@TempDir Path dir) throws IOException {
        Path notAFolder = Files.writeString(dir.resolve("file"), "x");
        assertArrayEquals(CUBIN, KernelLibrary.cached(notAFolder.resolve("cache"), "k.cubin", CUBIN::clone));
    }
}
