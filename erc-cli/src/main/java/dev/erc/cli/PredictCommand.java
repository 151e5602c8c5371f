package dev.erc.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.erc.api.Dialogue;
import dev.erc.api.Modality;
import dev.erc.api.Prediction;
import dev.erc.api.Transcript;
import dev.erc.api.Utterance;
import dev.erc.model.PmfErc;
import dev.erc.text.TextEmotionRecognizer;
import dev.erc.text.UtteranceEncoder;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code erc predict}: the emotion of every utterance of one dialogue, given as a transcript ({@code --text}: one
 * {@code speaker: utterance} per line, encoded with the model's utterance encoder) or as JSON with features
 * ({@code --input}):
 * <pre>
 * {"id": "d1", "utterances": [{"speaker": 0, "features": {"text": [...], "audio": [...], "visual": [...]}}, ...]}
 * </pre>
 * Speakers are indices (IEMOCAP: 0 = M, 1 = F; "M"/"F" also accepted). Every modality the model uses must be given,
 * with the model's dimensions.
 */
@Command(name = "predict", mixinStandardHelpOptions = true,
        description = {"Predicts the emotion of each utterance of a dialogue and prints labels and class "
                + "probabilities (JSON, or a table with --format table).",
                "--text FILE: a transcript, one 'speaker: utterance' per line (UTF-8), for a model trained on text "
                + "(--transcripts); --input FILE: a dialogue as JSON with its features."})
final class PredictCommand implements Callable<Integer> {

    @Option(names = "--model", required = true, paramLabel = "FILE", description = "a model written by erc train")
    Path model;

    @Option(names = "--input", paramLabel = "FILE", description = "the dialogue, as JSON with features")
    Path input;

    @Option(names = "--text", paramLabel = "FILE", description = "the dialogue as text: 'speaker: utterance' lines")
    Path text;

    @Option(names = "--format", defaultValue = "json", description = "json or table (default ${DEFAULT-VALUE})")
    String format;

    @picocli.CommandLine.Mixin
    EncoderOptions encoder;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        if ((input == null) == (text == null)) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), "give one of --input and --text");
        }
        if (!format.equals("json") && !format.equals("table")) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--format must be json or table");
        }
        PmfErc m = PmfErc.load(model);
        Transcript transcript = text == null ? null : Transcript.read(text);
        Dialogue dialogue = text == null ? read(input) : transcript.dialogue();
        List<Prediction> p;
        try {
            if (text != null) {
                try (UtteranceEncoder enc = encoder.openFor(m)) {
                    p = TextEmotionRecognizer.of(m, enc).cache(encoder.cache()).predict(transcript);
                }
            } else {
                p = m.predict(dialogue);
            }
        } catch (IllegalArgumentException e) {
            // the model refusing the input (a missing modality, a wrong dimension, too many speakers)
            System.err.println("erc predict: " + (text != null ? text : input) + ": " + e.getMessage());
            return Erc.BAD_DATA;
        }
        if (format.equals("table")) {
            System.out.print(table(dialogue, transcript, p));
            return 0;
        }
        ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        ObjectNode out = json.createObjectNode();
        out.put("id", dialogue.id());
        ArrayNode utterances = out.putArray("utterances");
        for (int i = 0; i < p.size(); i++) {
            ObjectNode u = utterances.addObject();
            u.put("index", i);
            if (transcript != null) {
                u.put("line", transcript.lines().get(i));
                u.put("speaker", transcript.speakers().get(i));
                u.put("text", dialogue.utterance(i).text());
            }
            u.put("emotion", p.get(i).name());
            ObjectNode probs = u.putObject("probabilities");
            for (int c = 0; c < m.labels().size(); c++) {
                probs.put(m.labels().name(c), p.get(i).probability(c));
            }
        }
        System.out.println(json.writeValueAsString(out));
        return 0;
    }

    /** One row per utterance: line, speaker, emotion, its probability, the text (shortened). */
    private static String table(Dialogue d, Transcript t, List<Prediction> p) {
        StringBuilder sb = new StringBuilder();
        int speakerWidth = 7;
        for (int i = 0; i < d.size(); i++) {
            speakerWidth = Math.max(speakerWidth, speaker(d, t, i).length());
        }
        String row = "%-5s  %-" + speakerWidth + "s  %-12s  %5s  %s%n";
        sb.append(String.format(Locale.ROOT, row, "line", "speaker", "emotion", "p", "text"));
        for (int i = 0; i < p.size(); i++) {
            String txt = d.utterance(i).text() == null ? "" : d.utterance(i).text();
            if (txt.length() > 70) {
                txt = txt.substring(0, 67) + "...";
            }
            sb.append(String.format(Locale.ROOT, row, t != null ? t.lines().get(i) : Integer.toString(i + 1),
                    speaker(d, t, i), p.get(i).name(), String.format(Locale.ROOT, "%.2f",
                            p.get(i).probability(p.get(i).label())), txt));
        }
        return sb.toString();
    }

    private static String speaker(Dialogue d, Transcript t, int i) {
        return t != null ? t.speakers().get(i) : Integer.toString(d.utterance(i).speaker());
    }

    /** The input file is not a dialogue as documented. */
    static final class BadInput extends IOException {
        private static final long serialVersionUID = 1L;

        BadInput(String message) {
            super(message);
        }
    }

    private static Dialogue read(Path file) throws BadInput {
        JsonNode root;
        try {
            root = new ObjectMapper().readTree(file.toFile());
        } catch (IOException e) {
            throw new BadInput(file + ": not readable JSON (" + e.getMessage().lines().findFirst().orElse("") + ")");
        }
        JsonNode us = root == null ? null : root.get("utterances");
        if (us == null || !us.isArray() || us.isEmpty()) {
            throw new BadInput(file + ": expected {\"utterances\": [...]} with at least one utterance");
        }
        String id = root.path("id").asText("input");
        List<Utterance> utterances = new ArrayList<>();
        for (int i = 0; i < us.size(); i++) {
            JsonNode u = us.get(i);
            JsonNode s = u.get("speaker");
            int speaker;
            if (s != null && s.isInt() && s.asInt() >= 0) {
                speaker = s.asInt();
            } else if (s != null && s.isTextual() && ("M".equals(s.asText()) || "F".equals(s.asText()))) {
                speaker = "M".equals(s.asText()) ? 0 : 1;
            } else {
                throw new BadInput(file + ", dialogue " + id + ", utterance " + i + ": speaker must be an index >= 0 "
                        + "or \"M\"/\"F\"");
            }
            Map<Modality, float[]> features = new EnumMap<>(Modality.class);
            JsonNode f = u.path("features");
            for (Iterator<String> it = f.fieldNames(); it.hasNext(); ) {
                String name = it.next();
                Modality mod;
                try {
                    mod = Modality.valueOf(name.toUpperCase(Locale.ROOT));
                } catch (IllegalArgumentException e) {
                    throw new BadInput(file + ", dialogue " + id + ", utterance " + i + ": unknown modality '" + name
                            + "' (text, audio, visual, roberta)");
                }
                JsonNode v = f.get(name);
                float[] x = new float[v.size()];
                for (int j = 0; j < x.length; j++) {
                    if (!v.get(j).isNumber() || !Float.isFinite((float) v.get(j).asDouble())) {
                        throw new BadInput(file + ", dialogue " + id + ", utterance " + i + ": " + name + "[" + j
                                + "] is not a finite number");
                    }
                    x[j] = (float) v.get(j).asDouble();
                }
                features.put(mod, x);
            }
            utterances.add(new Utterance(speaker, Utterance.NO_LABEL, features, u.path("text").asText(null)));
        }
        return new Dialogue(id, utterances);
    }
}
