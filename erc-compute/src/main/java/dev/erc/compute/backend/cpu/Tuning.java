package dev.erc.compute.backend.cpu;

/**
 * Reads the CPU backend's numeric tuning properties ({@code erc.threads}, {@code erc.gemm.*},
 * {@code erc.worker.spins}). A value that is not a whole number in range is refused, naming the property, the value
 * and what was expected, instead of being quietly replaced by the default. They are read while the backend is
 * created, so a bad one makes the backend unavailable with that message.
 */
final class Tuning {

    private Tuning() {
    }

    /** {@code property} as a long of at least {@code min}, or {@code fallback} where it is not set. */
    static long number(String property, long fallback, long min) {
        String text = System.getProperty(property);
        if (text == null || text.isBlank()) {
            return fallback;
        }
        long value;
        try {
            value = Long.parseLong(text.trim());
        } catch (NumberFormatException e) {
            value = Long.MIN_VALUE;
        }
        if (value < min) {
            throw new IllegalArgumentException(property + " must be a whole number >= " + min + ", got '" + text + "'");
        }
        return value;
    }

    /** {@code property} as an int of at least {@code min}, or {@code fallback} where it is not set. */
    static int integer(String property, int fallback, int min) {
        long value = number(property, fallback, min);
        if (value > Integer.MAX_VALUE) {
            throw new IllegalArgumentException(property + " must be at most " + Integer.MAX_VALUE + ", got " + value);
        }
        return (int) value;
    }
}
