package dev.erc.data;

import dev.erc.api.LabelSet;
import dev.erc.api.Modality;
import java.util.List;
import java.util.Map;

/**
 * The feature and transcript pickles the ERC field distributes, by the position of each column in the pickled
 * tuple. Every column but the split lists is a dict keyed by dialogue id with one entry per utterance.
 *
 * <ul>
 * <li>{@link #IEMOCAP_FEATURES}: MMGCN / DialogueGCN {@code IEMOCAP_features.pkl}, a 9-tuple {@code (videoIDs,
 * videoSpeakers 'M'/'F', videoLabels 0-5, videoText 100-d, videoAudio 1582-d, videoVisual 342-d or 512-d,
 * videoSentence, trainVid, testVid)}; often a Python 2 protocol-2 pickle.</li>
 * <li>{@link #MELD_FEATURES}: MMGCN {@code MELD_features_raw.pkl}, a 10-tuple {@code (videoIDs, videoSpeakers one-hot
 * 9-d, videoLabels 0-6, videoText 600-d, videoAudio 300-d, videoVisual 342-d, videoSentence, trainVid, testVid,
 * videoLabels (sentiment, unused))}.</li>
 * <li>{@link #COSMIC_IEMOCAP_ROBERTA}: COSMIC's {@code iemocap_features_roberta.pkl}, a 10-tuple {@code (speakers,
 * labels, roberta1, roberta2, roberta3, roberta4 (1024-d each), sentences, trainIds, testIds, validIds)}.</li>
 * <li>{@link #COSMIC_MELD_ROBERTA}: COSMIC's {@code meld_features_roberta.pkl}, an 11-tuple with the sentiment labels
 * after the emotion labels.</li>
 * <li>{@link #COSMIC_IEMOCAP_TRANSCRIPTS}: COSMIC's {@code iemocap.pkl}, a 6-list {@code (speakers, labels,
 * transcripts, train, test, valid)}, no features.</li>
 * <li>{@link #COSMIC_MELD_TRANSCRIPTS}: COSMIC's {@code meld.pkl}, a 7-list {@code (speakers, emotion labels,
 * sentiment labels, transcripts, train, test, valid)}.</li>
 * </ul>
 * Feature dimensions are taken from the file, not assumed.
 */
public enum FileFormat {
    IEMOCAP_FEATURES("IEMOCAP", 9, SpeakerEncoding.MALE_FEMALE, LabelSet.IEMOCAP, 1, 2,
            Map.of(Modality.TEXT, List.of(3), Modality.AUDIO, List.of(4), Modality.VISUAL, List.of(5)), 6, 7, 8, -1),
    MELD_FEATURES("MELD", 10, SpeakerEncoding.ONE_HOT_9, LabelSet.MELD, 1, 2,
            Map.of(Modality.TEXT, List.of(3), Modality.AUDIO, List.of(4), Modality.VISUAL, List.of(5)), 6, 7, 8, -1),
    COSMIC_IEMOCAP_ROBERTA("IEMOCAP", 10, SpeakerEncoding.MALE_FEMALE, LabelSet.IEMOCAP, 0, 1,
            Map.of(Modality.ROBERTA, List.of(2, 3, 4, 5)), 6, 7, 8, 9),
    COSMIC_MELD_ROBERTA("MELD", 11, SpeakerEncoding.ONE_HOT_9, LabelSet.MELD, 0, 1,
            Map.of(Modality.ROBERTA, List.of(3, 4, 5, 6)), 7, 8, 9, 10),
    COSMIC_IEMOCAP_TRANSCRIPTS("IEMOCAP", 6, SpeakerEncoding.MALE_FEMALE, LabelSet.IEMOCAP, 0, 1, Map.of(), 2, 3, 4, 5),
    COSMIC_MELD_TRANSCRIPTS("MELD", 7, SpeakerEncoding.ONE_HOT_9, LabelSet.MELD, 0, 1, Map.of(), 3, 4, 5, 6);

    final String dataset;
    final int arity;
    final SpeakerEncoding speakers;
    final LabelSet labels;
    final int speakerColumn;
    final int labelColumn;
    final Map<Modality, List<Integer>> featureColumns;
    final int sentenceColumn;
    final int trainColumn;
    final int testColumn;
    /** -1 when the file has no validation split and one is carved from the training ids. */
    final int validColumn;

    FileFormat(String dataset, int arity, SpeakerEncoding speakers, LabelSet labels, int speakerColumn,
               int labelColumn, Map<Modality, List<Integer>> featureColumns, int sentenceColumn, int trainColumn,
               int testColumn, int validColumn) {
        this.dataset = dataset;
        this.arity = arity;
        this.speakers = speakers;
        this.labels = labels;
        this.speakerColumn = speakerColumn;
        this.labelColumn = labelColumn;
        this.featureColumns = featureColumns;
        this.sentenceColumn = sentenceColumn;
        this.trainColumn = trainColumn;
        this.testColumn = testColumn;
        this.validColumn = validColumn;
    }

    /** The dataset the format belongs to: "IEMOCAP" or "MELD". */
    public String dataset() {
        return dataset;
    }

    /**
     * Recognises a format from an unpickled root: by its number of items, and for the two 10-tuples by whether the
     * second item holds speakers (one-hot lists: MELD features) or labels (ints: COSMIC IEMOCAP RoBERTa).
     */
    static FileFormat detect(PickleValues v, Object root) throws DatasetFormatException {
        int n = root instanceof Object[] t ? t.length : root instanceof List<?> l ? l.size() : -1;
        switch (n) {
            case 9:
                return IEMOCAP_FEATURES;
            case 11:
                return COSMIC_MELD_ROBERTA;
            case 6:
                return COSMIC_IEMOCAP_TRANSCRIPTS;
            case 7:
                return COSMIC_MELD_TRANSCRIPTS;
            case 10:
                Object second = v.sequence(root, 10, "10-tuple").get(1);
                if (second instanceof Map<?, ?> m && !m.isEmpty()) {
                    Object first = m.values().iterator().next();
                    if (first instanceof List<?> l && !l.isEmpty() && l.get(0) instanceof List<?>) {
                        return MELD_FEATURES;
                    }
                }
                return COSMIC_IEMOCAP_ROBERTA;
            default:
                throw v.error(null, "unrecognised layout: " + PickleValues.describe(root) + "; expected one of "
                        + "IEMOCAP_features.pkl (9-tuple), MELD_features_raw.pkl (10), COSMIC RoBERTa features (10 or "
                        + "11) or COSMIC transcripts (6 or 7)");
        }
    }
}
