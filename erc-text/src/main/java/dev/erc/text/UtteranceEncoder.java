package dev.erc.text;

/**
 * Turns an utterance's text into a fixed-size vector: the text modality of a conversation given as text.
 *
 * <p>Implementations are thread-safe ({@link #encode} may run on many threads at once) and deterministic: a text's
 * vector depends on the text and the encoder only, never on which other texts are encoded with it, so that a cached
 * vector equals a fresh one.
 *
 * <pre>{@code
 * try (UtteranceEncoder enc = BundledEncoder.MINILM.open()) {
 *     float[] v = enc.encode("I can't believe you did that!").vector();   // 384 values
 * }
 * }</pre>
 */
public interface UtteranceEncoder extends AutoCloseable {

    /**
     * Names the model, its files and settings: two encoders with the same id give the same vectors. It keys the
     * {@link FeatureCache} and is stored in a model file, which refuses an encoder with another id.
     */
    String id();

    /** The length of every vector. */
    int dimension();

    /** The model's window in tokens; longer texts are truncated ({@link EncodedText#truncated()}). */
    int maxTokens();

    /** The vector of {@code text}. */
    EncodedText encode(String text) throws EncoderException;

    @Override
    void close();
}
