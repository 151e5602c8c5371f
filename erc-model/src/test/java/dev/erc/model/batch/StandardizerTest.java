package dev.erc.model.batch;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.erc.api.Dialogue;
import dev.erc.api.Modality;
import dev.erc.api.Utterance;
import dev.erc.compute.autograd.Tensor;
import dev.erc.model.io.ParameterFileException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class StandardizerTest {

    private static final int DIM = 40;

    /**
     * Dialogues whose audio dimension j has offset 100 j and standard deviation 10^(j / 10 - 3) (0.001 to about
     * 8,000), dimension 5 constant at 7.25 and dimension 6 constant at 1e6; text features plain normals.
     */
    private static List<Dialogue> dialogues(long seed, int count) {
        SplittableRandom rng = new SplittableRandom(seed);
        List<Dialogue> out = new ArrayList<>();
        for (int d = 0; d < count; d++) {
            List<Utterance> us = new ArrayList<>();
            for (int t = 0; t < 3 + rng.nextInt(20); t++) {
                float[] audio = new float[DIM];
                for (int j = 0; j < DIM; j++) {
                    audio[j] = (float) (100.0 * j + Math.pow(10, j / 10.0 - 3) * rng.nextGaussian());
                }
                audio[5] = 7.25f;
                audio[6] = 1e6f;
                float[] text = {(float) rng.nextGaussian(), (float) rng.nextGaussian()};
                us.add(new Utterance(t % 2, t % 6, Map.of(Modality.AUDIO, audio, Modality.TEXT, text), "u" + t));
            }
            out.add(new Dialogue("d" + d, us));
        }
        return out;
    }

    /** Per-dimension mean and population standard deviation of a modality, straight from the definition. */
    private static double[][] moments(List<Dialogue> ds, Modality m) {
        List<float[]> rows = new ArrayList<>();
        ds.forEach(d -> d.utterances().forEach(u -> rows.add(u.feature(m))));
        int dim = rows.get(0).length;
        double[][] out = new double[2][dim];
        for (int j = 0; j < dim; j++) {
            double s = 0;
            for (float[] r : rows) {
                s += r[j];
            }
            double mean = s / rows.size();
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
    void trainingFeaturesComeOutWithMeanZeroAndUnitVarianceOnEveryScale() {
        List<Dialogue> train = dialogues(1, 30);
        Standardizer s = Standardizer.fit(train, List.of(Modality.AUDIO));
        double[][] raw = moments(train, Modality.AUDIO);
        double[][] z = moments(s.apply(train), Modality.AUDIO);
        for (int j = 0; j < DIM; j++) {
            assertEquals(raw[0][j], s.mean(Modality.AUDIO)[j], Math.ulp((float) raw[0][j]), "mean of " + j);
            if (j == 5 || j == 6) {
                assertEquals(1f, s.scale(Modality.AUDIO)[j], "constant dimension " + j + " is not divided");
                assertEquals(0.0, z[1][j], 0.0, "constant dimension " + j + " stays constant");
                assertEquals(0.0, z[0][j], 0.0, "constant dimension " + j + " is centred");
            } else {
                assertEquals(raw[1][j], s.scale(Modality.AUDIO)[j], 1e-6 * raw[1][j], "scale of " + j);
                // the mean is kept in float32, as the inputs are: it may be off by half an ulp of itself, which at
                // offset 100 j and std 0.001 is a few thousandths of a standard deviation
                double meanTolerance = Math.ulp((float) raw[0][j]) / raw[1][j] + 1e-5;
                assertEquals(0.0, z[0][j], meanTolerance, "standardised mean of " + j);
                assertEquals(1.0, z[1][j], 2e-3, "standardised std of " + j);
            }
        }
    }

    @Test
    void otherModalitiesSpeakersLabelsAndTextAreKept() {
        List<Dialogue> train = dialogues(2, 4);
        Dialogue in = train.get(0);
        Dialogue out = Standardizer.fit(train, List.of(Modality.AUDIO)).apply(in);
        assertEquals(in.id(), out.id());
        for (int t = 0; t < in.size(); t++) {
            Utterance a = in.utterance(t);
            Utterance b = out.utterance(t);
            assertEquals(a.speaker(), b.speaker());
            assertEquals(a.label(), b.label());
            assertEquals(a.text(), b.text());
            assertSame(a.feature(Modality.TEXT), b.feature(Modality.TEXT));
            assertFalse(java.util.Arrays.equals(a.feature(Modality.AUDIO), b.feature(Modality.AUDIO)));
        }
        assertSame(in, Standardizer.identity().apply(in));
        assertSame(train, Standardizer.identity().apply(train));
    }

    @Test
    void statisticsComeFromTheFittedDialoguesOnly() {
        List<Dialogue> train = dialogues(3, 10);
        List<Dialogue> more = new ArrayList<>(train);
        more.addAll(dialogues(4, 10));
        assertFalse(Standardizer.fit(train, List.of(Modality.AUDIO))
                .sameAs(Standardizer.fit(more, List.of(Modality.AUDIO))));
        assertTrue(Standardizer.fit(train, List.of(Modality.AUDIO))
                .sameAs(Standardizer.fit(dialogues(3, 10), List.of(Modality.AUDIO))));
    }

    @Test
    void roundTripsThroughTensorsBitForBit() throws ParameterFileException {
        Standardizer s = Standardizer.fit(dialogues(5, 6), List.of(Modality.AUDIO, Modality.TEXT));
        Standardizer back = Standardizer.fromTensors(s.toTensors(), "x.erc");
        assertTrue(back.sameAs(s));
        assertArrayEquals(s.scale(Modality.TEXT), back.scale(Modality.TEXT));
        Dialogue d = dialogues(6, 1).get(0);
        assertArrayEquals(s.apply(d).utterance(2).feature(Modality.AUDIO),
                back.apply(d).utterance(2).feature(Modality.AUDIO));
        assertTrue(Standardizer.fromTensors(Map.of(), "x.erc").isIdentity());
    }

    @Test
    void damagedStatisticsAreRefusedNamingTheFile() {
        Map<String, Tensor> bad = new java.util.HashMap<>(
                Standardizer.fit(dialogues(7, 3), List.of(Modality.AUDIO)).toTensors());
        float[] scale = bad.get("AUDIO.scale").data().clone();
        scale[3] = 0f;
        bad.put("AUDIO.scale", Tensor.of(scale, scale.length));
        ParameterFileException e = assertThrows(ParameterFileException.class,
                () -> Standardizer.fromTensors(bad, "m.erc"));
        assertTrue(e.getMessage().startsWith("m.erc: AUDIO dimension 3"), e.getMessage());
        bad.remove("AUDIO.scale");
        assertThrows(ParameterFileException.class, () -> Standardizer.fromTensors(bad, "m.erc"));
        assertThrows(ParameterFileException.class,
                () -> Standardizer.fromTensors(Map.of("LOUDNESS.mean", Tensor.of(new float[1], 1)), "m.erc"));
    }

    @Test
    void nonFiniteOrMisshapenFeaturesFailNamingDialogueUtteranceAndDimension() {
        List<Dialogue> train = dialogues(8, 5);
        Standardizer s = Standardizer.fit(train, List.of(Modality.AUDIO));
        for (float bad : new float[] {Float.NaN, Float.POSITIVE_INFINITY}) {
            float[] audio = train.get(1).utterance(2).feature(Modality.AUDIO).clone();
            audio[17] = bad;
            Dialogue broken = replace(train.get(1), 2, audio);
            IllegalArgumentException fit = assertThrows(IllegalArgumentException.class,
                    () -> Standardizer.fit(List.of(train.get(0), broken), List.of(Modality.AUDIO)));
            assertEquals("dialogue d1, utterance 2: audio feature 17 is " + bad + "; features must be finite",
                    fit.getMessage());
            IllegalArgumentException apply = assertThrows(IllegalArgumentException.class, () -> s.apply(broken));
            assertEquals(fit.getMessage(), apply.getMessage());
        }
        Dialogue shorter = replace(train.get(1), 0, new float[DIM - 1]);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> s.apply(shorter));
        assertEquals("dialogue d1, utterance 0: audio features of dimension 39, expected 40", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Standardizer.fit(List.of(), List.of(Modality.AUDIO)));
        assertThrows(IllegalArgumentException.class, () -> Standardizer.fit(train, List.of(Modality.VISUAL)));
    }

    private static Dialogue replace(Dialogue d, int t, float[] audio) {
        List<Utterance> us = new ArrayList<>(d.utterances());
        Utterance u = us.get(t);
        us.set(t, new Utterance(u.speaker(), u.label(), Map.of(Modality.AUDIO, audio, Modality.TEXT,
                u.feature(Modality.TEXT)), u.text()));
        return new Dialogue(d.id(), us);
    }
}
