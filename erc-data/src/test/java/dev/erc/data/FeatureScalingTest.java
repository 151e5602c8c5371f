package dev.erc.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.erc.api.Dataset;
import dev.erc.api.Dialogue;
import dev.erc.api.LabelSet;
import dev.erc.api.Modality;
import dev.erc.api.Split;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FeatureScalingTest {

    private static final Dataset SOURCE = SyntheticDataset.generate(new SyntheticDataset.Shape("small",
            LabelSet.IEMOCAP, new double[] {1, 1, 2, 1, 1, 2}, 2, 2, 2, new int[] {40, 8, 8}, 30, 10, 50,
            Map.of(Modality.TEXT, 16, Modality.AUDIO, 400, Modality.VISUAL, 8)), 5);

    /** Per-dimension [mean, population std] of a modality over a split, in double. */
    private static double[][] moments(Dataset d, Split s, Modality m) {
        List<float[]> rows = new ArrayList<>();
        d.split(s).forEach(dl -> dl.utterances().forEach(u -> rows.add(u.feature(m))));
        int dim = rows.get(0).length;
        double[][] out = new double[2][dim];
        for (int j = 0; j < dim; j++) {
            double sum = 0;
            for (float[] r : rows) {
                sum += r[j];
            }
            double mean = sum / rows.size();
            double v = 0;
            for (float[] r : rows) {
                v += (r[j] - mean) * (r[j] - mean);
            }
            out[0][j] = mean;
            out[1][j] = Math.sqrt(v / rows.size());
        }
        return out;
    }

    @Test
    void audioGetsIs10LikeScalesOnTheTrainingSplit() {
        Dataset scaled = FeatureScaling.is10Like(SOURCE, Modality.AUDIO, 7);
        double[][] m = moments(scaled, Split.TRAIN, Modality.AUDIO);
        double minStd = Double.MAX_VALUE;
        double maxStd = 0;
        double absMean = 0;
        int below01 = 0;
        for (int j = 0; j < m[0].length; j++) {
            minStd = Math.min(minStd, m[1][j]);
            maxStd = Math.max(maxStd, m[1][j]);
            absMean += Math.abs(m[0][j]) / m[0].length;
            below01 += m[1][j] < 0.1 ? 1 : 0;
        }
        assertTrue(minStd >= 0.003 * 0.999 && minStd < 0.006, "smallest std " + minStd);
        assertTrue(maxStd <= 3.7 * 1.001 && maxStd > 3.0, "largest std " + maxStd);
        // log-uniform over [0.003, 3.7]: about half the dimensions below 0.1
        assertTrue(below01 > 150 && below01 < 250, below01 + " of 400 below 0.1");
        assertTrue(absMean > 3.6 && absMean < 5.0, "mean offset magnitude " + absMean);
        assertTrue(scaled.source().endsWith("audio rescaled to IS10-like scales (seed 7)"), scaled.source());
    }

    @Test
    void iemocapLikeScalesEveryModality() {
        Dataset scaled = FeatureScaling.iemocapLike(SOURCE, 7);
        double[][] audio = moments(scaled, Split.TRAIN, Modality.AUDIO);
        double[][] is10 = moments(FeatureScaling.is10Like(SOURCE, Modality.AUDIO, 7), Split.TRAIN, Modality.AUDIO);
        assertEquals(is10[1][17], audio[1][17], 1e-12, "audio exactly as is10Like");
        for (Modality m : new Modality[] {Modality.TEXT, Modality.VISUAL}) {
            double[][] mo = moments(scaled, Split.TRAIN, m);
            for (int j = 0; j < mo[1].length; j++) {
                assertTrue(mo[1][j] >= 0.1 * 0.999 && mo[1][j] <= 0.5 * 1.001, m + " std " + mo[1][j]);
                assertTrue(Math.abs(mo[0][j]) < 1.5, m + " offset " + mo[0][j]);
            }
        }
        assertTrue(scaled.source().contains("scales of IEMOCAP_features.pkl"), scaled.source());
    }

    @Test
    void onlyAnAffineMapOfTheRescaledModalityChanges() {
        Dataset scaled = FeatureScaling.is10Like(SOURCE, Modality.AUDIO, 7);
        double[][] before = moments(SOURCE, Split.TRAIN, Modality.AUDIO);
        double[][] after = moments(scaled, Split.TRAIN, Modality.AUDIO);
        for (Split s : Split.values()) {
            for (int i = 0; i < SOURCE.split(s).size(); i++) {
                Dialogue a = SOURCE.split(s).get(i);
                Dialogue b = scaled.split(s).get(i);
                assertEquals(a.id(), b.id());
                for (int t = 0; t < a.size(); t++) {
                    assertEquals(a.utterance(t).label(), b.utterance(t).label());
                    assertEquals(a.utterance(t).speaker(), b.utterance(t).speaker());
                    assertSame(a.utterance(t).feature(Modality.TEXT), b.utterance(t).feature(Modality.TEXT));
                    float[] x = a.utterance(t).feature(Modality.AUDIO);
                    float[] y = b.utterance(t).feature(Modality.AUDIO);
                    for (int j = 0; j < x.length; j += 37) {
                        // same z-score in the training statistics of each: the information is unchanged
                        double zx = (x[j] - before[0][j]) / before[1][j];
                        double zy = (y[j] - after[0][j]) / after[1][j];
                        assertEquals(zx, zy, 2e-3 * (1 + Math.abs(zx)), s + " " + a.id() + " " + t + " " + j);
                    }
                }
            }
        }
        assertThrows(IllegalArgumentException.class, () -> FeatureScaling.is10Like(
                new Dataset("x", LabelSet.IEMOCAP, List.of("M"), Map.of(), Map.of(), "none"), Modality.AUDIO, 1));
    }
}
