package dev.erc.text;

import ai.djl.huggingface.tokenizers.Encoding;
import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * A transformer sentence encoder exported to ONNX (inputs {@code input_ids}, {@code attention_mask} and optionally
 * {@code token_type_ids}; output the per-token states {@code [1, tokens, dim]} or an already pooled
 * {@code [1, dim]}), run by ONNX Runtime, with the model's own Hugging Face {@code tokenizer.json}.
 *
 * <p>Each text is encoded alone on one ONNX Runtime thread: batching would pad texts to a common length, and the
 * bundled quantised models quantise each batch with its own range, so a text's vector would depend on its batch
 * neighbours. Alone, it is a function of the text; {@link TextFeatures} gets the cores busy by encoding several texts
 * at once.
 *
 * <pre>{@code
 * // RoBERTa-large exported with optimum ("optimum-cli export onnx --model roberta-large out/")
 * try (UtteranceEncoder enc = OnnxSentenceEncoder.open(Path.of("out/model.onnx"), Path.of("out/tokenizer.json"),
 *         Pooling.MEAN, 512)) { ... }
 * }</pre>
 */
public final class OnnxSentenceEncoder implements UtteranceEncoder {

    private final String id;
    private final OrtEnvironment env;
    private final OrtSession session;
    private final HuggingFaceTokenizer tokenizer;
    private final Pooling pooling;
    private final int maxTokens;
    private final int dimension;
    private final boolean typeIds;
    private final String source;

    private OnnxSentenceEncoder(String name, String source, byte[] model, byte[] tokenizerJson, Pooling pooling,
                                int maxTokens) throws EncoderException {
        if (maxTokens < 2) {
            throw new IllegalArgumentException("maxTokens must be at least 2, got " + maxTokens);
        }
        this.source = source;
        this.pooling = pooling;
        this.maxTokens = maxTokens;
        this.id = name + "@" + digest(model, tokenizerJson, pooling + "/" + maxTokens);
        this.env = OrtEnvironment.getEnvironment();
        try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
            options.setIntraOpNumThreads(1);
            options.setInterOpNumThreads(1);
            options.setExecutionMode(OrtSession.SessionOptions.ExecutionMode.SEQUENTIAL);
            options.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
            this.session = env.createSession(model, options);
        } catch (OrtException e) {
            throw new EncoderException(source + ": not an ONNX model ONNX Runtime can load: " + e.getMessage(), e);
        }
        Set<String> inputs = session.getInputNames();
        if (!inputs.contains("input_ids") || !inputs.contains("attention_mask")) {
            closeQuietly(session);
            throw new EncoderException(source + ": a sentence encoder takes input_ids and attention_mask, this model "
                    + "takes " + inputs);
        }
        this.typeIds = inputs.contains("token_type_ids");
        try {
            this.dimension = outputDimension(session, source);
        } catch (EncoderException e) {
            closeQuietly(session);
            throw e;
        }
        Map<String, String> options = new LinkedHashMap<>();
        options.put("addSpecialTokens", "true");
        options.put("padding", "false");
        options.put("truncation", "true");
        options.put("maxLength", Integer.toString(maxTokens));
        try {
            this.tokenizer = HuggingFaceTokenizer.newInstance(new ByteArrayInputStream(tokenizerJson), options);
        } catch (IOException | RuntimeException e) {
            closeQuietly(session);
            throw new EncoderException(source + ": the tokenizer.json cannot be read: " + e.getMessage(), e);
        }
    }

    /**
     * Opens a user-supplied model: its ONNX file and the {@code tokenizer.json} it was trained with.
     *
     * @param pooling how its per-token outputs become one vector (ignored when the model outputs one already)
     * @param maxTokens the model's window: longer texts are cut to it
     */
    public static OnnxSentenceEncoder open(Path model, Path tokenizerJson, Pooling pooling, int maxTokens)
            throws EncoderException {
        String name = model.getFileName().toString().replaceFirst("\\.onnx$", "");
        return new OnnxSentenceEncoder(name, model.toString(), read(model), read(tokenizerJson), pooling, maxTokens);
    }

    static OnnxSentenceEncoder of(String name, String source, byte[] model, byte[] tokenizerJson, Pooling pooling,
                                  int maxTokens) throws EncoderException {
        return new OnnxSentenceEncoder(name, source, model, tokenizerJson, pooling, maxTokens);
    }

    private static void closeQuietly(OrtSession s) {
        try {
            s.close();
        } catch (OrtException e) {
            // already failing with a better message
        }
    }

    private static byte[] read(Path file) throws EncoderException {
        try {
            return Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new EncoderException(file + ": no such file");
        } catch (IOException e) {
            throw new EncoderException(file + ": cannot be read: " + e.getMessage(), e);
        }
    }

    private static int outputDimension(OrtSession session, String source) throws EncoderException {
        try {
            NodeInfo out = session.getOutputInfo().values().iterator().next();
            if (out.getInfo() instanceof TensorInfo t && (t.getShape().length == 3 || t.getShape().length == 2)) {
                long d = t.getShape()[t.getShape().length - 1];
                if (d > 0) {
                    return (int) d;
                }
            }
            throw new EncoderException(source + ": the first output should be [batch, tokens, dim] or [batch, dim] "
                    + "with a fixed dim, got " + out.getInfo());
        } catch (OrtException e) {
            throw new EncoderException(source + ": cannot read the model's outputs: " + e.getMessage(), e);
        }
    }

    private static String digest(byte[] model, byte[] tokenizer, String settings) {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            md.update(model);
            md.update((byte) 0);
            md.update(tokenizer);
            md.update((byte) 0);
            md.update(settings.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(md.digest()).substring(0, 12);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is a required algorithm", e);
        }
    }

    @Override
    public String id() {
        return id;
    }

    @Override
    public int dimension() {
        return dimension;
    }

    @Override
    public int maxTokens() {
        return maxTokens;
    }

    /** The pooling this encoder applies to per-token outputs. */
    public Pooling pooling() {
        return pooling;
    }

    @Override
    public EncodedText encode(String text) throws EncoderException {
        Encoding enc = tokenizer.encode(text);
        long[] ids = enc.getIds();
        try (OnnxTensor idT = OnnxTensor.createTensor(env, new long[][] {ids});
             OnnxTensor maskT = OnnxTensor.createTensor(env, new long[][] {enc.getAttentionMask()});
             OnnxTensor typeT = typeIds ? OnnxTensor.createTensor(env, new long[][] {enc.getTypeIds()}) : null) {
            Map<String, OnnxTensor> in = new LinkedHashMap<>();
            in.put("input_ids", idT);
            in.put("attention_mask", maskT);
            if (typeIds) {
                in.put("token_type_ids", typeT);
            }
            try (OrtSession.Result r = session.run(in)) {
                Object value = r.get(0).getValue();
                float[] v = value instanceof float[][][] states ? pooling.pool(states[0])
                        : Pooling.normalise(((float[][]) value)[0].clone());
                return new EncodedText(v, ids.length, enc.exceedMaxLength());
            }
        } catch (OrtException | ClassCastException e) {
            throw new EncoderException(source + ": failed on the text \"" + abbreviate(text) + "\": " + e.getMessage(),
                    e);
        }
    }

    private static String abbreviate(String text) {
        return text.length() <= 60 ? text : text.substring(0, 57) + "...";
    }

    @Override
    public void close() {
        tokenizer.close();
        try {
            session.close();
        } catch (OrtException e) {
            throw new IllegalStateException("closing the ONNX session of " + id, e);
        }
    }

    @Override
    public String toString() {
        return id + " (" + source + ", " + dimension + "-d, " + pooling.name().toLowerCase(java.util.Locale.ROOT)
                + " pooling, " + maxTokens + " tokens)";
    }
}
