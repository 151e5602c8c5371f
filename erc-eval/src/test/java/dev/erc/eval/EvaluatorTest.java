package dev.erc.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.erc.api.LabelSet;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Tribuo-based scores against sklearn's, computed by {@code tools/make_metric_fixtures.py} on random predictions. */
class EvaluatorTest {

    static JsonNode cases() throws IOException {
        try (InputStream in = EvaluatorTest.class.getResourceAsStream("/fixtures/metrics.json")) {
            return new ObjectMapper().readTree(in);
        }
    }

    static Stream<Integer> caseIndices() throws IOException {
        return IntStream.range(0, cases().size()).boxed();
    }

    private static int[] ints(JsonNode a) {
        int[] v = new int[a.size()];
        for (int i = 0; i < v.length; i++) {
            v[i] = a.get(i).asInt();
        }
        return v;
    }

    private static LabelSet labels(int k) {
        List<String> names = new ArrayList<>();
        for (int i = 0; i < k; i++) {
            names.add("class" + i);
        }
        return new LabelSet(names);
    }

    @ParameterizedTest
    @MethodSource("caseIndices")
    void matchesSklearn(int index) throws IOException {
        JsonNode c = cases().get(index);
        int k = c.get("classes").asInt();
        int[] gold = ints(c.get("gold"));
        int[] predicted = ints(c.get("predicted"));
        Evaluation e = Evaluator.evaluate(labels(k), gold, predicted);
        assertEquals(c.get("accuracy").asDouble(), e.accuracy(), 1e-9, "accuracy");
        assertEquals(c.get("macroF1").asDouble(), e.macroF1(), 1e-9, "macro F1");
        assertEquals(c.get("weightedF1").asDouble(), e.weightedF1(), 1e-9, "weighted F1");
        for (int i = 0; i < k; i++) {
            Evaluation.ClassScores s = e.perClass().get(i);
            assertEquals(c.get("precision").get(i).asDouble(), s.precision(), 1e-9, "precision of " + i);
            assertEquals(c.get("recall").get(i).asDouble(), s.recall(), 1e-9, "recall of " + i);
            assertEquals(c.get("f1").get(i).asDouble(), s.f1(), 1e-9, "F1 of " + i);
            assertEquals(c.get("support").get(i).asLong(), s.support(), "support of " + i);
        }
        long sum = 0;
        for (long[] row : e.confusion()) {
            for (long v : row) {
                sum += v;
            }
        }
        assertEquals(gold.length, sum);
        assertEquals(gold.length, e.total());
    }

    @Test
    void confusionIsGoldByPredicted() {
        Evaluation e = Evaluator.evaluate(labels(3), new int[] {0, 0, 1, 2, 2, 2}, new int[] {0, 1, 1, 2, 0, 2});
        assertEquals(1, e.confusion()[0][0]);
        assertEquals(1, e.confusion()[0][1]);
        assertEquals(1, e.confusion()[2][0]);
        assertEquals(2, e.confusion()[2][2]);
    }

    @Test
    void badInputIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> Evaluator.evaluate(labels(3), new int[] {0}, new int[] {}));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Evaluator.evaluate(labels(3), new int[] {0, 3}, new int[] {0, 1}));
        assertTrue(e.getMessage().contains("gold label 3 at position 1"), e.getMessage());
    }

    @Test
    void seedSummaryIsMeanAndSampleStd() {
        SeedSummary s = new SeedSummary(List.of(0.60, 0.64, 0.62));
        assertEquals(0.62, s.mean(), 1e-12);
        assertEquals(0.02, s.std(), 1e-12);
        assertEquals("62.00 ± 2.00", s.percent());
        assertEquals(0, new SeedSummary(List.of(0.5)).std());
        assertEquals("50.00", new SeedSummary(List.of(0.5)).percent(), "one seed: a value, no spread");
    }
}
