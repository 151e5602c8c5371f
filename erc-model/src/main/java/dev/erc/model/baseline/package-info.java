/** Baselines the model is compared with: {@link dev.erc.model.baseline.LogisticRegression} per utterance. */
package dev.erc.model.baseline;
