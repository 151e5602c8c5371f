package dev.erc.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.erc.api.Dialogue;
import dev.erc.api.Split;
import dev.erc.model.io.ParameterFileException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A model file cut short or with a flipped byte, a folder, or a missing file: {@link PmfErc#load} fails with a
 * {@link ParameterFileException} whose message starts with the path, or (a flip the format does not cover, such as
 * the zip's trailing directory, which a streaming read does not use) loads a model that predicts exactly as the
 * original. Never another exception.
 */
class ModelFileDamageTest {

    @Test
    void damagedFilesFailNamingTheFileOrLoadUnchanged(@TempDir Path dir) throws IOException {
        PmfErcTest.data();
        PmfErc model = PmfErcTest.train(PmfErcTest.tiny(), 3);
        Path good = dir.resolve("good.erc");
        model.save(good);
        byte[] bytes = Files.readAllBytes(good);
        Dialogue d = PmfErcTest.data.split(Split.TEST).get(0);
        float[] expected = model.predict(d).get(0).probabilities();
        java.util.SplittableRandom rng = new java.util.SplittableRandom(11);
        int failures = 0;
        for (int i = 0; i < 120; i++) {
            byte[] damaged;
            if (i < 60) {
                damaged = Arrays.copyOf(bytes, (int) ((long) bytes.length * i / 60));
            } else {
                damaged = bytes.clone();
                damaged[rng.nextInt(damaged.length)] ^= (byte) (1 << rng.nextInt(8));
            }
            Path f = dir.resolve("damaged-" + i + ".erc");
            Files.write(f, damaged);
            try {
                PmfErc back = PmfErc.load(f);
                assertArrayEquals(expected, back.predict(d).get(0).probabilities(), "case " + i + " loaded");
            } catch (ParameterFileException e) {
                assertTrue(e.getMessage().startsWith(f.toString() + ": "), e.getMessage());
                assertTrue(!e.getMessage().contains("\n"), "one line: " + e.getMessage());
                failures++;
            } catch (Exception e) {
                fail("case " + i + " escaped as " + e, e);
            }
            // the same bytes from memory (as Spark ships a model): the same outcome, named by the name given
            try {
                PmfErc back = PmfErc.load(damaged, "shipped-" + i);
                assertArrayEquals(expected, back.predict(d).get(0).probabilities(), "case " + i + " from bytes");
            } catch (ParameterFileException e) {
                assertTrue(e.getMessage().startsWith("shipped-" + i + ": "), e.getMessage());
            } catch (Exception e) {
                fail("case " + i + " from bytes escaped as " + e, e);
            }
        }
        assertTrue(failures >= 60, "every truncation fails; " + failures + " of 120 did");
        assertArrayEquals(bytes, model.toBytes(), "toBytes is what save writes");
        assertArrayEquals(expected, PmfErc.load(model.toBytes(), "m").predict(d).get(0).probabilities());
        ParameterFileException folder = assertThrows(ParameterFileException.class, () -> PmfErc.load(dir));
        assertEquals(dir + ": is a directory, not a model file", folder.getMessage());
        ParameterFileException missing = assertThrows(ParameterFileException.class,
                () -> PmfErc.load(dir.resolve("none.erc")));
        assertEquals(dir.resolve("none.erc") + ": no such model file", missing.getMessage());
    }
}
