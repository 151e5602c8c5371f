package dev.erc.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/**
 * {@code erc encode}: encodes the text of every utterance of a dataset into the feature cache, so that later runs
 * start at once; prints what it did as JSON (and the time it took, which makes it the encoding benchmark).
 */
@Command(name = "encode", mixinStandardHelpOptions = true,
        description = {"Encodes the text of every utterance of --transcripts FILE (a COSMIC transcript pickle or a "
                + "JSON Lines file) with --encoder into the feature cache and prints a JSON report: utterances, "
                + "distinct texts, how many came from the cache, how many were encoded and truncated, seconds."})
final class EncodeCommand implements Callable<Integer> {

    @Mixin
    DataOptions data;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        if (data.transcripts == null) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), "encode needs --transcripts FILE");
        }
        data.load(spec);
        System.out.println(new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
                .writeValueAsString(data.textReport));
        return 0;
    }
}
