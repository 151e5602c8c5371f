package dev.erc.model;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.erc.api.Dataset;
import dev.erc.api.Split;
import dev.erc.data.SyntheticDataset;
import dev.erc.model.baseline.LogisticRegression;
import dev.erc.model.train.Scores;
import org.junit.jupiter.api.Test;

/**
 * The model learns: on the synthetic default (IEMOCAP-shaped, data seed 2024, as {@code erc reproduce} uses it), a
 * short training run of the full model beats, on the test split, both chance and the per-utterance logistic
 * regression that sees the same features without the conversation (the floor every ERC model must clear), for each
 * of two fixed seeds, by the margins below. Learning, not timing: only scores are asserted.
 *
 * <p>Measured when written (4 + 4 epochs at learning rate 1e-3): seed 1 0.6416 vs floor 0.5951, seed 2 0.6425 vs
 * 0.6027 (full training reaches about 0.70, docs/RESULTS.md). Checked to fail: with 6 + 6 epochs at the preset's
 * learning rate (2e-4, too little training) seed 1 gave 0.5120 against the floor's 0.5951.
 */
class LearningTest {

    /** Weighted F1 of a model that always answers the most frequent test class is below this. */
    private static final double CHANCE = 1.0 / 6;
    /** Points (as a fraction) by which the model must beat the per-utterance floor. */
    private static final double MARGIN_OVER_FLOOR = 0.03;

    @Test
    void aShortRunBeatsChanceAndThePerUtteranceFloor() {
        Dataset data = SyntheticDataset.iemocap(2024);
        // The learning rate erc reproduce uses on synthetic data; 4 + 4 epochs instead of 30 + 40.
        ModelConfig brief = Preset.IEMOCAP.config().withEpochs(4, 4).withLearningRates(1e-3, 1e-3);
        for (long seed : new long[] {1, 2}) {
            PmfErc model = PmfErc.builder(Preset.IEMOCAP).config(brief).seed(seed).build();
            model.fit(data.split(Split.TRAIN), data.split(Split.VALID));
            LogisticRegression floor = new LogisticRegression(data.labels(), brief.modalities(), 30, 1e-3, 1e-4,
                    seed);
            floor.fit(data.split(Split.TRAIN), data.split(Split.VALID));
            double ours = Scores.of(model, data.split(Split.TEST))[0];
            double lr = Scores.of(floor, data.split(Split.TEST))[0];
            System.out.printf("seed %d: PMF-ERC %.4f, per-utterance logistic regression %.4f%n", seed, ours, lr);
            assertTrue(lr > CHANCE, "the floor itself learns: " + lr);
            assertTrue(ours > lr + MARGIN_OVER_FLOOR, "seed " + seed + ": PMF-ERC " + ours + " vs floor " + lr);
        }
    }
}
