package dev.erc.api;

import java.io.IOException;

/**
 * A conversation transcript cannot be read: a missing file, bytes that are not UTF-8, or a line that is not
 * {@code speaker: utterance}. The message names the file and the line.
 */
public final class TranscriptFormatException extends IOException {

    private static final long serialVersionUID = 1L;

    public TranscriptFormatException(String message) {
        super(message);
    }
}
