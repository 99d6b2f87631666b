package dev.poolscope.live;

/**
 * Borrow (getConnection) statistics since the probe was loaded. Percentiles are null when
 * nothing was measured (no probe, or no borrow yet).
 *
 * @param failures   getConnection calls that failed for another reason than a timeout
 * @param lastMinute the same over the last minute, or null when the probe does not report it
 * @param notMeasuredReason why borrows were not measured (count, timeouts, failures and percentiles are
 *                          then unknown, not 0; {@code waiting} may still come from HikariPoolMXBean), or null
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
        Window lastMinute,
        String notMeasuredReason) {

    /** No probe: HikariCP's MBeans count neither borrows, timeouts nor failures, so they are unknown. */
    public static final String NOT_MEASURED_WITHOUT_PROBE = "not exposed over JMX without the PoolScope probe:"
            + " HikariCP's MBeans do not count borrows, timeouts or failures (only ThreadsAwaitingConnection)";

    public BorrowStats(long count, long timeouts, Double p50Millis, Double p99Millis, Double maxMillis, int waiting,
                       Double p95Millis, long failures, Window lastMinute) {
        this(count, timeouts, p50Millis, p99Millis, maxMillis, waiting, p95Millis, failures, lastMinute, null);
    }

    /** Only the number waiting is known; the rest was not measured, for {@code reason}. */
    public static BorrowStats notMeasured(int waiting, String reason) {
        return new BorrowStats(0, 0, null, null, null, waiting, null, 0, null, reason);
    }

    public boolean measured() {
        return notMeasuredReason == null;
    }

    /** Statistics of a recent time window. */
    public record Window(long count, long timeouts, Double p50Millis, Double p95Millis, Double p99Millis,
                         Double maxMillis, long spanMillis) {
    }

    public BorrowStats(long count, long timeouts, Double p50Millis, Double p99Millis, Double maxMillis, int waiting) {
        this(count, timeouts, p50Millis, p99Millis, maxMillis, waiting, null, 0, null, null);
    }

    public static BorrowStats waitingOnly(int waiting) {
        return new BorrowStats(0, 0, null, null, null, waiting);
    }
}
