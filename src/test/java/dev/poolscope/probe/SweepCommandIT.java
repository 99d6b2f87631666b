package dev.poolscope.probe;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code poolscope sweep} as a user runs it (a child CLI process) over real targets: a JVM with the
 * probe reached by remote JMX, a JVM with only HikariCP's own MBeans reached by pid, a closed
 * port, and a port that accepts and never answers (a hung service). The hung one costs its own
 * deadline and no more; every target is a row.
 */
@ExtendWith(SharedDatabase.class)
class SweepCommandIT {

    private static final Duration STEP = Duration.ofSeconds(30);
    private static final int DEADLINE_SECONDS = 4;

    @Test
    void sweepReadsEveryAnsweringTargetAndNamesTheDeadAndTheHungOnesWithinOneDeadline(@TempDir Path dir) throws Exception {
        int jmxPort = PrometheusExportIT.freePort();
        int closedPort = PrometheusExportIT.freePort();
        Path hikariProps = dir.resolve("hikari.properties");
        Files.writeString(hikariProps, "registerMbeans=true\n");
        try (ServerSocket hung = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
             TargetJvm withProbe = TargetJvm.withJavaAgent("6.3.3", SharedDatabase.jdbcUrlWithCredentials(), "orders",
                     List.of("-Dcom.sun.management.jmxremote.port=" + jmxPort,
                             "-Dcom.sun.management.jmxremote.rmi.port=" + jmxPort,
                             "-Dcom.sun.management.jmxremote.host=127.0.0.1",
                             "-Djava.rmi.server.hostname=127.0.0.1",
                             "-Dcom.sun.management.jmxremote.authenticate=false",
                             "-Dcom.sun.management.jmxremote.ssl=false"));
             TargetJvm mbeansOnly = TargetJvm.onClassPath(List.of("-XX:TieredStopAtLevel=1",
                     "-Dhikaricp.configurationFile=" + hikariProps), "6.3.3", SharedDatabase.jdbcUrlWithCredentials(),
                     "inventory")) {
            withProbe.awaitLine("POOLREADY", STEP);
            mbeansOnly.awaitLine("POOLREADY", STEP);
            withProbe.send("HOLD holder-1");
            withProbe.awaitLine("HELD holder-1", STEP);
            Path targets = dir.resolve("targets.txt");
            Files.writeString(targets, String.join("\n",
                    "# the fleet",
                    "127.0.0.1:" + jmxPort + "   # orders service, probe loaded at startup",
                    Long.toString(mbeansOnly.pid()),
                    "127.0.0.1:" + closedPort,
                    "",
                    "127.0.0.1:" + hung.getLocalPort() + " # accepts, never answers")) ;

            long start = System.nanoTime();
            String json = sweep(targets, "--json", "--parallel", "4", "--deadline-seconds", Integer.toString(DEADLINE_SECONDS));
            long tookMillis = (System.nanoTime() - start) / 1_000_000;

            assertThat(json).contains("\"target\": \"127.0.0.1:" + jmxPort + "\"")
                    .contains("\"target\": \"" + mbeansOnly.pid() + "\"")
                    .contains("\"target\": \"127.0.0.1:" + closedPort + "\"")
                    .contains("\"target\": \"127.0.0.1:" + hung.getLocalPort() + "\"");
            String orders = row(json, "127.0.0.1:" + jmxPort);
            assertThat(orders).contains("\"error\": null").contains("\"name\": \"orders\"")
                    .contains("\"active\": 1").contains("\"idle\": 1").contains("\"total\": 2");
            String inventory = row(json, Long.toString(mbeansOnly.pid()));
            assertThat(inventory).contains("\"error\": null").contains("\"name\": \"inventory\"")
                    .contains("\"active\": 0").contains("\"idle\": 2");
            assertThat(row(json, "127.0.0.1:" + closedPort)).contains("\"severity\": \"unreachable\"")
                    .doesNotContain("\"error\": null");
            String hungRow = row(json, "127.0.0.1:" + hung.getLocalPort());
            assertThat(hungRow).contains("\"severity\": \"unreachable\"").contains("No answer after");
            long hungMillis = Long.parseLong(hungRow.replaceAll("(?s).*\"tookMillis\": (\\d+).*", "$1"));
            assertThat(hungMillis).isBetween(DEADLINE_SECONDS * 1000L - 100, DEADLINE_SECONDS * 1000L + 1500);
            // The whole sweep: one deadline, plus the CLI's own JVM start on a shared, loaded machine.
            assertThat(tookMillis).as("sweep wall time").isLessThan(DEADLINE_SECONDS * 1000L + 12_000);
            // Worst first: the unreachable rows come before the answering, healthy ones.
            assertThat(json.indexOf("\"severity\": \"unreachable\"")).isLessThan(json.indexOf("\"error\": null"));

            String text = sweep(targets);
            assertThat(text.lines().toList()).hasSize(4);
            assertThat(text).contains("pool orders: active 1, idle 1, total 2, waiting 0")
                    .contains("UNREACHABLE 127.0.0.1:" + closedPort + ": ");
        }
    }

    /** The JSON object of one target (the text from its "target" key to the next row). */
    private static String row(String json, String target) {
        int at = json.indexOf("\"target\": \"" + target + "\"");
        assertThat(at).as(target + " in " + json).isGreaterThanOrEqualTo(0);
        int next = json.indexOf("\"target\": ", at + 1);
        return json.substring(at, next < 0 ? json.length() : next);
    }

    private static String sweep(Path targets, String... more) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(Paths.get(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), "dev.poolscope.Main", "sweep", "--targets", targets.toString()));
        cmd.addAll(List.of(more));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out;
        try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            out = String.join("\n", r.lines().toList());
        }
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as("1: some targets unreachable\n" + out).isEqualTo(1);
        return out;
    }
}
