package dev.poolscope.ui.threads;

import dev.poolscope.text.Durations;

/** Durations as the threads table shows them, in the one format of {@link Durations}; "≥" marks lower bounds. */
final class DurationText {

    private DurationText() {
    }

    static String format(Long millis, boolean lowerBound) {
        if (millis == null) {
            return "";
        }
        return (lowerBound ? "≥ " : "") + Durations.elapsed(millis.longValue());
    }
}
