package dev.erc.api;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * An emotion-recognition model for dialogues: trained with {@link #fit}, applied with {@link #predict}, stored with
 * {@link #save}. Implementations document how they choose the model to keep (never by the test split).
 *
 * <p>Threads: a fitted or loaded model may be shared by any number of threads calling {@link #predict} (and
 * {@link #labels}, {@link #save}) at once; each call reads the weights and works on its own tensors, and gives the
 * same result as the same call made alone. {@link #fit} writes the weights: it must not overlap any other call on the
 * same model.
 */
public interface ErcModel {

    /** Trains on {@code train}, selecting the best state on {@code valid}. */
    TrainingHistory fit(List<Dialogue> train, List<Dialogue> valid);

    /** The predicted emotion of every utterance of {@code dialogue}, in order. */
    List<Prediction> predict(Dialogue dialogue);

    /** The label set the model predicts. */
    LabelSet labels();

    /**
     * The id of the utterance encoder whose vectors the model takes as its text features (e.g.
     * {@code all-minilm-l6-v2-q@01c83fd04139}), or null when they came from elsewhere (a feature file): text given to
     * the model must be encoded by this encoder.
     */
    default String textEncoder() {
        return null;
    }

    /** Writes the model (configuration and weights) to {@code path}, atomically. */
    void save(Path path) throws IOException;
}
