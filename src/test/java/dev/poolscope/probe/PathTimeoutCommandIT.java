package dev.poolscope.probe;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.poolscope.demo.EmbeddedDatabase;
import dev.poolscope.lab.middlebox.FaultHook;
import dev.poolscope.lab.middlebox.TcpProxy;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@code poolscope path-timeout} as a user runs it: the shipped jar in its own JVM, against the real
 * embedded PostgreSQL through the lab's middlebox (a userspace proxy in this JVM that silently
 * forgets flows idle longer than its drop timeout), reading what it prints and how it exits. The
 * finder's search itself is covered by PathTimeoutFinderIT; this is its command line, its JSON and
 * its Ctrl-C.
 */
@ExtendWith(SharedDatabase.class)
class PathTimeoutCommandIT {

    private static final Path JAR = Path.of("target", "poolscope.jar");
    /** Its own role, so the backends counted are this class's CLI runs and nobody else's. */
    private static final String USER = "poolscope_path_cli";
    private static final String APPLICATION = "poolscope-path-timeout";
    private static final Duration RUN_LIMIT = Duration.ofSeconds(30);
    private static final long DROP_MILLIS = 2_000;

    @BeforeAll
    static void createRole() throws Exception {
        try (Connection c = superuser(); Statement st = c.createStatement()) {
            st.execute("DO $$ BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '" + USER + "') THEN "
                    + "CREATE ROLE " + USER + " LOGIN; END IF; END $$");
        }
    }

    @Test
    void textOutputBracketsTheMiddleboxDropTimeoutWithinOneSecond() throws Exception {
        try (TcpProxy proxy = proxyDroppingAfter(DROP_MILLIS)) {
            Run run = runToEnd(proxy, "--max", "4s", "--probes", "8");
            assertThat(run.exitCode).as(run.all()).isZero();
            Matcher m = Pattern.compile("The path drops flows idle more than (\\d+) ms, at most (\\d+) ms \\(resolution (\\d+) ms\\)\\.\n")
                    .matcher(run.stdout);
            assertThat(m.lookingAt()).as(run.all()).isTrue();
            assertBracketsTheDrop(Long.parseLong(m.group(1)), Long.parseLong(m.group(2)));
            assertThat(Long.parseLong(m.group(3))).isEqualTo(Long.parseLong(m.group(2)) - Long.parseLong(m.group(1)));
            // one line per check, then the time taken; a silent drop never reads as an error (a reset)
            assertThat(run.stdout).as(run.all()).contains("  round 1  idle ").contains("answered").contains("no_answer after 1.0 s")
                    .doesNotContain("error").containsPattern("\nTook \\d+\\.\\d s\\.\n$");
            assertThat(run.stderr).as(run.all()).startsWith("Measuring jdbc:postgresql://127.0.0.1:" + proxy.port() + "/postgres for up to ")
                    .contains("Ctrl-C stops it.");
        }
        assertNoCliBackendLeft();
    }

    @Test
    void jsonOutputCarriesTheBoundsResolutionAndEveryCheck() throws Exception {
        try (TcpProxy proxy = proxyDroppingAfter(DROP_MILLIS)) {
            Run run = runToEnd(proxy, "--max", "4s", "--probes", "8", "--json");
            assertThat(run.exitCode).as(run.all()).isZero();
            JsonNode json = new ObjectMapper().readTree(run.stdout);
            assertThat(json.get("status").asText()).isEqualTo("drop_found");
            long low = json.get("idleTimeoutMillis").get("low").asLong();
            long high = json.get("idleTimeoutMillis").get("high").asLong();
            assertBracketsTheDrop(low, high);
            assertThat(json.get("resolutionMillis").asLong()).isEqualTo(high - low);
            assertThat(json.get("noDropUpToMillis").isNull()).isTrue();
            assertThat(json.get("consistent").asBoolean()).isTrue();
            JsonNode probes = json.get("probes");
            // checks of idle times past a known drop are skipped, so at least those up to the first drop
            assertThat(probes.size()).as(run.stdout).isBetween(5, 8);
            for (JsonNode p : probes) {
                long idle = p.get("idleMillis").asLong();
                assertThat(p.get("outcome").asText()).as(p.toString()).isEqualTo(idle <= low ? "answered" : "no_answer");
                assertThat(p.get("round").asInt()).isEqualTo(1);
                assertThat(p.get("plannedIdleMillis").asLong() % 500).isZero();
            }
        }
        assertNoCliBackendLeft();
    }

    private static void assertBracketsTheDrop(long low, long high) {
        // the bar: within ±1 s of the middlebox's timeout; 8 checks over 4 s are 500 ms apart
        assertThat(low).isBetween(DROP_MILLIS - 1_000, DROP_MILLIS + 100);
        assertThat(high).isBetween(DROP_MILLIS, DROP_MILLIS + 1_000);
        assertThat(high - low).isBetween(1L, 600L);
    }

    @Test
    void reportsNoDropUpToMaxOnAPathThatNeverDrops() throws Exception {
        try (TcpProxy proxy = proxyDroppingAfter(0)) {
            Run run = runToEnd(proxy, "--max", "3s", "--probes", "3");
            assertThat(run.exitCode).as(run.all()).isZero();
            assertThat(run.stdout).as(run.all()).containsPattern("No drop up to 3\\.\\d s idle \\(--max 3\\.0 s\\)\\.")
                    .doesNotContain("no_answer");
        }
        assertNoCliBackendLeft();
    }

    @Test
    void ctrlCStopsWithinThreeSecondsSaysSoExitsNonZeroAndClosesEveryConnection() throws Exception {
        try (TcpProxy proxy = proxyDroppingAfter(0)) {
            // 4 connections idle up to 60 s: the run would last a minute unless Ctrl-C stops it
            Process p = start(proxy, "--max", "60s", "--probes", "4");
            try {
                await().atMost(RUN_LIMIT).until(() -> cliBackends() == 4 || !p.isAlive());
                assertThat(p.isAlive()).as("the CLI is still running with its 4 connections open").isTrue();
                assertThat(cliBackends()).isEqualTo(4);

                long t0 = System.nanoTime();
                interrupt(p.pid());
                boolean exited = p.waitFor(3, TimeUnit.SECONDS);
                long tookMillis = (System.nanoTime() - t0) / 1_000_000;
                Run run = collect(p);
                System.out.printf("Ctrl-C: exited after %d ms with %s%n%s%n", tookMillis,
                        exited ? p.exitValue() : "(still running)", run.all());
                assertThat(exited).as("exited within 3 s of SIGINT").isTrue();
                assertThat(run.exitCode).as(run.all()).isNotZero();
                assertThat(run.stdout).as(run.all()).containsPattern("^Cancelled after \\d+(\\.\\d)? m?s; no check had finished\\.\n");
                assertThat(run.stderr).as(run.all())
                        .contains("poolscope: stopped (Ctrl-C or a termination signal); every connection it opened is closed.");
            } finally {
                p.destroyForcibly();
            }
        }
        // the server ends a backend once its client's Terminate or FIN arrives; allow it a moment
        assertNoCliBackendLeft();
    }

    @Test
    void ctrlCWhileAConnectionIsStillOpeningStopsWithinThreeSecondsAndSaysSo() throws Exception {
        // a "database" that accepts the TCP connection and never answers the startup message: the
        // finder is stuck in pgjdbc's connect (its login timeout is 10 s) when Ctrl-C comes
        try (ServerSocket silent = new ServerSocket(0, 5, InetAddress.getLoopbackAddress())) {
            silent.setSoTimeout((int) RUN_LIMIT.toMillis());
            Process p = startAgainst("jdbc:postgresql://127.0.0.1:" + silent.getLocalPort() + "/" + EmbeddedDatabase.DATABASE,
                    "--max", "60s", "--probes", "4");
            try (Socket accepted = silent.accept()) {
                long t0 = System.nanoTime();
                interrupt(p.pid());
                boolean exited = p.waitFor(3, TimeUnit.SECONDS);
                long tookMillis = (System.nanoTime() - t0) / 1_000_000;
                Run run = collect(p);
                System.out.printf("Ctrl-C while connecting: exited after %d ms%n%s%n", tookMillis, run.all());
                assertThat(exited).as("exited within 3 s of SIGINT").isTrue();
                assertThat(run.exitCode).as(run.all()).isNotZero();
                assertThat(run.stderr).as(run.all()).contains("poolscope: stopped (Ctrl-C or a termination signal) while a"
                        + " connection was still opening; the operating system closes it as this process ends.");
                // the process is gone, so its half-open connection is too: our end reads end-of-stream
                accepted.setSoTimeout(3_000);
                assertThat(accepted.getInputStream().read(new byte[1024])).isGreaterThan(0); // pgjdbc's startup packet
                assertThat(accepted.getInputStream().read()).isEqualTo(-1);
            } finally {
                p.destroyForcibly();
            }
        }
    }

    private static TcpProxy proxyDroppingAfter(long dropMillis) throws IOException {
        TcpProxy proxy = TcpProxy.start("path-cli", new InetSocketAddress("127.0.0.1", SharedDatabase.database().port()),
                FaultHook.NONE);
        proxy.setIdleDropMillis(dropMillis);
        return proxy;
    }

    private static Process start(TcpProxy proxy, String... args) throws IOException {
        return startAgainst("jdbc:postgresql://127.0.0.1:" + proxy.port() + "/" + EmbeddedDatabase.DATABASE, args);
    }

    private static Process startAgainst(String jdbcUrl, String... args) throws IOException {
        List<String> cmd = new ArrayList<>();
        if (sigintIgnoredHere()) {
            // A JVM keeps SIGINT ignored if it inherited it so (a build started in the background by a
            // script); a terminal user's Ctrl-C reaches it. Give the child a terminal's disposition.
            cmd.addAll(List.of("env", "--default-signal=INT"));
        }
        cmd.addAll(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar", JAR.toString(),
                "path-timeout", "--db", jdbcUrl, "--user", USER));
        cmd.addAll(List.of(args));
        return new ProcessBuilder(cmd).start();
    }

    private static Run runToEnd(TcpProxy proxy, String... args) throws Exception {
        Process p = start(proxy, args);
        try {
            assertThat(p.waitFor(RUN_LIMIT.toSeconds(), TimeUnit.SECONDS)).as("finished within " + RUN_LIMIT).isTrue();
            Run run = collect(p);
            System.out.println(String.join(" ", args) + "\n" + run.all());
            return run;
        } finally {
            p.destroyForcibly();
        }
    }

    /** Reads all output; the CLI prints little, so the pipes never fill while it runs. */
    private static Run collect(Process p) throws Exception {
        if (p.isAlive()) {
            p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        return new Run(p.exitValue(), out, err);
    }

    /** What a terminal's Ctrl-C sends: SIGINT (Process.destroy sends SIGTERM). */
    private static void interrupt(long pid) throws Exception {
        Process kill = new ProcessBuilder("kill", "-INT", Long.toString(pid)).redirectErrorStream(true).start();
        assertThat(kill.waitFor(5, TimeUnit.SECONDS)).isTrue();
        assertThat(kill.exitValue()).isZero();
    }

    private static boolean sigintIgnoredHere() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("SigIgn:")) {
                long mask = Long.parseUnsignedLong(line.substring("SigIgn:".length()).trim(), 16);
                return (mask & (1L << (2 - 1))) != 0; // SIGINT is signal 2, bit 1
            }
        }
        return false;
    }

    private static void assertNoCliBackendLeft() {
        await().atMost(Duration.ofSeconds(3)).until(() -> cliBackends() == 0);
    }

    private static int cliBackends() throws Exception {
        try (Connection c = superuser(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT count(*) FROM pg_stat_activity WHERE usename = '" + USER
                     + "' AND application_name = '" + APPLICATION + "'")) {
            rs.next();
            return rs.getInt(1);
        }
    }

    private static Connection superuser() throws Exception {
        Properties p = new Properties();
        p.setProperty("user", EmbeddedDatabase.USER);
        return DriverManager.getConnection(SharedDatabase.database().jdbcUrl(), p);
    }

    private record Run(int exitCode, String stdout, String stderr) {
        String all() {
            return "exit " + exitCode + "\n--- stdout\n" + stdout + "--- stderr\n" + stderr;
        }
    }
}
