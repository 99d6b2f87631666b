package dev.poolscope.live.report;

/** Human durations for tables: "850 ms", "12.4 s", "4m 12s", "1h 03m"; null becomes "-". */
public final class Durations {

    private Durations() {
    }

    public static String format(Long millis) {
        if (millis == null) {
            return "-";
        }
        long ms = millis;
        if (ms < 1_000) {
            return ms + " ms";
        }
        if (ms < 60_000) {
            return String.format(java.util.Locale.ROOT, "%.1f s", ms / 1000.0);
        }
        long s = ms / 1000;
        if (s < 3600) {
            return (s / 60) + "m " + String.format("%02d", s % 60) + "s";
        }
        return (s / 3600) + "h " + String.format("%02d", (s % 3600) / 60) + "m";
    }
}
