package dev.poolscope.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;

import static org.assertj.core.api.Assertions.assertThat;

/** A named subcommand runs on a command line built with it alone, and behaves as in the full tree. */
class LeanCommandLineTest {

    @ParameterizedTest
    @ValueSource(strings = {"list", "snapshot", "sweep", "doctor", "path-timeout", "watch", "demo", "lab"})
    void aNamedCommandGetsOnlyItselfWithTheSameOptionsAsInTheFullTree(String name) {
        CommandLine lean = PoolScopeCommand.commandLineFor(new String[] {name, "--pid", "1"});
        CommandLine full = PoolScopeCommand.commandLine();

        assertThat(lean.getSubcommands()).containsOnlyKeys(name);
        assertThat(lean.getSubcommands().get(name).getCommandSpec().optionsMap().keySet())
                .isEqualTo(full.getSubcommands().get(name).getCommandSpec().optionsMap().keySet());
        assertThat(usage(lean.getSubcommands().get(name))).isEqualTo(usage(full.getSubcommands().get(name)));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "help", "--help", "--version", "no-such-command"})
    void withoutANamedCommandEveryCommandIsThere(String first) {
        String[] args = first.isEmpty() ? new String[0] : new String[] {first};

        assertThat(PoolScopeCommand.commandLineFor(args).getSubcommands())
                .hasSize(PoolScopeCommand.SUBCOMMANDS.size());
    }

    @Test
    void theLeanCommandLineKeepsThePlainWordConverters() {
        StringWriter err = new StringWriter();
        CommandLine lean = PoolScopeCommand.commandLineFor(new String[] {"snapshot"});
        lean.setErr(new PrintWriter(err, true));

        assertThat(lean.execute("snapshot", "--pid", "abc")).isEqualTo(2);
        assertThat(err.toString()).contains("'abc' is not a whole number").contains("poolscope snapshot --help");
    }

    private static String usage(CommandLine cmd) {
        StringWriter out = new StringWriter();
        cmd.usage(new PrintWriter(out, true));
        return out.toString();
    }
}
