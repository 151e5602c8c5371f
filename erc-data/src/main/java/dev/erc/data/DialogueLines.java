package dev.erc.data;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.erc.api.Dataset;
import dev.erc.api.Dialogue;
import dev.erc.api.LabelSet;
import dev.erc.api.Modality;
import dev.erc.api.Split;
import dev.erc.api.Utterance;
import dev.erc.api.internal.Utf8Text;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Users' own conversations as JSON Lines (UTF-8): one dialogue per line,
 * <pre>{@code
 * {"labels": ["neutral", "joy", "anger"]}                       (optional first line: the label set, in order)
 * {"id": "call-1", "split": "train", "utterances": [
 *     {"speaker": "Anna", "text": "I got the job!", "label": "joy", "features": {"audio": [0.1, -2.3]}},
 *     {"speaker": "Ben", "text": "Great.", "label": 0}]}
 * }</pre>
 * (each dialogue on one line in the file). {@code split} is {@code train}, {@code valid} or {@code test} (default
 * {@code train}; without any {@code valid} dialogue, one is carved from the training ones as for MMGCN's files).
 * {@code speaker} is a name (numbered per dialogue in the order they first speak), an integer (used as given) or a
 * one-hot list. {@code label} is a name, an index into the label set, or absent or null (not labelled). Without a
 * {@code labels} line the label set is read from the data: the names sorted, or for indices {@code "0".."max"}.
 * {@code features} maps modality names ({@code text}, {@code audio}, {@code visual}, {@code roberta}) to numbers;
 * every utterance must have the same ones, of the same sizes. {@code text} is optional when features are given.
 * Blank lines are skipped. Every error names the file, the line and what was expected.
 */
public final class DialogueLines {

    private static final ObjectMapper JSON = new ObjectMapper();

    private DialogueLines() {
    }

    /** Whether {@code file} is named as a JSON Lines file ({@code .jsonl}, {@code .ndjson}). */
    public static boolean isJsonLines(Path file) {
        String n = file.getFileName().toString().toLowerCase(Locale.ROOT);
        return n.endsWith(".jsonl") || n.endsWith(".ndjson");
    }

    /** Reads the dialogues of {@code file}; {@code validSeed} carves a validation split when none is given. */
    public static Dataset read(Path file, long validSeed) throws DatasetFormatException {
        String text = utf8(file);
        String[] lines = text.split("\r?\n", -1);
        List<String> declaredLabels = null;
        List<Raw> raws = new ArrayList<>();
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < lines.length; i++) {
            String line = i == 0 && lines[i].startsWith("\uFEFF") ? lines[i].substring(1) : lines[i];
            if (line.isBlank()) {
                continue;
            }
            At at = new At(file, i + 1, null);
            JsonNode node;
            try {
                node = JSON.readTree(line);
            } catch (JsonProcessingException e) {
                String why = e.getOriginalMessage().split(" \\(|\n")[0];
                throw at.error("not valid JSON (column " + e.getLocation().getColumnNr() + ": " + why + ")");
            }
            if (!(node instanceof ObjectNode o)) {
                throw at.error("expected a JSON object, found " + kind(node));
            }
            if (o.has("labels") && !o.has("utterances")) {
                if (declaredLabels != null || !raws.isEmpty()) {
                    throw at.error("the labels line must come first, and once");
                }
                declaredLabels = labelNames(o.get("labels"), at);
                continue;
            }
            Raw r = dialogue(o, at);
            if (!ids.add(r.id)) {
                throw at.in(r.id).error("a second dialogue with this id");
            }
            raws.add(r);
        }
        if (raws.isEmpty()) {
            throw DatasetFormatException.in(file, "no dialogues");
        }
        return assemble(file, raws, declaredLabels, validSeed);
    }

    /** Where a value is, for messages. */
    private record At(Path file, int line, String dialogue) {
        DatasetFormatException error(String message) {
            return new DatasetFormatException(file + ", line " + line + (dialogue != null ? ", dialogue " + dialogue
                    : "") + ": " + message);
        }

        At in(String id) {
            return new At(file, line, id);
        }
    }

    private record RawUtterance(JsonNode speaker, String text, JsonNode label, Map<Modality, float[]> features) {
    }

    private record Raw(String id, Split split, List<RawUtterance> utterances, At at) {
    }

    private static String utf8(Path file) throws DatasetFormatException {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw DatasetFormatException.in(file, "no such file");
        } catch (IOException e) {
            throw DatasetFormatException.in(file, "cannot read: " + e.getMessage());
        }
        return Utf8Text.decode(bytes, problem -> DatasetFormatException.in(file, problem));
    }

    private static String kind(JsonNode n) {
        return n == null || n.isMissingNode() ? "nothing" : n.getNodeType().name().toLowerCase(Locale.ROOT);
    }

    private static List<String> labelNames(JsonNode n, At at) throws DatasetFormatException {
        if (!n.isArray() || n.isEmpty()) {
            throw at.error("\"labels\" must be a non-empty list of names");
        }
        List<String> names = new ArrayList<>();
        for (JsonNode x : n) {
            if (!x.isTextual() || x.asText().isBlank() || names.contains(x.asText())) {
                throw at.error("\"labels\" must list distinct, non-empty names; found " + x);
            }
            names.add(x.asText());
        }
        return names;
    }

    private static Raw dialogue(ObjectNode o, At at) throws DatasetFormatException {
        JsonNode idNode = o.get("id");
        if (idNode == null || !(idNode.isTextual() || idNode.isIntegralNumber()) || idNode.asText().isEmpty()) {
            throw at.error("a dialogue needs an \"id\" (a string or an integer), found " + kind(idNode));
        }
        String id = idNode.asText();
        At here = at.in(id);
        Split split = Split.TRAIN;
        JsonNode s = o.get("split");
        if (s != null && !s.isNull()) {
            split = switch (s.asText().toLowerCase(Locale.ROOT)) {
                case "train" -> Split.TRAIN;
                case "valid", "validation", "dev" -> Split.VALID;
                case "test" -> Split.TEST;
                default -> throw here.error("\"split\" must be train, valid or test, found " + s);
            };
        }
        JsonNode us = o.get("utterances");
        if (us == null || !us.isArray() || us.isEmpty()) {
            throw here.error("\"utterances\" must be a non-empty list, found " + kind(us));
        }
        for (Iterator<String> it = o.fieldNames(); it.hasNext(); ) {
            String f = it.next();
            if (!Set.of("id", "split", "utterances").contains(f)) {
                throw here.error("unknown field \"" + f + "\" (a dialogue has id, split and utterances)");
            }
        }
        List<RawUtterance> out = new ArrayList<>();
        for (int i = 0; i < us.size(); i++) {
            out.add(utterance(us.get(i), here, i + 1));
        }
        return new Raw(id, split, out, here);
    }

    private static RawUtterance utterance(JsonNode u, At at, int n) throws DatasetFormatException {
        String where = "utterance " + n;
        if (!u.isObject()) {
            throw at.error(where + ": expected an object, found " + kind(u));
        }
        for (Iterator<String> it = u.fieldNames(); it.hasNext(); ) {
            String f = it.next();
            if (!Set.of("speaker", "text", "label", "features").contains(f)) {
                throw at.error(where + ": unknown field \"" + f + "\" (an utterance has speaker, text, label and "
                        + "features)");
            }
        }
        JsonNode speaker = u.get("speaker");
        if (speaker == null || speaker.isNull()) {
            throw at.error(where + ": no \"speaker\"");
        }
        String text = null;
        JsonNode t = u.get("text");
        if (t != null && !t.isNull()) {
            if (!t.isTextual()) {
                throw at.error(where + ": \"text\" must be a string, found " + kind(t));
            }
            text = t.asText().strip();
            if (text.isEmpty()) {
                throw at.error(where + ": empty \"text\"");
            }
        }
        Map<Modality, float[]> features = new EnumMap<>(Modality.class);
        JsonNode f = u.get("features");
        if (f != null && !f.isNull()) {
            if (!f.isObject()) {
                throw at.error(where + ": \"features\" must map modality names to lists of numbers");
            }
            for (Iterator<Map.Entry<String, JsonNode>> it = f.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                Modality m;
                try {
                    m = Modality.valueOf(e.getKey().toUpperCase(Locale.ROOT));
                } catch (IllegalArgumentException ex) {
                    throw at.error(where + ": unknown modality \"" + e.getKey() + "\" (text, audio, visual or "
                            + "roberta)");
                }
                features.put(m, numbers(e.getValue(), at, where + ", " + e.getKey() + " features"));
            }
        }
        if (text == null && features.isEmpty()) {
            throw at.error(where + ": neither \"text\" nor \"features\"");
        }
        return new RawUtterance(speaker, text, u.get("label"), features);
    }

    private static float[] numbers(JsonNode n, At at, String what) throws DatasetFormatException {
        if (!n.isArray() || n.isEmpty()) {
            throw at.error(what + ": expected a non-empty list of numbers, found " + kind(n));
        }
        float[] v = new float[n.size()];
        for (int i = 0; i < v.length; i++) {
            JsonNode x = n.get(i);
            if (!x.isNumber() || !Float.isFinite((float) x.asDouble())) {
                throw at.error(what + ": value " + (i + 1) + " is " + x + ", expected a finite number");
            }
            v[i] = (float) x.asDouble();
        }
        return v;
    }

    private static Dataset assemble(Path file, List<Raw> raws, List<String> declared, long validSeed)
            throws DatasetFormatException {
        LabelSet labels = labelSet(raws, declared);
        Map<Modality, Integer> dims = null;
        boolean allText = true;
        int maxSpeakers = 0;
        Map<Split, List<Dialogue>> splits = new EnumMap<>(Split.class);
        for (Split s : Split.values()) {
            splits.put(s, new ArrayList<>());
        }
        for (Raw r : raws) {
            List<Utterance> us = new ArrayList<>();
            Map<String, Integer> parties = new LinkedHashMap<>();
            for (int i = 0; i < r.utterances.size(); i++) {
                RawUtterance u = r.utterances.get(i);
                String where = "utterance " + (i + 1);
                Map<Modality, Integer> d = new EnumMap<>(Modality.class);
                u.features.forEach((m, v) -> d.put(m, v.length));
                if (dims == null) {
                    dims = d;
                } else if (!dims.equals(d)) {
                    throw r.at.error(where + ": features " + d + ", but the first utterance of the file has " + dims
                            + "; every utterance needs the same modalities and sizes");
                }
                allText &= u.text != null;
                int speaker = speaker(u.speaker, parties, r.at, where);
                maxSpeakers = Math.max(maxSpeakers, speaker + 1);
                us.add(new Utterance(speaker, label(u.label, labels, declared != null, r.at, where), u.features,
                        u.text));
            }
            splits.get(r.split).add(new Dialogue(r.id, us));
        }
        if (!allText && dims.isEmpty()) {
            throw DatasetFormatException.in(file, "some utterances have no text and the file has no features");
        }
        String source = "JSON Lines from " + file;
        if (splits.get(Split.VALID).isEmpty() && splits.get(Split.TRAIN).size() >= 2) {
            List<Dialogue> train = splits.get(Split.TRAIN);
            List<String> trainIds = new ArrayList<>();
            train.forEach(d -> trainIds.add(d.id()));
            List<List<String>> parts = ValidationSplit.carve(trainIds, Math.max(1, train.size() / 6), validSeed);
            Set<String> valid = new HashSet<>(parts.get(1));
            splits.put(Split.VALID, train.stream().filter(d -> valid.contains(d.id())).toList());
            splits.put(Split.TRAIN, train.stream().filter(d -> !valid.contains(d.id())).toList());
            source += "; validation carved from the training dialogues (seed " + validSeed + ")";
        }
        List<String> speakers = new ArrayList<>();
        for (int i = 0; i < maxSpeakers; i++) {
            speakers.add("speaker" + i);
        }
        String name = file.getFileName().toString().replaceFirst("\\.(jsonl|ndjson)$", "");
        return new Dataset(name, labels, speakers, dims, splits, source);
    }

    private static LabelSet labelSet(List<Raw> raws, List<String> declared) throws DatasetFormatException {
        if (declared != null) {
            return new LabelSet(declared);
        }
        TreeSet<String> names = new TreeSet<>();
        int maxIndex = -1;
        for (Raw r : raws) {
            for (int i = 0; i < r.utterances.size(); i++) {
                JsonNode l = r.utterances.get(i).label;
                if (l == null || l.isNull()) {
                    continue;
                }
                if (l.isIntegralNumber()) {
                    maxIndex = Math.max(maxIndex, l.asInt());
                } else if (l.isTextual() && !l.asText().isBlank()) {
                    names.add(l.asText());
                } else {
                    throw r.at.error("utterance " + (i + 1) + ": \"label\" must be a name or an index, found " + l);
                }
                if (maxIndex >= 0 && !names.isEmpty()) {
                    throw r.at.error("utterance " + (i + 1) + ": labels are names in some utterances and indices in "
                            + "others; give the label set on a first line {\"labels\": [...]} to use indices");
                }
            }
        }
        if (!names.isEmpty()) {
            return new LabelSet(new ArrayList<>(names));
        }
        List<String> numbered = new ArrayList<>();
        for (int i = 0; i <= Math.max(maxIndex, 0); i++) {
            numbered.add(Integer.toString(i));
        }
        return new LabelSet(numbered);
    }

    private static int label(JsonNode l, LabelSet labels, boolean declared, At at, String where)
            throws DatasetFormatException {
        if (l == null || l.isNull()) {
            return Utterance.NO_LABEL;
        }
        if (l.isIntegralNumber()) {
            int i = l.asInt();
            if (i < 0 || i >= labels.size()) {
                throw at.error(where + ": label " + i + " is out of range 0.." + (labels.size() - 1));
            }
            return i;
        }
        int i = labels.index(l.asText());
        if (i < 0) {
            throw at.error(where + ": label \"" + l.asText() + "\" is not in the label set " + labels.names()
                    + (declared ? " of the labels line" : ""));
        }
        return i;
    }

    private static int speaker(JsonNode s, Map<String, Integer> parties, At at, String where)
            throws DatasetFormatException {
        if (s.isTextual() && !s.asText().isBlank()) {
            return parties.computeIfAbsent(s.asText().strip(), k -> parties.size());
        }
        if (s.isIntegralNumber() && s.asInt() >= 0) {
            return s.asInt();
        }
        if (s.isArray() && !s.isEmpty()) {
            int hot = -1;
            for (int j = 0; j < s.size(); j++) {
                double b = s.get(j).asDouble(Double.NaN);
                if (b == 1 && hot < 0) {
                    hot = j;
                } else if (b != 0) {
                    hot = -2;
                    break;
                }
            }
            if (hot >= 0) {
                return hot;
            }
        }
        throw at.error(where + ": \"speaker\" must be a name, an index >= 0 or a one-hot list, found " + s);
    }
}
