package dev.erc.cli;

import dev.erc.api.UnwritablePathException;
import dev.erc.data.DatasetFormatException;
import dev.erc.model.io.ParameterFileException;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code erc} command line. Exit codes: 0 success, 1 an unexpected internal error (a bug), 2 usage error (a bad
 * option, or an output that cannot be written, checked before any work starts), 3 bad input (one line on stderr
 * saying which file and what is wrong).
 */
@Command(name = "erc", mixinStandardHelpOptions = true, version = "erc 0.1.0",
        description = "Multimodal emotion recognition in conversations (PMF-ERC) for the JVM.",
        subcommands = {ReproduceCommand.class, TrainCommand.class, EvaluateCommand.class, PredictCommand.class,
            PredictBatchCommand.class, InspectCommand.class, EncodeCommand.class})
public final class Erc implements Runnable {

    /** Exit status of a usage error: a bad option or option value, an output that cannot be written. */
    public static final int USAGE = 2;

    /** Exit status of a run that failed on its input data. */
    public static final int BAD_DATA = 3;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "a subcommand is required");
    }

    public static void main(String[] args) {
        System.exit(execute(args));
    }

    /** Lists the exit codes in the help of the command and of every subcommand. */
    private static void exitCodes(CommandLine cl) {
        Map<String, String> codes = new LinkedHashMap<>();
        codes.put("0", "success");
        codes.put("1", "an unexpected internal error (a bug: please report it with the stack trace)");
        codes.put(Integer.toString(USAGE), "usage error: a bad option or option value, or an output that cannot be "
                + "written (checked before any work starts)");
        codes.put(Integer.toString(BAD_DATA), "bad input: a data, model, checkpoint or dialogue file that is "
                + "missing, unreadable or invalid (one line on stderr naming the file and the problem)");
        cl.getCommandSpec().usageMessage().exitCodeListHeading("%nExit codes:%n").exitCodeList(codes);
        cl.getSubcommands().values().forEach(sub -> sub.getCommandSpec().usageMessage()
                .exitCodeListHeading("%nExit codes:%n").exitCodeList(codes));
    }

    /** Runs the command line and returns its exit status (for tests). */
    public static int execute(String... args) {
        CommandLine cl = new CommandLine(new Erc());
        exitCodes(cl);
        // unreadable or invalid input files end every subcommand the same way: one line, exit status 3
        cl.setExecutionExceptionHandler((thrown, cmd, parsed) -> {
            Exception ex = thrown instanceof UncheckedIOException u ? u.getCause() : thrown;
            if (ex instanceof DatasetFormatException || ex instanceof ParameterFileException
                    || ex instanceof PredictCommand.BadInput || ex instanceof dev.erc.text.EncoderException
                    || ex instanceof dev.erc.api.TranscriptFormatException) {
                cmd.getErr().println("erc " + cmd.getCommandName() + ": " + ex.getMessage());
                cmd.getErr().flush();
                return BAD_DATA;
            }
            // an output that cannot be written is a wrong option value, found before any work starts
            if (ex instanceof UnwritablePathException) {
                cmd.getErr().println("erc " + cmd.getCommandName() + ": cannot write " + ex.getMessage());
                cmd.getErr().flush();
                return USAGE;
            }
            throw thrown;
        });
        // After a computing command succeeds (a failure keeps its one-line error alone): which backend computed, and
        // why CUDA did not.
        cl.setExecutionStrategy(parsed -> {
            int code = new CommandLine.RunLast().execute(parsed);
            CommandLine.ParseResult sub = parsed.subcommand();
            if (code == 0 && sub != null && COMPUTING.contains(sub.commandSpec().name())
                    && !sub.isUsageHelpRequested()) {
                noteSkippedBackends(cl.getErr());
            }
            return code;
        });
        return cl.execute(args);
    }

    /** The subcommands that run the model on a compute backend. */
    private static final java.util.Set<String> COMPUTING = java.util.Set.of("train", "reproduce", "evaluate",
            "predict", "predict-batch");

    /** Says once, in one line, which backend computed and why a preferred one (CUDA) did not. */
    private static void noteSkippedBackends(java.io.PrintWriter err) {
        try {
            String cuda = dev.erc.compute.backend.Backends.skipped().get("cuda");
            if (cuda != null) {
                err.println("erc: computed on the " + dev.erc.compute.backend.Backends.defaultBackend().name()
                        + " backend; cuda: " + cuda);
                err.flush();
            }
        } catch (RuntimeException e) {
            // a forced backend that cannot run: the command reports it itself
        }
    }
}
