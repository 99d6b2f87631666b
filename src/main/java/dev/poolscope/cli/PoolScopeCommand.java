package dev.poolscope.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

import java.io.PrintWriter;
import java.util.List;

/**
 * The root of the CLI: {@code poolscope <command>}; with no command the launcher opens the GUI.
 * {@code scope = INHERIT} gives every subcommand {@code --help}, {@code -h} and {@code --version}.
 */
@Command(name = "poolscope", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        scope = CommandLine.ScopeType.INHERIT,
        description = {"See what the JDBC connection pools of a running Java service are doing.",
                "With no command, or `gui [--demo]`, it opens the window (that needs a display; over SSH use the commands)."})
public final class PoolScopeCommand implements Runnable {

    /** The subcommands, in the order usage lists them. Register a new command here (one line). */
    static final List<Class<?>> SUBCOMMANDS = List.of(ListCommand.class, SnapshotCommand.class, SweepCommand.class,
            DoctorCommand.class, PathTimeoutCommand.class, WatchCommand.class, DemoCommand.class, LabCommand.class,
            CommandLine.HelpCommand.class);

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static int run(String[] args) {
        return commandLineFor(args).execute(args);
    }

    /** The configured command line with every subcommand (converters and error handling); tests run it in-process. */
    static CommandLine commandLine() {
        return configured(SUBCOMMANDS);
    }

    /**
     * The command line {@code args} need: only the named subcommand when {@code args[0]} names one, else
     * all of them. picocli builds each subcommand's model by reflection when it is added, and building
     * all nine took ~300 ms of a 0.8 s {@code snapshot} (issue 10, one-shot); the named command parses,
     * helps and fails exactly as in the full tree, since its parent, converters and handlers are the same.
     */
    static CommandLine commandLineFor(String[] args) {
        if (args.length > 0) {
            for (Class<?> command : SUBCOMMANDS) {
                if (command != CommandLine.HelpCommand.class && names(command).contains(args[0])) {
                    return configured(List.of(command));
                }
            }
        }
        return commandLine();
    }

    private static List<String> names(Class<?> command) {
        Command c = command.getAnnotation(Command.class);
        List<String> names = new java.util.ArrayList<>(List.of(c.aliases()));
        names.add(c.name());
        return names;
    }

    /** Subcommands are added before the converters and handler, which picocli applies only to those already there. */
    private static CommandLine configured(List<Class<?>> subcommands) {
        CommandLine cli = new CommandLine(new PoolScopeCommand());
        for (Class<?> command : subcommands) {
            cli.addSubcommand(command);
        }
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
