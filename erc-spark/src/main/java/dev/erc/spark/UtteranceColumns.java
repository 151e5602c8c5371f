package dev.erc.spark;

import dev.erc.api.LabelSet;
import dev.erc.api.Modality;
import java.util.Locale;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * The columns of an utterance table, one row per utterance, as {@link EmotionPredictor} reads and writes them.
 *
 * <table>
 *   <caption>Input</caption>
 *   <tr><th>column</th><th>type</th><th></th></tr>
 *   <tr><td>{@code dialogue_id}</td><td>string</td><td>rows with the same id form one dialogue</td></tr>
 *   <tr><td>{@code turn}</td><td>integer or long</td><td>the order of the utterances in their dialogue</td></tr>
 *   <tr><td>{@code speaker}</td><td>string or integer</td><td>a name (parties are numbered in the order they first
 *       speak, as in {@link dev.erc.api.Transcript}) or a party index</td></tr>
 *   <tr><td>{@code text}</td><td>string</td><td>the utterance, for a model trained on text</td></tr>
 *   <tr><td>{@code features_text}, {@code features_audio}, {@code features_visual}, {@code features_roberta}</td>
 *       <td>array of float or double</td><td>features of a modality the model uses, with the model's dimension;
 *       {@code features_text} replaces encoding {@code text}</td></tr>
 * </table>
 *
 * <p>Output: the input columns, then {@code emotion} (string), one {@code p_<label>} column (double) per class in
 * label order, and {@code error} (string): null for a predicted row; for a rejected row, why, while its
 * {@code emotion} and probabilities are null.
 */
public final class UtteranceColumns {

    public static final String DIALOGUE_ID = "dialogue_id";
    public static final String TURN = "turn";
    public static final String SPEAKER = "speaker";
    public static final String TEXT = "text";
    public static final String EMOTION = "emotion";
    public static final String ERROR = "error";

    private UtteranceColumns() {
    }

    /** The column holding the features of {@code m}, e.g. {@code features_audio}. */
    public static String features(Modality m) {
        return "features_" + m.name().toLowerCase(Locale.ROOT);
    }

    /** The column holding the probability of class {@code label}, e.g. {@code p_happy}. */
    public static String probability(String label) {
        return "p_" + label;
    }

    /**
     * The schema of a table of conversations as text (dialogue_id, turn, speaker, text): what CSV files are read
     * with, as CSV holds no arrays.
     */
    public static StructType textSchema() {
        return new StructType()
                .add(DIALOGUE_ID, DataTypes.StringType)
                .add(TURN, DataTypes.LongType)
                .add(SPEAKER, DataTypes.StringType)
                .add(TEXT, DataTypes.StringType);
    }

    /** The output schema for input {@code in}: its columns, then emotion, the probabilities and error. */
    public static StructType output(StructType in, LabelSet labels) {
        StructType out = in;
        out = out.add(EMOTION, DataTypes.StringType, true);
        for (String l : labels.names()) {
            out = out.add(probability(l), DataTypes.DoubleType, true);
        }
        return out.add(ERROR, DataTypes.StringType, true);
    }

    /** Fails naming the column when an output column's name is taken by the input. */
    static void checkFree(StructType in, LabelSet labels) {
        for (StructField f : in.fields()) {
            boolean taken = f.name().equals(EMOTION) || f.name().equals(ERROR);
            for (String l : labels.names()) {
                taken |= f.name().equals(probability(l));
            }
            if (taken) {
                throw new IllegalArgumentException("the input has a column '" + f.name() + "', which the predictions "
                        + "write: rename it (e.g. gold_" + f.name() + ")");
            }
        }
    }
}
