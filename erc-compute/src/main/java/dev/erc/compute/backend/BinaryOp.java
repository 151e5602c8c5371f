package dev.erc.compute.backend;

/** Element-wise binary operations a {@link Backend} implements. */
public enum BinaryOp {
    ADD, SUB, MUL, DIV, MAX, MIN;

    /** Scalar definition; the reference every backend is compared with. */
    public float apply(float x, float y) {
        return switch (this) {
            case ADD -> x + y;
            case SUB -> x - y;
            case MUL -> x * y;
            case DIV -> x / y;
            case MAX -> Math.max(x, y);
            case MIN -> Math.min(x, y);
        };
    }
}
