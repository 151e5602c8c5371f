package dev.erc.api;

/**
 * The feature streams of an utterance. {@link #TEXT}, {@link #AUDIO} and {@link #VISUAL} are the paper's t, a and v
 * (e.g. IEMOCAP's 100-d text CNN, 1582-d openSMILE and 342-d/512-d visual features); {@link #ROBERTA} is the
 * paper's u(Bt): COSMIC's four 1024-d RoBERTa vectors of the utterance, concatenated in order (4096 values).
 */
public enum Modality {
    TEXT, AUDIO, VISUAL, ROBERTA
}
