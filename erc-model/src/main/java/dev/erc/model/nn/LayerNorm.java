package dev.erc.model.nn;

import dev.erc.compute.autograd.Tensor;

/** Layer normalisation over the last axis, as {@code torch.nn.LayerNorm(dim)}: weight 1, bias 0, eps 1e-5. */
public final class LayerNorm extends Module {

    private final Tensor weight;
    private final Tensor bias;
    private final float eps;

    public LayerNorm(int dim, float eps) {
        this.eps = eps;
        this.weight = parameter("weight", Tensor.ones(dim));
        this.bias = parameter("bias", Tensor.zeros(dim));
    }

    public LayerNorm(int dim) {
        this(dim, 1e-5f);
    }

    public Tensor forward(Tensor x) {
        return dev.erc.compute.ops.LayerNorm.layerNorm(x, weight, bias, eps);
    }

    @Override
    public String toString() {
        return "LayerNorm(" + weight.size() + ", eps=" + eps + ")";
    }
}
