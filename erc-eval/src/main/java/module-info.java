/**
 * Evaluation through Tribuo (accuracy, weighted and macro F1, per-class scores, confusion matrices), multi-seed
 * summaries, and the reproduction reports with their PNG plots.
 */
@SuppressWarnings("requires-automatic")
module dev.erc.eval {
    requires transitive dev.erc.api;
    requires com.fasterxml.jackson.databind;
    requires org.tribuo.core;
    requires org.tribuo.classification.core;
    requires org.knowm.xchart;
    requires smile.core;
    // Plots are drawn with AWT and written by ImageIO.
    requires java.desktop;

    exports dev.erc.eval;
    exports dev.erc.eval.report;
}
