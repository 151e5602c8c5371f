package dev.erc.data;

import dev.erc.api.Dataset;
import dev.erc.api.Dialogue;
import dev.erc.api.Modality;
import dev.erc.api.Split;
import dev.erc.api.Utterance;
import dev.erc.data.pickle.PickleFile;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Loads the IEMOCAP and MELD files of the ERC field ({@link FileFormat}) into {@link Dataset}s, checking everything:
 * a bad file fails with a {@link DatasetFormatException} naming the file, the dialogue and what was expected.
 *
 * <pre>{@code
 * Dataset iemocap = DataFiles.load(Path.of("IEMOCAP_features.pkl"));             // format detected
 * Dataset withRoberta = DataFiles.joinRoberta(iemocap, Path.of("iemocap_features_roberta.pkl"));
 * }</pre>
 */
public final class DataFiles {

    /** Seed of the {@link ValidationSplit} rule unless one is given. */
    public static final long DEFAULT_VALID_SEED = 0L;

    private DataFiles() {
    }

    /** Reads {@code file}, recognises its format and loads it. */
    public static Dataset load(Path file) throws DatasetFormatException {
        return load(file, DEFAULT_VALID_SEED);
    }

    /** As {@link #load(Path)}, carving a missing validation split with {@code validSeed}. */
    public static Dataset load(Path file, long validSeed) throws DatasetFormatException {
        Object root = PickleFile.read(file);
        PickleValues v = new PickleValues(file);
        return load(v, root, null, validSeed);
    }

    /** Loads pickle bytes already in memory; {@code name} stands for the file in messages. */
    public static Dataset load(Path name, byte[] pickle, long validSeed) throws DatasetFormatException {
        Object root = PickleFile.parse(name, pickle);
        PickleValues v = new PickleValues(name);
        return load(v, root, null, validSeed);
    }

    /** Reads {@code file} as the given format (no detection). */
    public static Dataset load(Path file, FileFormat format, long validSeed) throws DatasetFormatException {
        return load(new PickleValues(file), PickleFile.read(file), format, validSeed);
    }

    /** The format of a file, without loading it. */
    public static FileFormat detect(Path file) throws DatasetFormatException {
        PickleValues v = new PickleValues(file);
        return FileFormat.detect(v, PickleFile.read(file));
    }

    private static Dataset load(PickleValues v, Object root, FileFormat f, long validSeed)
            throws DatasetFormatException {
        try {
            return assemble(v, root, f != null ? f : FileFormat.detect(v, root), validSeed);
        } catch (StackOverflowError e) {
            // a corrupt pickle can make a list contain itself; hashing or printing it then recurses without end
            throw v.error(null, "a self-referential or too deeply nested structure; not a feature file");
        }
    }

    private static Dataset assemble(PickleValues v, Object root, FileFormat f, long validSeed)
            throws DatasetFormatException {
        List<Object> cols = v.sequence(root, f.arity, f.name() + " (" + f.dataset + ")");
        Map<?, ?> speakers = v.dict(cols.get(f.speakerColumn), "speakers");
        Map<?, ?> labels = v.dict(cols.get(f.labelColumn), "labels");
        Map<?, ?> sentences = v.dict(cols.get(f.sentenceColumn), "sentences");
        Map<Modality, List<Map<?, ?>>> features = new EnumMap<>(Modality.class);
        for (Map.Entry<Modality, List<Integer>> e : f.featureColumns.entrySet()) {
            List<Map<?, ?>> parts = new ArrayList<>();
            for (int c : e.getValue()) {
                parts.add(v.dict(cols.get(c), e.getKey().name().toLowerCase(java.util.Locale.ROOT) + " features"));
            }
            features.put(e.getKey(), parts);
        }
        Map<Split, List<String>> ids = splits(v, cols, f, validSeed);
        DialogueAssembler assembler = new DialogueAssembler(v, f.labels, f.speakers.names.size());
        Map<Split, List<Dialogue>> dialogues = new EnumMap<>(Split.class);
        Set<String> seen = new LinkedHashSet<>();
        for (Map.Entry<Split, List<String>> e : ids.entrySet()) {
            List<Dialogue> list = new ArrayList<>();
            for (String id : e.getValue()) {
                if (!seen.add(id)) {
                    throw v.error(id, "listed in more than one split");
                }
                int[] spk = f.speakers.parse(v, v.entry(speakers, id, "the speakers dict"), id);
                List<?> labelList = v.list(v.entry(labels, id, "the labels dict"), id, "labels");
                int[] lab = new int[labelList.size()];
                for (int i = 0; i < lab.length; i++) {
                    lab[i] = label(v, labelList.get(i), f.labels, id, i);
                }
                List<?> sentenceList = v.list(v.entry(sentences, id, "the sentences dict"), id, "sentences");
                List<String> texts = new ArrayList<>(sentenceList.size());
                for (int i = 0; i < sentenceList.size(); i++) {
                    texts.add(v.text(sentenceList.get(i), id, "sentence of utterance " + i));
                }
                Map<Modality, float[][]> rows = new EnumMap<>(Modality.class);
                for (Map.Entry<Modality, List<Map<?, ?>>> fe : features.entrySet()) {
                    rows.put(fe.getKey(), concatenated(v, fe.getValue(), id, fe.getKey()));
                }
                list.add(assembler.dialogue(id, spk, lab, rows, texts));
            }
            dialogues.put(e.getKey(), list);
        }
        int unused = 0;
        for (Object k : speakers.keySet()) {
            if (!seen.contains(PickleValues.key(k))) {
                unused++;
            }
        }
        String source = f.name() + " from " + v.file() + (f.validColumn < 0 ? "; validation carved from training ids "
                + "(seed " + validSeed + ")" : "") + (unused > 0 ? "; " + unused
                + " dialogues of the file are in no split and were not loaded" : "");
        return new Dataset(f.dataset, f.labels, f.speakers.names, assembler.dimensions(), dialogues, source);
    }

    /** IEMOCAP's annotation codes, as some files write the labels. */
    private static final Map<String, String> CODES = Map.of("hap", "happy", "sad", "sad", "neu", "neutral", "ang",
            "angry", "exc", "excited", "fru", "frustrated", "sur", "surprise", "dis", "disgust", "fea", "fear");

    /** A label as an index, or as a class name or IEMOCAP code (any case); -1 for None (not labelled). */
    private static int label(PickleValues v, Object o, dev.erc.api.LabelSet labels, String id, int i)
            throws DatasetFormatException {
        if (o == null) {
            return dev.erc.api.Utterance.NO_LABEL;
        }
        if (o instanceof String || o instanceof byte[]) {
            String name = v.text(o, id, "label of utterance " + i).strip().toLowerCase(java.util.Locale.ROOT);
            int k = labels.index(CODES.getOrDefault(name, name));
            if (k < 0) {
                throw v.error(id, "label '" + name + "' of utterance " + i + " is not one of " + labels.names());
            }
            return k;
        }
        return v.integer(o, id, "label of utterance " + i);
    }

    private static Map<Split, List<String>> splits(PickleValues v, List<Object> cols, FileFormat f, long seed)
            throws DatasetFormatException {
        Map<Split, List<String>> ids = new LinkedHashMap<>();
        List<String> train = v.ids(cols.get(f.trainColumn), "training ids");
        if (f.validColumn >= 0) {
            ids.put(Split.TRAIN, train);
            ids.put(Split.VALID, v.ids(cols.get(f.validColumn), "validation ids"));
        } else {
            int count = ValidationSplit.defaultCount(f.dataset);
            if (train.size() <= count) {
                count = Math.max(1, train.size() / 6);
            }
            if (train.size() < 2) {
                throw v.error(null, "only " + train.size() + " training dialogues; at least 2 are needed to carve a "
                        + "validation split");
            }
            List<List<String>> parts = ValidationSplit.carve(train, count, seed);
            ids.put(Split.TRAIN, parts.get(0));
            ids.put(Split.VALID, parts.get(1));
        }
        ids.put(Split.TEST, v.ids(cols.get(f.testColumn), "test ids"));
        return ids;
    }

    /** The rows of one dialogue from one or more dicts, joined per utterance (RoBERTa's four vectors). */
    private static float[][] concatenated(PickleValues v, List<Map<?, ?>> parts, String id, Modality m)
            throws DatasetFormatException {
        String what = m.name().toLowerCase(java.util.Locale.ROOT) + " features";
        float[][] out = v.rows(v.entry(parts.get(0), id, "the " + what + " dict"), id, what);
        for (int p = 1; p < parts.size(); p++) {
            float[][] next = v.rows(v.entry(parts.get(p), id, "the " + what + " dict " + (p + 1)), id, what);
            if (next.length != out.length) {
                throw v.error(id, what + " part " + (p + 1) + " has " + next.length + " utterances, part 1 has "
                        + out.length);
            }
            for (int i = 0; i < out.length; i++) {
                float[] joined = java.util.Arrays.copyOf(out[i], out[i].length + next[i].length);
                System.arraycopy(next[i], 0, joined, out[i].length, next[i].length);
                out[i] = joined;
            }
        }
        return out;
    }

    /**
     * Adds the RoBERTa features (u(Bt)) of a COSMIC RoBERTa file to every dialogue of {@code base}, matched by
     * dialogue id. Both must be of the same dataset; every dialogue of {@code base} must be in the file with the
     * same number of utterances and the same labels.
     */
    public static Dataset joinRoberta(Dataset base, Path robertaFile) throws DatasetFormatException {
        Dataset roberta = load(robertaFile);
        if (!roberta.dimensions().containsKey(Modality.ROBERTA)) {
            throw DatasetFormatException.in(robertaFile, "holds no RoBERTa features (it is a transcript file?)");
        }
        if (!roberta.name().equals(base.name())) {
            throw DatasetFormatException.in(robertaFile, "holds " + roberta.name() + " features, cannot join them to "
                    + base.name());
        }
        Map<String, Dialogue> byId = new HashMap<>();
        for (Split s : Split.values()) {
            for (Dialogue d : roberta.split(s)) {
                byId.put(d.id(), d);
            }
        }
        Map<Split, List<Dialogue>> joined = new EnumMap<>(Split.class);
        for (Split s : Split.values()) {
            List<Dialogue> list = new ArrayList<>();
            for (Dialogue d : base.split(s)) {
                Dialogue r = byId.get(d.id());
                if (r == null) {
                    throw DatasetFormatException.in(robertaFile, d.id(), "is in the feature file but not in the "
                            + "RoBERTa file");
                }
                if (r.size() != d.size()) {
                    throw DatasetFormatException.in(robertaFile, d.id(), "has " + r.size() + " utterances, the "
                            + "feature file has " + d.size());
                }
                List<Utterance> us = new ArrayList<>();
                for (int i = 0; i < d.size(); i++) {
                    Utterance a = d.utterance(i);
                    Utterance b = r.utterance(i);
                    if (a.label() != b.label()) {
                        throw DatasetFormatException.in(robertaFile, d.id(), "utterance " + i + " is labelled "
                                + b.label() + ", the feature file says " + a.label());
                    }
                    Map<Modality, float[]> f = new EnumMap<>(Modality.class);
                    f.putAll(a.features());
                    f.put(Modality.ROBERTA, b.feature(Modality.ROBERTA));
                    us.add(new Utterance(a.speaker(), a.label(), f, a.text()));
                }
                list.add(new Dialogue(d.id(), us));
            }
            joined.put(s, list);
        }
        Map<Modality, Integer> dims = new EnumMap<>(Modality.class);
        dims.putAll(base.dimensions());
        dims.put(Modality.ROBERTA, roberta.dimensions().get(Modality.ROBERTA));
        return new Dataset(base.name(), base.labels(), base.speakers(), dims, joined,
                base.source() + " + RoBERTa from " + robertaFile);
    }
}
