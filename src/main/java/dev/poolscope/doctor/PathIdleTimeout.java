package dev.poolscope.doctor;

import java.util.Locale;

/** The path's idle timeout as the user gave it: "350s", "4m", "1500ms", "1h", or a preset name. */
public record PathIdleTimeout(long millis, String source) {

    public static PathIdleTimeout fromDuration(String text) {
        return new PathIdleTimeout(parseMillis(text), "--path-idle-timeout " + text);
    }

    public static PathIdleTimeout fromPreset(String name) {
        PathPreset p = PathPreset.byName(name).orElseThrow(() -> new IllegalArgumentException(
                "unknown path '" + name + "'; known: " + names()));
        return new PathIdleTimeout(p.idleTimeoutMillis, p.description + ", " + p.source);
    }

    static String names() {
        StringBuilder sb = new StringBuilder();
        for (PathPreset p : PathPreset.values()) {
            sb.append(sb.length() > 0 ? ", " : "").append(p.cliName);
        }
        return sb.toString();
    }

    /** Whole number with unit ms, s, m or h; a bare number is seconds (as sysctls and LB consoles count). */
    public static long parseMillis(String text) {
        String t = text.trim().toLowerCase(Locale.ROOT);
        long unit = 1_000;
        String digits = t;
        if (t.endsWith("ms")) {
            unit = 1;
            digits = t.substring(0, t.length() - 2);
        } else if (t.endsWith("s")) {
            digits = t.substring(0, t.length() - 1);
        } else if (t.endsWith("m")) {
            unit = 60_000;
            digits = t.substring(0, t.length() - 1);
        } else if (t.endsWith("h")) {
            unit = 3_600_000;
            digits = t.substring(0, t.length() - 1);
        }
        try {
            long v = Long.parseLong(digits.trim());
            if (v <= 0) {
                throw new NumberFormatException();
            }
            return v * unit;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + text + "' is not a duration (for example 350s, 4m or 1500ms)");
        }
    }
}
