package dev.erc.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.erc.api.Dataset;
import dev.erc.api.Dialogue;
import dev.erc.api.LabelSet;
import dev.erc.api.Modality;
import dev.erc.api.Prediction;
import dev.erc.api.Split;
import dev.erc.api.Utterance;
import dev.erc.data.FeatureScaling;
import dev.erc.data.SyntheticDataset;
import dev.erc.model.batch.Standardizer;
import dev.erc.model.io.ParameterFileException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The model's input standardisation: fitted on the training split only, applied to every later input, kept in model
 * files and checkpoints, on a small synthetic dataset whose audio has IS10-like scales.
 */
class PmfErcStandardisationTest {

    static Dataset data;
    static final List<Modality> INPUTS = List.of(Modality.TEXT, Modality.AUDIO, Modality.VISUAL);

    @BeforeAll
    static void data() {
        SyntheticDataset.Shape small = new SyntheticDataset.Shape("tiny", LabelSet.IEMOCAP,
                new double[] {1, 1, 2, 1, 1, 2}, 2, 2, 2, new int[] {12, 4, 4}, 8, 4, 12,
                Map.of(Modality.TEXT, 12, Modality.AUDIO, 20, Modality.VISUAL, 8));
        data = FeatureScaling.is10Like(SyntheticDataset.generate(small, 3), Modality.AUDIO, 7);
    }

    private static PmfErc train(ModelConfig c, List<Dialogue> train, List<Dialogue> valid) {
        PmfErc m = PmfErc.builder(Preset.IEMOCAP).config(c).seed(4).build();
        m.fit(train, valid);
        return m;
    }

    private static void assertSamePredictions(PmfErc a, List<Dialogue> as, PmfErc b, List<Dialogue> bs) {
        for (int d = 0; d < as.size(); d++) {
            List<Prediction> pa = a.predict(as.get(d));
            List<Prediction> pb = b.predict(bs.get(d));
            for (int t = 0; t < pa.size(); t++) {
                assertArrayEquals(pa.get(t).probabilities(), pb.get(t).probabilities(), as.get(d).id() + " " + t);
            }
        }
    }

    @Test
    void theModelIsTrainingOnDataStandardisedWithTrainingStatistics() {
        List<Dialogue> train = data.split(Split.TRAIN);
        List<Dialogue> valid = data.split(Split.VALID);
        PmfErc on = train(PmfErcTest.tiny(), train, valid);
        Standardizer fromTrain = Standardizer.fit(train, INPUTS);
        assertTrue(on.standardizer().sameAs(fromTrain), "statistics of the training split");
        List<Dialogue> trainAndValid = new ArrayList<>(train);
        trainAndValid.addAll(valid);
        assertFalse(on.standardizer().sameAs(Standardizer.fit(trainAndValid, INPUTS)), "validation not looked at");

        // the same seed on data standardised beforehand, standardisation off: the very same model
        PmfErc off = train(PmfErcTest.tiny().withStandardization(false), fromTrain.apply(train),
                fromTrain.apply(valid));
        assertTrue(off.standardizer().isIdentity());
        List<Dialogue> test = data.split(Split.TEST);
        assertSamePredictions(on, test, off, fromTrain.apply(test));
    }

    @Test
    void aSavedModelStandardisesRawInputAsInTraining(@TempDir Path dir) throws IOException {
        PmfErc m = train(PmfErcTest.tiny(), data.split(Split.TRAIN), data.split(Split.VALID));
        Path f = dir.resolve("m.erc");
        m.save(f);
        PmfErc back = PmfErc.load(f);
        assertTrue(back.config().standardize());
        assertTrue(back.standardizer().sameAs(m.standardizer()));
        assertSamePredictions(m, data.split(Split.TEST), back, data.split(Split.TEST));

        PmfErc raw = train(PmfErcTest.tiny().withStandardization(false), data.split(Split.TRAIN),
                data.split(Split.VALID));
        Path g = dir.resolve("raw.erc");
        raw.save(g);
        PmfErc rawBack = PmfErc.load(g);
        assertFalse(rawBack.config().standardize());
        assertTrue(rawBack.standardizer().isIdentity());
        assertSamePredictions(raw, data.split(Split.TEST), rawBack, data.split(Split.TEST));
    }

    /** A model file as written before standardisation existed: no setting, no statistics entry. */
    @Test
    void filesWrittenBeforeStandardisationLoadAsTrainedOnRawFeatures(@TempDir Path dir) throws IOException {
        PmfErc raw = train(PmfErcTest.tiny().withStandardization(false), data.split(Split.TRAIN),
                data.split(Split.VALID));
        Path now = dir.resolve("now.erc");
        raw.save(now);
        Path old = dir.resolve("old.erc");
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipInputStream in = new ZipInputStream(Files.newInputStream(now));
             ZipOutputStream out = new ZipOutputStream(bytes)) {
            for (ZipEntry e; (e = in.getNextEntry()) != null; ) {
                byte[] body = in.readAllBytes();
                if (e.getName().equals("standardizer.params")) {
                    continue;
                }
                if (e.getName().equals("model.properties")) {
                    body = new String(body, java.nio.charset.StandardCharsets.ISO_8859_1)
                            .replaceAll("(?m)^config\\.standardize=false\\R", "")
                            .getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
                    assertFalse(new String(body, java.nio.charset.StandardCharsets.ISO_8859_1).contains("standardize"));
                }
                out.putNextEntry(new ZipEntry(e.getName()));
                out.write(body);
                out.closeEntry();
            }
        }
        Files.write(old, bytes.toByteArray());
        PmfErc back = PmfErc.load(old);
        assertFalse(back.config().standardize());
        assertSamePredictions(raw, data.split(Split.TEST), back, data.split(Split.TEST));
    }

    @Test
    void aCheckpointFromOtherTrainingDataIsRefused(@TempDir Path dir) {
        Path ckpt = dir.resolve("a.ckpt");
        ModelConfig c = PmfErcTest.tiny();
        PmfErc.builder(Preset.IEMOCAP).config(c).seed(1).checkpoint(ckpt).build()
                .fit(data.split(Split.TRAIN), data.split(Split.VALID));
        // same settings, same dimensions, other training features: only the statistics tell them apart
        List<Dialogue> otherTrain = new ArrayList<>(data.split(Split.TRAIN).subList(1, 12));
        otherTrain.add(data.split(Split.TEST).get(0));
        PmfErc other = PmfErc.builder(Preset.IEMOCAP).config(c).seed(1).checkpoint(ckpt).build();
        java.io.UncheckedIOException e = assertThrows(java.io.UncheckedIOException.class,
                () -> other.fit(otherTrain, data.split(Split.VALID)));
        assertTrue(e.getCause() instanceof ParameterFileException
                && e.getCause().getMessage().startsWith(ckpt + ": written for other settings or data"), e.getMessage());
    }

    @Test
    void nonFiniteFeaturesAreRefusedNamingDialogueAndUtterance() {
        Dialogue good = data.split(Split.TEST).get(1);
        List<Utterance> us = new ArrayList<>(good.utterances());
        Utterance u = us.get(3);
        float[] audio = u.feature(Modality.AUDIO).clone();
        audio[11] = Float.NaN;
        us.set(3, new Utterance(u.speaker(), u.label(), Map.of(Modality.TEXT, u.feature(Modality.TEXT),
                Modality.AUDIO, audio, Modality.VISUAL, u.feature(Modality.VISUAL)), null));
        Dialogue bad = new Dialogue(good.id(), us);
        String expected = "dialogue " + good.id() + ", utterance 3: audio feature 11 is NaN; features must be finite";
        for (ModelConfig c : List.of(PmfErcTest.tiny(), PmfErcTest.tiny().withStandardization(false))) {
            PmfErc m = PmfErc.builder(Preset.IEMOCAP).config(c).seed(1).build();
            List<Dialogue> valid = new ArrayList<>(data.split(Split.VALID));
            valid.add(bad);
            IllegalArgumentException fit = assertThrows(IllegalArgumentException.class,
                    () -> m.fit(data.split(Split.TRAIN), valid));
            assertEquals(expected, fit.getMessage());
            m.fit(data.split(Split.TRAIN), data.split(Split.VALID));
            IllegalArgumentException predict = assertThrows(IllegalArgumentException.class, () -> m.predict(bad));
            assertEquals(expected, predict.getMessage());
        }
    }
}
