package dev.erc.model.optim;

/**
 * The learning rate for an epoch, given the base rate: the hook a training loop calls before each epoch
 * ({@code optimizer.setLearningRate(schedule.rate(epoch, base))}).
 */
@FunctionalInterface
public interface LearningRateSchedule {

    /** @param epoch 0-based */
    double rate(int epoch, double base);

    /** The base rate throughout. */
    static LearningRateSchedule constant() {
        return (epoch, base) -> base;
    }

    /** {@code base * gamma^(epoch / stepSize)}, as {@code torch.optim.lr_scheduler.StepLR}. */
    static LearningRateSchedule step(int stepSize, double gamma) {
        if (stepSize <= 0) {
            throw new IllegalArgumentException("step size must be positive, got " + stepSize);
        }
        return (epoch, base) -> base * Math.pow(gamma, epoch / stepSize);
    }

    /** {@code base * gamma^epoch}, as {@code ExponentialLR}. */
    static LearningRateSchedule exponential(double gamma) {
        return (epoch, base) -> base * Math.pow(gamma, epoch);
    }
}
