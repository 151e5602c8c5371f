package dev.erc.model.train;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * The model-selection scores against sklearn, on erc-eval's fixtures of random predictions (read from that module's
 * folder; {@code tools/make_metric_fixtures.py} writes them).
 */
class ScoresTest {

    private static int[] ints(JsonNode a) {
        int[] v = new int[a.size()];
        for (int i = 0; i < v.length; i++) {
            v[i] = a.get(i).asInt();
        }
        return v;
    }

    @Test
    void accuracyAndWeightedF1MatchSklearn() throws IOException {
        JsonNode cases = new ObjectMapper().readTree(
                Path.of("../erc-eval/src/test/resources/fixtures/metrics.json").toFile());
        for (JsonNode c : cases) {
            int[] gold = ints(c.get("gold"));
            int[] predicted = ints(c.get("predicted"));
            assertEquals(c.get("accuracy").asDouble(), Scores.accuracy(gold, predicted), 1e-9);
            assertEquals(c.get("weightedF1").asDouble(), Scores.weightedF1(gold, predicted, c.get("classes").asInt()),
                    1e-9);
        }
    }
}
