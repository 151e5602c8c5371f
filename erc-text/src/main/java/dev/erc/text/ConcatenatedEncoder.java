package dev.erc.text;

import java.util.ArrayList;
import java.util.List;

/**
 * Several encoders side by side: a text's vector is their vectors concatenated, in order (each keeps its own
 * normalisation). Closing it closes them all.
 *
 * <pre>{@code
 * UtteranceEncoder both = ConcatenatedEncoder.of(BundledEncoder.MINILM.open(), BundledEncoder.BGE_SMALL.open());
 * both.dimension();   // 768
 * }</pre>
 */
public final class ConcatenatedEncoder implements UtteranceEncoder {

    private final List<UtteranceEncoder> parts;
    private final String id;
    private final int dimension;
    private final int maxTokens;

    private ConcatenatedEncoder(List<UtteranceEncoder> parts) {
        if (parts.size() < 2) {
            throw new IllegalArgumentException("concatenating needs at least two encoders, got " + parts.size());
        }
        this.parts = List.copyOf(parts);
        List<String> ids = new ArrayList<>();
        int d = 0;
        int t = Integer.MAX_VALUE;
        for (UtteranceEncoder e : parts) {
            ids.add(e.id());
            d += e.dimension();
            t = Math.min(t, e.maxTokens());
        }
        this.id = String.join("+", ids);
        this.dimension = d;
        this.maxTokens = t;
    }

    /** The concatenation of {@code parts}, which it now owns. */
    public static ConcatenatedEncoder of(UtteranceEncoder... parts) {
        return new ConcatenatedEncoder(List.of(parts));
    }

    /** The concatenation of {@code parts}, which it now owns. */
    public static ConcatenatedEncoder of(List<UtteranceEncoder> parts) {
        return new ConcatenatedEncoder(parts);
    }

    @Override
    public String id() {
        return id;
    }

    @Override
    public int dimension() {
        return dimension;
    }

    /** The smallest window of the parts: a text longer than it is truncated by at least one. */
    @Override
    public int maxTokens() {
        return maxTokens;
    }

    @Override
    public EncodedText encode(String text) throws EncoderException {
        float[] v = new float[dimension];
        int off = 0;
        int tokens = 0;
        boolean truncated = false;
        for (UtteranceEncoder e : parts) {
            EncodedText p = e.encode(text);
            System.arraycopy(p.vector(), 0, v, off, p.vector().length);
            off += p.vector().length;
            tokens = Math.max(tokens, p.tokens());
            truncated |= p.truncated();
        }
        return new EncodedText(v, tokens, truncated);
    }

    @Override
    public void close() {
        for (UtteranceEncoder e : parts) {
            e.close();
        }
    }
}
