package dev.poolscope.cli;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;

import static org.assertj.core.api.Assertions.assertThat;

/** The CLI behaves like one: help on every command, errors in words. Runs picocli in-process. */
class CliBehaviourTest {

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        CommandLine cli = PoolScopeCommand.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        return cli.execute(args);
    }

    @ParameterizedTest
    @ValueSource(strings = {"list", "snapshot", "watch", "demo", "lab", "doctor", "path-timeout", "sweep"})
    void everyCommandPrintsItsUsageForHelp(String command) {
        for (String flag : new String[] {"--help", "-h"}) {
            out.getBuffer().setLength(0);
            assertThat(run(command, flag)).as(command + " " + flag).isZero();
            assertThat(out.toString()).startsWith("Usage: poolscope " + command);
            assertThat(err.toString()).isEmpty();
        }
    }

    @Test
    void theCommandListShowsEachCommandsWholeFirstSentence() {
        for (CommandLine sub : PoolScopeCommand.commandLine().getSubcommands().values()) {
            String[] description = sub.getCommandSpec().usageMessage().description();
            assertThat(description).as(sub.getCommandName()).isNotEmpty();
            // The list shows only the first line: cut mid-sentence, it read "ranked, with values,".
            assertThat(description[0].strip()).as(sub.getCommandName()).endsWith(".");
        }
    }

    @Test
    void aPidThatIsNotANumberIsExplainedInWords() {
        int exit = run("snapshot", "--pid", "abc");

        assertThat(exit).isEqualTo(2);
        assertThat(err.toString())
                .contains("'abc' is not a whole number")
                .contains("poolscope snapshot --help")
                .doesNotContain("is not a long")
                .doesNotContain("Usage:");
    }

    @Test
    void anUnknownOptionSuggestsTheCloseOne() {
        int exit = run("snapshot", "--pdi", "12");

        assertThat(exit).isEqualTo(2);
        assertThat(err.toString()).contains("Unknown options: '--pdi'").contains("Did you mean --pid");
    }

    @Test
    void aBadIntervalIsExplainedInWords() {
        assertThat(run("watch", "--pid", "1", "--interval", "fast")).isEqualTo(2);
        assertThat(err.toString()).contains("'fast' is not a number");
    }
}
