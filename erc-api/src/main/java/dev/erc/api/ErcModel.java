package dev.erc.api;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * An emotion-recognition model for dialogues: trained with {@link #fit}, applied with {@link #predict}, stored with
 * {@link #save}. Implementations document how they choose the model to keep (never by the test split).
 */
public interface ErcModel {

    /** Trains on {@code train}, selecting the best state on {@code valid}. */
    TrainingHistory fit(List<Dialogue> train, List<Dialogue> valid);

    /** The predicted emotion of every utterance of {@code dialogue}, in order. */
    List<Prediction> predict(Dialogue dialogue);

    /** The label set the model predicts. */
    LabelSet labels();

    /** Writes the model (configuration and weights) to {@code path}, atomically. */
    void save(Path path) throws IOException;
}
