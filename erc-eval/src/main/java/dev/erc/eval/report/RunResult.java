package dev.erc.eval.report;

import dev.erc.api.TrainingHistory;
import dev.erc.eval.Evaluation;

/**
 * One seed of a reproduction: its test scores, its training history and its wall time.
 *
 * @param seed the seed of weights, batch order and dropout
 * @param test scores on the test split
 * @param history epochs of both stages and the selected states
 * @param seconds training and evaluation time
 */
public record RunResult(long seed, Evaluation test, TrainingHistory history, double seconds)
        implements java.io.Serializable {
}
