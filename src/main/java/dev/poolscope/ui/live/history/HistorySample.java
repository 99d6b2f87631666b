package dev.poolscope.ui.live.history;

/**
 * One pool's borrow and connection counts at one refresh.
 *
 * @param waitP50Millis null when nothing was measured (no probe, or no borrow yet)
 */
public record HistorySample(long atMillis, Double waitP50Millis, Double waitP99Millis, int waiting,
                            int active, int idle, int total) {
}
