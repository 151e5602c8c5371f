package dev.erc.eval;

import dev.erc.api.Dialogue;
import dev.erc.api.ErcModel;
import dev.erc.api.LabelSet;
import dev.erc.api.Prediction;
import java.util.ArrayList;
import java.util.List;
import java.time.OffsetDateTime;
import org.tribuo.Model;
import org.tribuo.MutableDataset;
import org.tribuo.classification.Label;
import org.tribuo.classification.LabelFactory;
import org.tribuo.classification.baseline.DummyClassifierTrainer;
import org.tribuo.classification.evaluation.ConfusionMatrix;
import org.tribuo.classification.evaluation.ConfusionMetrics;
import org.tribuo.classification.evaluation.LabelEvaluation;
import org.tribuo.classification.evaluation.LabelEvaluator;
import org.tribuo.provenance.SimpleDataSourceProvenance;
import org.tribuo.evaluation.metrics.MetricTarget;
import org.tribuo.impl.ArrayExample;

/**
 * Scores predictions with Tribuo: each utterance becomes a Tribuo {@code Prediction<Label>} of an example whose
 * output is the gold label, and Tribuo's {@link LabelEvaluator} evaluates them. The evaluator takes the label domain
 * from a Tribuo model; ours is not one, so a constant Tribuo model trained on one example per class stands in, only to
 * carry the full domain (classes never predicted, or never seen, still count). Tribuo's confusion matrix and
 * {@link ConfusionMetrics} give per-class precision, recall and F1; Tribuo has no support-weighted average, so the
 * weighted F1 is computed from those per-class F1 and supports, and the macro F1 averages the classes present in the
 * gold labels or the predictions, as sklearn does.
 *
 * <pre>{@code
 * Evaluation e = Evaluator.evaluate(model, data.split(Split.TEST));
 * double wf1 = e.weightedF1();
 * }</pre>
 */
public final class Evaluator {

    private Evaluator() {
    }

    /** Predicts every dialogue with {@code model} and scores its labelled utterances. */
    public static Evaluation evaluate(ErcModel model, List<Dialogue> dialogues) {
        List<Integer> gold = new ArrayList<>();
        List<Integer> predicted = new ArrayList<>();
        for (Dialogue d : dialogues) {
            List<Prediction> p = model.predict(d);
            for (int i = 0; i < d.size(); i++) {
                if (d.utterance(i).hasLabel()) {
                    gold.add(d.utterance(i).label());
                    predicted.add(p.get(i).label());
                }
            }
        }
        return evaluate(model.labels(), gold.stream().mapToInt(Integer::intValue).toArray(),
                predicted.stream().mapToInt(Integer::intValue).toArray());
    }

    /** Scores parallel arrays of gold and predicted class indices. */
    public static Evaluation evaluate(LabelSet labels, int[] gold, int[] predicted) {
        if (gold.length != predicted.length) {
            throw new IllegalArgumentException("evaluate: " + gold.length + " gold labels but " + predicted.length
                    + " predictions");
        }
        if (gold.length == 0) {
            throw new IllegalArgumentException("evaluate: no predictions to score");
        }
        int k = labels.size();
        Label[] byIndex = new Label[k];
        for (int c = 0; c < k; c++) {
            byIndex[c] = new Label(labels.name(c));
        }
        Model<Label> domain = domainModel(byIndex);
        List<org.tribuo.Prediction<Label>> predictions = new ArrayList<>(gold.length);
        for (int i = 0; i < gold.length; i++) {
            check(gold[i], k, "gold label", i);
            check(predicted[i], k, "prediction", i);
            ArrayExample<Label> example = new ArrayExample<>(byIndex[gold[i]], 1f);
            predictions.add(new org.tribuo.Prediction<>(byIndex[predicted[i]], 0, example));
        }
        LabelEvaluation evaluation = new LabelEvaluator().evaluate(domain, predictions,
                new SimpleDataSourceProvenance("ERC predictions", OffsetDateTime.now(), FACTORY));
        ConfusionMatrix<Label> cm = evaluation.getConfusionMatrix();
        List<Evaluation.ClassScores> perClass = new ArrayList<>();
        long[][] confusion = new long[k][k];
        double weighted = 0;
        double macro = 0;
        int macroClasses = 0;
        for (int c = 0; c < k; c++) {
            Label l = byIndex[c];
            MetricTarget<Label> target = new MetricTarget<>(l);
            double tp = cm.tp(l);
            double fp = cm.fp(l);
            double fn = cm.fn(l);
            long support = Math.round(tp + fn);
            double precision = tp + fp == 0 ? 0 : ConfusionMetrics.precision(target, cm);
            double recall = tp + fn == 0 ? 0 : ConfusionMetrics.recall(target, cm);
            double f1 = tp == 0 ? 0 : ConfusionMetrics.f1(target, cm);
            perClass.add(new Evaluation.ClassScores(labels.name(c), precision, recall, f1, support));
            weighted += f1 * support;
            if (tp + fp + fn > 0) {
                macro += f1;
                macroClasses++;
            }
            for (int p = 0; p < k; p++) {
                confusion[c][p] = Math.round(cm.confusion(byIndex[p], l));
            }
        }
        return new Evaluation(labels.names(), evaluation.accuracy(), macroClasses == 0 ? 0 : macro / macroClasses,
                weighted / gold.length, perClass, confusion);
    }

    private static final LabelFactory FACTORY = new LabelFactory();

    /** A constant Tribuo model whose output domain is exactly {@code labels}: what LabelEvaluator reads. */
    private static Model<Label> domainModel(Label[] labels) {
        MutableDataset<Label> ds = new MutableDataset<>(new SimpleDataSourceProvenance("label domain", FACTORY),
                FACTORY);
        for (Label l : labels) {
            ds.add(new ArrayExample<>(l, new String[] {"bias"}, new double[] {1.0}));
        }
        return DummyClassifierTrainer.createConstantTrainer(labels[0].getLabel()).train(ds);
    }

    private static void check(int label, int k, String what, int i) {
        if (label < 0 || label >= k) {
            throw new IllegalArgumentException("evaluate: " + what + " " + label + " at position " + i
                    + " is outside 0.." + (k - 1));
        }
    }
}
