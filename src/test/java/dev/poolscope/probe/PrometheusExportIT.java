package dev.poolscope.probe;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.File;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The shipped exporter config, run for real: a child JVM with the probe and the Prometheus JMX
 * exporter agent (jmx_prometheus_javaagent 1.0.1, packaging/prometheus/jmx-exporter.yaml) side by
 * side, HikariCP 6.3.3 on the embedded PostgreSQL, its /metrics endpoint scraped over loopback.
 */
@ExtendWith(SharedDatabase.class)
class PrometheusExportIT {

    private static final String POOL = "orders";
    private static final Duration STEP = Duration.ofSeconds(20);
    static final Path CONFIG = Paths.get("packaging/prometheus/jmx-exporter.yaml");

    @Test
    void exporterWithTheShippedConfigPublishesThePoolsKnownStateUnderTheDocumentedNames() throws Exception {
        int port = freePort();
        try (TargetJvm target = withExporter(port)) {
            target.awaitLine("POOLREADY", STEP);
            target.send("HOLD holder-1");
            target.awaitLine("HELD holder-1", STEP);
            target.send("HOLD holder-2");
            target.awaitLine("HELD holder-2", STEP);
            target.send("WAIT waiter-1");
            HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
            String[] scraped = new String[1];
            await().atMost(STEP).pollInterval(Duration.ofMillis(300)).ignoreExceptions().untilAsserted(() -> {
                String text = scrape(http, port);
                scraped[0] = text;
                assertThat(value(text, "db_client_connection_count", "state=\"used\"")).isEqualTo(2.0);
                assertThat(value(text, "db_client_connection_count", "state=\"idle\"")).isEqualTo(0.0);
                assertThat(value(text, "db_client_connection_pending_requests")).isEqualTo(1.0);
                assertThat(value(text, "poolscope_connection_waiters")).isEqualTo(1.0);
                assertThat(value(text, "poolscope_connections_held_past_threshold")).isEqualTo(2.0);
            });
            String text = scraped[0];
            assertThat(value(text, "db_client_connection_max")).isEqualTo(2.0);
            assertThat(value(text, "db_client_connection_idle_min")).isEqualTo(2.0);
            assertThat(value(text, "db_client_connection_timeouts_total")).isEqualTo(0.0);
            assertThat(value(text, "poolscope_connections_held_threshold_seconds")).isEqualTo(0.7);
            assertThat(value(text, "poolscope_connection_longest_held_seconds")).isGreaterThan(0.7);
            assertThat(value(text, "poolscope_connection_borrows_total")).isGreaterThanOrEqualTo(2.0);
            assertThat(value(text, "poolscope_connection_borrow_failures_total")).isEqualTo(0.0);
            assertThat(text).contains("db_client_connection_wait_time{").contains("quantile=\"0.99\"");
            // Kernel evidence on two healthy loopback sockets: read, nothing decisive (never "healthy").
            assertThat(value(text, "poolscope_connection_diagnosis_count", "kind=\"unknown\"")).isEqualTo(2.0);
            assertThat(value(text, "poolscope_connection_diagnosis_count", "kind=\"dead_peer\"")).isEqualTo(0.0);
            assertThat(value(text, "poolscope_connection_diagnosis_count", "kind=\"server_gone\"")).isEqualTo(0.0);
            assertThat(value(text, "poolscope_connection_diagnosis_count", "kind=\"no_evidence\"")).isEqualTo(0.0);
            // Connections opened under -javaagent have exact ages, far below the 30 min maxLifetime.
            assertThat(value(text, "poolscope_connections_past_max_lifetime")).isEqualTo(0.0);
            assertThat(value(text, "poolscope_connections_age_estimated")).isEqualTo(0.0);

            target.send("RELEASE holder-1");
            target.awaitLine("GOT waiter-1", STEP);
            await().atMost(STEP).pollInterval(Duration.ofMillis(300)).untilAsserted(() -> {
                String after = scrape(http, port);
                assertThat(value(after, "db_client_connection_pending_requests")).isEqualTo(0.0);
                assertThat(value(after, "db_client_connection_wait_time", "quantile=\"1\"")).isGreaterThan(0.0);
            });
            // The start-up's two returns and holder-1's (recorded before its connection is handed to
            // waiter-1) are counted; values against known holds: the use-time test below.
            assertThat(value(scraped[0] = scrape(http, port), "db_client_connection_use_time_count")).isGreaterThanOrEqualTo(3.0);
            assertThat(scraped[0]).contains("db_client_connection_use_time{").contains("db_client_connection_use_time_sum{");
            text = scraped[0];
            // promtool's linter objects to things the issue prescribes on purpose: OTel's name
            // db_client_connection_count and poolscope_connection_diagnosis_count (gauges ending in _count), quantile labels on gauges
            // (the exporter cannot emit a summary). Anything else (a parse error, another lint) fails.
            assertThat(PromtoolCheck.metrics(text)).as("promtool check metrics on the scrape").allSatisfy(line ->
                    assertThat(line).isIn(
                            "db_client_connection_count non-histogram and non-summary metrics should not have \"_count\" suffix",
                            "poolscope_connection_diagnosis_count non-histogram and non-summary metrics should not have \"_count\" suffix",
                            "db_client_connection_wait_time non-summary metrics should not have \"quantile\" label",
                            "db_client_connection_use_time non-summary metrics should not have \"quantile\" label"));
        }
    }

    /**
     * db_client_connection_use_time through a real Prometheus: three connections held ~200 ms each,
     * one after another, add exactly 3 to _count and between 0.6 s and the workload's own measured
     * borrow-to-close times to _sum. The last minute also holds the workload's start-up borrows (one
     * held about 1 s), so of the quantiles only the median is bounded by these holds (3 of 5).
     */
    @Test
    void useTimeCountsEachReturnedHoldWithItsDurationInARealPrometheus() throws Exception {
        assumeTrue(PrometheusServer.installed(), "prometheus is not installed (Debian package prometheus; .ci/run installs it)");
        int port = freePort();
        try (TargetJvm target = withExporter(port)) {
            target.awaitLine("POOLREADY", STEP);
            try (PrometheusServer prometheus = PrometheusServer.scraping("use-time-it", port)) {
                String sel = "{pool_name=\"" + POOL + "\"}";
                double[] before = new double[2];
                await().atMost(STEP).pollInterval(Duration.ofMillis(300)).ignoreExceptions().untilAsserted(() -> {
                    before[0] = onlyValue(prometheus.query("db_client_connection_use_time_count" + sel));
                    before[1] = onlyValue(prometheus.query("db_client_connection_use_time_sum" + sel));
                });
                long workloadMicros = 0;
                long longestMicros = 0;
                for (int i = 1; i <= 3; i++) {
                    target.send("HOLDFOR use-" + i + " 200");
                    String line = target.awaitLine("HELDFOR use-" + i, STEP);
                    long micros = Long.parseLong(line.substring(line.lastIndexOf(' ') + 1));
                    workloadMicros += micros;
                    longestMicros = Math.max(longestMicros, micros);
                }
                double upper = workloadMicros / 1e6;
                double longest = longestMicros / 1e6;
                await().atMost(STEP).pollInterval(Duration.ofMillis(300)).untilAsserted(() -> {
                    assertThat(onlyValue(prometheus.query("db_client_connection_use_time_count" + sel)) - before[0])
                            .as("holds counted").isEqualTo(3.0);
                    assertThat(onlyValue(prometheus.query("db_client_connection_use_time_sum" + sel)) - before[1])
                            .as("summed hold seconds").isBetween(0.6, upper);
                    assertThat(onlyValue(prometheus.query("db_client_connection_use_time{pool_name=\"" + POOL
                            + "\", quantile=\"1\"}"))).as("longest hold, last minute").isGreaterThanOrEqualTo(0.2);
                    // p50: a histogram bucket's middle (within ~3 %), never above the exact maximum.
                    assertThat(onlyValue(prometheus.query("db_client_connection_use_time{pool_name=\"" + POOL
                            + "\", quantile=\"0.50\"}"))).as("median hold, last minute").isBetween(0.2 * 0.97, longest);
                });
            }
        }
    }

    private static double onlyValue(com.fasterxml.jackson.databind.JsonNode answer) {
        com.fasterxml.jackson.databind.JsonNode result = answer.path("data").path("result");
        assertThat(result.size()).as(answer.toString()).isEqualTo(1);
        return Double.parseDouble(result.get(0).path("value").get(1).asText());
    }

    static TargetJvm withExporter(int port) throws Exception {
        return TargetJvm.withJavaAgent("6.3.3", SharedDatabase.jdbcUrlWithCredentials(), POOL, List.of(
                "-Dpoolscope.probe.stuckThresholdMillis=700",
                "-javaagent:" + TargetJvm.lib("jmx_prometheus_javaagent-") + "=127.0.0.1:" + port + ":"
                        + CONFIG.toAbsolutePath()));
    }

    static String scrape(HttpClient http, int port) throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics"))
                .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
        return response.body();
    }

    /** The value of the one sample of {@code metric} for pool "orders" whose labels contain every given pair. */
    static double value(String text, String metric, String... labelPairs) {
        List<String> lines = text.lines()
                .filter(l -> l.startsWith(metric + "{") && l.contains("pool_name=\"" + POOL + "\""))
                .filter(l -> List.of(labelPairs).stream().allMatch(l::contains))
                .toList();
        assertThat(lines).as(metric + " " + List.of(labelPairs) + " in:\n" + text).hasSize(1);
        String line = lines.get(0);
        return Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
    }

    static int freePort() throws Exception {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    /** {@code promtool check metrics} on scraped text; skipped (assumption) when promtool is absent. */
    static final class PromtoolCheck {
        /** promtool's complaints, one per line; empty when it is happy. */
        static List<String> metrics(String text) throws Exception {
            assumeTrue(onPath("promtool"), "promtool is not installed (Debian package prometheus; .ci/run installs it)");
            Path in = Files.createTempFile("scrape", ".txt");
            Path out = Files.createTempFile("promtool", ".txt");
            try {
                Files.writeString(in, text, StandardCharsets.UTF_8);
                Process p = new ProcessBuilder("promtool", "check", "metrics").redirectErrorStream(true)
                        .redirectInput(in.toFile()).redirectOutput(out.toFile()).start();
                if (!p.waitFor(30, TimeUnit.SECONDS)) {
                    p.destroyForcibly();
                    return List.of("promtool did not finish within 30 s");
                }
                String said = Files.readString(out, StandardCharsets.UTF_8);
                List<String> complaints = said.lines().map(String::strip).filter(l -> !l.isEmpty()).toList();
                assertThat(p.exitValue() == 0 || !complaints.isEmpty()).as("promtool failed without a word").isTrue();
                return complaints;
            } finally {
                Files.deleteIfExists(in);
                Files.deleteIfExists(out);
            }
        }

        private static boolean onPath(String tool) {
            for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
                if (Files.isExecutable(Paths.get(dir, tool))) {
                    return true;
                }
            }
            return false;
        }
    }
}
