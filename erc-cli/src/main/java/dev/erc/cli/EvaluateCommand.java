package dev.erc.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.erc.api.Dataset;
import dev.erc.api.Split;
import dev.erc.eval.Evaluation;
import dev.erc.eval.Evaluator;
import dev.erc.model.PmfErc;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code erc evaluate}: scores a saved model on a split and prints the scores as JSON. */
@Command(name = "evaluate", mixinStandardHelpOptions = true,
        description = "Evaluates a saved model on a split: accuracy, weighted and macro F1, per-class scores, "
                + "confusion matrix, as JSON.")
final class EvaluateCommand implements Callable<Integer> {

    @Mixin
    DataOptions data;

    @Option(names = "--model", required = true, paramLabel = "FILE", description = "a model written by erc train")
    Path model;

    @Option(names = "--split", defaultValue = "test", description = "train, valid or test (default ${DEFAULT-VALUE})")
    String split;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        Split s;
        try {
            s = Split.valueOf(split.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--split must be train, valid or "
                    + "test, got " + split);
        }
        PmfErc m = PmfErc.load(model);
        data.forModel(m);
        Dataset d = data.load(spec);
        Evaluation e = Evaluator.evaluate(m, d.split(s));
        ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        ObjectNode out = json.createObjectNode();
        out.put("model", model.toString());
        out.put("dataset", d.name());
        out.put("split", s.name().toLowerCase(Locale.ROOT));
        out.put("utterances", e.total());
        out.put("accuracy", e.accuracy());
        out.put("weightedF1", e.weightedF1());
        out.put("macroF1", e.macroF1());
        ArrayNode classes = out.putArray("perClass");
        e.perClass().forEach(c -> classes.addObject().put("label", c.label()).put("precision", c.precision())
                .put("recall", c.recall()).put("f1", c.f1()).put("support", c.support()));
        out.putPOJO("confusion", e.confusion());
        System.out.println(json.writeValueAsString(out));
        return 0;
    }
}
