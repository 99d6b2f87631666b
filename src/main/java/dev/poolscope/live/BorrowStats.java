package dev.poolscope.live;

/**
 * Borrow (getConnection) statistics since the probe was loaded. Percentiles are null when
 * nothing was measured (no probe, or no borrow yet).
 *
 * @param failures   getConnection calls that failed for another reason than a timeout
 * @param lastMinute the same over the last minute, or null when the probe does not report it
 */
public record BorrowStats(
        long count,
        long timeouts,
        Double p50Millis,
        Double p99Millis,
        Double maxMillis,
        int waiting,
        Double p95Millis,
        long failures,
        Window lastMinute) {

    /** Statistics of a recent time window. */
    public record Window(long count, long timeouts, Double p50Millis, Double p95Millis, Double p99Millis,
                         Double maxMillis, long spanMillis) {
    }

    public BorrowStats(long count, long timeouts, Double p50Millis, Double p99Millis, Double maxMillis, int waiting) {
        this(count, timeouts, p50Millis, p99Millis, maxMillis, waiting, null, 0, null);
    }

    public static BorrowStats waitingOnly(int waiting) {
        return new BorrowStats(0, 0, null, null, null, waiting);
    }
}
