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
import dev.erc.api.TrainingHistory;
import dev.erc.data.SyntheticDataset;
import dev.erc.model.io.ParameterFileException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The model end to end on a small synthetic dataset: training, prediction, determinism, files, ablations. */
class PmfErcTest {

    static Dataset data;

    @BeforeAll
    static void data() {
        SyntheticDataset.Shape small = new SyntheticDataset.Shape("tiny", LabelSet.IEMOCAP,
                new double[] {1, 1, 2, 1, 1, 2}, 2, 2, 2, new int[] {12, 4, 4}, 8, 4, 12,
                Map.of(Modality.TEXT, 12, Modality.AUDIO, 20, Modality.VISUAL, 8));
        data = SyntheticDataset.generate(small, 3);
    }

    static ModelConfig tiny() {
        return new ModelConfig("IEMOCAP", EnumSet.of(Modality.TEXT, Modality.AUDIO, Modality.VISUAL), 6, 6, 3, 0.7f,
                0.1f, 3e-3, 2e-5, 2e-5, 2, 6, 6, 2, 1, 2, 2, 8, 6, 0.1f, 3e-3, 2e-5, 2e-5, 3, 4,
                true, true, true, true, true, true, true, true, true);
    }

    static PmfErc train(ModelConfig c, long seed) {
        PmfErc m = PmfErc.builder(Preset.IEMOCAP).config(c).seed(seed).build();
        m.fit(data.split(Split.TRAIN), data.split(Split.VALID));
        return m;
    }

    @Test
    void fitRecordsEveryEpochAndPredictsEveryUtterance() {
        PmfErc m = PmfErc.builder(Preset.IEMOCAP).config(tiny()).seed(1).build();
        TrainingHistory h = m.fit(data.split(Split.TRAIN), data.split(Split.VALID));
        assertEquals(3 * 2 + 3, h.epochs().size(), "3 pairs x 2 stage-1 epochs + 3 stage-2 epochs");
        assertTrue(h.selected().contains("pair VA") && h.selected().contains("stage 2"), h.selected());
        assertTrue(m.notes().get(0).contains("falls back to the TEXT"), m.notes().toString());
        Dialogue d = data.split(Split.TEST).get(0);
        List<Prediction> p = m.predict(d);
        assertEquals(d.size(), p.size());
        for (Prediction x : p) {
            double sum = 0;
            for (float v : x.probabilities()) {
                sum += v;
            }
            assertEquals(1.0, sum, 1e-5);
            assertEquals(LabelSet.IEMOCAP.name(x.label()), x.name());
        }
    }

    @Test
    void sameSeedSameModelOtherSeedOtherModel() {
        Dialogue d = data.split(Split.TEST).get(1);
        float[] a = train(tiny(), 5).predict(d).get(0).probabilities();
        float[] b = train(tiny(), 5).predict(d).get(0).probabilities();
        float[] c = train(tiny(), 6).predict(d).get(0).probabilities();
        assertArrayEquals(a, b);
        assertFalse(java.util.Arrays.equals(a, c));
    }

    @Test
    void savedModelsPredictExactlyTheSame(@TempDir Path dir) throws IOException {
        PmfErc m = train(tiny(), 2);
        Path f = dir.resolve("tiny.erc");
        m.save(f);
        PmfErc back = PmfErc.load(f);
        assertEquals(m.config(), back.config());
        for (Dialogue d : data.split(Split.TEST)) {
            List<Prediction> a = m.predict(d);
            List<Prediction> b = back.predict(d);
            for (int i = 0; i < a.size(); i++) {
                assertArrayEquals(a.get(i).probabilities(), b.get(i).probabilities());
            }
        }
        try (var files = Files.list(dir)) {
            assertEquals(1, files.count(), "no temporary file left");
        }
        Path broken = dir.resolve("broken.erc");
        Files.write(broken, java.util.Arrays.copyOf(Files.readAllBytes(f), 200));
        assertThrows(IOException.class, () -> PmfErc.load(broken));
        Path foreign = dir.resolve("foreign.erc");
        Files.writeString(foreign, "plain text");
        ParameterFileException e = assertThrows(ParameterFileException.class, () -> PmfErc.load(foreign));
        assertTrue(e.getMessage().contains(foreign.toString()), e.getMessage());
    }

    @Test
    void everyAblationTrainsAndPredicts() {
        Dialogue d = data.split(Split.TEST).get(2);
        List<ModelConfig> variants = List.of(
                tiny().withAblation(false, true, true, true, true, true, true),    // w/o PMF
                tiny().withAblation(true, false, true, true, true, true, true),    // w/o density loss
                tiny().withAblation(true, true, false, true, true, true, true),    // w/o MAL
                tiny().withAblation(true, true, true, false, true, true, true),    // w/o speaker embedding
                tiny().withAblation(true, true, true, true, false, true, true, true), // w/o GCN_f (Table 4)
                tiny().withAblation(true, true, false, true, true, true, false),   // no ATT, no h(VA) (Table 5)
                tiny().withAblation(true, true, true, true, false, true, true),    // w/o E(Bt)
                tiny().withAblation(true, true, true, true, false, false, true),   // w/o E(Bt), h(Bt)
                tiny().withAblation(true, true, true, true, true, true, false),    // w/o h(VA)
                tiny().withModalities(EnumSet.of(Modality.TEXT)),                  // unimodal
                tiny().withModalities(EnumSet.of(Modality.TEXT, Modality.AUDIO))); // bimodal
        List<float[]> outputs = new ArrayList<>();
        outputs.add(probabilities(train(tiny(), 1), d));
        for (ModelConfig c : variants) {
            PmfErc m = train(c, 1);
            assertEquals(d.size(), m.predict(d).size(), c.toString());
            float[] p = probabilities(m, d);
            for (float v : p) {
                assertTrue(Float.isFinite(v) && v >= 0 && v <= 1, c + ": probability " + v);
            }
            // Each switch changes the computation: no variant gives the full model's (or another variant's) output.
            for (int j = 0; j < outputs.size(); j++) {
                assertFalse(java.util.Arrays.equals(outputs.get(j), p),
                        c + " gives the same output as " + (j == 0 ? "the full model" : variants.get(j - 1)));
            }
            outputs.add(p);
        }
    }

    /** Every utterance's class probabilities of dialogue {@code d}, concatenated. */
    private static float[] probabilities(PmfErc m, Dialogue d) {
        List<Prediction> p = m.predict(d);
        int k = p.get(0).probabilities().length;
        float[] all = new float[p.size() * k];
        for (int i = 0; i < p.size(); i++) {
            System.arraycopy(p.get(i).probabilities(), 0, all, i * k, k);
        }
        return all;
    }

    @Test
    void unfittedModelsRefuseToPredict() {
        PmfErc m = PmfErc.builder(Preset.MELD).build();
        assertEquals(7, m.labels().size());
        assertThrows(IllegalStateException.class, () -> m.predict(data.split(Split.TEST).get(0)));
        assertThrows(IllegalArgumentException.class, () -> m.fit(List.of(), data.split(Split.VALID)));
    }

    @Test
    void aModelWhoseSecondFitFailedRefusesToPredict() {
        java.util.concurrent.atomic.AtomicInteger epochs = new java.util.concurrent.atomic.AtomicInteger();
        PmfErc m = PmfErc.builder(Preset.IEMOCAP).config(tiny()).seed(1).onEpoch(e -> {
            if (epochs.incrementAndGet() > 9) {
                throw new Kill();
            }
        }).build();
        m.fit(data.split(Split.TRAIN), data.split(Split.VALID));
        Dialogue d = data.split(Split.TEST).get(0);
        assertEquals(d.size(), m.predict(d).size());
        assertThrows(Kill.class, () -> m.fit(data.split(Split.TRAIN), data.split(Split.VALID)));
        // its weights are half-trained from fresh ones: neither the old model nor a new one
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> m.predict(d));
        assertTrue(e.getMessage().contains("not trained"), e.getMessage());
        assertThrows(IllegalStateException.class, () -> m.representations(d));
    }

    /** Kills a run after a given (stage, epoch) by throwing from the epoch listener, after its checkpoint. */
    private static final class Kill extends RuntimeException {
        private static final long serialVersionUID = 1L;
    }

    private static void killedAndResumedMatchesUninterrupted(Path dir, int killStage, int killAfter) throws IOException {
        Path ckpt = dir.resolve("run-" + killStage + "-" + killAfter + ".ckpt");
        PmfErc straight = train(tiny(), 9);
        int[] seen = {0};
        PmfErc killed = PmfErc.builder(Preset.IEMOCAP).config(tiny()).seed(9).checkpoint(ckpt).onEpoch(e -> {
            if (e.stage() == killStage && ++seen[0] == killAfter) {
                throw new Kill();
            }
        }).build();
        assertThrows(Kill.class, () -> killed.fit(data.split(Split.TRAIN), data.split(Split.VALID)));
        assertTrue(Files.exists(ckpt));
        PmfErc resumed = PmfErc.builder(Preset.IEMOCAP).config(tiny()).seed(9).checkpoint(ckpt).build();
        TrainingHistory h = resumed.fit(data.split(Split.TRAIN), data.split(Split.VALID));
        assertEquals(3 * 2 + 3, h.epochs().size(), "the history survives the restart");
        for (Dialogue d : data.split(Split.TEST)) {
            List<Prediction> a = straight.predict(d);
            List<Prediction> b = resumed.predict(d);
            for (int i = 0; i < a.size(); i++) {
                assertArrayEquals(a.get(i).probabilities(), b.get(i).probabilities(), "dialogue " + d.id());
            }
        }
    }

    @Test
    void aRunKilledInStageOneResumesToTheSameModel(@TempDir Path dir) throws IOException {
        killedAndResumedMatchesUninterrupted(dir, 1, 3);
    }

    @Test
    void aRunKilledInStageTwoResumesToTheSameModel(@TempDir Path dir) throws IOException {
        killedAndResumedMatchesUninterrupted(dir, 2, 2);
    }

    @Test
    void aCheckpointOfOtherSettingsIsRefused(@TempDir Path dir) {
        Path ckpt = dir.resolve("a.ckpt");
        PmfErc.builder(Preset.IEMOCAP).config(tiny()).seed(1).checkpoint(ckpt).build()
                .fit(data.split(Split.TRAIN), data.split(Split.VALID));
        PmfErc other = PmfErc.builder(Preset.IEMOCAP).config(tiny()).seed(2).checkpoint(ckpt).build();
        java.io.UncheckedIOException e = assertThrows(java.io.UncheckedIOException.class,
                () -> other.fit(data.split(Split.TRAIN), data.split(Split.VALID)));
        assertTrue(e.getCause() instanceof ParameterFileException
                && e.getCause().getMessage().startsWith(ckpt + ": written for other settings"), e.getMessage());
    }
}
