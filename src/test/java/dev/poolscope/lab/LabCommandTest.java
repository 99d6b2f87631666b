package dev.poolscope.lab;

import dev.poolscope.cli.LabCommand;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** Bad command lines end with exit code 2 and one clear line on stderr, before anything starts. */
class LabCommandTest {

    private record Outcome(int exit, String err) {
    }

    private static Outcome run(String... args) {
        PrintStream old = System.err;
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        System.setErr(new PrintStream(buf, true, StandardCharsets.UTF_8));
        try {
            int exit = new CommandLine(new LabCommand()).execute(args);
            return new Outcome(exit, buf.toString(StandardCharsets.UTF_8));
        } finally {
            System.setErr(old);
        }
    }

    @Test
    void unknownScenarioStrategyOrMiddleboxAreNamed() {
        assertThat(run("--scenario", "tuesday")).satisfies(o -> {
            assertThat(o.exit()).isEqualTo(2);
            assertThat(o.err()).contains("unknown scenario 'tuesday'", "monday-morning");
        });
        assertThat(run("--strategies", "none,pray").err()).contains("unknown strategy 'pray'");
        assertThat(run("--middlebox", "ebpf").err()).contains("--middlebox must be proxy or kernel");
    }

    @Test
    void scenarioParametersAndPresetEditsAreCheckedBeforeTheRun() {
        assertThat(run("--param", "quietMillis=soon").err()).contains("quietMillis: 'soon' is not a whole number");
        assertThat(run("--param", "lunchMillis=1").err()).contains("unknown scenario parameter 'lunchMillis'", "quietMillis");
        assertThat(run("--param", "warmupMillis=10").err()).contains("at least 1 s");
        assertThat(run("--set", "validate.validationTimeoutMillis=100").err()).contains("250 ms");
        assertThat(run("--strategies", "none", "--set", "evict.idleTimeoutMillis=1").err()).contains("no strategy 'evict'");
    }

    @Test
    void databaseOptionsMustComeTogether() {
        assertThat(run("--db", "jdbc:postgresql://h/db").err()).contains("--db needs --user");
        assertThat(run("--user", "u").err()).contains("need --db");
    }

    @Test
    void theFilePasswordIsUsedButNeverPrinted(@TempDir Path dir) throws Exception {
        Path pw = dir.resolve("pw");
        Files.writeString(pw, "s3cr3t-value\n");
        int closedPort;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = s.getLocalPort();
        }
        Outcome o = run("--db", "jdbc:postgresql://127.0.0.1:" + closedPort + "/db", "--user", "app",
                "--password-file", pw.toString());
        assertThat(o.exit()).isEqualTo(2);
        assertThat(o.err()).contains("Cannot reach 127.0.0.1:" + closedPort).doesNotContain("s3cr3t");
    }
}
