package dev.erc.compute.autograd;

/**
 * The backward closure of one op: given the gradient of the loss with respect to the op's output, it adds the
 * gradients with respect to the op's inputs into their {@link Tensor#gradBuffer() gradient buffers}.
 */
@FunctionalInterface
public interface Backward {
    /** @param outGrad gradient with respect to the op's output, same length as the output's data */
    void apply(float[] outGrad);
}
