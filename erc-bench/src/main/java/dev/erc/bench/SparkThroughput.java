package dev.erc.bench;

import dev.erc.api.Dataset;
import dev.erc.api.Dialogue;
import dev.erc.api.Modality;
import dev.erc.api.Split;
import dev.erc.api.Utterance;
import dev.erc.compute.backend.Backends;
import dev.erc.data.DataFiles;
import dev.erc.data.SyntheticDataset;
import dev.erc.model.PmfErc;
import dev.erc.model.Preset;
import dev.erc.spark.EmotionPredictor;
import dev.erc.spark.SparkSessions;
import dev.erc.spark.UtteranceColumns;
import dev.erc.text.BundledEncoder;
import dev.erc.text.TextEmotionRecognizer;
import dev.erc.text.TextFeatures;
import dev.erc.text.UtteranceEncoder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.catalyst.expressions.GenericInternalRow;
import org.apache.spark.sql.catalyst.expressions.JoinedRow;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.unsafe.types.UTF8String;

/**
 * Batch prediction throughput, in utterances per second, of the same N dialogues through a single-JVM predict loop
 * (1 and 2 threads), Spark {@code local[2]} and, when given, a Spark cluster; all in one run on one machine.
 *
 * <p>Two workloads: synthetic MELD-shaped dialogues with features (a MELD-preset model; dialogue i is the i-th of
 * synthetic MELD's 280 test dialogues, cyclically, under its own id), and the real MELD test transcripts repeated to
 * N dialogues (a text-only model with the bundled MiniLM encoder, which every path runs on each utterance). Spark's
 * input is generated on the executors from the dialogue numbers ({@code spark.range}), so no file of N dialogues is
 * written and both sides do the same work: Spark adds the row conversion, the shuffle that groups the utterances by
 * dialogue, the sort by turn and the task scheduling. Both run one computation per core: the loop's threads, like
 * Spark's tasks, compute on a one-thread backend ({@code Backends.withThreads(1)}), which beats sharing the default
 * backend's GEMM pool when every core already has a caller. Each side is timed warm: the single-JVM loop after 200
 * dialogues, Spark after a job of a tenth of N (at least 200 dialogues) in the same session. The 2-thread loop runs
 * before and after the Spark jobs; their mean is the baseline. Spark's input comes in splits of about 2,500 dialogues
 * (as a Parquet reader would split 128 MB of MELD feature rows) and is grouped into partitions of about 500. A last
 * {@code local[2]} row runs the same job with the prediction replaced by a copy of each row: Spark's own cost per
 * utterance. Usage:
 * {@code SparkThroughput DIALOGUES [spark://host:port] [--text DATA_DIR] [--no-1-thread]}.
 */
public final class SparkThroughput {

    private SparkThroughput() {
    }

    /** A workload: the pool of dialogues cycled through, and the model. */
    private record Workload(String name, List<Dialogue> pool, PmfErc model, Path modelFile, boolean text) {
    }

    public static void main(String[] args) throws Exception {
        long n = Long.parseLong(args[0]);
        String cluster = args.length > 1 && args[1].startsWith("spark://") ? args[1] : null;
        List<Workload> workloads = new ArrayList<>();
        workloads.add(features());
        // the 1-thread loop is context, not the baseline: long runs may leave it out
        boolean oneThread = !List.of(args).contains("--no-1-thread");
        int t = List.of(args).indexOf("--text");
        if (t >= 0) {
            workloads.add(transcripts(Path.of(args[t + 1])));
        }
        System.out.println("| workload | path | utterances/s | vs single JVM, 2 threads (mean of before and after) |");
        System.out.println("|---|---|---:|---:|");
        for (Workload w : workloads) {
            long utterances = 0;
            for (long i = 0; i < n; i++) {
                utterances += w.pool().get((int) (i % w.pool().size())).size();
            }
            single(w, Math.min(n, 200), 2); // warm-up
            double one = oneThread ? utterances / single(w, n, 1) : Double.NaN;
            double before = utterances / single(w, n, 2);
            double local = utterances / spark("local[2]", w, n, true);
            // Spark's own cost: the same rows grouped, sorted and converted, the prediction replaced by a copy
            double alone = utterances / spark("local[2]", w, n, false);
            double standalone = cluster == null ? Double.NaN : utterances / spark(cluster, w, n, true);
            // the loop again after Spark: the baseline is the mean of both, so a neighbour's load that comes or goes
            // during the run does not land on one side only
            double after = utterances / single(w, n, 2);
            double two = (before + after) / 2;
            if (oneThread) {
                row(w, "single JVM, 1 thread", one, two);
            }
            row(w, "single JVM, 2 threads (before Spark)", before, two);
            row(w, "single JVM, 2 threads (after Spark)", after, two);
            row(w, "Spark local[2]", local, two);
            if (cluster != null) {
                String[] shape = System.getProperty("bench.cluster", "? x ?").split(" x ");
                row(w, "Spark standalone, " + shape[0] + (shape[0].equals("1") ? " executor" : " executors") + " x "
                        + shape[1] + (shape[1].equals("1") ? " core" : " cores"), standalone, two);
            }
            System.out.printf(Locale.ROOT, "| %s | Spark local[2], rows only (no prediction) | %.0f | %.1f µs per "
                    + "utterance and core |%n", w.name(), alone, 2e6 / alone);
        }
    }

    private static void row(Workload w, String path, double rate, double baseline) {
        System.out.printf(Locale.ROOT, "| %s | %s | %.0f | %.2f |%n", w.name(), path, rate, rate / baseline);
    }

    /** Seconds to predict dialogues 0..n-1 on {@code threads} threads sharing one model. */
    private static double single(Workload w, long n, int threads) throws Exception {
        AtomicLong next = new AtomicLong();
        UtteranceEncoder enc = w.text() ? BundledEncoder.MINILM.open() : null;
        TextEmotionRecognizer erc = w.text() ? TextEmotionRecognizer.of(w.model(), enc) : null;
        long start = System.nanoTime();
        List<Thread> ts = new ArrayList<>();
        for (int k = 0; k < threads; k++) {
            ts.add(Thread.ofPlatform().start(() -> {
                // one computation per core, as Spark's tasks run: each thread's GEMMs on its own thread
                try (var scope = Backends.use(Backends.withThreads(1))) {
                    for (long i = next.getAndIncrement(); i < n; i = next.getAndIncrement()) {
                        Dialogue d = w.pool().get((int) (i % w.pool().size()));
                        if (erc != null) {
                            erc.predict(d);
                        } else {
                            w.model().predict(d);
                        }
                    }
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }));
        }
        for (Thread th : ts) {
            th.join();
        }
        double s = (System.nanoTime() - start) / 1e9;
        if (enc != null) {
            enc.close();
        }
        return s;
    }

    /**
     * Seconds of the Spark job predicting dialogues 0..n-1 on {@code master} (the session's start excluded); without
     * {@code predict}, the same job with each row copied to the output instead (its feature vectors or text read as
     * the predictor reads them), dummy probabilities added.
     */
    private static double spark(String master, Workload w, long n, boolean predict) throws Exception {
        SparkSession spark = SparkSessions.start(master, "erc throughput");
        try {
            StructType schema = new StructType().add(UtteranceColumns.DIALOGUE_ID, DataTypes.StringType)
                    .add(UtteranceColumns.TURN, DataTypes.IntegerType).add(UtteranceColumns.SPEAKER,
                            DataTypes.IntegerType);
            if (w.text()) {
                schema = schema.add(UtteranceColumns.TEXT, DataTypes.StringType);
            } else {
                for (Modality m : List.of(Modality.TEXT, Modality.AUDIO, Modality.VISUAL)) {
                    schema = schema.add(UtteranceColumns.features(m), DataTypes.createArrayType(DataTypes.FloatType));
                }
            }
            var jsc = org.apache.spark.api.java.JavaSparkContext.fromSparkContext(spark.sparkContext());
            Broadcast<List<Dialogue>> pool = jsc.broadcast(w.pool());
            boolean text = w.text();
            int cores = spark.sparkContext().defaultParallelism();
            EmotionPredictor p = EmotionPredictor.load(spark, w.modelFile());
            double seconds = 0;
            // a first, smaller job warms the executors (their JIT, the model's load) as a long job would be
            for (long size : new long[] {Math.min(n, Math.max(200, n / 10)), n}) {
                // input splits of about 2,500 dialogues (~128 MB of MELD feature rows, a Parquet reader's split); the
                // shuffle's cost grows with splits x groups, each pair a block: 1,000 x 1,000 of ~1 row each cost
                // 109 µs per feature utterance and core, 40 x 200 39 µs (N = 100,000)
                int splits = (int) Math.max(2L * cores, size / 2500);
                // groups of about 500 dialogues: the last tasks to finish leave a core idle for seconds at most
                int groups = (int) Math.max(2L * cores, size / 500);
                p.partitions(groups);
                long start = System.nanoTime();
                var input = spark.range(0, size, 1, splits).flatMap((FlatMapFunction<Long, Row>) i ->
                        rows(pool.value().get((int) (i % pool.value().size())), "d" + i, text).iterator(),
                        Encoders.row(schema));
                org.apache.spark.sql.Dataset<Row> out = predict ? p.transform(input) : copied(spark, input, groups, w);
                out.write().format("noop").mode("overwrite").save();
                seconds = (System.nanoTime() - start) / 1e9;
                System.err.printf(Locale.ROOT, "%s on %s: %d dialogues in %.1f s%n", w.name(), master, size, seconds);
            }
            return seconds;
        } finally {
            spark.stop();
        }
    }

    /**
     * The predictor's grouping and row handling with a copy in place of the prediction: each row, in Spark's internal
     * form as the predictor takes it, is copied, its feature vectors (or text) read out, and passed on with dummy
     * prediction columns.
     */
    private static org.apache.spark.sql.Dataset<Row> copied(SparkSession spark,
                                                            org.apache.spark.sql.Dataset<Row> input, int partitions,
                                                            Workload w) {
        int classes = w.model().labels().size();
        boolean text = w.text();
        var rows = EmotionPredictor.byDialogue(input, partitions).queryExecution().toRdd().toJavaRDD()
                .mapPartitions((FlatMapFunction<java.util.Iterator<InternalRow>, InternalRow>) it -> new java.util
                        .Iterator<InternalRow>() {
                    @Override
                    public boolean hasNext() {
                        return it.hasNext();
                    }

                    @Override
                    public InternalRow next() {
                        InternalRow r = it.next().copy();
                        double read = 0;
                        for (int c = 3; c < r.numFields(); c++) {
                            if (text) {
                                read += r.getUTF8String(c).numChars();
                            } else {
                                for (float f : r.getArray(c).toFloatArray()) {
                                    read += f;
                                }
                            }
                        }
                        Object[] v = new Object[classes + 2];
                        v[0] = UTF8String.fromString("copy");
                        for (int c = 0; c < classes; c++) {
                            v[1 + c] = read;
                        }
                        return new JoinedRow(r, new GenericInternalRow(v));
                    }
                });
        return ((org.apache.spark.sql.classic.SparkSession) spark).internalCreateDataFrame(rows.rdd(),
                UtteranceColumns.output(input.schema(), w.model().labels()), false);
    }

    private static List<Row> rows(Dialogue d, String id, boolean text) {
        List<Row> rows = new ArrayList<>(d.size());
        for (int i = 0; i < d.size(); i++) {
            Utterance u = d.utterance(i);
            rows.add(text ? RowFactory.create(id, i, u.speaker(), u.text())
                    : RowFactory.create(id, i, u.speaker(), u.feature(Modality.TEXT),
                            u.feature(Modality.AUDIO), u.feature(Modality.VISUAL)));
        }
        return rows;
    }

    /** Synthetic MELD: the MELD preset trained for 1 + 1 epochs (speed does not depend on the weights). */
    private static Workload features() throws Exception {
        Dataset meld = SyntheticDataset.meld(2024);
        PmfErc m = PmfErc.builder(Preset.MELD).config(Preset.MELD.config().withEpochs(1, 1)).labels(meld.labels())
                .speakers(meld.speakers().size()).seed(1).build();
        m.fit(meld.split(Split.TRAIN).subList(0, 200), meld.split(Split.VALID));
        Path f = Files.createTempFile("erc-bench-", ".erc");
        m.save(f);
        return new Workload("synthetic MELD, features", meld.split(Split.TEST), PmfErc.load(f), f, false);
    }

    /** The real MELD test transcripts; a text-only model trained briefly on 100 encoded training dialogues. */
    private static Workload transcripts(Path data) throws Exception {
        Dataset meld = DataFiles.load(data.resolve("conv-emotion/meld.pkl"), 0);
        try (UtteranceEncoder enc = BundledEncoder.MINILM.open()) {
            List<Dialogue> train = TextFeatures.of(enc).encode(meld.split(Split.TRAIN).subList(0, 100)).dialogues();
            List<Dialogue> valid = TextFeatures.of(enc).encode(meld.split(Split.VALID).subList(0, 20)).dialogues();
            PmfErc m = PmfErc.builder(Preset.MELD).textEncoder(enc.id())
                    .config(Preset.MELD.config().forData(java.util.Set.of(Modality.TEXT)).withEpochs(1, 1))
                    .labels(meld.labels()).speakers(meld.speakers().size()).seed(1).build();
            m.fit(train, valid);
            Path f = Files.createTempFile("erc-bench-", ".erc");
            m.save(f);
            return new Workload("MELD transcripts, text", meld.split(Split.TEST), PmfErc.load(f), f, true);
        }
    }
}
