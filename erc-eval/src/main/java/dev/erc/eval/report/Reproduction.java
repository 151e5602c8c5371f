package dev.erc.eval.report;

import dev.erc.eval.Evaluation;
import dev.erc.eval.SeedSummary;
import java.util.List;
import java.util.Map;
import java.util.function.ToDoubleFunction;

/**
 * Everything a reproduction report states: which data, which configuration, notes on how the data was used, and one
 * result per seed.
 *
 * @param name what was run, e.g. "PMF-ERC (full)" or a table row
 * @param dataset the dataset's name
 * @param source where the data came from (files or generator and seed)
 * @param config every setting of the model, by name
 * @param notes remarks such as fallbacks
 * @param runs one result per seed
 */
public record Reproduction(String name, String dataset, String source, Map<String, String> config,
                           List<String> notes, List<RunResult> runs) {

    public Reproduction {
        config = Map.copyOf(config);
        notes = List.copyOf(notes);
        runs = List.copyOf(runs);
        if (runs.isEmpty()) {
            throw new IllegalArgumentException("a reproduction needs at least one run");
        }
    }

    /** A metric over the seeds. */
    public SeedSummary summary(ToDoubleFunction<Evaluation> metric) {
        return new SeedSummary(runs.stream().map(r -> metric.applyAsDouble(r.test())).toList());
    }
}
