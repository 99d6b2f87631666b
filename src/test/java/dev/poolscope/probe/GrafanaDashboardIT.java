package dev.poolscope.probe;

import com.fasterxml.jackson.databind.JsonNode;
import dev.poolscope.fleet.GrafanaDashboard;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Every query of the shipped Grafana dashboard, evaluated by a real Prometheus server that scrapes
 * the real JMX exporter (shipped config) beside the probe in a child JVM: each must succeed and
 * return series carrying the pool's label, for the selected job/instance/pool and for "All".
 * Grafana itself is not run (not installable here): its variables are expanded as it would.
 */
@ExtendWith(SharedDatabase.class)
class GrafanaDashboardIT {

    private static final Duration STEP = Duration.ofSeconds(20);
    private static final String JOB = "poolscope-dashboard-it";
    private static final String POOL = "orders";

    @Test
    void everyDashboardQueryReturnsSeriesForThePoolFromARealPrometheus() throws Exception {
        assumeTrue(PrometheusServer.installed(), "prometheus is not installed (Debian package prometheus; .ci/run installs it)");
        GrafanaDashboard dashboard = GrafanaDashboard.shipped();
        int port = PrometheusExportIT.freePort();
        String instance = "127.0.0.1:" + port;
        try (TargetJvm target = PrometheusExportIT.withExporter(port);
             PrometheusServer prometheus = PrometheusServer.scraping(JOB, port)) {
            target.awaitLine("POOLREADY", STEP);
            // Known state: holder-2 keeps 1 of 2 connections past the 0.7 s threshold; waiter-1
            // waited for holder-1's connection, so there is a borrow wait in the last minute.
            target.send("HOLD holder-1");
            target.awaitLine("HELD holder-1", STEP);
            target.send("HOLD holder-2");
            target.awaitLine("HELD holder-2", STEP);
            target.send("WAIT waiter-1");
            target.send("RELEASE holder-1");
            target.awaitLine("GOT waiter-1", STEP);

            List<Map<String, String>> selections = List.of(
                    Map.of("job", JOB, "instance", instance, "pool", POOL),
                    Map.of("job", ".*", "instance", ".*", "pool", ".*")); // Grafana's allValue
            await().atMost(Duration.ofSeconds(40)).pollInterval(Duration.ofSeconds(1)).untilAsserted(() -> {
                List<String> problems = new ArrayList<>();
                for (Map<String, String> selection : selections) {
                    for (GrafanaDashboard.Query q : dashboard.queries()) {
                        String expr = GrafanaDashboard.expand(q.expr(), selection, "10s");
                        String problem = problem(prometheus.query(expr), instance);
                        if (problem != null) {
                            problems.add(q.panel() + " [" + q.refId() + "] " + expr + ": " + problem);
                        }
                    }
                }
                assertThat(problems).as("queries without the pool's series").isEmpty();
            });

            // Two panels with a known value, so "returns a series" is not the whole check.
            String sel = "job=\"" + JOB + "\", instance=\"" + instance + "\", pool_name=\"" + POOL + "\"";
            await().atMost(STEP).pollInterval(Duration.ofSeconds(1)).untilAsserted(() -> {
                assertThat(onlyValue(prometheus.query("sum without (state) (db_client_connection_count{" + sel
                        + ", state=\"used\"}) / db_client_connection_max{" + sel + "}"))).isEqualTo(0.5);
                assertThat(onlyValue(prometheus.query("poolscope_connections_held_past_threshold{" + sel + "}"))).isEqualTo(1.0);
            });

            // The job/instance/pool variables: label_values(selector, label) finds this target.
            Map<String, String> all = Map.of("job", ".*", "instance", ".*", "pool", ".*");
            for (GrafanaDashboard.Variable v : dashboard.queryVariables()) {
                JsonNode r = prometheus.query(GrafanaDashboard.expand(v.selector(), all, "10s"));
                List<String> values = new ArrayList<>();
                r.path("data").path("result").forEach(s -> values.add(s.path("metric").path(v.label()).asText()));
                String expected = switch (v.name()) {
                    case "job" -> JOB;
                    case "instance" -> instance;
                    default -> POOL;
                };
                assertThat(values).as("variable " + v.name() + " from " + v.selector()).contains(expected);
            }
        }
    }

    /** Why a query's answer does not show this pool, or null when it does. */
    private static String problem(JsonNode answer, String instance) {
        if (!"success".equals(answer.path("status").asText())) {
            return "error " + answer.path("errorType").asText() + ": " + answer.path("error").asText();
        }
        JsonNode result = answer.path("data").path("result");
        if (!"vector".equals(answer.path("data").path("resultType").asText()) || result.isEmpty()) {
            return "no series";
        }
        for (JsonNode series : result) {
            JsonNode m = series.path("metric");
            if (!POOL.equals(m.path("pool_name").asText()) || !instance.equals(m.path("instance").asText())
                    || !JOB.equals(m.path("job").asText())) {
                return "a series without job/instance/pool_name of this pool: " + m;
            }
        }
        return null;
    }

    private static double onlyValue(JsonNode answer) {
        JsonNode result = answer.path("data").path("result");
        assertThat(result.size()).as(answer.toString()).isEqualTo(1);
        return Double.parseDouble(result.get(0).path("value").get(1).asText());
    }
}
