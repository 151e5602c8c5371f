/** Training support: model-selection scores and reproducible per-epoch randomness. */
package dev.erc.model.train;
