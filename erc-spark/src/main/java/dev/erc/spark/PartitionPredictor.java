package dev.erc.spark;

import dev.erc.api.Dialogue;
import dev.erc.api.Prediction;
import dev.erc.compute.backend.Backend;
import dev.erc.compute.backend.Backends;
import dev.erc.model.PmfErc;
import dev.erc.text.TextFeatures;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.catalyst.expressions.GenericInternalRow;
import org.apache.spark.sql.catalyst.expressions.JoinedRow;
import org.apache.spark.unsafe.types.UTF8String;

/**
 * Predicts the emotions of one partition's dialogues, whose rows arrive grouped by dialogue and sorted by turn: a
 * batch of dialogues at a time is assembled, its texts encoded together (each distinct text once), each dialogue
 * predicted, and its rows returned with the prediction or the reason it was rejected. Rows stream through: a
 * partition is never held in memory whole. An output row is its input row (as it came, in Spark's internal form, so
 * its feature vectors are copied as bytes) joined with the prediction's columns.
 */
final class PartitionPredictor implements FlatMapFunction<Iterator<InternalRow>, InternalRow> {

    private static final long serialVersionUID = 1L;

    private final String modelName;
    private final Broadcast<byte[]> modelFile;
    private final InputPlan plan;
    private final int batchDialogues;

    PartitionPredictor(String modelName, Broadcast<byte[]> modelFile, InputPlan plan, int batchDialogues) {
        this.modelName = modelName;
        this.modelFile = modelFile;
        this.plan = plan;
        this.batchDialogues = batchDialogues;
    }

    @Override
    public Iterator<InternalRow> call(Iterator<InternalRow> rows) {
        PmfErc model = ExecutorModels.model(modelName, modelFile);
        TextFeatures encoding = plan.encodesText()
                ? TextFeatures.of(ExecutorModels.encoder(model.textEncoder())).threads(1) : null;
        DialogueGroups groups = new DialogueGroups(rows, plan.dialogue);
        // Spark runs one task per core it gives (spark.task.cpus, default 1): a GEMM pool on top would compete with
        // the executor's other tasks for the same cores
        TaskContext task = TaskContext.get();
        Backend backend = Backends.withThreads(task == null ? 1 : Math.max(1, task.cpus()));
        return new Iterator<>() {
            private final ArrayDeque<InternalRow> ready = new ArrayDeque<>();

            @Override
            public boolean hasNext() {
                try (var scope = Backends.use(backend)) {
                    while (ready.isEmpty() && groups.hasNext()) {
                        predictBatch(model, encoding, groups, ready);
                    }
                }
                return !ready.isEmpty();
            }

            @Override
            public InternalRow next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                return ready.poll();
            }
        };
    }

    private void predictBatch(PmfErc model, TextFeatures encoding, DialogueGroups groups,
                              ArrayDeque<InternalRow> out) {
        List<List<InternalRow>> batch = new ArrayList<>();
        List<Dialogue> dialogues = new ArrayList<>();
        List<String> errors = new ArrayList<>();
        while (batch.size() < batchDialogues && groups.hasNext()) {
            DialogueGroups.Group g = groups.next();
            batch.add(g.rows());
            if (g.id() == null) {
                dialogues.add(null);
                errors.add("no " + UtteranceColumns.DIALOGUE_ID);
                continue;
            }
            try {
                dialogues.add(plan.assemble(g.id(), g.rows()));
                errors.add(null);
            } catch (InputPlan.RejectedDialogue e) {
                dialogues.add(null);
                errors.add(e.getMessage());
            }
        }
        if (encoding != null) {
            encode(encoding, dialogues);
        }
        int classes = model.labels().size();
        for (int i = 0; i < batch.size(); i++) {
            List<Prediction> p = null;
            String error = errors.get(i);
            if (error == null) {
                try {
                    p = model.predict(dialogues.get(i));
                } catch (IllegalArgumentException e) {
                    // the model refusing the dialogue: a wrong dimension, more parties than it knows
                    String id = dialogues.get(i).id();
                    error = e.getMessage().startsWith("dialogue " + id) ? e.getMessage()
                            : "dialogue " + id + ": " + e.getMessage();
                }
            }
            List<InternalRow> rows = batch.get(i);
            for (int r = 0; r < rows.size(); r++) {
                out.add(withPrediction(rows.get(r), p == null ? null : p.get(r), classes, error));
            }
        }
    }

    /** Replaces the batch's accepted dialogues by their encoded versions, in place. */
    private static void encode(TextFeatures encoding, List<Dialogue> dialogues) {
        List<Dialogue> accepted = dialogues.stream().filter(java.util.Objects::nonNull).toList();
        if (accepted.isEmpty()) {
            return;
        }
        List<Dialogue> encoded;
        try {
            encoded = encoding.encode(accepted).dialogues();
        } catch (IOException e) {
            throw new UncheckedIOException("encoding the text of dialogues " + accepted.get(0).id() + "...: "
                    + e.getMessage(), e);
        }
        int k = 0;
        for (int i = 0; i < dialogues.size(); i++) {
            if (dialogues.get(i) != null) {
                dialogues.set(i, encoded.get(k++));
            }
        }
    }

    private static InternalRow withPrediction(InternalRow in, Prediction p, int classes, String error) {
        Object[] v = new Object[classes + 2];
        v[0] = p == null ? null : UTF8String.fromString(p.name());
        for (int c = 0; c < classes; c++) {
            v[1 + c] = p == null ? null : (double) p.probability(c);
        }
        v[1 + classes] = error == null ? null : UTF8String.fromString(error);
        return new JoinedRow(in, new GenericInternalRow(v));
    }
}
