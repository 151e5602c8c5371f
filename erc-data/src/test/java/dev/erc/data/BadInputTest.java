package dev.erc.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import net.razorvine.pickle.Pickler;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Each kind of bad input fails with a {@link DatasetFormatException} whose message names the file, the dialogue
 * and what was expected. The files are pickled here with Pyrolite from a valid IEMOCAP-format structure (features
 * as lists of floats, which the loader accepts as numpy arrays' equivalent) with one defect each.
 */
class BadInputTest {

    @TempDir
    Path dir;

    /** A valid IEMOCAP_features.pkl structure: two train dialogues, one test dialogue. */
    private static List<Object> valid() {
        Map<String, Object> ids = new LinkedHashMap<>();
        Map<String, Object> speakers = new LinkedHashMap<>();
        Map<String, Object> labels = new LinkedHashMap<>();
        Map<String, Object> text = new LinkedHashMap<>();
        Map<String, Object> audio = new LinkedHashMap<>();
        Map<String, Object> visual = new LinkedHashMap<>();
        Map<String, Object> sentences = new LinkedHashMap<>();
        for (String id : List.of("d1", "d2", "d3")) {
            ids.put(id, new ArrayList<>(List.of(id + "_0", id + "_1")));
            speakers.put(id, new ArrayList<>(List.of("M", "F")));
            labels.put(id, new ArrayList<>(List.of(0, 5)));
            text.put(id, rows(2, 3));
            audio.put(id, rows(2, 4));
            visual.put(id, rows(2, 2));
            sentences.put(id, new ArrayList<>(List.of("hello", "bye")));
        }
        return new ArrayList<>(List.of(ids, speakers, labels, text, audio, visual, sentences,
                new ArrayList<>(List.of("d1", "d2")), new ArrayList<>(List.of("d3"))));
    }

    private static List<Object> rows(int n, int d) {
        List<Object> rows = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            List<Double> r = new ArrayList<>();
            for (int j = 0; j < d; j++) {
                r.add(0.5 * (i + 1) - j);
            }
            rows.add(r);
        }
        return rows;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> col(List<Object> root, int i) {
        return (Map<String, Object>) root.get(i);
    }

    private Path write(String name, Object root) throws IOException {
        Path p = dir.resolve(name);
        Files.write(p, new Pickler().dumps(root instanceof List<?> l ? l.toArray() : root));
        return p;
    }

    private void expectFailure(String name, Consumer<List<Object>> defect, String... mustContain) throws IOException {
        List<Object> root = valid();
        defect.accept(root);
        Path file = write(name + ".pkl", root);
        DatasetFormatException e = assertThrows(DatasetFormatException.class, () -> DataFiles.load(file,
                FileFormat.IEMOCAP_FEATURES, 0));
        assertTrue(e.getMessage().contains(file.toString()), "names the file: " + e.getMessage());
        for (String s : mustContain) {
            assertTrue(e.getMessage().contains(s), "'" + s + "' in: " + e.getMessage());
        }
    }

    @Test
    void theValidStructureLoads() throws IOException {
        Path file = write("valid.pkl", valid());
        assertTrue(DataFiles.load(file).utteranceCount(dev.erc.api.Split.TEST) == 2);
    }

    @Test
    void wrongTupleArity() throws IOException {
        expectFailure("arity", r -> r.remove(8), "expected a tuple of 9 items, found a tuple of 8");
    }

    @Test
    void dialogueMissingFromOneDict() throws IOException {
        expectFailure("missing", r -> col(r, 4).remove("d2"), "dialogue d2", "missing from the audio features dict");
    }

    @Test
    void featureDimensionThatChanges() throws IOException {
        // d3 is the test split, read after both training dialogues have fixed the dimension at 3
        expectFailure("dims", r -> col(r, 3).put("d3", rows(2, 5)), "dialogue d3", "dimension 5, expected 3");
    }

    @Test
    void labelOutOfRange() throws IOException {
        expectFailure("label", r -> col(r, 2).put("d3", new ArrayList<>(List.of(0, 6))), "dialogue d3",
                "label 6 of utterance 1 is outside 0..5");
    }

    @Test
    void nanAndInfinityInFeatures() throws IOException {
        expectFailure("nan", r -> {
            List<Object> bad = rows(2, 4);
            ((List<Double>) bad.get(1)).set(2, Double.NaN);
            col(r, 4).put("d1", bad);
        }, "dialogue d1", "utterance 1 has NaN at index 2");
        expectFailure("inf", r -> {
            List<Object> bad = rows(2, 2);
            ((List<Double>) bad.get(0)).set(0, Double.POSITIVE_INFINITY);
            col(r, 5).put("d3", bad);
        }, "dialogue d3", "Infinity");
    }

    @Test
    void emptyDialogue() throws IOException {
        expectFailure("empty", r -> {
            for (int c = 1; c <= 6; c++) {
                col(r, c).put("d2", new ArrayList<>());
            }
        }, "dialogue d2", "has no utterances");
    }

    @Test
    void columnsOfDifferentLengths() throws IOException {
        expectFailure("lengths", r -> col(r, 5).put("d1", rows(3, 2)), "dialogue d1", "2 speakers but 3 visual");
        expectFailure("sentences", r -> col(r, 6).put("d1", new ArrayList<>(List.of("only one"))), "dialogue d1",
                "2 speakers but 1 sentences");
    }

    @Test
    void unknownSpeaker() throws IOException {
        expectFailure("speaker", r -> col(r, 1).put("d1", new ArrayList<>(List.of("M", 2.5))), "dialogue d1",
                "speaker of utterance 1: expected an integer, found 2.5");
        expectFailure("onehot", r -> col(r, 1).put("d1", new ArrayList<>(List.of(List.of(0, 1), List.of(1, 1)))),
                "dialogue d1", "speaker of utterance 1 is [1, 1], expected a one-hot vector");
    }

    /** Speakers as the field's files write them: names (numbered per dialogue), integers, one-hot lists. */
    @Test
    void speakersAreReadLiberally() throws IOException {
        List<Object> root = valid();
        col(root, 1).put("d1", new ArrayList<>(List.of("Ben", "Anna")));
        col(root, 1).put("d2", new ArrayList<>(List.of(1, 0)));
        col(root, 1).put("d3", new ArrayList<>(List.of(List.of(0, 1), List.of(1.0, 0.0))));
        dev.erc.api.Dataset d = DataFiles.load(write("liberal.pkl", root), FileFormat.IEMOCAP_FEATURES, 0);
        java.util.Map<String, List<Integer>> speakers = new java.util.HashMap<>();
        for (dev.erc.api.Split s : dev.erc.api.Split.values()) {
            for (dev.erc.api.Dialogue dl : d.split(s)) {
                speakers.put(dl.id(), dl.utterances().stream().map(dev.erc.api.Utterance::speaker).toList());
            }
        }
        assertEquals(List.of(0, 1), speakers.get("d1"), "names in order of appearance");
        assertEquals(List.of(1, 0), speakers.get("d2"));
        assertEquals(List.of(1, 0), speakers.get("d3"));
    }

    @Test
    void truncatedAndCorruptFiles() throws IOException {
        byte[] good = new Pickler().dumps(valid().toArray());
        for (int cut : new int[] {1, 10, good.length / 2, good.length - 1}) {
            Path p = dir.resolve("cut" + cut + ".pkl");
            Files.write(p, Arrays.copyOf(good, cut));
            DatasetFormatException e = assertThrows(DatasetFormatException.class, () -> DataFiles.load(p));
            assertTrue(e.getMessage().contains(p.toString()), e.getMessage());
        }
        Path empty = dir.resolve("empty.pkl");
        Files.write(empty, new byte[0]);
        assertTrue(assertThrows(DatasetFormatException.class, () -> DataFiles.load(empty)).getMessage()
                .contains("empty file"));
        Path missing = dir.resolve("nope.pkl");
        assertTrue(assertThrows(DatasetFormatException.class, () -> DataFiles.load(missing)).getMessage()
                .contains("no such file"));
    }

    @Test
    void unknownPickleGlobalIsRefusedByName() throws IOException {
        // protocol 2: GLOBAL os.system, then a tuple and REDUCE: the classic malicious pickle
        byte[] evil = "\u0080\u0002cos\nsystem\nX\u0004\u0000\u0000\u0000echo\u0085R.".getBytes(
                java.nio.charset.StandardCharsets.ISO_8859_1);
        Path p = dir.resolve("evil.pkl");
        Files.write(p, evil);
        DatasetFormatException e = assertThrows(DatasetFormatException.class, () -> DataFiles.load(p));
        assertTrue(e.getMessage().contains("unsupported pickle global 'os.system'"), e.getMessage());
    }

    @Test
    void unrecognisedLayoutListsTheKnownOnes() throws IOException {
        Path p = write("list.pkl", new ArrayList<>(List.of(1, 2, 3)));
        DatasetFormatException e = assertThrows(DatasetFormatException.class, () -> DataFiles.load(p));
        assertTrue(e.getMessage().contains("unrecognised layout") && e.getMessage().contains("IEMOCAP_features.pkl"),
                e.getMessage());
    }
}
