package dev.erc.api;

import dev.erc.api.internal.Utf8Text;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A conversation written as text, one turn per line: {@code speaker: utterance}. Blank lines are skipped; the
 * speaker is everything before the first colon (trimmed), the utterance everything after it (trimmed). Speakers are
 * numbered in the order they first speak (the first is 0): the models know parties of a conversation, not people.
 *
 * <pre>{@code
 * Transcript t = Transcript.parse("call-42", """
 *         Anna: I got the job!
 *         Ben: That's wonderful, congratulations!
 *         Anna: I start on Monday.
 *         """);
 * Dialogue d = t.dialogue();     // 3 utterances, speakers 0, 1, 0, no labels, no features yet
 * }</pre>
 *
 * @param dialogue the turns, with their text and speaker numbers (no labels, no features)
 * @param speakers the speaker's name of each turn, as written
 * @param lines the line number of each turn in the text (1-based)
 */
public record Transcript(Dialogue dialogue, List<String> speakers, List<Integer> lines) {

    public Transcript {
        speakers = List.copyOf(speakers);
        lines = List.copyOf(lines);
    }

    /** Parses {@code text}; {@code id} names the dialogue and, in error messages, the source. */
    public static Transcript parse(String id, String text) throws TranscriptFormatException {
        List<Utterance> turns = new ArrayList<>();
        List<String> names = new ArrayList<>();
        List<Integer> lineNumbers = new ArrayList<>();
        Map<String, Integer> parties = new LinkedHashMap<>();
        String[] lines = text.split("\r\n|\n|\r", -1);
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i].strip();
            if (i == 0 && line.startsWith("\uFEFF")) {
                line = line.substring(1).strip();
            }
            if (line.isEmpty()) {
                continue;
            }
            int colon = line.indexOf(':');
            if (colon < 0) {
                throw new TranscriptFormatException(id + ", line " + (i + 1) + ": expected 'speaker: utterance', "
                        + "found no colon in \"" + abbreviate(line) + "\"");
            }
            String speaker = line.substring(0, colon).strip();
            String utterance = line.substring(colon + 1).strip();
            if (speaker.isEmpty()) {
                throw new TranscriptFormatException(id + ", line " + (i + 1) + ": no speaker before the colon");
            }
            if (utterance.isEmpty()) {
                throw new TranscriptFormatException(id + ", line " + (i + 1) + ": " + speaker + " says nothing (an "
                        + "empty utterance)");
            }
            int party = parties.computeIfAbsent(speaker, k -> parties.size());
            turns.add(new Utterance(party, Utterance.NO_LABEL, Map.of(), utterance));
            names.add(speaker);
            lineNumbers.add(i + 1);
        }
        if (turns.isEmpty()) {
            throw new TranscriptFormatException(id + ": no 'speaker: utterance' lines");
        }
        return new Transcript(new Dialogue(id, turns), names, lineNumbers);
    }

    /** Reads a UTF-8 transcript file; the dialogue's id is the file name. */
    public static Transcript read(Path file) throws TranscriptFormatException {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new TranscriptFormatException(file + ": no such file");
        } catch (IOException e) {
            throw new TranscriptFormatException(file + ": cannot be read: " + e.getMessage());
        }
        return parse(file.toString(), Utf8Text.decode(bytes, problem -> new TranscriptFormatException(file + ", "
                + problem)));
    }

    private static String abbreviate(String s) {
        return s.length() <= 60 ? s : s.substring(0, 57) + "...";
    }
}
