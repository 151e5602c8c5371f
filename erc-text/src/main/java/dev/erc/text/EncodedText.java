package dev.erc.text;

/**
 * One text's sentence vector.
 *
 * @param vector the embedding, {@link UtteranceEncoder#dimension()} values: a fresh array for each text, the
 *               caller's own (the encoder keeps no reference to it)
 * @param tokens how many tokens the model saw, special tokens included
 * @param truncated true when the text was longer than the model's window and its end was cut off
 */
public record EncodedText(float[] vector, int tokens, boolean truncated) {
}
