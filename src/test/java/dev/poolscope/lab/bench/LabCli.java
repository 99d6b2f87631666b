package dev.poolscope.lab.bench;

import dev.poolscope.cli.LabCommand;
import picocli.CommandLine;

/**
 * Runs {@code poolscope lab} from the test class path until the lead registers LabCommand in
 * PoolScopeCommand: {@code java -cp ... dev.poolscope.lab.bench.LabCli --scenario partition}.
 */
public final class LabCli {
    private LabCli() {
    }

    public static void main(String[] args) {
        System.exit(new CommandLine(new LabCommand()).execute(args));
    }
}
