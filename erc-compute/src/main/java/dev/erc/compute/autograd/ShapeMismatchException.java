package dev.erc.compute.autograd;

import java.util.Arrays;

/** Thrown when an op's operands have incompatible shapes; the message names the op and both shapes. */
public final class ShapeMismatchException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    public ShapeMismatchException(String op, String problem, int[] a, int[] b) {
        super(op + ": " + problem + " " + Arrays.toString(a) + " and " + Arrays.toString(b));
    }

    public ShapeMismatchException(String op, String message) {
        super(op + ": " + message);
    }
}
