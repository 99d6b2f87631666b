package dev.poolscope.text;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;

/**
 * Pure text forms of durations for the screens. Two styles: {@link #elapsed} for values that tick
 * (always shows the next-smaller unit, zero-padded, so a column does not jump in width) and
 * {@link #setting} for configured limits (drops zero parts: "10m", not "10m 00s").
 */
public final class Durations {

    private static final long SECOND = 1_000;
    private static final long MINUTE = 60 * SECOND;
    private static final long HOUR = 60 * MINUTE;
    private static final long DAY = 24 * HOUR;
    private static final DateTimeFormatter TIME_OF_DAY = DateTimeFormatter.ofPattern("HH:mm:ss");

    private Durations() {
    }

    /** "850 ms", "4.2 s", "42 s", "4m 12s", "1h 03m", "2d 04h". Negative values count as 0. */
    public static String elapsed(long millis) {
        long ms = Math.max(0, millis);
        if (ms < SECOND) {
            return ms + " ms";
        }
        if (ms < 10 * SECOND) {
            // One decimal, truncated: 9 999 ms must not round up to "10.0 s".
            return (ms / SECOND) + "." + (ms % SECOND) / 100 + " s";
        }
        if (ms < MINUTE) {
            return (ms / SECOND) + " s";
        }
        if (ms < HOUR) {
            return (ms / MINUTE) + "m " + twoDigits((ms % MINUTE) / SECOND) + "s";
        }
        if (ms < DAY) {
            return (ms / HOUR) + "h " + twoDigits((ms % HOUR) / MINUTE) + "m";
        }
        return (ms / DAY) + "d " + twoDigits((ms % DAY) / HOUR) + "h";
    }

    /** Like {@link #elapsed(long)}; "–" for null (not known or not applicable). */
    public static String elapsed(Long millis) {
        return millis == null ? "–" : elapsed(millis.longValue());
    }

    /** "250 ms", "5 s", "2.5 s", "1m 30s", "10m", "2h", "1h 30m"; "off" for 0 (HikariCP's "disabled"). */
    public static String setting(long millis) {
        if (millis <= 0) {
            return "off";
        }
        if (millis < SECOND) {
            return millis + " ms";
        }
        if (millis < MINUTE) {
            return trimZero(millis / (double) SECOND) + " s";
        }
        long h = millis / HOUR;
        long m = (millis % HOUR) / MINUTE;
        long s = (millis % MINUTE) / SECOND;
        StringBuilder sb = new StringBuilder();
        appendPart(sb, h, "h");
        appendPart(sb, m, "m");
        appendPart(sb, s, "s");
        return sb.toString();
    }

    private static void appendPart(StringBuilder sb, long value, String unit) {
        if (value > 0) {
            sb.append(sb.length() > 0 ? " " : "").append(value).append(unit);
        }
    }

    /** Like {@link #setting(long)}; "–" for null (the pool's library has no such setting). */
    public static String setting(Long millis) {
        return millis == null ? "–" : setting(millis.longValue());
    }

    /** Freshness for the status bar: "0.4 s ago", "12 s ago", "3m 02s ago". */
    public static String ago(Duration d) {
        long ms = Math.max(0, d.toMillis());
        if (ms < 10 * SECOND) {
            return (ms / SECOND) + "." + (ms % SECOND) / 100 + " s ago";
        }
        return elapsed(ms) + " ago";
    }

    /** The time of day an instant names, "10:31:02" (the one form for "as of" times and chart axes); "–" for null. */
    public static String timeOfDay(Instant instant, ZoneId zone) {
        return instant == null ? "–" : LocalTime.ofInstant(instant, zone).format(TIME_OF_DAY);
    }

    private static String twoDigits(long v) {
        return v < 10 ? "0" + v : Long.toString(v);
    }

    private static String trimZero(double v) {
        String s = String.format(java.util.Locale.ROOT, "%.1f", v);
        return s.endsWith(".0") ? s.substring(0, s.length() - 2) : s;
    }
}
