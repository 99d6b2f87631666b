package dev.poolscope.fleet;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The shipped Grafana dashboard, read with Jackson: its panels' PromQL and its template variables. */
public final class GrafanaDashboard {

    public static final Path FILE = Paths.get("packaging/grafana/poolscope-dashboard.json");
    private static final Pattern VARIABLE = Pattern.compile("\\$(\\w+)|\\$\\{(\\w+)}");
    private static final Pattern LABEL_VALUES = Pattern.compile("label_values\\((.*),\\s*(\\w+)\\)");

    /** One query of one panel. */
    public record Query(String panel, String refId, String expr, String datasourceUid) {}

    /** A {@code label_values(selector, label)} template variable. */
    public record Variable(String name, String selector, String label) {}

    private final JsonNode root;

    private GrafanaDashboard(JsonNode root) {
        this.root = root;
    }

    public static GrafanaDashboard shipped() throws IOException {
        return new GrafanaDashboard(new ObjectMapper().readTree(FILE.toFile()));
    }

    /** Every panel that is not a row, by title, with its queries (a row's nested panels included). */
    public Map<String, List<Query>> panels() {
        Map<String, List<Query>> out = new LinkedHashMap<>();
        collect(root.path("panels"), out);
        return out;
    }

    public List<Query> queries() {
        return panels().values().stream().flatMap(List::stream).toList();
    }

    private static void collect(JsonNode panels, Map<String, List<Query>> out) {
        for (JsonNode p : panels) {
            if ("row".equals(p.path("type").asText())) {
                collect(p.path("panels"), out);
                continue;
            }
            List<Query> qs = new ArrayList<>();
            for (JsonNode t : p.path("targets")) {
                qs.add(new Query(p.path("title").asText(), t.path("refId").asText(), t.path("expr").asText(),
                        t.path("datasource").path("uid").asText(null)));
            }
            out.put(p.path("title").asText(), qs);
        }
    }

    /** The query variables, in order (each {@code label_values(selector, label)}). */
    public List<Variable> queryVariables() {
        List<Variable> out = new ArrayList<>();
        for (JsonNode v : root.path("templating").path("list")) {
            if (!"query".equals(v.path("type").asText())) {
                continue;
            }
            String q = v.path("query").isObject() ? v.path("query").path("query").asText() : v.path("query").asText();
            Matcher m = LABEL_VALUES.matcher(q.strip());
            if (!m.matches()) {
                throw new IllegalStateException("variable " + v.path("name").asText() + " is not label_values(...): " + q);
            }
            out.add(new Variable(v.path("name").asText(), m.group(1).strip(), m.group(2)));
        }
        return out;
    }

    /** Names of every template variable (datasource and query ones). */
    public List<String> variableNames() {
        List<String> out = new ArrayList<>();
        root.path("templating").path("list").forEach(v -> out.add(v.path("name").asText()));
        return out;
    }

    /** The {@code $name} / {@code ${name}} references in a text. */
    public static List<String> variablesIn(String text) {
        List<String> out = new ArrayList<>();
        Matcher m = VARIABLE.matcher(text);
        while (m.find()) {
            out.add(m.group(1) != null ? m.group(1) : m.group(2));
        }
        return out;
    }

    /**
     * What Grafana sends for a query: each {@code $name} replaced by its value (a regex for
     * {@code =~} matchers), {@code $__rate_interval} by {@code rateInterval}.
     */
    public static String expand(String expr, Map<String, String> values, String rateInterval) {
        String out = expr.replace("$__rate_interval", rateInterval);
        for (Map.Entry<String, String> e : values.entrySet()) {
            out = out.replace("${" + e.getKey() + "}", e.getValue()).replace("$" + e.getKey(), e.getValue());
        }
        return out;
    }
}
