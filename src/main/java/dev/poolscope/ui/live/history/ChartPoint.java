package dev.poolscope.ui.live.history;

/** One point of a time series: when (epoch millis) and the value. */
public record ChartPoint(long atMillis, double value) {
}
