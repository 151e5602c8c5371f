package dev.erc.text;

import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicInteger;

/** A stand-in encoder for cache tests: a vector that is a function of the text's hash; counts its calls. */
final class HashEncoder implements UtteranceEncoder {

    final AtomicInteger calls = new AtomicInteger();
    private final int dim;

    HashEncoder(int dim) {
        this.dim = dim;
    }

    static float[] vectorOf(String text, int dim) {
        SplittableRandom r = new SplittableRandom(text.hashCode());
        float[] v = new float[dim];
        for (int i = 0; i < dim; i++) {
            v[i] = (float) r.nextGaussian();
        }
        return v;
    }

    @Override
    public String id() {
        return "hash-" + dim;
    }

    @Override
    public int dimension() {
        return dim;
    }

    @Override
    public int maxTokens() {
        return 8;
    }

    @Override
    public EncodedText encode(String text) {
        calls.incrementAndGet();
        int tokens = text.split(" ").length + 2;
        return new EncodedText(vectorOf(text, dim), Math.min(tokens, 8), tokens > 8);
    }

    @Override
    public void close() {
    }
}
