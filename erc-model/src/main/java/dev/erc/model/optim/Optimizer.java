package dev.erc.model.optim;

/** Updates parameters from their accumulated gradients. */
public interface Optimizer {

    /** Applies one update to every parameter that has a gradient. */
    void step();

    /** Clears the gradients of every parameter. */
    void zeroGrad();

    double learningRate();

    /** Changes the learning rate, e.g. from a {@link LearningRateSchedule} at the start of an epoch. */
    void setLearningRate(double rate);
}
