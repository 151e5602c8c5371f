package dev.erc.text;

import java.nio.file.Path;

/** A child process for {@code FeatureCacheTest}: writes cache entries of 64 KB each until it is killed. */
public final class CacheWriterProcess {

    private CacheWriterProcess() {
    }

    public static void main(String[] args) throws Exception {
        FeatureCache cache = new FeatureCache(Path.of(args[0]));
        HashEncoder enc = new HashEncoder(16_384);
        for (int i = 0; ; i++) {
            String text = "text " + (i % 500);
            cache.put(enc.id(), text, enc.encode(text));
        }
    }
}
