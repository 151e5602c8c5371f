package dev.erc.spark;

import dev.erc.api.Dialogue;
import dev.erc.api.Modality;
import dev.erc.api.Utterance;
import dev.erc.model.PmfErc;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * Where a model's inputs are in an utterance table ({@link UtteranceColumns}), resolved once on the driver against
 * the table's schema, and how the rows of one dialogue become a {@link Dialogue} on an executor.
 */
final class InputPlan implements Serializable {

    private static final long serialVersionUID = 1L;

    /** A dialogue's rows cannot be used; the message names the dialogue, the turn and the problem. */
    static final class RejectedDialogue extends Exception {
        private static final long serialVersionUID = 1L;

        RejectedDialogue(String message) {
            super(message, null, false, false);
        }
    }

    final int dialogue;
    final int turn;
    final int speaker;
    final boolean speakerIsName;
    /** The text column, or -1 when the model's text features come from a features_text column or it has none. */
    final int text;
    /** Column of each modality read as features; TEXT absent when text is encoded. */
    final Map<Modality, Integer> features;

    private InputPlan(int dialogue, int turn, int speaker, boolean speakerIsName, int text,
                      Map<Modality, Integer> features) {
        this.dialogue = dialogue;
        this.turn = turn;
        this.speaker = speaker;
        this.speakerIsName = speakerIsName;
        this.text = text;
        this.features = features;
    }

    /** True when the text column is encoded by the model's utterance encoder. */
    boolean encodesText() {
        return text >= 0;
    }

    /** The plan for {@code model} on a table of {@code schema}; a missing or mistyped column fails naming it. */
    static InputPlan of(StructType schema, PmfErc model) {
        int dialogue = column(schema, UtteranceColumns.DIALOGUE_ID, "string", DataTypes.StringType);
        int turn = column(schema, UtteranceColumns.TURN, "integer or long", DataTypes.IntegerType,
                DataTypes.LongType, DataTypes.ShortType);
        int speaker = column(schema, UtteranceColumns.SPEAKER, "string or integer", DataTypes.StringType,
                DataTypes.IntegerType, DataTypes.LongType);
        boolean byName = schema.fields()[speaker].dataType().equals(DataTypes.StringType);
        Map<Modality, Integer> features = new EnumMap<>(Modality.class);
        int text = -1;
        for (Modality m : Modality.values()) {
            if (!model.config().modalities().contains(m)) {
                continue;   // in enum order: the same message on every run
            }
            String name = UtteranceColumns.features(m);
            if (has(schema, name)) {
                DataType t = schema.fields()[schema.fieldIndex(name)].dataType();
                if (!(t instanceof ArrayType a) || !(a.elementType().equals(DataTypes.FloatType)
                        || a.elementType().equals(DataTypes.DoubleType))) {
                    throw new IllegalArgumentException("column " + name + " must be an array of float or double, "
                            + "found " + t.simpleString());
                }
                features.put(m, schema.fieldIndex(name));
            } else if (m == Modality.TEXT && model.textEncoder() != null && has(schema, UtteranceColumns.TEXT)) {
                text = column(schema, UtteranceColumns.TEXT, "string", DataTypes.StringType);
            } else if (m == Modality.TEXT && model.textEncoder() != null) {
                throw new IllegalArgumentException("the model reads text: the input needs a '" + UtteranceColumns.TEXT
                        + "' column (or " + name + " with its encoded features)");
            } else {
                throw new IllegalArgumentException("the model uses " + m.name().toLowerCase(java.util.Locale.ROOT)
                        + " features: the input needs a column '" + name + "' (array of float)");
            }
        }
        return new InputPlan(dialogue, turn, speaker, byName, text, features);
    }

    private static boolean has(StructType schema, String name) {
        return List.of(schema.fieldNames()).contains(name);
    }

    private static int column(StructType schema, String name, String what, DataType... types) {
        if (!has(schema, name)) {
            throw new IllegalArgumentException("the input has no column '" + name + "' (" + what + "); it has "
                    + String.join(", ", schema.fieldNames()));
        }
        DataType t = schema.fields()[schema.fieldIndex(name)].dataType();
        for (DataType ok : types) {
            if (ok.equals(t)) {
                return schema.fieldIndex(name);
            }
        }
        throw new IllegalArgumentException("column '" + name + "' must be " + what + ", found " + t.simpleString());
    }

    /** The id of the dialogue a row belongs to (null when the row has none). */
    String dialogueOf(Row r) {
        return r.isNullAt(dialogue) ? null : r.getString(dialogue);
    }

    /**
     * The dialogue formed by {@code rows} (one dialogue's rows, sorted by turn), with the text of each utterance when
     * it is to be encoded.
     */
    Dialogue assemble(String id, List<Row> rows) throws RejectedDialogue {
        List<Utterance> utterances = new ArrayList<>(rows.size());
        Map<String, Integer> parties = new HashMap<>();
        Set<Long> turns = new HashSet<>();
        for (Row r : rows) {
            if (r.isNullAt(turn)) {
                throw new RejectedDialogue("dialogue " + id + ": a row has no turn");
            }
            long t = ((Number) r.get(turn)).longValue();
            String where = "dialogue " + id + ", turn " + t;
            if (!turns.add(t)) {
                throw new RejectedDialogue(where + ": the turn occurs twice");
            }
            if (r.isNullAt(speaker)) {
                throw new RejectedDialogue(where + ": no speaker");
            }
            int party;
            if (speakerIsName) {
                String name = r.getString(speaker).strip();
                if (name.isEmpty()) {
                    throw new RejectedDialogue(where + ": an empty speaker name");
                }
                party = parties.computeIfAbsent(name, k -> parties.size());
            } else {
                long s = ((Number) r.get(speaker)).longValue();
                if (s < 0 || s > Integer.MAX_VALUE) {
                    throw new RejectedDialogue(where + ": speaker index " + s + " (must be >= 0)");
                }
                party = (int) s;
            }
            String words = null;
            if (text >= 0) {
                words = r.isNullAt(text) ? null : r.getString(text).strip();
                if (words == null || words.isEmpty()) {
                    throw new RejectedDialogue(where + ": no text (the model reads text)");
                }
            }
            Map<Modality, float[]> x = new EnumMap<>(Modality.class);
            for (Map.Entry<Modality, Integer> f : features.entrySet()) {
                x.put(f.getKey(), vector(r, f.getValue(), where + ", " + UtteranceColumns.features(f.getKey())));
            }
            utterances.add(new Utterance(party, Utterance.NO_LABEL, x, words));
        }
        return new Dialogue(id, utterances);
    }

    private static float[] vector(Row r, int column, String where) throws RejectedDialogue {
        if (r.isNullAt(column)) {
            throw new RejectedDialogue(where + ": no features");
        }
        List<Object> v = r.getList(column);
        float[] x = new float[v.size()];
        for (int i = 0; i < x.length; i++) {
            Object o = v.get(i);
            if (o == null || !Float.isFinite(((Number) o).floatValue())) {
                throw new RejectedDialogue(where + "[" + i + "]: " + (o == null ? "null" : o) + " is not a finite "
                        + "number");
            }
            x[i] = ((Number) o).floatValue();
        }
        return x;
    }
}
