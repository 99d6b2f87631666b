package dev.poolscope.live;

/**
 * Borrow (getConnection) statistics since the probe was loaded. Percentiles are null when
 * nothing was measured (no probe, or no borrow yet).
 */
public record BorrowStats(
        long count,
        long timeouts,
        Double p50Millis,
        Double p99Millis,
        Double maxMillis,
        int waiting) {

    public static BorrowStats waitingOnly(int waiting) {
        return new BorrowStats(0, 0, null, null, null, waiting);
    }
}
