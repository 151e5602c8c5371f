package dev.erc.text;

import java.nio.file.Path;
import java.util.Arrays;

/**
 * A child process for {@code FeatureCacheTest}: writes 4 MB cache entries until it is killed, so that a kill most
 * likely lands in the middle of a write. Entry {@code "text i"} holds 2^20 copies of {@link #value(String)}.
 */
public final class CacheWriterProcess {

    static final int DIM = 1 << 20;

    private CacheWriterProcess() {
    }

    static float value(String text) {
        return text.hashCode();
    }

    public static void main(String[] args) throws Exception {
        FeatureCache cache = new FeatureCache(Path.of(args[0]));
        float[] v = new float[DIM];
        for (int i = 0; ; i++) {
            String text = "text " + (i % 50);
            Arrays.fill(v, value(text));
            cache.put("writer", text, new EncodedText(v, 3, false));
        }
    }
}
