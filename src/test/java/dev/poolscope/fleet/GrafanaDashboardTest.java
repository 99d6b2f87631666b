package dev.poolscope.fleet;

import org.junit.jupiter.api.Test;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The shipped dashboard's shape and PromQL syntax. Its queries are evaluated against a real
 * Prometheus scraping the real exporter in GrafanaDashboardIT; this is the fast check.
 */
class GrafanaDashboardTest {

    private static final Path EXPORTER_CONFIG = Paths.get("packaging/prometheus/jmx-exporter.yaml");

    @Test
    void everyPanelHasAQueryOnTheTemplatedDatasource() throws Exception {
        Map<String, List<GrafanaDashboard.Query>> panels = GrafanaDashboard.shipped().panels();
        assertThat(panels).isNotEmpty();
        panels.forEach((title, queries) -> {
            assertThat(queries).as(title).isNotEmpty();
            assertThat(queries).as(title).allSatisfy(q -> {
                assertThat(q.expr()).as(title + " " + q.refId()).isNotBlank();
                assertThat(q.datasourceUid()).as(title + " " + q.refId()).isEqualTo("${datasource}");
            });
        });
    }

    @Test
    void queriesUseOnlyDefinedVariablesAndFilterByJobInstanceAndPool() throws Exception {
        GrafanaDashboard d = GrafanaDashboard.shipped();
        assertThat(d.variableNames()).contains("datasource", "job", "instance", "pool");
        for (GrafanaDashboard.Query q : d.queries()) {
            assertThat(GrafanaDashboard.variablesIn(q.expr())).as(q.panel() + " " + q.expr())
                    .allSatisfy(v -> assertThat(v).isIn(listWith(d.variableNames(), "__rate_interval")));
            assertThat(q.expr()).as(q.panel()).contains("job=~\"$job\"", "instance=~\"$instance\"", "pool_name=~\"$pool\"");
        }
    }

    @Test
    void everySeriesTheExporterConfigPublishesIsOnTheDashboard() throws Exception {
        String allExprs = String.join("\n", GrafanaDashboard.shipped().queries().stream().map(GrafanaDashboard.Query::expr).toList());
        assertThat(exportedSeries()).isNotEmpty().allSatisfy(name -> assertThat(allExprs).as(name).contains(name + "{"));
    }

    @Test
    void everyQueryIsValidPromqlForPromtool() throws Exception {
        assumeTrue(onPath("promtool"), "promtool is not installed (Debian package prometheus; .ci/run installs it)");
        // promtool has no offline "check this expression": a recording-rule file holding every
        // query (variables expanded as Grafana's "All" would) is parsed by `promtool check rules`.
        List<GrafanaDashboard.Query> queries = GrafanaDashboard.shipped().queries();
        StringBuilder rules = new StringBuilder("groups:\n  - name: dashboard\n    rules:\n");
        for (int i = 0; i < queries.size(); i++) {
            String expr = GrafanaDashboard.expand(queries.get(i).expr(),
                    Map.of("job", ".*", "instance", ".*", "pool", ".*"), "1m");
            rules.append("      - record: dashboard:q").append(i).append("\n        expr: '")
                    .append(expr.replace("'", "''")).append("'\n");
        }
        Path file = Files.createTempFile("dashboard-rules", ".yaml");
        Path out = Files.createTempFile("promtool", ".txt");
        try {
            Files.writeString(file, rules, StandardCharsets.UTF_8);
            Process p = new ProcessBuilder("promtool", "check", "rules", file.toString()).redirectErrorStream(true)
                    .redirectOutput(out.toFile()).start();
            boolean done = p.waitFor(30, TimeUnit.SECONDS);
            if (!done) {
                p.destroyForcibly();
            }
            String said = Files.readString(out, StandardCharsets.UTF_8);
            assertThat(done).as("promtool finished within 30 s").isTrue();
            assertThat(p.exitValue()).as(said + "\n" + rules).isZero();
            assertThat(said).contains("SUCCESS: " + queries.size() + " rules found");
        } finally {
            Files.deleteIfExists(file);
            Files.deleteIfExists(out);
        }
    }

    /** Prometheus names the exporter config publishes: each rule's name, plus _total for counters. */
    static List<String> exportedSeries() throws Exception {
        List<String> names = new ArrayList<>();
        String name = null;
        for (String line : Files.readAllLines(EXPORTER_CONFIG)) {
            String l = line.strip();
            if (l.startsWith("name:")) {
                name = l.substring(5).strip();
            } else if (l.startsWith("type:") && name != null) {
                String n = l.endsWith("COUNTER") ? name + "_total" : name;
                if (!names.contains(n)) {
                    names.add(n);
                }
                name = null;
            }
        }
        return names;
    }

    private static List<String> listWith(List<String> list, String more) {
        List<String> out = new ArrayList<>(list);
        out.add(more);
        return out;
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
