package dev.erc.compute.backend;

/** Element-wise functions a {@link Backend} implements, each with its derivative. */
public enum UnaryOp {
    EXP, LOG, TANH, SIGMOID, RELU, NEG, ABS, SQRT, ACOS;

    /** Scalar definition; the reference every backend is compared with. */
    public float apply(float x) {
        return switch (this) {
            case EXP -> (float) Math.exp(x);
            case LOG -> (float) Math.log(x);
            case TANH -> (float) Math.tanh(x);
            case SIGMOID -> (float) (1.0 / (1.0 + Math.exp(-x)));
            case RELU -> x > 0f ? x : 0f;
            case NEG -> -x;
            case ABS -> Math.abs(x);
            case SQRT -> (float) Math.sqrt(x);
            case ACOS -> (float) Math.acos(x);
        };
    }

    /** {@code f'(x)} expressed with the input {@code x} and the output {@code y = f(x)}. */
    public float derivative(float x, float y) {
        return switch (this) {
            case EXP -> y;
            case LOG -> 1f / x;
            case TANH -> 1f - y * y;
            case SIGMOID -> y * (1f - y);
            case RELU -> x > 0f ? 1f : 0f;
            case NEG -> -1f;
            case ABS -> x > 0f ? 1f : (x < 0f ? -1f : 0f);
            case SQRT -> 0.5f / y;
            case ACOS -> (float) (-1.0 / Math.sqrt(1.0 - (double) x * x));
        };
    }
}
