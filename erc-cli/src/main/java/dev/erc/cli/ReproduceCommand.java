package dev.erc.cli;

import dev.erc.api.internal.AtomicFiles;
import dev.erc.api.Dataset;
import dev.erc.api.Dialogue;
import dev.erc.api.Split;
import dev.erc.api.TrainingHistory;
import dev.erc.eval.Evaluation;
import dev.erc.eval.Evaluator;
import dev.erc.eval.report.Plots;
import dev.erc.eval.report.Reproduction;
import dev.erc.eval.report.ReportWriter;
import dev.erc.eval.report.RunResult;
import dev.erc.model.ModelConfig;
import dev.erc.model.PmfErc;
import dev.erc.model.baseline.LogisticRegression;
import dev.erc.model.io.RecordProperties;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code erc reproduce}: the paper's protocol on a dataset, with reports and plots. */
@Command(name = "reproduce", mixinStandardHelpOptions = true,
        description = {"Trains and evaluates the model (or, with --table 2..5, the paper's ablation rows) for each seed "
                + "and writes report.json, report.md, confusion.png, curves.png and tsne.png to --out.",
                "Without --data it runs on the synthetic IEMOCAP-shaped default in a few minutes."})
final class ReproduceCommand implements Callable<Integer> {

    @Mixin
    DataOptions data;

    @Option(names = "--seeds", defaultValue = "1", description = "seeds 1..N, one run each (default ${DEFAULT-VALUE})")
    int seeds;

    @Option(names = "--table", defaultValue = "1", description = "1: the full model; 2-5: the rows of the paper's "
            + "ablation Tables 2-5 (default ${DEFAULT-VALUE})")
    int table;

    @Option(names = "--out", defaultValue = "out/reproduce", description = "report folder (default ${DEFAULT-VALUE})")
    Path out;

    @Option(names = "--epochs", split = ",", paramLabel = "STAGE1,STAGE2",
            description = "epochs of stage 1 (per pair) and stage 2 (default: 10,15 on synthetic data, the preset's "
                    + "30,40 on real data)")
    int[] epochs;

    @Option(names = "--learning-rate", paramLabel = "LR",
            description = "one learning rate for both stages (default: 1e-3 on synthetic data, the paper's on real)")
    Double learningRate;

    @Mixin
    StandardizeOption standardization;

    @Mixin
    SettingOverrides overrides;

    @Option(names = "--spark", paramLabel = "MASTER",
            description = "run each (row, seed) as one Apache Spark task on MASTER (local[N], spark://host:port, "
                    + "yarn, ...); needs Spark 4.2 on the class path (SPARK_HOME)")
    String spark;

    @Option(names = "--quiet", description = "no progress bar")
    boolean quiet;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        if (seeds < 1) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--seeds must be >= 1");
        }
        if (table < 1 || table > 5) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--table must be 1 to 5, got " + table);
        }
        if (spark != null) {
            SparkRuns.require(spec);
        }
        AtomicFiles.checkWritableFolder(out);
        overrides.check(spec);
        Dataset d = data.load(spec);
        ModelConfig full = data.preset().config();
        int[] e = epochs != null ? epochs : data.synthetic() ? new int[] {10, 15} : new int[] {full.pmfEpochs(),
                full.mffEpochs()};
        full = full.withEpochs(e[0], e[1]);
        if (learningRate != null || data.synthetic()) {
            double lr = learningRate != null ? learningRate : 1e-3;
            full = full.withLearningRates(lr, lr);
        }
        full = standardization.apply(full).forData(d.dimensions().keySet());
        full = overrides.apply(full, spec);
        List<AblationRow> rows = AblationRow.table(table, full);
        // the plots show the full model's first seed where the table has it (its last such row), else the first run
        int keptRow = 0;
        for (int r = 0; r < rows.size(); r++) {
            keptRow = rows.get(r).config().equals(full) ? r : keptRow;
        }
        // row-major: run (r, seed) is runs[r * seeds + seed - 1]
        List<GridRun> runs = new ArrayList<>();
        for (int r = 0; r < rows.size(); r++) {
            for (int seed = 1; seed <= seeds; seed++) {
                runs.add(new GridRun(r, rows.get(r).config(), seed, r == keptRow && seed == 1));
            }
        }
        int kept = keptRow * seeds;
        GridRun.Data shared = new GridRun.Data(d, data.preset(), data.textEncoder());
        List<GridRun.Outcome> outcomes;
        if (spark != null) {
            System.err.println("erc reproduce: " + runs.size() + " runs as Spark tasks on " + spark);
            outcomes = SparkRuns.grid(spark, shared, runs);
        } else {
            outcomes = new ArrayList<>();
            for (GridRun run : runs) {
                try (Progress progress = new Progress("row " + rows.get(run.row()).id() + " seed " + run.seed(),
                        run.totalEpochs(), quiet)) {
                    outcomes.add(run.run(shared, progress.listener()));
                }
            }
        }
        List<Reproduction> reports = new ArrayList<>();
        for (int r = 0; r < rows.size(); r++) {
            List<RunResult> results = new ArrayList<>();
            List<String> notes = List.of();
            for (int seed = 1; seed <= seeds; seed++) {
                GridRun.Outcome o = outcomes.get(r * seeds + seed - 1);
                for (String w : o.result().history().warnings()) {
                    System.err.println("warning: row " + rows.get(r).id() + ", seed " + seed + ": " + w);
                }
                results.add(o.result());
                notes = o.notes();
            }
            reports.add(new Reproduction(table == 1 ? "PMF-ERC" : rows.get(r).id(), d.name(), d.source(),
                    settings(rows.get(r)), notes, results));
        }
        PmfErc firstModel = outcomes.get(kept).loadModel();
        RunResult firstRun = outcomes.get(kept).result();
        if (table == 1 && data.textEncoder() != null) {
            reports.add(floor(d, full));
        }
        ReportWriter.writeJson(table, reports, out.resolve("report.json"));
        ReportWriter.writeMarkdown(table, reports, out.resolve("report.md"));
        Plots.confusion(firstRun.test(), "Confusion on " + d.name() + " test (seed " + firstRun.seed() + ", % of gold)",
                out.resolve("confusion.png"));
        Plots.curves(firstRun.history(), "Training: loss and validation weighted F1 (seed " + firstRun.seed() + ")",
                out.resolve("curves.png"));
        tsne(firstModel, d, out.resolve("tsne.png"));
        printTable(reports);
        System.out.println("reports in " + out.toAbsolutePath());
        return 0;
    }

    /**
     * The per-utterance floor on the same features: logistic regression with no context, speakers or graph, selected
     * on validation like the model, one run per seed.
     */
    private Reproduction floor(Dataset d, ModelConfig full) throws java.io.IOException {
        List<RunResult> runs = new ArrayList<>();
        for (int seed = 1; seed <= seeds; seed++) {
            long start = System.nanoTime();
            LogisticRegression lr = new LogisticRegression(d.labels(), full.modalities(), 30, 1e-3, 1e-4, seed);
            TrainingHistory h = lr.fit(d.split(Split.TRAIN), d.split(Split.VALID));
            runs.add(new RunResult(seed, Evaluator.evaluate(lr, d.split(Split.TEST)), h,
                    (System.nanoTime() - start) / 1e9));
        }
        Map<String, String> settings = new HashMap<>(Map.of("row", "per-utterance logistic regression", "modalities",
                String.join(",", full.modalities().stream().map(Enum::name).sorted().toList()), "epochs", "30",
                "learningRate", "1e-3", "l2", "1e-4"));
        return new Reproduction("per-utterance floor (logistic regression)", d.name(), d.source(), settings,
                List.of(), runs);
    }

    private static Map<String, String> settings(AblationRow row) {
        Properties p = new Properties();
        RecordProperties.write(row.config(), "", p);
        Map<String, String> m = new HashMap<>();
        p.stringPropertyNames().forEach(k -> m.put(k, p.getProperty(k)));
        m.put("row", row.description());
        return m;
    }

    private static void tsne(PmfErc model, Dataset d, Path png) throws java.io.IOException {
        List<float[]> features = new ArrayList<>();
        List<Integer> gold = new ArrayList<>();
        for (Dialogue dl : d.split(Split.TEST)) {
            List<float[]> r = model.representations(dl);
            for (int i = 0; i < dl.size(); i++) {
                if (dl.utterance(i).hasLabel()) {
                    features.add(r.get(i));
                    gold.add(dl.utterance(i).label());
                }
            }
        }
        Plots.tsne(features, gold.stream().mapToInt(Integer::intValue).toArray(), d.labels(),
                "t-SNE of E(MM) on " + d.name() + " test, by emotion", png, 1500, 1);
    }

    private static void printTable(List<Reproduction> reports) {
        System.out.println("| row | test accuracy | test weighted F1 | macro F1 | seeds |");
        System.out.println("|---|---:|---:|---:|---:|");
        for (Reproduction r : reports) {
            System.out.printf(Locale.ROOT, "| %s | %s | %s | %s | %d |%n", r.name(),
                    r.summary(Evaluation::accuracy).percent(), r.summary(Evaluation::weightedF1).percent(),
                    r.summary(Evaluation::macroF1).percent(), r.runs().size());
        }
    }
}
