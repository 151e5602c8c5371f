package dev.erc.text;

import java.io.IOException;
import java.io.InputStream;

/**
 * The sentence encoders that come with the library, from Maven Central artefacts (the quantised ONNX exports of
 * Xenova/all-MiniLM-L6-v2 and Xenova/bge-small-en-v1.5 that langchain4j publishes): nothing is downloaded at run
 * time.
 */
public enum BundledEncoder {

    /** all-MiniLM-L6-v2, int8: 6 layers, 384-d, mean pooling; the default (see docs/RESULTS.md). */
    MINILM("all-minilm-l6-v2-q", "all-minilm-l6-v2-q.onnx", "all-minilm-l6-v2-q-tokenizer.json", Pooling.MEAN, 256),
    /** bge-small-en-v1.5, int8: 12 layers, 384-d, [CLS] pooling. */
    BGE_SMALL("bge-small-en-v1.5-q", "bge-small-en-v1.5-q.onnx", "bge-small-en-v1.5-q-tokenizer.json", Pooling.CLS,
            512);

    private final String modelName;
    private final String model;
    private final String tokenizer;
    private final Pooling pooling;
    private final int maxTokens;

    BundledEncoder(String modelName, String model, String tokenizer, Pooling pooling, int maxTokens) {
        this.modelName = modelName;
        this.model = model;
        this.tokenizer = tokenizer;
        this.pooling = pooling;
        this.maxTokens = maxTokens;
    }

    /** The name the command line takes ({@code minilm}, {@code bge-small}). */
    public String optionName() {
        return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
    }

    /** The model's name, the first part of its encoder id. */
    public String modelName() {
        return modelName;
    }

    /** The bundled encoder named {@code name} ({@link #optionName()}, case-insensitive), or null. */
    public static BundledEncoder byName(String name) {
        for (BundledEncoder b : values()) {
            if (b.optionName().equalsIgnoreCase(name) || b.modelName.equalsIgnoreCase(name)) {
                return b;
            }
        }
        return null;
    }

    /**
     * The bundled encoder, or side-by-side bundled encoders, whose {@link UtteranceEncoder#id() id} is
     * {@code encoderId} (as a trained model records it), opened; null when {@code encoderId} is not made of bundled
     * encoders of this version. Close it when done.
     */
    public static UtteranceEncoder openFor(String encoderId) throws EncoderException {
        java.util.List<BundledEncoder> parts = new java.util.ArrayList<>();
        for (String part : encoderId.split("\\+")) {
            BundledEncoder b = byName(part.contains("@") ? part.substring(0, part.indexOf('@')) : part);
            if (b == null) {
                return null;
            }
            parts.add(b);
        }
        java.util.List<UtteranceEncoder> opened = new java.util.ArrayList<>();
        try {
            for (BundledEncoder b : parts) {
                opened.add(b.open());
            }
        } catch (EncoderException | RuntimeException e) {
            opened.forEach(UtteranceEncoder::close);
            throw e;
        }
        UtteranceEncoder e = opened.size() == 1 ? opened.get(0) : ConcatenatedEncoder.of(opened);
        if (!e.id().equals(encoderId)) {
            e.close();
            return null;
        }
        return e;
    }

    /** Loads the model; close it when done. */
    public OnnxSentenceEncoder open() throws EncoderException {
        return OnnxSentenceEncoder.of(modelName, "bundled " + modelName, resource(model), resource(tokenizer), pooling,
                maxTokens);
    }

    /** The model's ONNX file, as bundled (for tests and for exporting it). */
    public byte[] modelBytes() throws EncoderException {
        return resource(model);
    }

    /** The model's tokenizer.json, as bundled. */
    public byte[] tokenizerBytes() throws EncoderException {
        return resource(tokenizer);
    }

    /** The pooling the model was trained for. */
    public Pooling pooling() {
        return pooling;
    }

    /** The model's window in tokens. */
    public int maxTokens() {
        return maxTokens;
    }

    private static byte[] resource(String name) throws EncoderException {
        try (InputStream in = BundledEncoder.class.getClassLoader().getResourceAsStream(name)) {
            if (in == null) {
                throw new EncoderException("the bundled " + name + " is not on the class path (its langchain4j "
                        + "embeddings artefact is missing)");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new EncoderException("cannot read the bundled " + name + ": " + e.getMessage(), e);
        }
    }
}
