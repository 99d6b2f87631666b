package dev.poolscope.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The root of the CLI: {@code poolscope <command>}; with no command the launcher opens the GUI. */
@Command(name = "poolscope", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = "See what the JDBC connection pools of a running Java service are doing.",
        subcommands = {ListCommand.class, SnapshotCommand.class, WatchCommand.class, DemoCommand.class, LabCommand.class, CommandLine.HelpCommand.class})
public final class PoolScopeCommand implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static int run(String[] args) {
        return new CommandLine(new PoolScopeCommand()).execute(args);
    }

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }
}
