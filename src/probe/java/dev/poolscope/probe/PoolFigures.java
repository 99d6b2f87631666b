package dev.poolscope.probe;

import java.util.List;

/**
 * One pool's numbers at one instant, flat and immutable, for exporters that read plain numeric
 * attributes ({@link PoolMetrics}). Built from the same read as the PoolProbe snapshot, without
 * borrow stacks. Seconds, not milliseconds, because that is what Prometheus and OpenTelemetry use.
 */
final class PoolFigures {

    final int active;
    final int idle;
    final int total;
    final int max;
    final int minIdle;
    final int pending;
    final int probeWaiting;
    final long borrowsTotal;
    final long timeoutsTotal;
    final long borrowFailuresTotal;
    /** Last minute's borrow waits; NaN when no borrow finished in that minute. */
    final double waitP50Seconds;
    final double waitP95Seconds;
    final double waitP99Seconds;
    final double waitMaxSeconds;
    final long waitCountLastMinute;
    final int heldPastThreshold;
    final double heldThresholdSeconds;
    /** 0 when no connection is in use (nothing held, so nothing held long). */
    final double longestHeldSeconds;
    final boolean instrumented;

    private PoolFigures(PoolReader.Read r, int max, int minIdle, int probeWaiting, long borrowsTotal,
                        long timeoutsTotal, long borrowFailuresTotal, LatencyHistogram.Summary minute,
                        long heldThresholdMillis, boolean instrumented) {
        this.active = r.active;
        this.idle = r.idle;
        this.total = r.total;
        this.max = max;
        this.minIdle = minIdle;
        this.pending = r.pending >= 0 ? r.pending : probeWaiting;
        this.probeWaiting = probeWaiting;
        this.borrowsTotal = borrowsTotal;
        this.timeoutsTotal = timeoutsTotal;
        this.borrowFailuresTotal = borrowFailuresTotal;
        this.waitP50Seconds = seconds(minute.percentileMillis(50));
        this.waitP95Seconds = seconds(minute.percentileMillis(95));
        this.waitP99Seconds = seconds(minute.percentileMillis(99));
        this.waitMaxSeconds = seconds(minute.maxMillis());
        this.waitCountLastMinute = minute.count;
        this.heldThresholdSeconds = heldThresholdMillis / 1000.0;
        int past = 0;
        long longest = 0;
        List<PoolReader.ConnectionRead> connections = r.connections;
        for (int i = 0; i < connections.size(); i++) {
            long inUse = connections.get(i).inUseMillis;
            if (inUse > heldThresholdMillis) {
                past++;
            }
            longest = Math.max(longest, inUse);
        }
        this.heldPastThreshold = past;
        this.longestHeldSeconds = longest / 1000.0;
        this.instrumented = instrumented;
    }

    static PoolFigures of(PoolReader.Read r, int max, int minIdle, PoolTracker tracker,
                          long heldThresholdMillis, boolean instrumented) {
        int waiting = tracker.waiters().size() + tracker.waitersUntracked();
        return new PoolFigures(r, max, minIdle, waiting, tracker.sinceLoad().count, tracker.timeouts(),
                tracker.failures(), tracker.lastMinute(r.nowNanos), heldThresholdMillis, instrumented);
    }

    private static double seconds(double millis) {
        return millis < 0 ? Double.NaN : millis / 1000.0;
    }
}
