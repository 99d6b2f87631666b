package dev.poolscope.lab.report;

import dev.poolscope.lab.run.LabResult;
import dev.poolscope.lab.run.Sample;
import dev.poolscope.lab.run.StrategyResult;

import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.ToDoubleFunction;

/**
 * A self-contained HTML report (no scripts, no external files): verdict table, settings of every
 * strategy, and inline SVG charts of borrow wait and pool state per strategy.
 */
public final class HtmlReport {

    private static final int WIDTH = 520;
    private static final int HEIGHT = 140;

    private HtmlReport() {
    }

    public static String toHtml(LabResult r) {
        StringBuilder h = new StringBuilder();
        h.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">")
                .append("<title>PoolScope lab: ").append(esc(r.scenario().kind().id())).append("</title><style>")
                .append("body{font-family:system-ui,sans-serif;margin:2em;color:#222}table{border-collapse:collapse}")
                .append("td,th{border:1px solid #ccc;padding:4px 8px;text-align:left;vertical-align:top}")
                .append("th{background:#f3f3f3}.num{text-align:right}.lane{display:inline-block;margin:0 1em 1em 0;")
                .append("vertical-align:top}.note{color:#555}svg{background:#fafafa;border:1px solid #ddd}")
                .append("</style></head><body>\n");
        h.append("<h1>PoolScope lab: ").append(esc(r.scenario().kind().id())).append("</h1>\n");
        h.append("<p>").append(esc(r.scenario().kind().description())).append("</p>\n<p>Started ")
                .append(DateTimeFormatter.ISO_LOCAL_DATE_TIME.format(r.startedAt().atOffset(ZoneOffset.UTC)))
                .append(" UTC, ").append(r.durationMillis() / 1000).append(" s, middlebox ").append(r.middlebox().id())
                .append(", database ").append(esc(r.database())).append(r.cancelled() ? ", <b>cancelled</b>" : "")
                .append(".</p>\n");
        for (String note : r.notes()) {
            h.append("<p class=\"note\">").append(esc(note)).append("</p>\n");
        }
        h.append("<h2>Verdict</h2>\n<table><tr><th>#</th><th>Strategy</th><th>Borrow p50 / p99 / max (ms)</th>")
                .append("<th>Errors</th><th>Timeouts</th><th>Dead handed out</th><th>Validations</th>")
                .append("<th>Connections created</th><th>Max stuck</th><th>Recovery (ms)</th><th>Overhead q/s</th>")
                .append("<th>Keepalive judged</th><th>Why</th></tr>\n");
        for (StrategyResult s : r.strategies()) {
            h.append("<tr><td class=\"num\">").append(s.rank()).append("</td><td>").append(esc(s.strategy()))
                    .append("</td><td class=\"num\">").append(fmt(s.borrowWaitP50Millis())).append(" / ")
                    .append(fmt(s.borrowWaitP99Millis())).append(" / ").append(fmt(s.borrowWaitMaxMillis()))
                    .append("</td><td class=\"num\">").append(s.errors()).append("</td><td class=\"num\">")
                    .append(s.timeouts()).append("</td><td class=\"num\">").append(s.deadHandedOut())
                    .append("</td><td class=\"num\">").append(s.validations()).append(" (").append(s.unansweredValidations())
                    .append(" unanswered, ").append(fmt(s.validationMillis())).append(" ms)</td><td class=\"num\">").append(s.connectionsCreated()).append("</td><td class=\"num\">")
                    .append(s.maxStuckThreads()).append("</td><td class=\"num\">")
                    .append(s.recoveryMillis() == null ? "-" : s.recoveryMillis()).append("</td><td class=\"num\">")
                    .append(fmt(s.overheadQueriesPerSecond())).append("</td><td>").append(s.keepaliveJudged() ? "yes" : "no")
                    .append("</td><td>").append(esc(s.verdict())).append("</td></tr>\n");
        }
        h.append("</table>\n<h2>Per strategy</h2>\n<p class=\"note\">Time axis from the start of the warm-up; the dashed line is the fault.</p>\n");
        for (StrategyResult s : r.strategies()) {
            h.append("<div class=\"lane\"><h3>").append(esc(s.strategy())).append("</h3>\n");
            h.append("<p>Borrow wait, longest per ").append("sample (ms)</p>\n")
                    .append(chart(s.samples(), List.of(Sample::borrowWaitMaxMillis), List.of("#c0392b"), r.faultAtMillis()));
            h.append("<p>Pool: total (grey), active (blue), waiting (orange), stuck &gt; 1 s (red)</p>\n")
                    .append(chart(s.samples(), List.of(x -> x.total(), x -> x.active(), x -> x.waiting(), x -> x.stuckThreads()),
                            List.of("#888", "#2e86c1", "#e67e22", "#c0392b"), r.faultAtMillis()));
            h.append("<table>");
            for (Map.Entry<String, String> e : s.settings().describe().entrySet()) {
                h.append("<tr><th>").append(esc(e.getKey())).append("</th><td>").append(esc(e.getValue())).append("</td></tr>");
            }
            h.append("</table>");
            if (!s.errorsByKind().isEmpty()) {
                h.append("<p>Errors by kind: ");
                s.errorsByKind().forEach((k, v) -> h.append(esc(k)).append(" ").append(v).append("; "));
                h.append("</p>");
            }
            h.append("</div>\n");
        }
        return h.append("</body></html>\n").toString();
    }

    private static String chart(List<Sample> samples, List<ToDoubleFunction<Sample>> series, List<String> colors,
                                Long faultAtMillis) {
        StringBuilder svg = new StringBuilder();
        svg.append("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"").append(WIDTH).append("\" height=\"")
                .append(HEIGHT + 20).append("\" role=\"img\">");
        if (samples.isEmpty()) {
            return svg.append("<text x=\"10\" y=\"20\">no samples</text></svg>\n").toString();
        }
        double maxX = Math.max(1, samples.get(samples.size() - 1).elapsedMillis());
        double maxY = 1;
        for (ToDoubleFunction<Sample> f : series) {
            for (Sample s : samples) {
                maxY = Math.max(maxY, f.applyAsDouble(s));
            }
        }
        if (faultAtMillis != null) {
            double fx = 30 + (WIDTH - 40) * faultAtMillis / maxX;
            svg.append(String.format(Locale.ROOT, "<line class=\"fault\" x1=\"%.1f\" y1=\"10\" x2=\"%.1f\" y2=\"%d\" "
                    + "stroke=\"#555\" stroke-dasharray=\"4 3\"/><text x=\"%.1f\" y=\"20\" font-size=\"10\">fault</text>",
                    fx, fx, HEIGHT + 10, fx + 3));
        }
        for (int i = 0; i < series.size(); i++) {
            svg.append("<polyline fill=\"none\" stroke-width=\"1.5\" stroke=\"").append(colors.get(i)).append("\" points=\"");
            for (Sample s : samples) {
                double x = 30 + (WIDTH - 40) * s.elapsedMillis() / maxX;
                double y = 10 + HEIGHT - HEIGHT * series.get(i).applyAsDouble(s) / maxY;
                svg.append(String.format(Locale.ROOT, "%.1f,%.1f ", x, y));
            }
            svg.append("\"/>");
        }
        svg.append("<text x=\"2\" y=\"14\" font-size=\"10\">").append(fmt(maxY)).append("</text>")
                .append("<text x=\"").append(WIDTH - 60).append("\" y=\"").append(HEIGHT + 18)
                .append("\" font-size=\"10\">").append(fmt(maxX / 1000)).append(" s</text></svg>\n");
        return svg.toString();
    }

    private static String fmt(double v) {
        return String.format(Locale.ROOT, v >= 100 ? "%.0f" : "%.1f", v);
    }

    private static String esc(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
