package dev.erc.text;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.erc.api.Dialogue;
import dev.erc.api.Modality;
import dev.erc.api.Utterance;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The feature cache: hits on a second run, damaged entries found and encoded again, killed writes leave no entry. */
class FeatureCacheTest {

    private static List<Dialogue> dialogues(int n) {
        List<Dialogue> out = new ArrayList<>();
        for (int d = 0; d < n; d++) {
            List<Utterance> us = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                // utterance 0 repeats across dialogues: encoded once
                String text = i == 0 ? "Hello." : "dialogue " + d + " line " + i + (i == 4 ? " a b c d e f g h" : "");
                us.add(new Utterance(i % 2, Utterance.NO_LABEL, Map.of(), text));
            }
            out.add(new Dialogue("d" + d, us));
        }
        return out;
    }

    @Test
    void aSecondRunEncodesNothingAndGetsTheSameVectors(@TempDir Path dir) throws IOException {
        HashEncoder enc = new HashEncoder(32);
        FeatureCache cache = new FeatureCache(dir);
        TextFeatures.Result first = TextFeatures.of(enc).cache(cache).threads(2).encode(dialogues(20));
        assertEquals(100, first.report().utterances());
        assertEquals(81, first.report().distinct());
        assertEquals(81, first.report().encoded());
        assertEquals(0, first.report().fromCache());
        assertEquals(20, first.report().truncated());
        assertEquals(81, enc.calls.get());
        TextFeatures.Result second = TextFeatures.of(enc).cache(cache).encode(dialogues(20));
        assertEquals(81, enc.calls.get(), "the second run encoded something");
        assertEquals(81, second.report().fromCache());
        assertEquals(20, second.report().truncated(), "truncation is remembered in the cache");
        for (int d = 0; d < 20; d++) {
            for (int i = 0; i < 5; i++) {
                Utterance u = second.dialogues().get(d).utterance(i);
                assertArrayEquals(HashEncoder.vectorOf(u.text(), 32), u.feature(Modality.TEXT));
                assertArrayEquals(first.dialogues().get(d).utterance(i).feature(Modality.TEXT),
                        u.feature(Modality.TEXT));
            }
        }
    }

    @Test
    void aDatasetGetsTheTextModalityInEverySplit() throws IOException {
        List<Dialogue> ds = dialogues(6);
        dev.erc.api.Dataset d = new dev.erc.api.Dataset("talks", new dev.erc.api.LabelSet(List.of("a", "b")),
                List.of("s0", "s1"), Map.of(), Map.of(dev.erc.api.Split.TRAIN, ds.subList(0, 4),
                dev.erc.api.Split.VALID, ds.subList(4, 5), dev.erc.api.Split.TEST, ds.subList(5, 6)), "test");
        TextFeatures.Result r = TextFeatures.of(new HashEncoder(8)).encode(d);
        assertEquals(Map.of(Modality.TEXT, 8), r.dataset().dimensions());
        assertEquals(List.of(4, 1, 1), List.of(r.dataset().split(dev.erc.api.Split.TRAIN).size(),
                r.dataset().split(dev.erc.api.Split.VALID).size(), r.dataset().split(dev.erc.api.Split.TEST).size()));
        assertEquals(6, r.dialogues().size());
        for (Dialogue dl : r.dialogues()) {
            for (Utterance u : dl.utterances()) {
                assertArrayEquals(HashEncoder.vectorOf(u.text(), 8), u.feature(Modality.TEXT));
            }
        }
        assertTrue(r.dataset().source().endsWith("; text: hash-8"), r.dataset().source());
    }

    @Test
    void damagedEntriesAreFoundAndEncodedAgain(@TempDir Path dir) throws IOException {
        HashEncoder enc = new HashEncoder(32);
        FeatureCache cache = new FeatureCache(dir);
        TextFeatures.of(enc).cache(cache).encode(dialogues(2));
        Path flipped = cache.file(enc.id(), "Hello.");
        byte[] b = Files.readAllBytes(flipped);
        b[60] ^= 0x10;
        Files.write(flipped, b);
        Path cut = cache.file(enc.id(), "dialogue 1 line 2");
        Files.write(cut, java.util.Arrays.copyOf(Files.readAllBytes(cut), 50));
        Path swapped = cache.file(enc.id(), "dialogue 1 line 3");
        Files.copy(cache.file(enc.id(), "dialogue 0 line 3"), swapped, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        int calls = enc.calls.get();
        TextFeatures.Result again = TextFeatures.of(enc).cache(cache).encode(dialogues(2));
        assertEquals(3, again.report().damagedCacheEntries());
        assertEquals(3, again.report().encoded());
        assertEquals(calls + 3, enc.calls.get());
        for (Dialogue d : again.dialogues()) {
            for (Utterance u : d.utterances()) {
                assertArrayEquals(HashEncoder.vectorOf(u.text(), 32), u.feature(Modality.TEXT), u.text());
            }
        }
        assertArrayEquals(HashEncoder.vectorOf("Hello.", 32), cache.get(enc.id(), "Hello.").vector(),
                "the damaged entry was rewritten");
    }

    @Test
    void anotherEncoderDoesNotSeeTheEntries(@TempDir Path dir) throws IOException {
        FeatureCache cache = new FeatureCache(dir);
        HashEncoder a = new HashEncoder(32);
        cache.put(a.id(), "Hello.", a.encode("Hello."));
        assertNull(cache.get(new HashEncoder(16).id(), "Hello."));
        assertArrayEquals(HashEncoder.vectorOf("Hello.", 32), cache.get(a.id(), "Hello.").vector());
    }

    /**
     * A process killed while writing entries leaves entries that are whole or absent, never damaged: three writers,
     * each killed once a few entries exist. (Checked that it catches: with plain writes in place of the rename, a
     * damaged entry showed in four runs of five.)
     */
    @Test
    void aKilledWriteLeavesNoDamagedEntry(@TempDir Path dir) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        FeatureCache cache = new FeatureCache(dir);
        int present = 0;
        for (int attempt = 0; attempt < 6; attempt++) {
            Process p = new ProcessBuilder(java, "-cp", String.join(File.pathSeparator, System.getProperty("java.class.path"), System.getProperty("jdk.module.path", "")),
                    CacheWriterProcess.class.getName(), dir.toString()).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            try {
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
                long before = count(dir, ".vec");
                while (count(dir, ".vec") < before + 4 && System.nanoTime() < deadline && p.isAlive()) {
                    Thread.sleep(5);
                }
            } finally {
                // never left running, whatever happens above
                p.destroyForcibly().waitFor();
            }
        }
        for (int i = 0; i < 50; i++) {
            String text = "text " + i;
            EncodedText e = cache.get("writer", text);
            if (e != null) {
                present++;
                assertEquals(CacheWriterProcess.DIM, e.vector().length);
                float want = CacheWriterProcess.value(text);
                for (float x : e.vector()) {
                    assertEquals(want, x, text);
                }
            }
        }
        assertTrue(present >= 4, "the writers wrote " + present + " entries before they were killed");
        assertEquals(0, cache.damaged(), "a killed write left a damaged entry");
    }

    /** Files named {@code *suffix} under {@code dir}, skipping files that vanish meanwhile (renamed temporaries). */
    private static long count(Path dir, String suffix) throws IOException {
        if (!Files.exists(dir)) {
            return 0;
        }
        long[] n = {0};
        Files.walkFileTree(dir, new java.nio.file.SimpleFileVisitor<>() {
            @Override
            public java.nio.file.FileVisitResult visitFile(Path f, java.nio.file.attribute.BasicFileAttributes a) {
                n[0] += f.getFileName().toString().endsWith(suffix) ? 1 : 0;
                return java.nio.file.FileVisitResult.CONTINUE;
            }

            @Override
            public java.nio.file.FileVisitResult visitFileFailed(Path f, IOException e) {
                return java.nio.file.FileVisitResult.CONTINUE;
            }
        });
        return n[0];
    }
}
