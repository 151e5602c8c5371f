package dev.erc.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.erc.api.Dataset;
import dev.erc.api.Modality;
import dev.erc.api.Prediction;
import dev.erc.api.Split;
import dev.erc.api.Transcript;
import dev.erc.data.DialogueLines;
import dev.erc.model.PmfErc;
import dev.erc.model.Preset;
import dev.erc.text.BundledEncoder;
import dev.erc.text.EncoderException;
import dev.erc.text.FeatureCache;
import dev.erc.text.TextEmotionRecognizer;
import dev.erc.text.TextFeatures;
import dev.erc.text.UtteranceEncoder;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's "Conversations as text" example, as written there (a small JSON Lines file in place of
 * {@code iemocap.pkl}, two epochs per stage): it compiles, trains a text-only model that remembers its encoder, and
 * predicts a transcript; the recogniser refuses another encoder.
 */
class ReadmeTextExampleTest {

    @Test
    void theExampleRuns(@TempDir Path dir) throws IOException {
        List<String> lines = new ArrayList<>();
        String[][] talk = {{"I got the job!", "happy"}, {"I miss her so much.", "sad"}, {"What a lovely day.", "happy"},
            {"Nobody called me back.", "sad"}};
        for (int d = 0; d < 8; d++) {
            StringBuilder us = new StringBuilder();
            for (int i = 0; i < 4; i++) {
                String[] t = talk[(d + i) % 4];
                us.append(i == 0 ? "" : ", ").append("{\"speaker\": \"").append(i % 2 == 0 ? "M" : "F")
                        .append("\", \"text\": \"").append(t[0]).append("\", \"label\": \"").append(t[1]).append("\"}");
            }
            lines.add("{\"id\": \"d" + d + "\", \"split\": \"" + (d < 5 ? "train" : d < 7 ? "valid" : "test")
                    + "\", \"utterances\": [" + us + "]}");
        }
        Dataset iemocap = DialogueLines.read(Files.write(dir.resolve("talks.jsonl"), lines), 0);
        List<Prediction> p;
        try (UtteranceEncoder enc = BundledEncoder.MINILM.open()) {
            Dataset text = TextFeatures.of(enc).cache(new FeatureCache(dir.resolve("cache")))
                    .encode(iemocap).dataset();
            assertEquals(384, text.dimensions().get(Modality.TEXT));
            PmfErc model = PmfErc.builder(Preset.IEMOCAP).textEncoder(enc.id())
                    .config(Preset.IEMOCAP.config().forData(text.dimensions().keySet()).withEpochs(2, 2))
                    .labels(text.labels()).speakers(text.speakers().size()).seed(1).build();
            assertEquals(Set.of(Modality.TEXT), model.config().modalities());
            assertTrue(!model.config().usePmf(), "text only is Table 3's T row: no PMF");
            model.fit(text.split(Split.TRAIN), text.split(Split.VALID));
            model.save(dir.resolve("iemocap-text.erc"));
            assertEquals(enc.id(), PmfErc.load(dir.resolve("iemocap-text.erc")).textEncoder());

            TextEmotionRecognizer erc = TextEmotionRecognizer.of(model, enc);
            p = erc.predict(Transcript.parse("call-42", """
                    Anna: I got the job!
                    Ben: You did? That is amazing!
                    """));
            try (UtteranceEncoder other = BundledEncoder.BGE_SMALL.open()) {
                EncoderException e = assertThrows(EncoderException.class, () -> TextEmotionRecognizer.of(model, other));
                assertTrue(e.getMessage().contains("trained with the utterance encoder " + enc.id()), e.getMessage());
            }
        }
        assertEquals(2, p.size());
        assertTrue(Set.of("happy", "sad").contains(p.get(0).name()), p.get(0).name());
    }
}
