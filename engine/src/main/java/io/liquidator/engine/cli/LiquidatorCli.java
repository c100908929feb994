package io.liquidator.engine.cli;

import io.liquidator.engine.config.ConfigException;

import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.Writer;
import java.util.List;
import java.util.concurrent.Callable;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.IVersionProvider;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.Spec;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * {@code liquidator}, the command-line entry point; each mode is a subcommand.
 *
 * <p>Exit codes are part of the interface: 0 success; 1 bad input (one line on stderr naming the
 * field, never a stack trace; this includes an unknown option of a subcommand); 2 other usage
 * errors (picocli's message and usage); 3 internal error (a bug: message and stack trace).
 * {@link #run} does all of it and returns the code, so tests need no {@code System.exit}.
 */
@Command(name = "liquidator", mixinStandardHelpOptions = true, versionProvider = LiquidatorCli.Version.class,
    subcommands = {RunCommand.class, ReplayCommand.class, ImportCommand.class, DumpCommand.class, CalcCommand.class,
        GenerateCommand.class, FeedCommand.class, SnapshotCommand.class, DemoCommand.class, CompareCommand.class,
        StatCommand.class, HeatmapCommand.class, BenchCommand.class, ClusterNodeCommand.class,
        ClusterReplayCommand.class, CommandLine.HelpCommand.class},
    description = "Liquidation engine for perpetual futures: liquidation prices, brackets, margin.",
    footer = {"", "Start with:  liquidator demo   (the 2021-05-19 crash against a generated book; liquidator calc for one position)%n"})
public final class LiquidatorCli implements Callable<Integer> {
    public static final int OK = 0;
    public static final int USER_ERROR = 1;
    public static final int USAGE_ERROR = 2;
    public static final int INTERNAL_ERROR = 3;

    @Spec
    private CommandSpec spec;

    /** {@code liquidator} with no subcommand: a usage error, the usage goes to stderr. */
    @Override
    public Integer call() {
        final CommandLine cl = spec.commandLine();
        cl.getErr().println("liquidator: missing subcommand");
        cl.usage(cl.getErr());
        return USAGE_ERROR;
    }

    public static void main(final String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    /** Runs the command line and returns its exit code; output and errors go to the given streams. */
    public static int run(final String[] args, final PrintStream out, final PrintStream err) {
        final PrintWriter o = new PrintWriter(new StreamWriter(out), false);
        final PrintWriter e = new PrintWriter(new StreamWriter(err), false);
        try {
            final CommandLine cl = new CommandLine(new LiquidatorCli());
            cl.setOut(o);
            cl.setErr(e);
            cl.setExecutionExceptionHandler(LiquidatorCli::onException);
            cl.setParameterExceptionHandler(LiquidatorCli::onBadArguments);
            return cl.execute(args);
        } catch (final RuntimeException | Error bug) {
            return internalError(e, bug);
        } finally {
            o.flush();
            e.flush();
        }
    }

    private static int onException(final Exception ex, final CommandLine cmd, final ParseResult parsed) {
        final PrintWriter err = cmd.getErr();
        if (ex instanceof InputException || ex instanceof ConfigException) {
            cmd.getOut().flush();
            err.println(cmd.getCommandSpec().qualifiedName() + ": " + oneLine(ex.getMessage()));
            return USER_ERROR;
        }
        return internalError(err, ex);
    }

    /** A user error is one line, whatever text it quotes. */
    private static String oneLine(final String message) {
        return String.valueOf(message).replaceAll("\\R", " ");
    }

    private static int internalError(final PrintWriter err, final Throwable bug) {
        err.println("liquidator: internal error (please report it with the command that caused it): " + bug);
        bug.printStackTrace(err);
        return INTERNAL_ERROR;
    }

    /**
     * An unknown option of a subcommand is bad input like any other (exit 1, one line, with picocli's
     * suggestion); every other parse problem is picocli's usage error (exit 2).
     */
    private static int onBadArguments(final ParameterException ex, final String[] args) {
        final CommandLine cmd = ex.getCommandLine();
        final PrintWriter err = cmd.getErr();
        if (ex instanceof UnmatchedArgumentException && cmd.getParent() != null) {
            final UnmatchedArgumentException u = (UnmatchedArgumentException) ex;
            final String option = firstOption(u.getUnmatched());
            if (option != null) {
                final List<String> suggestions = u.getSuggestions();
                err.println(cmd.getCommandSpec().qualifiedName() + ": unknown option " + option
                    + (suggestions.isEmpty() ? "" : " (did you mean " + String.join(" or ", suggestions) + "?)")
                    + "; see '" + cmd.getCommandSpec().qualifiedName() + " --help'");
                return USER_ERROR;
            }
        }
        err.println(cmd.getCommandSpec().qualifiedName() + ": " + ex.getMessage());
        if (!UnmatchedArgumentException.printSuggestions(ex, err)) {
            cmd.usage(err);
        }
        return USAGE_ERROR;
    }

    private static String firstOption(final List<String> unmatched) {
        for (final String arg : unmatched) {
            if (arg.startsWith("-") && arg.length() > 1 && !Character.isDigit(arg.charAt(1))) {
                final int eq = arg.indexOf('=');
                return eq > 0 ? arg.substring(0, eq) : arg;
            }
        }
        return null;
    }

    /**
     * Hands characters to a {@link PrintStream} as strings, so they are encoded with the stream's
     * own charset (the console's for {@code System.out}), not the JVM default a plain
     * {@code PrintWriter(OutputStream)} would pick.
     */
    private static final class StreamWriter extends Writer {
        private final PrintStream stream;

        StreamWriter(final PrintStream stream) {
            this.stream = stream;
        }

        @Override
        public void write(final char[] buf, final int off, final int len) {
            stream.print(new String(buf, off, len));
        }

        @Override
        public void flush() {
            stream.flush();
        }

        @Override
        public void close() {
            stream.flush();
        }
    }

    /** The jar's Implementation-Version, when run from a packaged jar. */
    static final class Version implements IVersionProvider {
        @Override
        public String[] getVersion() {
            final String v = LiquidatorCli.class.getPackage().getImplementationVersion();
            return new String[]{"liquidator " + (v == null ? "(development build)" : v)};
        }
    }
}
