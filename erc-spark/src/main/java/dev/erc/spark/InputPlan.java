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
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.catalyst.util.ArrayData;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * Where a model's inputs are in an utterance table ({@link UtteranceColumns}), resolved once on the driver against
 * the table's schema, and how the rows of one dialogue become a {@link Dialogue} on an executor. Rows are read in
 * Spark's internal form ({@link InternalRow}): a feature vector is copied out of the row's bytes in one go, where a
 * {@code Row} would box each of its numbers.
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

    /** How an integral column is stored in a row. */
    private enum Integral {
        SHORT, INT, LONG;

        static Integral of(DataType t) {
            return t.equals(DataTypes.ShortType) ? SHORT : t.equals(DataTypes.IntegerType) ? INT : LONG;
        }

        long read(InternalRow r, int column) {
            return switch (this) {
                case SHORT -> r.getShort(column);
                case INT -> r.getInt(column);
                case LONG -> r.getLong(column);
            };
        }
    }

    /** A features column: where it is and whether it holds doubles (else floats). */
    private record FeatureColumn(int index, boolean doubles) implements Serializable {
    }

    final int dialogue;
    private final int turn;
    private final Integral turnType;
    private final int speaker;
    /** null when the speaker column holds names. */
    private final Integral speakerType;
    /** The text column, or -1 when the model's text features come from a features_text column or it has none. */
    private final int text;
    /** Column of each modality read as features; TEXT absent when text is encoded. */
    private final Map<Modality, FeatureColumn> features;

    private InputPlan(StructType schema, int dialogue, int turn, int speaker, int text,
                      Map<Modality, FeatureColumn> features) {
        this.dialogue = dialogue;
        this.turn = turn;
        this.turnType = Integral.of(schema.fields()[turn].dataType());
        this.speaker = speaker;
        DataType s = schema.fields()[speaker].dataType();
        this.speakerType = s.equals(DataTypes.StringType) ? null : Integral.of(s);
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
        Map<Modality, FeatureColumn> features = new EnumMap<>(Modality.class);
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
                features.put(m, new FeatureColumn(schema.fieldIndex(name),
                        a.elementType().equals(DataTypes.DoubleType)));
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
        return new InputPlan(schema, dialogue, turn, speaker, text, features);
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

    /**
     * The dialogue formed by {@code rows} (one dialogue's rows, sorted by turn), with the text of each utterance when
     * it is to be encoded.
     */
    Dialogue assemble(String id, List<InternalRow> rows) throws RejectedDialogue {
        List<Utterance> utterances = new ArrayList<>(rows.size());
        Map<String, Integer> parties = new HashMap<>();
        Set<Long> turns = new HashSet<>();
        for (InternalRow r : rows) {
            if (r.isNullAt(turn)) {
                throw new RejectedDialogue("dialogue " + id + ": a row has no turn");
            }
            long t = turnType.read(r, turn);
            String where = "dialogue " + id + ", turn " + t;
            if (!turns.add(t)) {
                throw new RejectedDialogue(where + ": the turn occurs twice");
            }
            if (r.isNullAt(speaker)) {
                throw new RejectedDialogue(where + ": no speaker");
            }
            int party;
            if (speakerType == null) {
                String name = r.getUTF8String(speaker).toString().strip();
                if (name.isEmpty()) {
                    throw new RejectedDialogue(where + ": an empty speaker name");
                }
                party = parties.computeIfAbsent(name, k -> parties.size());
            } else {
                long s = speakerType.read(r, speaker);
                if (s < 0 || s > Integer.MAX_VALUE) {
                    throw new RejectedDialogue(where + ": speaker index " + s + " (must be >= 0)");
                }
                party = (int) s;
            }
            String words = null;
            if (text >= 0) {
                words = r.isNullAt(text) ? null : r.getUTF8String(text).toString().strip();
                if (words == null || words.isEmpty()) {
                    throw new RejectedDialogue(where + ": no text (the model reads text)");
                }
            }
            Map<Modality, float[]> x = new EnumMap<>(Modality.class);
            for (Map.Entry<Modality, FeatureColumn> f : features.entrySet()) {
                x.put(f.getKey(), vector(r, f.getValue(), where + ", " + UtteranceColumns.features(f.getKey())));
            }
            utterances.add(new Utterance(party, Utterance.NO_LABEL, x, words));
        }
        return new Dialogue(id, utterances);
    }

    private static float[] vector(InternalRow r, FeatureColumn column, String where) throws RejectedDialogue {
        if (r.isNullAt(column.index())) {
            throw new RejectedDialogue(where + ": no features");
        }
        ArrayData a = r.getArray(column.index());
        for (int i = 0; i < a.numElements(); i++) {
            if (a.isNullAt(i)) {
                throw new RejectedDialogue(where + "[" + i + "]: null is not a finite number");
            }
        }
        float[] x;
        if (column.doubles()) {
            double[] d = a.toDoubleArray();
            x = new float[d.length];
            for (int i = 0; i < d.length; i++) {
                x[i] = (float) d[i];
            }
        } else {
            x = a.toFloatArray();
        }
        for (int i = 0; i < x.length; i++) {
            if (!Float.isFinite(x[i])) {
                throw new RejectedDialogue(where + "[" + i + "]: " + x[i] + " is not a finite number");
            }
        }
        return x;
    }
}
