package dev.erc.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.erc.api.Dataset;
import dev.erc.api.Modality;
import dev.erc.api.Split;
import dev.erc.data.DataFiles;
import dev.erc.data.DialogueLines;
import dev.erc.data.FileFormat;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code erc inspect FILE}: what a data file holds, as one JSON object on stdout. */
@Command(name = "inspect", mixinStandardHelpOptions = true,
        description = {"Reads an IEMOCAP or MELD feature or transcript pickle, or a JSON Lines dialogue file, and "
                + "prints one JSON object: the detected format, dialogue and utterance counts per split, label counts "
                + "by name, the feature dimension of each modality, speakers, and the texts (how many utterances have "
                + "one, the longest in words).", "Exit status 3, with one line on stderr, when the file is unreadable or breaks "
                + "its format."})
final class InspectCommand implements Callable<Integer> {

    @Parameters(paramLabel = "FILE", description = "the pickle or .jsonl file to inspect")
    Path file;

    @Override
    public Integer call() throws Exception {
        FileFormat pickle = DialogueLines.isJsonLines(file) ? null : DataFiles.detect(file);
        String format = pickle == null ? "JSON_LINES" : pickle.name();
        Dataset d = pickle == null ? DialogueLines.read(file, DataFiles.DEFAULT_VALID_SEED)
                : DataFiles.load(file, pickle, DataFiles.DEFAULT_VALID_SEED);
        ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        ObjectNode out = json.createObjectNode();
        out.put("file", file.toString());
        out.put("format", format);
        out.put("dataset", d.name());
        ObjectNode splits = out.putObject("splits");
        for (Split s : Split.values()) {
            ObjectNode n = splits.putObject(s.name().toLowerCase(Locale.ROOT));
            n.put("dialogues", d.split(s).size());
            n.put("utterances", d.utteranceCount(s));
            ObjectNode labels = n.putObject("labels");
            d.labelCounts(s).forEach(labels::put);
        }
        ObjectNode dims = out.putObject("dimensions");
        for (Modality m : Modality.values()) {
            if (d.dimensions().containsKey(m)) {
                dims.put(m.name().toLowerCase(Locale.ROOT), d.dimensions().get(m));
            }
        }
        out.putPOJO("speakers", d.speakers());
        int withText = 0;
        int longest = 0;
        int maxParties = 0;
        for (Split s : Split.values()) {
            for (dev.erc.api.Dialogue dl : d.split(s)) {
                java.util.Set<Integer> parties = new java.util.HashSet<>();
                for (dev.erc.api.Utterance u : dl.utterances()) {
                    parties.add(u.speaker());
                    if (u.text() != null) {
                        withText++;
                        longest = Math.max(longest, u.text().isBlank() ? 0 : u.text().strip().split("\\s+").length);
                    }
                }
                maxParties = Math.max(maxParties, parties.size());
            }
        }
        out.put("mostSpeakersInADialogue", maxParties);
        ObjectNode texts = out.putObject("text");
        texts.put("utterancesWithText", withText);
        texts.put("longestInWords", longest);
        out.put("source", d.source());
        System.out.println(json.writeValueAsString(out));
        return 0;
    }
}
