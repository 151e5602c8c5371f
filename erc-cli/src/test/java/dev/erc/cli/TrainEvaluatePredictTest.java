package dev.erc.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.erc.api.Dialogue;
import dev.erc.api.Modality;
import dev.erc.api.Split;
import dev.erc.data.SyntheticDataset;
import dev.erc.model.PmfErc;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code erc train}, then {@code evaluate} and {@code predict} with the saved model. */
class TrainEvaluatePredictTest {

    private static String run(int expectedExit, String... args) {
        PrintStream out = System.out;
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(o, true, StandardCharsets.UTF_8));
            assertEquals(expectedExit, Erc.execute(args), String.join(" ", args));
        } finally {
            System.setOut(out);
        }
        return o.toString(StandardCharsets.UTF_8);
    }

    @Test
    void trainThenEvaluateThenPredict(@TempDir Path dir) throws Exception {
        Path model = dir.resolve("m.erc");
        JsonNode trained = new ObjectMapper().readTree(run(0, "train", "--epochs", "1,1", "--quiet", "--model",
                model.toString()));
        assertTrue(Files.exists(model));
        assertTrue(trained.get("selected").asText().contains("stage 2"), trained.toString());
        // one epoch per stage: every stage kept its last epoch, and says so
        assertEquals(4, trained.get("warnings").size(), trained.toString());
        assertTrue(trained.get("warnings").get(3).asText().startsWith("stage 2 kept its last epoch (1 of 1"));
        assertTrue(PmfErc.load(model).config().standardize(), "standardised by default");
        assertTrue(PmfErc.load(model).standardizer().modalities().contains(Modality.AUDIO));
        JsonNode eval = new ObjectMapper().readTree(run(0, "evaluate", "--model", model.toString()));
        assertEquals("test", eval.get("split").asText());
        assertEquals(SyntheticDataset.iemocap(2024).utteranceCount(Split.TEST), eval.get("utterances").asInt());
        double wf1 = eval.get("weightedF1").asDouble();
        assertTrue(wf1 > 0 && wf1 <= 1);

        Dialogue d = SyntheticDataset.iemocap(2024).split(Split.TEST).get(0);
        ObjectMapper json = new ObjectMapper();
        ObjectNode input = json.createObjectNode();
        input.put("id", d.id());
        ArrayNode us = input.putArray("utterances");
        for (int i = 0; i < d.size(); i++) {
            ObjectNode u = us.addObject();
            u.put("speaker", d.utterance(i).speaker() == 0 ? "M" : "F");
            ObjectNode f = u.putObject("features");
            for (Modality m : new Modality[] {Modality.TEXT, Modality.AUDIO, Modality.VISUAL}) {
                ArrayNode a = f.putArray(m.name().toLowerCase(Locale.ROOT));
                for (float v : d.utterance(i).feature(m)) {
                    a.add(v);
                }
            }
        }
        Path in = dir.resolve("dialogue.json");
        json.writeValue(in.toFile(), input);
        JsonNode p = json.readTree(run(0, "predict", "--model", model.toString(), "--input", in.toString()));
        assertEquals(d.size(), p.get("utterances").size());
        double sum = 0;
        for (JsonNode v : p.get("utterances").get(0).get("probabilities")) {
            sum += v.asDouble();
        }
        assertEquals(1.0, sum, 1e-5);

        // a dialogue the model cannot read: exit 3
        ((ObjectNode) us.get(0).get("features")).remove("audio");
        json.writeValue(in.toFile(), input);
        assertEquals(Erc.BAD_DATA, Erc.execute("predict", "--model", model.toString(), "--input", in.toString()));
        Files.writeString(in, "{not json");
        assertEquals(Erc.BAD_DATA, Erc.execute("predict", "--model", model.toString(), "--input", in.toString()));
        assertEquals(Erc.BAD_DATA, Erc.execute("evaluate", "--model", in.toString()));
    }

    @Test
    void standardisationIsOnUnlessSwitchedOff() {
        for (boolean train : new boolean[] {true, false}) {
            String[] base = train ? new String[] {"--model", "m.erc"} : new String[0];
            picocli.CommandLine cl = new picocli.CommandLine(train ? new TrainCommand() : new ReproduceCommand());
            cl.parseArgs(base);
            assertEquals(Boolean.TRUE, cl.getCommandSpec().findOption("--standardize").getValue());
            String[] off = java.util.Arrays.copyOf(base, base.length + 1);
            off[base.length] = "--no-standardize";
            cl.parseArgs(off);
            assertEquals(Boolean.FALSE, cl.getCommandSpec().findOption("--standardize").getValue());
        }
    }
}
