package dev.erc.model.io;

import java.io.IOException;

/** A parameter file is missing, corrupt, or does not fit the model; the message names the file and the problem. */
public final class ParameterFileException extends IOException {

    private static final long serialVersionUID = 1L;

    public ParameterFileException(String message) {
        super(message);
    }

    public ParameterFileException(String message, Throwable cause) {
        super(message, cause);
    }
}
