/**
 * Evaluation of predictions: accuracy, weighted F1, per-class scores, confusion matrices and multi-seed aggregation.
 * Filled in by the evaluation issue.
 */
package dev.erc.eval;
