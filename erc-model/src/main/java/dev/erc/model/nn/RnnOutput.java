package dev.erc.model.nn;

import dev.erc.compute.autograd.Tensor;

/**
 * What a recurrent layer returns, as PyTorch does for packed sequences: {@code output [batch, maxLen,
 * directions * hidden]} (zeros past each sequence's length) and {@code hN [layers * directions, batch, hidden]}, the
 * final state of every layer and direction (forward: at the last valid position; reverse: at position 0).
 */
public record RnnOutput(Tensor output, Tensor hN) {
}
