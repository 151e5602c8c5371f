/**
 * Evaluation of emotion predictions with Tribuo: accuracy, per-class precision/recall/F1, macro and weighted F1, the
 * confusion matrix ({@link dev.erc.eval.Evaluator}), and mean ± standard deviation over seeds
 * ({@link dev.erc.eval.SeedSummary}).
 */
package dev.erc.eval;
