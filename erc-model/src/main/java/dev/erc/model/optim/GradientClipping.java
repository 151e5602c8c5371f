package dev.erc.model.optim;

import dev.erc.compute.autograd.Tensor;
import java.util.List;

/** Gradient-norm clipping, as {@code torch.nn.utils.clip_grad_norm_}. */
public final class GradientClipping {

    private GradientClipping() {
    }

    /**
     * Scales all gradients together so that their joint L2 norm is at most {@code maxNorm}
     * ({@code scale = maxNorm / (norm + 1e-6)}, applied only when below 1).
     *
     * @return the joint norm before clipping
     */
    public static double clipNorm(List<Tensor> params, double maxNorm) {
        double sq = 0;
        for (Tensor p : params) {
            if (p.grad() != null) {
                for (float g : p.grad()) {
                    sq += (double) g * g;
                }
            }
        }
        double norm = Math.sqrt(sq);
        double coef = maxNorm / (norm + 1e-6);
        if (coef < 1) {
            float c = (float) coef;
            for (Tensor p : params) {
                float[] g = p.grad();
                if (g != null) {
                    for (int i = 0; i < g.length; i++) {
                        g[i] *= c;
                    }
                }
            }
        }
        return norm;
    }
}
