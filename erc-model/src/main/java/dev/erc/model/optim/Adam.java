package dev.erc.model.optim;

import dev.erc.compute.autograd.Tensor;
import java.util.List;

/**
 * Adam, with {@code torch.optim.Adam}'s update and its L2 {@code weight_decay} (added to the gradient), or, with
 * {@link #decoupled}, {@code torch.optim.AdamW}'s decoupled decay ({@code p -= lr * wd * p} before the update).
 *
 * <pre>{@code
 * Optimizer opt = Adam.builder(model.parameters()).learningRate(1e-3).weightDecay(1e-5).build();
 * }</pre>
 */
public final class Adam implements Optimizer {

    private final List<Tensor> params;
    private final double beta1;
    private final double beta2;
    private final double eps;
    private final double weightDecay;
    private final boolean decoupled;
    private final float[][] m;
    private final float[][] v;
    private double lr;
    private int step;

    private Adam(Builder b) {
        this.params = List.copyOf(b.params);
        this.lr = b.lr;
        this.beta1 = b.beta1;
        this.beta2 = b.beta2;
        this.eps = b.eps;
        this.weightDecay = b.weightDecay;
        this.decoupled = b.decoupled;
        this.m = new float[params.size()][];
        this.v = new float[params.size()][];
        for (int i = 0; i < params.size(); i++) {
            m[i] = new float[params.get(i).size()];
            v[i] = new float[params.get(i).size()];
        }
    }

    public static Builder builder(List<Tensor> params) {
        return new Builder(params);
    }

    @Override
    public void step() {
        step++;
        double bc1 = 1 - Math.pow(beta1, step);
        double bc2Sqrt = Math.sqrt(1 - Math.pow(beta2, step));
        float stepSize = (float) (lr / bc1);
        float b1 = (float) beta1;
        float b2 = (float) beta2;
        for (int i = 0; i < params.size(); i++) {
            Tensor p = params.get(i);
            float[] g = p.grad();
            if (g == null) {
                continue;
            }
            float[] w = p.data();
            float[] mi = m[i];
            float[] vi = v[i];
            for (int j = 0; j < w.length; j++) {
                float grad = g[j];
                if (decoupled) {
                    w[j] *= (float) (1 - lr * weightDecay);
                } else if (weightDecay != 0) {
                    grad += (float) weightDecay * w[j];
                }
                mi[j] = b1 * mi[j] + (1 - b1) * grad;
                vi[j] = b2 * vi[j] + (1 - b2) * grad * grad;
                float denom = (float) (Math.sqrt(vi[j]) / bc2Sqrt + eps);
                w[j] -= stepSize * mi[j] / denom;
            }
        }
    }

    /**
     * The moment estimates and step count, for checkpoints: a snapshot whose arrays are its own (exported and
     * imported by copy), so changing them changes neither the optimiser nor another snapshot.
     */
    public record State(int step, float[][] m, float[][] v) {
    }

    /** A copy of the optimiser's state. */
    public State exportState() {
        float[][] mc = new float[m.length][];
        float[][] vc = new float[v.length][];
        for (int i = 0; i < m.length; i++) {
            mc[i] = m[i].clone();
            vc[i] = v[i].clone();
        }
        return new State(step, mc, vc);
    }

    /** Restores a state exported from an optimiser over the same parameters. */
    public void importState(State s) {
        if (s.m().length != m.length) {
            throw new IllegalArgumentException("optimiser state for " + s.m().length + " parameters, this one has "
                    + m.length);
        }
        for (int i = 0; i < m.length; i++) {
            if (s.m()[i].length != m[i].length || s.v()[i].length != v[i].length) {
                throw new IllegalArgumentException("optimiser state of parameter " + i + " has the wrong size");
            }
            System.arraycopy(s.m()[i], 0, m[i], 0, m[i].length);
            System.arraycopy(s.v()[i], 0, v[i], 0, v[i].length);
        }
        step = s.step();
    }

    @Override
    public void zeroGrad() {
        params.forEach(Tensor::zeroGrad);
    }

    @Override
    public double learningRate() {
        return lr;
    }

    @Override
    public void setLearningRate(double rate) {
        this.lr = rate;
    }

    @Override
    public String toString() {
        return (decoupled ? "AdamW" : "Adam") + "(lr=" + lr + ", betas=(" + beta1 + ", " + beta2 + "), eps=" + eps
                + ", weightDecay=" + weightDecay + ")";
    }

    /** Settings with PyTorch's defaults: lr 1e-3, betas (0.9, 0.999), eps 1e-8, no weight decay. */
    public static final class Builder {
        private final List<Tensor> params;
        private double lr = 1e-3;
        private double beta1 = 0.9;
        private double beta2 = 0.999;
        private double eps = 1e-8;
        private double weightDecay;
        private boolean decoupled;

        private Builder(List<Tensor> params) {
            this.params = params;
        }

        public Builder learningRate(double lr) {
            this.lr = lr;
            return this;
        }

        public Builder betas(double beta1, double beta2) {
            this.beta1 = beta1;
            this.beta2 = beta2;
            return this;
        }

        public Builder eps(double eps) {
            this.eps = eps;
            return this;
        }

        /** L2 penalty added to the gradient (Adam), or decoupled decay with {@link #decoupled}. */
        public Builder weightDecay(double weightDecay) {
            this.weightDecay = weightDecay;
            return this;
        }

        /** AdamW: decay the weights directly instead of adding {@code wd * p} to the gradient. */
        public Builder decoupled(boolean decoupled) {
            this.decoupled = decoupled;
            return this;
        }

        public Adam build() {
            if (!(lr > 0) || !(beta1 >= 0 && beta1 < 1) || !(beta2 >= 0 && beta2 < 1) || !(eps > 0)
                    || !(weightDecay >= 0)) {
                throw new IllegalArgumentException("Adam: invalid settings lr=" + lr + " betas=(" + beta1 + ", "
                        + beta2 + ") eps=" + eps + " weightDecay=" + weightDecay);
            }
            if (params.isEmpty()) {
                throw new IllegalArgumentException("Adam: no parameters to optimise");
            }
            return new Adam(this);
        }
    }
}
