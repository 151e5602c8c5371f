package dev.erc.data;

import java.io.IOException;
import java.nio.file.Path;

/**
 * A data file cannot be used: missing, truncated, corrupt, of an unexpected structure, or with values that break
 * the format's rules. The message names the file, the dialogue when there is one, and what was expected.
 */
public final class DatasetFormatException extends IOException {

    private static final long serialVersionUID = 1L;

    public DatasetFormatException(String message) {
        super(message);
    }

    public DatasetFormatException(String message, Throwable cause) {
        super(message, cause);
    }

    /** {@code "FILE: message"}. */
    public static DatasetFormatException in(Path file, String message) {
        return new DatasetFormatException(file + ": " + message);
    }

    /** {@code "FILE, dialogue ID: message"}. */
    public static DatasetFormatException in(Path file, String dialogue, String message) {
        return new DatasetFormatException(file + ", dialogue " + dialogue + ": " + message);
    }
}
