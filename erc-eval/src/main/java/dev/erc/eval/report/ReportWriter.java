package dev.erc.eval.report;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.erc.api.internal.AtomicFiles;
import dev.erc.api.TrainingHistory;
import dev.erc.eval.Evaluation;
import dev.erc.eval.SeedSummary;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.TreeMap;

/**
 * Writes a {@link Reproduction} as {@code report.json} (everything, machine-readable) and {@code report.md} (laid
 * out like the paper's Table 1, with our row beside the published ones). Both files are written atomically.
 */
public final class ReportWriter {

    private ReportWriter() {
    }

    /** {@code {"table": t, "rows": [...]}}, one object per row (a single row for Table 1). */
    public static void writeJson(int table, List<Reproduction> rows, Path file) throws IOException {
        ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        ObjectNode root = json.createObjectNode();
        root.put("table", table);
        ArrayNode array = root.putArray("rows");
        for (Reproduction r : rows) {
            row(array.addObject(), r);
        }
        AtomicFiles.write(file, json.writeValueAsBytes(root));
    }

    private static void row(ObjectNode root, Reproduction r) {
        root.put("name", r.name());
        root.put("dataset", r.dataset());
        root.put("source", r.source());
        ObjectNode config = root.putObject("config");
        new TreeMap<>(r.config()).forEach(config::put);
        ArrayNode notes = root.putArray("notes");
        r.notes().forEach(notes::add);
        ArrayNode runs = root.putArray("runs");
        for (RunResult run : r.runs()) {
            ObjectNode n = runs.addObject();
            n.put("seed", run.seed());
            n.put("seconds", run.seconds());
            evaluation(n.putObject("test"), run.test());
            n.put("selected", run.history().selected());
            ArrayNode warnings = n.putArray("warnings");
            run.history().warnings().forEach(warnings::add);
            ArrayNode epochs = n.putArray("epochs");
            for (TrainingHistory.Epoch e : run.history().epochs()) {
                ObjectNode en = epochs.addObject();
                en.put("stage", e.stage());
                en.put("epoch", e.epoch());
                en.put("trainLoss", e.trainLoss());
                en.put("validWeightedF1", e.validWeightedF1());
                en.put("validAccuracy", e.validAccuracy());
                en.put("seconds", e.seconds());
            }
        }
        ObjectNode summary = root.putObject("summary");
        summary(summary.putObject("accuracy"), r.summary(Evaluation::accuracy));
        summary(summary.putObject("weightedF1"), r.summary(Evaluation::weightedF1));
        summary(summary.putObject("macroF1"), r.summary(Evaluation::macroF1));
    }

    private static void evaluation(ObjectNode n, Evaluation e) {
        n.put("accuracy", e.accuracy());
        n.put("weightedF1", e.weightedF1());
        n.put("macroF1", e.macroF1());
        ArrayNode classes = n.putArray("perClass");
        for (Evaluation.ClassScores c : e.perClass()) {
            ObjectNode cn = classes.addObject();
            cn.put("label", c.label());
            cn.put("precision", c.precision());
            cn.put("recall", c.recall());
            cn.put("f1", c.f1());
            cn.put("support", c.support());
        }
        ArrayNode confusion = n.putArray("confusion");
        for (long[] row : e.confusion()) {
            ArrayNode a = confusion.addArray();
            for (long v : row) {
                a.add(v);
            }
        }
    }

    private static void summary(ObjectNode n, SeedSummary s) {
        n.put("mean", s.mean());
        n.put("std", s.std());
        ArrayNode values = n.putArray("perSeed");
        s.values().forEach(values::add);
    }

    /** Table 1's layout for a single row; an ablation table (one line per row) for Tables 2-5. */
    public static void writeMarkdown(int table, List<Reproduction> rows, Path file) throws IOException {
        if (table == 1 && rows.size() == 1) {
            writeMarkdown(rows.get(0), file);
            return;
        }
        if (table == 1) {
            writeMarkdown(rows.get(0), rows.subList(1, rows.size()), file);
            return;
        }
        Reproduction first = rows.get(0);
        StringBuilder md = new StringBuilder("# Table " + table + " on " + first.dataset() + "\n\nData: "
                + first.source() + ". Seeds per row: " + first.runs().size() + " (mean ± standard deviation).\n\n");
        for (String note : first.notes()) {
            md.append("- Note: ").append(note).append('\n');
        }
        md.append("\n| row | switches | accuracy | weighted F1 | macro F1 |\n|---|---|---:|---:|---:|\n");
        for (Reproduction r : rows) {
            md.append("| ").append(r.name()).append(" | ").append(r.config().getOrDefault("row", "")).append(" | ")
                    .append(r.summary(Evaluation::accuracy).percent()).append(" | ")
                    .append(r.summary(Evaluation::weightedF1).percent()).append(" | ")
                    .append(r.summary(Evaluation::macroF1).percent()).append(" |\n");
        }
        AtomicFiles.write(file, md.toString().getBytes(StandardCharsets.UTF_8));
    }

    /** Table 1's layout: the paper's published rows and this run's. */
    public static void writeMarkdown(Reproduction r, Path file) throws IOException {
        writeMarkdown(r, List.of(), file);
    }

    /**
     * Table 1's layout with baselines run beside the model (e.g. the per-utterance floor). A text-only run is set
     * beside the published text-only results instead of Table 1's multimodal ones.
     */
    public static void writeMarkdown(Reproduction r, List<Reproduction> baselines, Path file) throws IOException {
        StringBuilder md = new StringBuilder();
        boolean meld = r.dataset().toUpperCase(Locale.ROOT).contains("MELD");
        boolean textOnly = "TEXT".equals(r.config().get("modalities"));
        md.append("# ").append(r.name()).append(" on ").append(r.dataset()).append("\n\n");
        md.append("Data: ").append(r.source()).append(". Seeds: ").append(r.runs().size())
                .append(" (mean ± standard deviation over seeds; the paper reports single runs).\n\n");
        for (String note : r.notes()) {
            md.append("- Note: ").append(note).append('\n');
        }
        md.append("\n| method | ").append(meld ? "MELD" : "IEMOCAP").append(" Acc | ")
                .append(meld ? "MELD" : "IEMOCAP").append(" weighted F1 |\n|---|---:|---:|\n");
        for (PaperResults.Row row : textOnly ? PaperResults.TEXT_ONLY : PaperResults.TABLE_1) {
            double acc = meld ? row.meldAccuracy() : row.iemocapAccuracy();
            double f1 = meld ? row.meldF1() : row.iemocapF1();
            md.append("| ").append(row.method()).append(" | ").append(cell(acc)).append(" | ").append(cell(f1))
                    .append(" |\n");
        }
        for (Reproduction b : baselines) {
            md.append("| this run: ").append(b.name()).append(" | ").append(b.summary(Evaluation::accuracy).percent())
                    .append(" | ").append(b.summary(Evaluation::weightedF1).percent()).append(" |\n");
        }
        md.append("| **this run: ").append(r.name()).append("** | **").append(r.summary(Evaluation::accuracy).percent())
                .append("** | **").append(r.summary(Evaluation::weightedF1).percent()).append("** |\n\n");
        md.append(textOnly ? "Rows above ours are published text-only results (the paper's Table 3 row 23, "
                + "DialogueGCN, COSMIC). " : "Rows above ours are the paper's Table 1 (published numbers on the real "
                + "features). ");
        if (r.source().toLowerCase(Locale.ROOT).contains("synthetic")) {
            md.append("A synthetic dataset's numbers are not comparable with them.");
        }
        md.append("\n\n");
        md.append("## Per seed\n\n| seed | accuracy | weighted F1 | macro F1 | selected |\n|---:|---:|---:|---:|---|\n");
        for (RunResult run : r.runs()) {
            md.append(String.format(Locale.ROOT, "| %d | %.2f | %.2f | %.2f | %s |%n", run.seed(),
                    100 * run.test().accuracy(), 100 * run.test().weightedF1(), 100 * run.test().macroF1(),
                    run.history().selected()));
        }
        warnings(r, md);
        Evaluation first = r.runs().get(0).test();
        md.append("\n## Per class (seed ").append(r.runs().get(0).seed())
                .append(")\n\n| class | precision | recall | F1 | support |\n|---|---:|---:|---:|---:|\n");
        for (Evaluation.ClassScores c : first.perClass()) {
            md.append(String.format(Locale.ROOT, "| %s | %.2f | %.2f | %.2f | %d |%n", c.label(), 100 * c.precision(),
                    100 * c.recall(), 100 * c.f1(), c.support()));
        }
        AtomicFiles.write(file, md.toString().getBytes(StandardCharsets.UTF_8));
    }

    /** A section listing each seed's training warnings (stages that kept their last epoch), when there are any. */
    private static void warnings(Reproduction r, StringBuilder md) {
        if (r.runs().stream().allMatch(run -> run.history().warnings().isEmpty())) {
            return;
        }
        md.append("\n## Warnings\n\n");
        for (RunResult run : r.runs()) {
            for (String w : run.history().warnings()) {
                md.append("- seed ").append(run.seed()).append(": ").append(w).append('\n');
            }
        }
    }

    private static String cell(double v) {
        return Double.isNaN(v) ? "–" : String.format(Locale.ROOT, "%.2f", v);
    }
}
