package dev.erc.data;

import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A seeded mutation loop over valid fixture pickles of every flavour: byte flips, overwrites, truncations, deletions,
 * duplications and insertions. Whatever the bytes, loading either succeeds or throws {@link DatasetFormatException};
 * no other exception, error, hang or runaway allocation escapes. Bounded by a mutation count (and a time limit as a
 * guard); a failure names the seed that reproduces it.
 */
class PickleFuzzTest {

    private static final int MUTATIONS = Integer.getInteger("erc.fuzz.mutations", 1500);

    @ParameterizedTest
    @ValueSource(strings = {"iemocap_features_py2", "iemocap_roberta_np2", "meld_features_np1",
            "meld_transcripts_py2"})
    void mutatedPicklesFailOnlyWithTheTypedException(String name) throws IOException {
        byte[] valid = Files.readAllBytes(FixtureLoadTest.fixture(name + ".pkl"));
        Path label = Path.of(name + "-mutant.pkl");
        int[] rejected = {0};
        assertTimeoutPreemptively(Duration.ofSeconds(Math.max(120, MUTATIONS / 50)), () -> {
            for (int i = 0; i < MUTATIONS; i++) {
                long seed = name.hashCode() * 1_000_003L + i;
                byte[] mutant = mutate(valid, new SplittableRandom(seed));
                try {
                    DataFiles.load(label, mutant, 0);
                } catch (DatasetFormatException expected) {
                    rejected[0]++;
                    assertTrue(expected.getMessage().startsWith(label.toString()), expected.getMessage());
                } catch (Throwable t) {
                    fail("mutation seed " + seed + " of " + name + " escaped as " + t, t);
                }
            }
        });
        assertTrue(rejected[0] > MUTATIONS / 2, "most mutants are rejected: " + rejected[0]);
    }

    static byte[] mutate(byte[] in, SplittableRandom rng) {
        byte[] b = in;
        int edits = 1 + rng.nextInt(4);
        for (int e = 0; e < edits; e++) {
            int n = b.length;
            int at = rng.nextInt(Math.max(1, n));
            switch (rng.nextInt(6)) {
                case 0 -> {
                    b = b.clone();
                    b[at] ^= (byte) (1 << rng.nextInt(8));
                }
                case 1 -> {
                    b = b.clone();
                    b[at] = (byte) rng.nextInt(256);
                }
                case 2 -> b = Arrays.copyOf(b, at);
                case 3 -> {
                    int len = Math.min(n - at, 1 + rng.nextInt(16));
                    byte[] c = new byte[n - len];
                    System.arraycopy(b, 0, c, 0, at);
                    System.arraycopy(b, at + len, c, at, n - at - len);
                    b = c;
                }
                case 4 -> {
                    int len = Math.min(n - at, 1 + rng.nextInt(32));
                    byte[] c = new byte[n + len];
                    System.arraycopy(b, 0, c, 0, at + len);
                    System.arraycopy(b, at, c, at + len, n - at);
                    b = c;
                }
                default -> {
                    int len = 1 + rng.nextInt(8);
                    byte[] c = new byte[n + len];
                    System.arraycopy(b, 0, c, 0, at);
                    for (int k = 0; k < len; k++) {
                        c[at + k] = (byte) rng.nextInt(256);
                    }
                    System.arraycopy(b, at, c, at + len, n - at);
                    b = c;
                }
            }
            if (b.length == 0) {
                break;
            }
        }
        return b;
    }
}
