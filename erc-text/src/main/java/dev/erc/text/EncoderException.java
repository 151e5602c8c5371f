package dev.erc.text;

import java.io.IOException;

/**
 * An utterance encoder cannot be opened or used: a missing or invalid model or tokenizer file, a model whose inputs
 * or outputs are not a sentence encoder's, or a text it cannot encode. The message names the file or the text.
 */
public final class EncoderException extends IOException {

    private static final long serialVersionUID = 1L;

    public EncoderException(String message) {
        super(message);
    }

    public EncoderException(String message, Throwable cause) {
        super(message, cause);
    }
}
