package dev.poolscope.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

import java.io.PrintWriter;

/**
 * The root of the CLI: {@code poolscope <command>}; with no command the launcher opens the GUI.
 * {@code scope = INHERIT} gives every subcommand {@code --help}, {@code -h} and {@code --version}.
 */
@Command(name = "poolscope", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        scope = CommandLine.ScopeType.INHERIT,
        description = {"See what the JDBC connection pools of a running Java service are doing.",
                "With no command, or `gui [--demo]`, it opens the window (that needs a display; over SSH use the commands)."},
        subcommands = {ListCommand.class, SnapshotCommand.class, SweepCommand.class, DoctorCommand.class, PathTimeoutCommand.class, WatchCommand.class, DemoCommand.class, LabCommand.class, CommandLine.HelpCommand.class})
public final class PoolScopeCommand implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static int run(String[] args) {
        return commandLine().execute(args);
    }

    /** The configured command line (converters and error handling); tests run it in-process. */
    static CommandLine commandLine() {
        CommandLine cli = new CommandLine(new PoolScopeCommand());
        PlainValues.registerOn(cli);
        cli.setParameterExceptionHandler(PoolScopeCommand::reportBadArguments);
        return cli;
    }

    /** One line saying what is wrong and where to look, instead of picocli's full usage dump. */
    private static int reportBadArguments(CommandLine.ParameterException e, String[] args) {
        CommandLine cmd = e.getCommandLine();
        PrintWriter err = cmd.getErr();
        err.println("poolscope: " + e.getMessage());
        if (e instanceof CommandLine.UnmatchedArgumentException unmatched) {
            for (String arg : unmatched.getUnmatched()) {
                String near = PlainValues.nearestOption(arg, cmd.getCommandSpec().optionsMap().keySet());
                if (near != null) {
                    err.println("Did you mean " + near + " (not " + arg + ")?");
                }
            }
        }
        err.println("Run '" + cmd.getCommandSpec().qualifiedName() + " --help' to see its options.");
        err.flush();
        return cmd.getCommandSpec().exitCodeOnInvalidInput();
    }

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }
}
