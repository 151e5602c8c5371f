package dev.erc.text;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The bundled encoders against vectors computed outside the JVM ({@code tools/encoder_reference.mjs}: transformers.js's
 * JavaScript tokenizer, onnxruntime-node 1.30, pooling written there), to 1e-4 in every component, with the same
 * token counts; and the user-supplied path (the same files opened from disk) giving the same vectors and id.
 */
class EncoderReferenceTest {

    private static JsonNode reference() throws IOException {
        try (InputStream in = EncoderReferenceTest.class.getResourceAsStream("/encoder-reference.json")) {
            return new ObjectMapper().readTree(in);
        }
    }

    private static void check(UtteranceEncoder enc, JsonNode ref) throws EncoderException {
        int maxTokens = ref.get("maxTokens").asInt();
        assertEquals(maxTokens, enc.maxTokens());
        for (JsonNode s : ref.get("sentences")) {
            String text = s.get("text").asText();
            EncodedText e = enc.encode(text);
            JsonNode want = s.get("vector");
            assertEquals(want.size(), e.vector().length, text);
            assertEquals(s.get("tokens").asInt(), e.tokens(), "tokens of \"" + text + "\"");
            assertEquals(e.tokens() == maxTokens && text.length() > maxTokens, e.truncated(), "truncated: " + text);
            double worst = 0;
            for (int j = 0; j < want.size(); j++) {
                worst = Math.max(worst, Math.abs(want.get(j).asDouble() - e.vector()[j]));
            }
            assertTrue(worst <= 1e-4, enc.id() + " on \"" + text + "\": largest difference " + worst);
        }
    }

    @Test
    void bundledEncodersMatchTheIndependentReference() throws IOException {
        JsonNode ref = reference();
        for (BundledEncoder b : BundledEncoder.values()) {
            try (UtteranceEncoder enc = b.open()) {
                assertEquals(384, enc.dimension());
                assertTrue(enc.id().startsWith(b.modelName() + "@"), enc.id());
                check(enc, ref.get(b.modelName()));
            }
        }
    }

    @Test
    void aUserSuppliedModelAndTokenizerWorkLikeTheBundledOne(@TempDir Path dir) throws IOException {
        BundledEncoder b = BundledEncoder.BGE_SMALL;
        Path model = Files.write(dir.resolve(b.modelName() + ".onnx"), b.modelBytes());
        Path tokenizer = Files.write(dir.resolve("tokenizer.json"), b.tokenizerBytes());
        try (UtteranceEncoder user = OnnxSentenceEncoder.open(model, tokenizer, b.pooling(), b.maxTokens());
             UtteranceEncoder bundled = b.open()) {
            assertEquals(bundled.id(), user.id(), "same files, same settings: same id, so the cache is shared");
            check(user, reference().get(b.modelName()));
        }
        try (UtteranceEncoder other = OnnxSentenceEncoder.open(model, tokenizer, Pooling.MEAN, b.maxTokens());
             UtteranceEncoder bundled = b.open()) {
            assertFalse(bundled.id().equals(other.id()), "another pooling gives other vectors: another id");
        }
    }

    @Test
    void aTextIsEncodedTheSameAloneAndAmongOthers() throws IOException {
        try (UtteranceEncoder enc = BundledEncoder.MINILM.open()) {
            float[] alone = enc.encode("You're kidding me.").vector();
            enc.encode("Something much longer that runs first, with many more tokens in it than the other one.");
            assertEquals(java.util.Arrays.toString(alone), java.util.Arrays.toString(
                    enc.encode("You're kidding me.").vector()));
        }
    }
}
