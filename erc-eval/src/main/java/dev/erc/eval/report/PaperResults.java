package dev.erc.eval.report;

import java.util.List;

/**
 * The published rows of the paper's Table 1 (accuracy and weighted F1, in percent; NaN where the paper gives none),
 * for reports that set a reproduction beside them. Facts from Zhang et al., Information Fusion 2024, Table 1.
 */
public final class PaperResults {

    /** One published result. */
    public record Row(String method, double iemocapAccuracy, double iemocapF1, double meldAccuracy, double meldF1) {
    }

    private static final double NA = Double.NaN;

    public static final List<Row> TABLE_1 = List.of(
            new Row("CMN", 56.32, 56.19, NA, NA),
            new Row("BC-LSTM", 55.21, 54.95, 59.62, 56.80),
            new Row("ICON", 64.00, 63.50, NA, NA),
            new Row("DialogueRNN", 63.50, 63.50, 59.54, 57.03),
            new Row("DialogueGCN", 63.22, 64.18, 58.62, 58.10),
            new Row("COSMIC", NA, 65.30, NA, 65.21),
            new Row("MMGCN", 66.36, 66.22, 60.42, 58.65),
            new Row("HFGCN", NA, 67.24, NA, 59.71),
            new Row("DAG-ERC", NA, 68.03, NA, 63.65),
            new Row("DialogueCRN", 66.05, 66.33, 60.73, 58.39),
            new Row("MM-DFN", 68.21, 68.18, 62.49, 59.40),
            new Row("COGMEN", 68.2, 67.6, NA, NA),
            new Row("GraphCFC", 69.13, 68.91, 61.42, 58.86),
            new Row("PMF-ERC (paper)", 69.57, 69.34, 67.13, 66.05));

    /**
     * Published text-only results (weighted F1 and accuracy, in percent; NaN where not given): the paper's Table 3 row
     * 23 (its model on text alone), DialogueGCN's and COSMIC's (both text-only models; COSMIC with RoBERTa-large
     * features and commonsense knowledge).
     */
    public static final List<Row> TEXT_ONLY = List.of(
            new Row("DialogueGCN (text)", 63.22, 64.18, 58.62, 58.10),
            new Row("COSMIC (text)", NA, 65.28, NA, 65.21),
            new Row("PMF-ERC, T only (paper, Table 3 row 23)", 65.68, 65.01, 64.82, 64.47));

    private PaperResults() {
    }
}
