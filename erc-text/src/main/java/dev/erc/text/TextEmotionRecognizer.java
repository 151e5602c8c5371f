package dev.erc.text;

import dev.erc.api.Dialogue;
import dev.erc.api.ErcModel;
import dev.erc.api.Prediction;
import dev.erc.api.Transcript;
import java.io.IOException;
import java.util.List;

/**
 * Emotions for conversations given as text: a model trained on text features, with the utterance encoder it was
 * trained with. Thread-safe as its model and encoder are.
 *
 * <pre>{@code
 * ErcModel model = PmfErc.load(Path.of("iemocap-text.erc"));
 * try (UtteranceEncoder enc = BundledEncoder.MINILM.open()) {
 *     TextEmotionRecognizer erc = TextEmotionRecognizer.of(model, enc);
 *     List<Prediction> p = erc.predict(Transcript.parse("call-42", "Anna: I got the job!\nBen: No way!"));
 *     p.get(0).name();    // e.g. "happy"
 * }
 * }</pre>
 */
public final class TextEmotionRecognizer {

    private final ErcModel model;
    private final UtteranceEncoder encoder;
    private FeatureCache cache;

    private TextEmotionRecognizer(ErcModel model, UtteranceEncoder encoder) {
        this.model = model;
        this.encoder = encoder;
    }

    /**
     * Pairs a model with an encoder, which must be the one the model was trained with.
     *
     * @throws EncoderException when the model was trained on other text features
     */
    public static TextEmotionRecognizer of(ErcModel model, UtteranceEncoder encoder) throws EncoderException {
        check(model, encoder);
        return new TextEmotionRecognizer(model, encoder);
    }

    /** Fails unless {@code model}'s text features come from {@code encoder}. */
    public static void check(ErcModel model, UtteranceEncoder encoder) throws EncoderException {
        String want = model.textEncoder();
        if (want == null) {
            throw new EncoderException("the model was trained on text features from a feature file, not on text "
                    + "encoded by an utterance encoder: it cannot read text");
        }
        if (!want.equals(encoder.id())) {
            throw new EncoderException("the model was trained with the utterance encoder " + want + ", not "
                    + encoder.id() + ": its text must be encoded the same way");
        }
    }

    /** Reuses cached vectors and stores new ones in {@code c}. */
    public TextEmotionRecognizer cache(FeatureCache c) {
        this.cache = c;
        return this;
    }

    /** The emotion of every utterance of {@code d} (whose utterances carry their text), in order. */
    public List<Prediction> predict(Dialogue d) throws IOException {
        Dialogue encoded = TextFeatures.of(encoder).cache(cache).threads(1).encode(List.of(d)).dialogues().get(0);
        return model.predict(encoded);
    }

    /** The emotion of every turn of {@code t}, in order. */
    public List<Prediction> predict(Transcript t) throws IOException {
        return predict(t.dialogue());
    }
}
