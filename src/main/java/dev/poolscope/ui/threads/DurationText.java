package dev.poolscope.ui.threads;

/** Durations as the threads table shows them: "850 ms", "42 s", "3 min 05 s", "2 h 10 min"; "≥" marks lower bounds. */
final class DurationText {

    private DurationText() {
    }

    static String format(Long millis, boolean lowerBound) {
        if (millis == null) {
            return "";
        }
        return (lowerBound ? "≥ " : "") + format(millis);
    }

    static String format(long millis) {
        if (millis < 1000) {
            return millis + " ms";
        }
        long s = millis / 1000;
        if (s < 60) {
            return s + " s";
        }
        // Plain concatenation: this runs for every row once a second, and String.format is ~10x slower.
        if (s < 3600) {
            return (s / 60) + " min " + twoDigits(s % 60) + " s";
        }
        return (s / 3600) + " h " + twoDigits((s % 3600) / 60) + " min";
    }

    private static String twoDigits(long n) {
        return n < 10 ? "0" + n : Long.toString(n);
    }
}
