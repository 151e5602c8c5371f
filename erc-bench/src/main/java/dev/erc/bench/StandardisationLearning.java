package dev.erc.bench;

import dev.erc.api.Dataset;
import dev.erc.api.Dialogue;
import dev.erc.api.Modality;
import dev.erc.api.Split;
import dev.erc.api.TrainingHistory;
import dev.erc.api.Utterance;
import dev.erc.data.FeatureScaling;
import dev.erc.data.SyntheticDataset;
import dev.erc.eval.Evaluation;
import dev.erc.eval.Evaluator;
import dev.erc.model.ModelConfig;
import dev.erc.model.PmfErc;
import dev.erc.model.Preset;
import dev.erc.model.batch.Standardizer;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * What input standardisation does to learning. Data: synthetic IEMOCAP (data seed 2024), either as generated
 * ({@code plain}), with its audio rescaled to IS10-like scales ({@code is10}, {@link FeatureScaling#is10Like}, scale
 * seed 7), or with every tenth audio dimension made heavy-tailed before that rescaling ({@code heavy}:
 * {@code sign(x) (exp(1.5 |x|) - 1)}, z-scores up to about 40). Arms: {@code off} (features as given), {@code on}
 * (the model's standardisation), {@code clipC} (standardised outside the model, then clipped to [-C, C]). Prints test
 * weighted F1 per seed, the epochs each stage kept and the convergence warnings.
 *
 * <p>Usage: {@code java ... dev.erc.bench.StandardisationLearning SEEDS PMF_EPOCHS MFF_EPOCHS LR MODALITIES DATA
 * ARMS}, e.g. {@code 3 10 15 1e-3 TAV is10 off,on}; LR {@code paper} keeps the preset's learning rates; MODALITIES
 * {@code A-} is audio alone with the text branch off.
 */
public final class StandardisationLearning {

    private StandardisationLearning() {
    }

    public static void main(String[] args) {
        int seeds = Integer.parseInt(args[0]);
        int e1 = Integer.parseInt(args[1]);
        int e2 = Integer.parseInt(args[2]);
        String mods = args[4];
        Set<Modality> modalities = EnumSet.noneOf(Modality.class);
        for (char c : mods.replace("-", "").toCharArray()) {
            modalities.add(c == 'T' ? Modality.TEXT : c == 'A' ? Modality.AUDIO : Modality.VISUAL);
        }
        Dataset data = SyntheticDataset.iemocap(2024);
        if (args[5].equals("heavy")) {
            data = heavyTailed(data);
        }
        if (!args[5].equals("plain")) {
            data = FeatureScaling.is10Like(data, Modality.AUDIO, 7);
        }
        ModelConfig c = Preset.IEMOCAP.config().withEpochs(e1, e2).withModalities(modalities);
        if (mods.endsWith("-")) {
            c = c.withAblation(true, true, true, true, true, false, false, true);
        }
        if (!args[3].equals("paper")) {
            double lr = Double.parseDouble(args[3]);
            c = c.withLearningRates(lr, lr);
        }
        System.out.println("data: " + data.source() + (args[5].equals("heavy") ? ", heavy-tailed audio" : ""));
        for (String arm : args[6].split(",")) {
            List<Double> f1 = new ArrayList<>();
            for (int seed = 1; seed <= seeds; seed++) {
                long t = System.nanoTime();
                Dataset input = data;
                ModelConfig config = c.withStandardization(arm.equals("on"));
                if (arm.startsWith("clip")) {
                    input = clipped(data, Float.parseFloat(arm.substring(4)));
                }
                PmfErc m = PmfErc.builder(Preset.IEMOCAP).config(config).seed(seed).build();
                TrainingHistory h = m.fit(input.split(Split.TRAIN), input.split(Split.VALID));
                Evaluation e = Evaluator.evaluate(m, input.split(Split.TEST));
                f1.add(e.weightedF1());
                System.out.printf(Locale.ROOT, "%s seed %d: test weighted F1 %.2f (%.0f s) | %s%n", arm, seed,
                        100 * e.weightedF1(), (System.nanoTime() - t) / 1e9, h.selected());
                h.warnings().forEach(w -> System.out.println("    warning: " + w));
            }
            System.out.printf(Locale.ROOT, "%s: %s%n", arm, new dev.erc.eval.SeedSummary(f1).percent());
        }
    }

    /** Every tenth audio dimension through sign(x) (exp(1.5 |x|) - 1). */
    private static Dataset heavyTailed(Dataset d) {
        return map(d, d.source(), (m, x) -> {
            if (m != Modality.AUDIO) {
                return x;
            }
            float[] y = x.clone();
            for (int j = 0; j < y.length; j += 10) {
                y[j] = (float) (Math.signum(x[j]) * Math.expm1(1.5 * Math.abs(x[j])));
            }
            return y;
        });
    }

    /** Every modality standardised with training statistics, then clipped to [-c, c]. */
    private static Dataset clipped(Dataset d, float c) {
        Standardizer s = Standardizer.fit(d.split(Split.TRAIN), d.dimensions().keySet());
        Map<Split, List<Dialogue>> z = new EnumMap<>(Split.class);
        for (Split split : Split.values()) {
            z.put(split, s.apply(d.split(split)));
        }
        Dataset standardised = new Dataset(d.name(), d.labels(), d.speakers(), d.dimensions(), z, d.source());
        return map(standardised, d.source() + ", clipped to " + c, (m, x) -> {
            float[] y = new float[x.length];
            for (int j = 0; j < x.length; j++) {
                y[j] = Math.max(-c, Math.min(c, x[j]));
            }
            return y;
        });
    }

    private static Dataset map(Dataset d, String source, java.util.function.BiFunction<Modality, float[], float[]> f) {
        Map<Split, List<Dialogue>> splits = new EnumMap<>(Split.class);
        for (Split s : Split.values()) {
            List<Dialogue> out = new ArrayList<>();
            for (Dialogue dl : d.split(s)) {
                List<Utterance> us = new ArrayList<>();
                for (Utterance u : dl.utterances()) {
                    Map<Modality, float[]> feats = new EnumMap<>(Modality.class);
                    u.features().forEach((m, x) -> feats.put(m, f.apply(m, x)));
                    us.add(new Utterance(u.speaker(), u.label(), feats, u.text()));
                }
                out.add(new Dialogue(dl.id(), us));
            }
            splits.put(s, out);
        }
        return new Dataset(d.name(), d.labels(), d.speakers(), d.dimensions(), splits, source);
    }
}
