package dev.erc.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.erc.api.Dataset;
import dev.erc.api.Dialogue;
import dev.erc.api.Modality;
import dev.erc.api.Split;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every format in every flavour (Python 2 protocol 2, numpy 1.x, numpy 2.x with protocols 4 and 5) loads to what
 * Python reads from the same file: ids, lengths, speakers, labels, sentences, dimensions and every feature value
 * (a SHA-256 of each dialogue's whole array). Fixtures and expectations come from {@code tools/make_data_fixtures.py}.
 * A transposed (C vs Fortran order) array keeps the sum and the first and last values, which is all this test
 * compared before; it does not keep the hash. Checked: with {@code NdArray} transposing every 2-d float32 array, the
 * three fixtures holding one (IEMOCAP visual, in each flavour) fail here.
 */
class FixtureLoadTest {

    static Path fixture(String name) {
        try {
            return Path.of(FixtureLoadTest.class.getResource("/fixtures/data/" + name).toURI());
        } catch (URISyntaxException | NullPointerException e) {
            throw new IllegalStateException("missing fixture " + name + "; run tools/make_data_fixtures.sh", e);
        }
    }

    static Stream<String> fixtures() {
        List<String> names = new ArrayList<>();
        for (String flavour : List.of("py2", "np1", "np2")) {
            for (String kind : List.of("iemocap_features", "iemocap_roberta", "meld_features", "meld_roberta",
                    "iemocap_transcripts", "meld_transcripts")) {
                names.add(kind + "_" + flavour);
            }
        }
        return names.stream();
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("fixtures")
    void loadsWhatPythonReads(String name) throws IOException {
        JsonNode exp = new ObjectMapper().readTree(fixture(name + ".expected.json").toFile());
        Dataset d = DataFiles.load(fixture(name + ".pkl"));
        assertEquals(exp.get("format").asText(), DataFiles.detect(fixture(name + ".pkl")).name());
        Map<Modality, Integer> dims = d.dimensions();
        exp.get("dimensions").fieldNames().forEachRemaining(m -> assertEquals(exp.get("dimensions").get(m).asInt(),
                dims.get(Modality.valueOf(m.toUpperCase(java.util.Locale.ROOT))), "dimension of " + m));
        assertEquals(exp.get("dimensions").size(), dims.size(), "modalities " + dims.keySet());
        for (Iterator<String> it = exp.get("splits").fieldNames(); it.hasNext(); ) {
            String split = it.next();
            JsonNode expected = exp.get("splits").get(split);
            List<Dialogue> actual = split.equals("train+valid") ? merged(d) : d.split(Split.valueOf(split.toUpperCase(
                    java.util.Locale.ROOT)));
            assertEquals(expected.size(), actual.size(), split + " dialogues");
            for (int i = 0; i < actual.size(); i++) {
                checkDialogue(name, expected.get(i), actual.get(i));
            }
        }
        if (exp.get("splits").has("train+valid")) {
            assertTrue(!d.split(Split.VALID).isEmpty() && !d.split(Split.TRAIN).isEmpty(),
                    "a validation split is carved from the training ids");
        }
    }

    private static List<Dialogue> merged(Dataset d) {
        List<Dialogue> all = new ArrayList<>(d.split(Split.TRAIN));
        all.addAll(d.split(Split.VALID));
        all.sort((a, b) -> a.id().compareTo(b.id()));
        return all;
    }

    private static void checkDialogue(String name, JsonNode e, Dialogue d) {
        String where = name + " " + d.id();
        assertEquals(e.get("id").asText(), d.id(), where);
        assertEquals(e.get("length").asInt(), d.size(), where + " length");
        for (int j = 0; j < d.size(); j++) {
            assertEquals(e.get("labels").get(j).asInt(), d.utterance(j).label(), where + " label " + j);
            JsonNode s = e.get("speakers").get(j);
            int speaker = s.isTextual() ? "MF".indexOf(s.asText()) : s.asInt();
            assertEquals(speaker, d.utterance(j).speaker(), where + " speaker " + j);
            assertEquals(windows1252(e.get("sentences").get(j).asText()), d.utterance(j).text(),
                    where + " sentence " + j);
        }
        e.get("features").fieldNames().forEachRemaining(m -> {
            JsonNode f = e.get("features").get(m);
            Modality mod = Modality.valueOf(m);
            // Every value, in order: the SHA-256 of the float32 little-endian rows as Python reads them. A
            // transposed (Fortran-order) or shuffled array has the same sum, first and last value, not this hash.
            ByteBuffer bytes = ByteBuffer.allocate(d.size() * d.utterance(0).feature(mod).length * Float.BYTES)
                    .order(ByteOrder.LITTLE_ENDIAN);
            for (int j = 0; j < d.size(); j++) {
                for (float v : d.utterance(j).feature(mod)) {
                    bytes.putFloat(v);
                }
            }
            assertEquals(f.get("sha256").asText(), sha256(bytes.array()), where + " " + m + ": the array's bytes");
        });
    }

    @Test
    void robertaFeaturesJoinByDialogueId() throws IOException {
        Dataset base = DataFiles.load(fixture("iemocap_features_np1.pkl"));
        Dataset joined = DataFiles.joinRoberta(base, fixture("iemocap_roberta_np1.pkl"));
        assertEquals(16, joined.dimensions().get(Modality.ROBERTA));
        assertEquals(base.dimensions().get(Modality.AUDIO), joined.dimensions().get(Modality.AUDIO));
        Dataset roberta = DataFiles.load(fixture("iemocap_roberta_np1.pkl"));
        Dialogue r = roberta.split(Split.TEST).get(0);
        Dialogue j = joined.split(Split.TEST).stream().filter(x -> x.id().equals(r.id())).findFirst().orElseThrow();
        org.junit.jupiter.api.Assertions.assertArrayEquals(r.utterance(1).feature(Modality.ROBERTA),
                j.utterance(1).feature(Modality.ROBERTA));
        assertEquals(new TreeSet<>(base.split(Split.TRAIN).stream().map(Dialogue::id).toList()),
                new TreeSet<>(joined.split(Split.TRAIN).stream().map(Dialogue::id).toList()));
    }

    @Test
    void joiningDisagreeingFilesNamesTheDialogue() throws IOException {
        Dataset base = DataFiles.load(fixture("iemocap_features_np1.pkl"));
        // the py2 RoBERTa file has other labels for the same ids
        DatasetFormatException e = org.junit.jupiter.api.Assertions.assertThrows(DatasetFormatException.class,
                () -> DataFiles.joinRoberta(base, fixture("iemocap_roberta_py2.pkl")));
        assertTrue(e.getMessage().contains("dialogue Ses") && e.getMessage().contains("iemocap_roberta_py2.pkl"),
                e.getMessage());
        DatasetFormatException m = org.junit.jupiter.api.Assertions.assertThrows(DatasetFormatException.class,
                () -> DataFiles.joinRoberta(base, fixture("meld_roberta_np1.pkl")));
        assertTrue(m.getMessage().contains("MELD"), m.getMessage());
    }

    /**
     * Python's latin-1 reading with its C1 control characters taken as the Windows-1252 bytes they were (the loader
     * reads "don\x92t" as "don’t"), each decoded on its own by the JDK's charset.
     */
    private static String windows1252(String python) {
        StringBuilder sb = new StringBuilder();
        for (char c : python.toCharArray()) {
            String mapped = c >= 0x80 && c < 0xA0 ? new String(new byte[] {(byte) c},
                    java.nio.charset.Charset.forName("windows-1252")) : String.valueOf(c);
            sb.append(mapped.equals("\uFFFD") ? String.valueOf(c) : mapped);
        }
        return sb.toString();
    }
}
