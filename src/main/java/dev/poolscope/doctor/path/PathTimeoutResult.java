package dev.poolscope.doctor.path;

import dev.poolscope.text.Durations;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the finder learned. The path forgets idle flows somewhere in (lowMillis, highMillis]:
 * lowMillis is the longest idle time that was still answered, highMillis the shortest that was
 * dropped. Either side can be unknown (null): no drop up to max, or even the shortest idle tried
 * was dropped, or the search was cancelled before a check.
 *
 * @param status      "drop_found", "no_drop" or "cancelled"
 * @param consistent  false if a longer idle was answered after a shorter one was dropped
 */
public record PathTimeoutResult(String status, Long lowMillis, Long highMillis, long maxMillis,
                                long checkDeadlineMillis, long elapsedMillis, boolean consistent,
                                List<IdleProbe> probes) {

    public PathTimeoutResult {
        probes = List.copyOf(probes);
    }

    public boolean dropFound() {
        return highMillis != null;
    }

    /** Width of the interval the timeout lies in; null if it has no upper side. */
    public Long resolutionMillis() {
        return highMillis == null ? null : highMillis - (lowMillis == null ? 0 : lowMillis);
    }

    /** One line for a person: exact bounds, or what was not found and up to where. */
    public String summary() {
        if ("cancelled".equals(status) && highMillis == null) {
            return "Cancelled after " + Durations.elapsed(elapsedMillis)
                    + (lowMillis == null ? "; no check had finished." : "; idle flows were still answered after "
                    + Durations.elapsed(lowMillis) + ".");
        }
        if (highMillis == null) {
            return "No drop up to " + Durations.elapsed(lowMillis == null ? maxMillis : lowMillis)
                    + " idle (--max " + Durations.elapsed(maxMillis) + ").";
        }
        String lowText = lowMillis == null ? "at most " + highMillis + " ms"
                + " (even the shortest idle tried was dropped)"
                : "more than " + lowMillis + " ms, at most " + highMillis + " ms";
        return "The path drops flows idle " + lowText + " (resolution " + resolutionMillis() + " ms)"
                + (consistent ? "." : "; some checks disagree, so the path may not have one fixed idle timeout.");
    }

    /** The JSON form: idleTimeoutMillis is a bound pair, as that is what was measured. */
    public Map<String, Object> toJsonMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("status", status);
        Map<String, Object> bounds = null;
        if (highMillis != null) {
            bounds = new LinkedHashMap<>();
            bounds.put("low", lowMillis);
            bounds.put("high", highMillis);
        }
        m.put("idleTimeoutMillis", bounds);
        m.put("resolutionMillis", resolutionMillis());
        m.put("noDropUpToMillis", highMillis == null ? lowMillis : null);
        m.put("maxMillis", maxMillis);
        m.put("checkDeadlineMillis", checkDeadlineMillis);
        m.put("elapsedMillis", elapsedMillis);
        m.put("consistent", consistent);
        m.put("summary", summary());
        List<Object> list = new ArrayList<>();
        for (IdleProbe p : probes) {
            list.add(p.toJsonMap());
        }
        m.put("probes", list);
        return m;
    }
}
