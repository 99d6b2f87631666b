package dev.poolscope.fleet;

import dev.poolscope.live.PoolSnapshot;
import dev.poolscope.live.report.Json;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** A sweep as text (one line per target and pool, worst first) or as JSON (README: sweep --json). */
public final class SweepReport {

    private SweepReport() {
    }

    public static String text(List<SweepResult> results) {
        StringBuilder out = new StringBuilder();
        for (SweepResult r : results) {
            if (r.error() != null) {
                out.append(String.format(Locale.ROOT, "%-11s %s: %s%n", "UNREACHABLE", r.target().text(), r.error()));
                continue;
            }
            String severity = r.headline() == null ? "NO-THREADS" : r.headline().severity().name();
            String tail = (r.stuckThreads() == null ? "threads not read" : r.stuckThreads() + " stuck threads")
                    + (r.headline() == null ? "" : "; " + r.headline().problem());
            if (r.pools().isEmpty()) {
                out.append(String.format(Locale.ROOT, "%-11s %s: %s; %s%n", severity, r.target().text(),
                        r.noPoolsReason() == null ? "no pools found" : r.noPoolsReason(), tail));
            }
            for (PoolSnapshot p : r.pools()) {
                out.append(String.format(Locale.ROOT, "%-11s %s pool %s: active %d, idle %d, total %d, waiting %d; %s%n",
                        severity, r.target().text(), p.name(), p.active(), p.idle(), p.total(), p.pending(), tail));
            }
        }
        return out.toString();
    }

    public static String json(List<SweepResult> results) {
        List<Object> rows = new ArrayList<>();
        for (SweepResult r : results) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("target", r.target().text());
            m.put("error", r.error());
            m.put("severity", r.error() != null ? "unreachable"
                    : r.headline() == null ? null : r.headline().severity().name().toLowerCase(Locale.ROOT));
            m.put("headline", r.headline() == null ? null : r.headline().problem());
            m.put("stuckThreads", r.stuckThreads());
            m.put("tookMillis", r.tookMillis());
            List<Object> pools = new ArrayList<>();
            for (PoolSnapshot p : r.pools()) {
                Map<String, Object> pm = new LinkedHashMap<>();
                pm.put("name", p.name());
                pm.put("active", p.active());
                pm.put("idle", p.idle());
                pm.put("total", p.total());
                pm.put("pending", p.pending());
                pools.add(pm);
            }
            m.put("pools", pools);
            m.put("noPoolsReason", r.noPoolsReason());
            rows.add(m);
        }
        return Json.write(rows);
    }
}
