package dev.poolscope.probe;

import dev.poolscope.testing.Nft;

import com.fasterxml.jackson.databind.JsonNode;
import dev.poolscope.attach.TargetConnection;
import dev.poolscope.live.ConnectionRow;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.nio.file.Files;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The fleet's dead-connection alert, end to end with a real fault: a child JVM with the probe and
 * the real JMX exporter (shipped config) on HikariCP 6.3.3 and the embedded PostgreSQL, scraped
 * every second by a real Prometheus; one held connection's flow dropped by nftables (root only),
 * data sent into it. The kernel resends it within about a second, so the pool's
 * poolscope_connection_diagnosis_count{kind="dead_peer"} must become 1 and the shipped
 * DeadConnectionsPresent expression must select it, while the other connection stays undecided.
 */
@ExtendWith(SharedDatabase.class)
class DeadPeerSeriesIT {

    private static final Duration STEP = Duration.ofSeconds(20);
    private static final String JOB = "poolscope-dead-peer-it";
    private static final String POOL = "orders";

    @Test
    void aDroppedFlowWithDataInFlightIsCountedDeadPeerAndFiresTheShippedAlertExpression() throws Exception {
        assumeTrue(Nft.usable(), "needs root and a working nft to drop one flow's packets");
        assumeTrue(PrometheusServer.installed(), "prometheus is not installed (Debian package prometheus; .ci/run installs it)");
        String alert = alertExpression("DeadConnectionsPresent");
        int port = PrometheusExportIT.freePort();
        String sel = "job=\"" + JOB + "\", instance=\"127.0.0.1:" + port + "\", pool_name=\"" + POOL + "\"";
        try (TargetJvm target = PrometheusExportIT.withExporter(port);
             PrometheusServer prometheus = PrometheusServer.scraping(JOB, port)) {
            target.awaitLine("POOLREADY", STEP);
            target.send("HOLD victim");
            target.awaitLine("HELD victim", STEP);
            // Before the fault: both sockets read, nothing decisive, nothing dead; the alert selects nothing.
            await().atMost(STEP).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
                assertThat(value(prometheus, "poolscope_connection_diagnosis_count{" + sel + ", kind=\"unknown\"}")).isEqualTo(2.0);
                assertThat(value(prometheus, "poolscope_connection_diagnosis_count{" + sel + ", kind=\"dead_peer\"}")).isZero();
            });
            assertThat(prometheus.query(alert).path("data").path("result")).isEmpty();

            ConnectionRow held;
            try (TargetConnection app = ServerTruthIT.attached(target)) {
                held = ServerTruthIT.inUse(app);
            }
            String table = "poolscope_dead_it_" + ProcessHandle.current().pid();
            Nft.run("table inet " + table + " {\n chain input {\n  type filter hook input priority 0;"
                    + " policy accept;\n  iif \"lo\" tcp sport " + held.localPort() + " tcp dport "
                    + SharedDatabase.database().port() + " drop\n }\n}\n");
            try {
                long sent = System.nanoTime();
                target.send("EXEC victim SELECT 1");
                target.awaitLine("QUERYING victim", STEP);
                await().atMost(STEP).pollInterval(Duration.ofMillis(250)).untilAsserted(() -> {
                    assertThat(value(prometheus, "poolscope_connection_diagnosis_count{" + sel + ", kind=\"dead_peer\"}"))
                            .isEqualTo(1.0);
                    assertThat(value(prometheus, "poolscope_connection_diagnosis_count{" + sel + ", kind=\"unknown\"}"))
                            .isEqualTo(1.0);
                });
                System.out.printf("dead_peer visible in Prometheus %d ms after the data was sent%n",
                        (System.nanoTime() - sent) / 1_000_000L);
                JsonNode fired = prometheus.query(alert).path("data").path("result");
                assertThat(fired).as("the shipped alert expression " + alert).hasSize(1);
                assertThat(fired.get(0).path("metric").path("pool_name").asText()).isEqualTo(POOL);
                assertThat(fired.get(0).path("metric").path("kind").asText()).isEqualTo("dead_peer");
            } finally {
                Nft.run("delete table inet " + table + "\n");
            }
        }
    }

    /** The one sample's value of an instant query. */
    private static double value(PrometheusServer prometheus, String promql) throws Exception {
        JsonNode result = prometheus.query(promql).path("data").path("result");
        assertThat(result.size()).as(promql + " -> " + result).isEqualTo(1);
        return Double.parseDouble(result.get(0).path("value").get(1).asText());
    }

    /** The {@code expr} of the named rule in packaging/prometheus/poolscope-alerts.yaml (single-line exprs). */
    static String alertExpression(String alertName) throws Exception {
        List<String> lines = Files.readAllLines(Paths.get("packaging/prometheus/poolscope-alerts.yaml"));
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).strip().equals("- alert: " + alertName)) {
                String expr = lines.get(i + 1).strip();
                assertThat(expr).startsWith("expr: ").doesNotEndWith("|");
                return expr.substring("expr: ".length());
            }
        }
        throw new AssertionError("no alert " + alertName + " in poolscope-alerts.yaml");
    }
}
