package dev.erc.cli;

import dev.erc.data.DatasetFormatException;
import dev.erc.model.io.ParameterFileException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code erc} command line. Exit codes: 0 success, 2 usage error, 3 bad data (one line on stderr saying which
 * file and what is wrong).
 */
@Command(name = "erc", mixinStandardHelpOptions = true, version = "erc 0.1.0",
        description = "Multimodal emotion recognition in conversations (PMF-ERC) for the JVM.",
        subcommands = {ReproduceCommand.class, TrainCommand.class, EvaluateCommand.class, PredictCommand.class,
            InspectCommand.class})
public final class Erc implements Runnable {

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

    /** Runs the command line and returns its exit status (for tests). */
    public static int execute(String... args) {
        CommandLine cl = new CommandLine(new Erc());
        // unreadable or invalid input files end every subcommand the same way: one line, exit status 3
        cl.setExecutionExceptionHandler((ex, cmd, parsed) -> {
            if (ex instanceof DatasetFormatException || ex instanceof ParameterFileException
                    || ex instanceof PredictCommand.BadInput) {
                cmd.getErr().println("erc " + cmd.getCommandName() + ": " + ex.getMessage());
                cmd.getErr().flush();
                return BAD_DATA;
            }
            throw ex;
        });
        return cl.execute(args);
    }
}
