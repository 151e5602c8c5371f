package dev.erc.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.erc.api.Dataset;
import dev.erc.api.Dialogue;
import dev.erc.api.Modality;
import dev.erc.api.Split;
import dev.erc.api.Utterance;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class SyntheticDatasetTest {

    static Dataset iemocap;

    @BeforeAll
    static void generate() {
        iemocap = SyntheticDataset.iemocap(7);
    }

    @Test
    void sameSeedSameDataOtherSeedOtherData() {
        Dataset again = SyntheticDataset.iemocap(7);
        Dialogue a = iemocap.split(Split.TEST).get(3);
        Dialogue b = again.split(Split.TEST).get(3);
        assertEquals(a.size(), b.size());
        for (int i = 0; i < a.size(); i++) {
            assertEquals(a.utterance(i).label(), b.utterance(i).label());
            assertArrayEquals(a.utterance(i).feature(Modality.AUDIO), b.utterance(i).feature(Modality.AUDIO));
        }
        Dialogue c = SyntheticDataset.iemocap(8).split(Split.TEST).get(3);
        assertFalse(Arrays.equals(a.utterance(0).feature(Modality.TEXT), c.utterance(0).feature(Modality.TEXT)));
    }

    @Test
    void shapedLikeIemocap() {
        assertEquals(100, iemocap.split(Split.TRAIN).size());
        assertEquals(20, iemocap.split(Split.VALID).size());
        assertEquals(31, iemocap.split(Split.TEST).size());
        assertEquals(Map.of(Modality.TEXT, 100, Modality.AUDIO, 1582, Modality.VISUAL, 342), iemocap.dimensions());
        int total = 0;
        int[] counts = new int[6];
        for (Split s : Split.values()) {
            for (Dialogue d : iemocap.split(s)) {
                assertTrue(d.size() >= 8 && d.size() <= 110, "length " + d.size());
                for (Utterance u : d.utterances()) {
                    assertTrue(u.speaker() < 2);
                    counts[u.label()]++;
                    total++;
                }
            }
        }
        double mean = total / 151.0;
        assertTrue(mean > 40 && mean < 58, "mean dialogue length " + mean);
        double[] shares = SyntheticDataset.IEMOCAP.labelShares();
        double sum = Arrays.stream(shares).sum();
        for (int c = 0; c < 6; c++) {
            assertEquals(shares[c] / sum, counts[c] / (double) total, 0.05, "share of class " + c);
        }
    }

    @Test
    void shapedLikeMeld() {
        Dataset meld = SyntheticDataset.meld(1);
        assertEquals(1038, meld.split(Split.TRAIN).size());
        assertEquals(114, meld.split(Split.VALID).size());
        assertEquals(280, meld.split(Split.TEST).size());
        assertEquals(7, meld.labels().size());
        assertEquals(Map.of(Modality.TEXT, 600, Modality.AUDIO, 300, Modality.VISUAL, 342), meld.dimensions());
        int maxSpeaker = 0;
        for (Dialogue d : meld.split(Split.TRAIN)) {
            for (Utterance u : d.utterances()) {
                maxSpeaker = Math.max(maxSpeaker, u.speaker());
            }
        }
        assertTrue(maxSpeaker >= 2, "multi-party dialogues");
        Map<String, Integer> counts = meld.labelCounts(Split.TRAIN);
        assertTrue(counts.get("neutral") > counts.get("joy") && counts.get("joy") > counts.get("fear"), counts.toString());
    }

    /** Nearest-centroid accuracy on the test split, alone or with the same speaker's neighbouring utterances. */
    private static double[] accuracy(Dataset d, Modality m) {
        int k = d.labels().size();
        int dim = d.dimensions().get(m);
        double[][] centroid = new double[k][dim];
        int[] n = new int[k];
        for (Dialogue dl : d.split(Split.TRAIN)) {
            for (Utterance u : dl.utterances()) {
                n[u.label()]++;
                float[] x = u.feature(m);
                for (int j = 0; j < dim; j++) {
                    centroid[u.label()][j] += x[j];
                }
            }
        }
        for (int c = 0; c < k; c++) {
            for (int j = 0; j < dim; j++) {
                centroid[c][j] /= Math.max(1, n[c]);
            }
        }
        int alone = 0;
        int context = 0;
        int total = 0;
        for (Dialogue dl : d.split(Split.TEST)) {
            double[][] score = new double[dl.size()][k];
            for (int i = 0; i < dl.size(); i++) {
                float[] x = dl.utterance(i).feature(m);
                for (int c = 0; c < k; c++) {
                    double s = 0;
                    for (int j = 0; j < dim; j++) {
                        double diff = x[j] - centroid[c][j];
                        s -= diff * diff;
                    }
                    score[i][c] = s / dim;
                }
            }
            for (int i = 0; i < dl.size(); i++) {
                int y = dl.utterance(i).label();
                int speaker = dl.utterance(i).speaker();
                double[] pooled = score[i].clone();
                for (int j = i - 1; j >= 0; j--) {
                    if (dl.utterance(j).speaker() == speaker) {
                        add(pooled, score[j]);
                        break;
                    }
                }
                for (int j = i + 1; j < dl.size(); j++) {
                    if (dl.utterance(j).speaker() == speaker) {
                        add(pooled, score[j]);
                        break;
                    }
                }
                alone += argmax(score[i]) == y ? 1 : 0;
                context += argmax(pooled) == y ? 1 : 0;
                total++;
            }
        }
        return new double[] {alone / (double) total, context / (double) total};
    }

    private static void add(double[] into, double[] s) {
        for (int c = 0; c < into.length; c++) {
            into[c] += 0.5 * s[c];
        }
    }

    private static int argmax(double[] v) {
        int best = 0;
        for (int i = 1; i < v.length; i++) {
            if (v[i] > v[best]) {
                best = i;
            }
        }
        return best;
    }

    @Test
    void textBeatsAudioBeatsVisualAndContextHelps() {
        double[] text = accuracy(iemocap, Modality.TEXT);
        double[] audio = accuracy(iemocap, Modality.AUDIO);
        double[] visual = accuracy(iemocap, Modality.VISUAL);
        String report = "text " + Arrays.toString(text) + " audio " + Arrays.toString(audio) + " visual "
                + Arrays.toString(visual);
        assertTrue(text[0] > audio[0] + 0.02 && audio[0] > visual[0] + 0.02, report);
        assertTrue(visual[0] > 0.3, "every modality carries signal above the 25 % majority class: " + report);
        assertTrue(text[0] < 0.8, "not trivially separable: " + report);
        for (double[] acc : new double[][] {text, audio, visual}) {
            assertTrue(acc[1] > acc[0] + 0.03, "context helps: " + report);
        }
    }

    /** The shared IEMOCAP / MELD shapes cannot be changed through the arrays they hand out or were built from. */
    @Test
    void shapesAreImmutable() {
        double[] shares = SyntheticDataset.IEMOCAP.labelShares();
        shares[0] = 1e9;
        SyntheticDataset.IEMOCAP.dialogues()[0] = 0;
        assertEquals(648, SyntheticDataset.IEMOCAP.labelShares()[0]);
        assertArrayEquals(new int[] {100, 20, 31}, SyntheticDataset.IEMOCAP.dialogues());
        int[] counts = {2, 1, 1};
        SyntheticDataset.Shape s = new SyntheticDataset.Shape("t", SyntheticDataset.IEMOCAP.labels(),
                new double[] {1, 1, 1, 1, 1, 1}, 2, 2, 2, counts, 4, 2, 6, Map.of(Modality.TEXT, 3));
        counts[0] = 50;
        assertArrayEquals(new int[] {2, 1, 1}, s.dialogues());
    }
}
