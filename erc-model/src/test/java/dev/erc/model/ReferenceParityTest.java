package dev.erc.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.erc.api.Dialogue;
import dev.erc.api.Modality;
import dev.erc.api.Utterance;
import dev.erc.compute.autograd.Tensor;
import dev.erc.compute.backend.BackendUnavailableException;
import dev.erc.compute.backend.Backends;
import dev.erc.model.batch.DialogueBatch;
import dev.erc.model.mal.MultimodalAttention;
import dev.erc.model.mff.MultipleFeaturesFusion;
import dev.erc.model.nn.Fixture;
import dev.erc.model.nn.Module;
import dev.erc.model.nn.Parity;
import dev.erc.model.pmf.PairwiseFusion;
import dev.erc.model.train.Objective;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.opentest4j.AssertionFailedError;

/**
 * Stage 1 and stage 2 of the model against the PyTorch reference ({@code tools/pmf_erc_reference.py}) with the
 * reference's initial weights: outputs, loss and the gradient of every parameter, on both backends, to the
 * tolerances of {@link Parity#assertClose} (relative to each value and to its tensor's scale, never an absolute
 * floor). Measured when written: every element within 9e-7 of its tensor's largest value, every tensor within 8e-7
 * of its norm.
 *
 * <p>Each stage runs twice: on the small JSON fixtures (widths 4-8) and at the model's own widths ({@code *_h100}:
 * the IEMOCAP preset's hidden 100 and attention 128 over dialogues of 24, 9 and 17 utterances), where the Vector API
 * kernels run their vector loops and not only their scalar tails. Tried: scaling the g-gate gradient of the LSTM
 * cell's vector loop by 1.001 ({@code RecurrentKernels}) fails {@code stage1_h100} on {@code cpu} (encoder1's
 * weight_ih) and passes every small case, which never reaches that loop.
 */
class ReferenceParityTest {

    private static final double RTOL = Parity.RTOL;
    private static final double FLOOR = Parity.FLOOR;

    private static JsonNode fixture(String name) throws IOException {
        try (InputStream in = ReferenceParityTest.class.getResourceAsStream("/fixtures/model/" + name + ".json")) {
            assertNotNull(in, "fixture " + name + "; run tools/pmf_erc_reference.py");
            return new ObjectMapper().readTree(in);
        }
    }

    private static Tensor tensor(JsonNode t) {
        int[] shape = new int[t.get("shape").size()];
        for (int i = 0; i < shape.length; i++) {
            shape[i] = t.get("shape").get(i).asInt();
        }
        float[] d = new float[t.get("data").size()];
        for (int i = 0; i < d.length; i++) {
            d[i] = (float) t.get("data").get(i).asDouble();
        }
        return Tensor.of(d, shape);
    }

    private static Map<String, float[]> params(JsonNode f, String prefix) {
        Map<String, float[]> out = new HashMap<>();
        f.get("params").fieldNames().forEachRemaining(n -> {
            if (n.startsWith(prefix)) {
                out.put(n.substring(prefix.length()), tensor(f.get("params").get(n)).data());
            }
        });
        return out;
    }

    private static ModelConfig config(JsonNode c) {
        return new ModelConfig("IEMOCAP", EnumSet.of(Modality.TEXT, Modality.AUDIO, Modality.VISUAL),
                c.get("lstmHidden").asInt(), c.get("gcnHidden").asInt(), c.get("window").asInt(),
                (float) c.get("gamma").asDouble(), 0f, 1e-3, c.get("pmfDensity").asDouble(), 0, 1,
                c.get("gruHidden").asInt(), c.get("textHidden").asInt(), c.get("heads").asInt(),
                c.get("transformerLayers").asInt(), c.get("attentionLayers").asInt(), c.get("attentionHeads").asInt(),
                c.get("attentionDim").asInt(), c.get("fcHidden").asInt(), 0f, 1e-3, c.get("malDensity").asDouble(),
                0, 1, 4, true, true, true, true, true, true, true, true, false);
    }

    /** The fixture's padded tensors turned back into dialogues, so the batch goes through DialogueBatch. */
    private static DialogueBatch batch(JsonNode f, Map<Modality, Tensor> features) {
        int[] lengths = new int[f.get("lengths").size()];
        for (int i = 0; i < lengths.length; i++) {
            lengths[i] = f.get("lengths").get(i).asInt();
        }
        int maxLen = features.values().iterator().next().dim(1);
        List<Dialogue> dialogues = new ArrayList<>();
        for (int b = 0; b < lengths.length; b++) {
            List<Utterance> us = new ArrayList<>();
            for (int t = 0; t < lengths[b]; t++) {
                Map<Modality, float[]> x = new EnumMap<>(Modality.class);
                for (Map.Entry<Modality, Tensor> e : features.entrySet()) {
                    int d = e.getValue().dim(2);
                    x.put(e.getKey(), java.util.Arrays.copyOfRange(e.getValue().data(), (b * maxLen + t) * d,
                            (b * maxLen + t + 1) * d));
                }
                int k = b * maxLen + t;
                us.add(new Utterance(f.get("speakers").get(k).asInt(), f.get("labels").get(k).asInt(), x, null));
            }
            dialogues.add(new Dialogue("d" + b, us));
        }
        return DialogueBatch.of(dialogues, features.keySet());
    }

    /** Per-position outputs compared at real utterances only: padded positions carry no meaning. */
    private static void closeAtUtterances(String what, float[] expected, float[] actual, DialogueBatch batch) {
        int per = expected.length / batch.mask().length;
        boolean[] mask = batch.mask();
        List<Float> e = new ArrayList<>();
        List<Float> a = new ArrayList<>();
        for (int k = 0; k < mask.length; k++) {
            if (mask[k]) {
                for (int j = 0; j < per; j++) {
                    e.add(expected[k * per + j]);
                    a.add(actual[k * per + j]);
                }
            }
        }
        float[] ef = new float[e.size()];
        float[] af = new float[a.size()];
        for (int i = 0; i < ef.length; i++) {
            ef[i] = e.get(i);
            af[i] = a.get(i);
        }
        Parity.assertClose(what, ef, af);
    }

    private static void closeLoss(double expected, double actual) {
        assertEquals(expected, actual, 1e-6 * Math.abs(expected), "loss");
    }

    /**
     * Where a stage's reference comes from: the small fixtures hold everything in JSON; the production-size ones
     * ({@code *_h100}) draw parameters and inputs from named SplitMix64 streams and keep outputs and gradients in a
     * {@code .bin}. Both headers carry the config, lengths, speakers and labels under the same keys.
     */
    private interface Reference {
        JsonNode header();

        Tensor input(String key);

        void load(Module m, String prefix);

        float[] output(String key);

        double loss();

        /** Compares {@code actual}, our gradient of parameter {@code name}, with the reference's. */
        void checkGrad(String name, float[] actual);

        static Reference of(String name) throws IOException {
            if (!name.endsWith("_h100")) {
                JsonNode f = fixture(name);
                return new Reference() {
                    public JsonNode header() {
                        return f;
                    }

                    public Tensor input(String key) {
                        return tensor(f.get("inputs").get(key));
                    }

                    public void load(Module m, String prefix) {
                        m.load(params(f, prefix));
                    }

                    public float[] output(String key) {
                        return tensor(f.get("outputs").get(key)).data();
                    }

                    public double loss() {
                        return f.get("outputs").get("loss").asDouble();
                    }

                    public void checkGrad(String n, float[] actual) {
                        JsonNode g = f.get("grads").get(n);
                        assertNotNull(g, "reference has no gradient for " + n);
                        Parity.assertClose("d/d " + n, tensor(g).data(), actual);
                    }
                };
            }
            Fixture f = Fixture.load("/fixtures/model/", name);
            return new Reference() {
                public JsonNode header() {
                    return f.root();
                }

                public Tensor input(String key) {
                    return f.drawn(key);
                }

                public void load(Module m, String prefix) {
                    f.drawParameters(m, prefix);
                }

                public float[] output(String key) {
                    return f.tensor("outputs", key).data();
                }

                public double loss() {
                    return f.root().get("loss").asDouble();
                }

                /**
                 * Large gradients are stored as every stride-th value plus the whole tensor's norm
                 * ({@code pmf_erc_reference.py}, to keep the fixture small): ours is sampled the same way and its
                 * norm checked to {@link Parity#NORM_TOL}.
                 */
                public void checkGrad(String n, float[] actual) {
                    JsonNode g = f.section("grads").get(n);
                    assertNotNull(g, "reference has no gradient for " + n);
                    assertNotNull(actual, "d/d " + n + ": no gradient");
                    float[] expected = f.tensor("grads", n).data();
                    if (!g.has("stride")) {
                        Parity.assertClose("d/d " + n, expected, actual);
                        return;
                    }
                    int stride = g.get("stride").asInt();
                    float[] sample = new float[expected.length];
                    double norm2 = 0;
                    for (int i = 0; i < actual.length; i++) {
                        norm2 += (double) actual[i] * actual[i];
                    }
                    for (int i = 0; i < sample.length; i++) {
                        sample[i] = actual[i * stride];
                    }
                    Parity.assertClose("d/d " + n + " (every " + stride + "th value)", expected, sample);
                    double norm = g.get("norm").asDouble();
                    assertEquals(norm, Math.sqrt(norm2), Parity.NORM_TOL * norm, "d/d " + n + ": norm");
                }
            };
        }
    }

    private static void checkGrads(Reference r, Module m, String prefix) {
        m.namedParameters().forEach((n, p) -> r.checkGrad(prefix + n, p.grad()));
    }

    /** Padded positions of drawn inputs are zeroed on both sides, as DialogueBatch pads. */
    private static Tensor padded(Tensor x, int[] lengths) {
        float[] d = x.data();
        int maxLen = x.dim(1);
        int width = x.dim(2);
        for (int b = 0; b < lengths.length; b++) {
            java.util.Arrays.fill(d, (b * maxLen + lengths[b]) * width, (b + 1) * maxLen * width, 0f);
        }
        return x;
    }

    private static int[] lengths(JsonNode header) {
        int[] l = new int[header.get("lengths").size()];
        for (int i = 0; i < l.length; i++) {
            l[i] = header.get("lengths").get(i).asInt();
        }
        return l;
    }

    @ParameterizedTest(name = "{0} on {1}")
    @CsvSource({"stage1, scalar", "stage1, cpu", "stage1_h100, scalar", "stage1_h100, cpu"})
    void stageOnePairwiseFusion(String fixture, String backend) throws IOException, BackendUnavailableException {
        Reference r = Reference.of(fixture);
        ModelConfig c = config(r.header().get("config"));
        Map<Modality, Tensor> x = new EnumMap<>(Modality.class);
        x.put(Modality.VISUAL, padded(r.input("visual"), lengths(r.header())));
        x.put(Modality.AUDIO, padded(r.input("audio"), lengths(r.header())));
        DialogueBatch batch = batch(r.header(), x);
        try (var scope = Backends.use(Backends.get(backend))) {
            PairwiseFusion pmf = new PairwiseFusion(Modality.VISUAL, x.get(Modality.VISUAL).dim(2), Modality.AUDIO,
                    x.get(Modality.AUDIO).dim(2), 2, 6, c, new SplittableRandom(0));
            r.load(pmf, "");
            Tensor e = pmf.fuse(batch);
            Tensor logits = pmf.logits(e);
            Tensor loss = Objective.loss(logits, e, batch, c.pmfDensity());
            closeAtUtterances("E(VA)", r.output("fused"), e.data(), batch);
            closeAtUtterances("logits", r.output("logits"), logits.data(), batch);
            closeLoss(r.loss(), loss.item());
            loss.backward();
            checkGrads(r, pmf, "");
        }
    }

    @ParameterizedTest(name = "{0} on {1}")
    @CsvSource({"stage2, scalar", "stage2, cpu", "stage2_h100, scalar", "stage2_h100, cpu"})
    void stageTwoFusionAndAttention(String fixture, String backend) throws IOException, BackendUnavailableException {
        Reference r = Reference.of(fixture);
        ModelConfig c = config(r.header().get("config"));
        Map<Modality, Tensor> x = new EnumMap<>(Modality.class);
        x.put(Modality.TEXT, padded(r.input("text"), lengths(r.header())));
        DialogueBatch batch = batch(r.header(), x);
        List<Tensor> pairs = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            pairs.add(r.input("pair" + i));
        }
        try (var scope = Backends.use(Backends.get(backend))) {
            MultipleFeaturesFusion mff = new MultipleFeaturesFusion(3, pairs.get(0).dim(2),
                    x.get(Modality.TEXT).dim(2), 2, c, new SplittableRandom(0));
            MultimodalAttention mal = new MultimodalAttention(mff.fusedSize(), c.gruHidden(), c.textHidden(), 6, c,
                    new SplittableRandom(0));
            r.load(mff, "mff.");
            r.load(mal, "mal.");
            MultipleFeaturesFusion.Output o = mff.forward(pairs, batch.features(Modality.TEXT), batch);
            Tensor mm = mal.represent(o.fused(), o.hVa(), o.hBt(), batch.padding());
            Tensor logits = mal.logits(mm);
            Tensor loss = Objective.loss(logits, mm, batch, c.malDensity());
            closeAtUtterances("logits", r.output("logits"), logits.data(), batch);
            closeLoss(r.loss(), loss.item());
            loss.backward();
            checkGrads(r, mff, "mff.");
            checkGrads(r, mal, "mal.");
        }
    }

    /**
     * The comparison itself, on the stage-2 reference gradients (3,556 values, 1,350 of them below 1e-4, the absolute
     * floor this test once had; 1,217 of those are now guarded): for each parameter, its smallest gradient that the
     * floor does not cover, sign-flipped or zeroed, is rejected.
     */
    @Test
    void aFlippedOrZeroedSmallGradientIsRejected() throws IOException {
        JsonNode grads = fixture("stage2").get("grads");
        int small = 0;
        int guarded = 0;
        for (var it = grads.fields(); it.hasNext(); ) {
            var e = it.next();
            float[] g = tensor(e.getValue()).data();
            double max = 0;
            for (float v : g) {
                max = Math.max(max, Math.abs(v));
            }
            int pick = -1;
            for (int i = 0; i < g.length; i++) {
                boolean isGuarded = Math.abs(g[i]) * (1 - RTOL) > FLOOR * max;
                if (Math.abs(g[i]) < 1e-4) {
                    small++;
                    guarded += isGuarded ? 1 : 0;
                }
                if (isGuarded && (pick < 0 || Math.abs(g[i]) < Math.abs(g[pick]))) {
                    pick = i;
                }
            }
            for (float changed : new float[] {-g[pick], 0f}) {
                float[] broken = g.clone();
                broken[pick] = changed;
                assertThrows(AssertionFailedError.class, () -> Parity.assertClose(e.getKey(), g, broken),
                        e.getKey() + "[" + pick + "] = " + g[pick] + " changed to " + changed);
            }
        }
        System.out.printf("stage 2: %d gradients below 1e-4, %d of them guarded against a flip or zeroing%n", small,
                guarded);
        assertTrue(guarded > small * 9 / 10, guarded + " of " + small);
    }
}
