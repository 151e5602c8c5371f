package dev.erc.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.erc.api.Dataset;
import dev.erc.api.Dialogue;
import dev.erc.api.Prediction;
import dev.erc.api.Split;
import dev.erc.model.PmfErc;
import dev.erc.model.Preset;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Training runs as Spark tasks give, in the order asked, the bits the same runs give one by one in this JVM. */
class SparkGridTest {

    static SparkSession spark;

    @BeforeAll
    static void start() {
        spark = SparkTestData.session();
    }

    @AfterAll
    static void stop() {
        spark.stop();
    }

    /** Trains with {@code seed} and returns every test probability, in order. */
    static float[] trainAndPredict(Dataset d, long seed) {
        PmfErc m = PmfErc.builder(Preset.IEMOCAP).config(Preset.IEMOCAP.config().withEpochs(1, 1)).seed(seed).build();
        m.fit(d.split(Split.TRAIN), d.split(Split.VALID));
        List<Float> out = new ArrayList<>();
        for (Dialogue dl : d.split(Split.TEST)) {
            for (Prediction p : m.predict(dl)) {
                for (float v : p.probabilities()) {
                    out.add(v);
                }
            }
        }
        float[] a = new float[out.size()];
        for (int i = 0; i < a.length; i++) {
            a[i] = out.get(i);
        }
        return a;
    }

    @Test
    void runsGiveTheBitsOfTheSameRunsOneByOne() {
        Dataset d = SparkTestData.data(new int[] {6, 2, 3}, 11);
        List<Long> seeds = List.of(3L, 1L, 2L);
        List<float[]> grid = SparkGrid.run(spark, d, seeds, SparkGridTest::trainAndPredict);
        assertEquals(3, grid.size());
        for (int i = 0; i < seeds.size(); i++) {
            assertArrayEquals(trainAndPredict(d, seeds.get(i)), grid.get(i), "seed " + seeds.get(i));
        }
        assertTrue(grid.get(0)[0] != grid.get(1)[0], "different seeds, different models");
    }

    @Test
    void aFailingRunFailsTheGridWithItsCause() {
        Exception e = assertThrows(Exception.class, () -> SparkGrid.run(spark, "data", List.of(1, 2),
                (String data, Integer run) -> {
                    if (run == 2) {
                        throw new IllegalStateException("run 2 cannot train");
                    }
                    return run;
                }));
        assertTrue(e.getMessage().contains("run 2 cannot train"), e.getMessage());
    }
}
