package dev.poolscope.live;

import java.time.Clock;
import java.time.Instant;

/**
 * Decides, per poll of one target, whether its threads are read again or the last read is shown
 * once more. Pools are cheap (a few attributes) and follow the user's interval; a thread read of a
 * service with thousands of threads is not (about 2 s for 5,000 threads over loopback RMI, most of
 * it serialization on both sides, docs/benchmarks.md), so it starts at most once per
 * {@link #COST_FACTOR} × the wall time of the last one. Used by one poller thread; not thread-safe.
 */
final class ThreadReadPacer {

    /**
     * Why 50: while a read runs the client has one thread on it (the poller, deserializing the RMI
     * reply, then classifying), so its CPU time is at most the read's wall time. Starting a read no
     * sooner than 50 × that wall time after the last one started keeps the reads at ≤ 1/50 = 2 % of
     * one client core. The target's side of a read (a safepoint, then one RMI thread serializing) is
     * bounded the same way, which is the issue's ≤ 2 % / ≤ 5 % of a core for the watched service.
     * Reads cheaper than interval / 50 (the demo: ~10 ms) are never spaced.
     */
    static final int COST_FACTOR = 50;

    /**
     * The cost is the cheapest of the last few warm reads' wall times: a read's wall time is its CPU
     * time plus whatever the scheduler added (on a loaded machine, a 20 ms read of the demo took
     * 343 ms once and spaced the next read 17 s away). Waiting adds to wall time, never takes from
     * it, so the minimum is the closest bound on the CPU cost; a target that grew threads is
     * followed within {@code RECENT} reads.
     */
    static final int RECENT = 3;

    private final Clock clock;
    private Instant lastStart;
    private long lastCostMillis;
    private final long[] recentCosts = new long[RECENT];
    private long reads;

    ThreadReadPacer(Clock clock) {
        this.clock = clock;
    }

    /** True when no read was made yet or the last one started at least {@link #minGapMillis()} ago. */
    boolean due() {
        return lastStart == null || clock.millis() - lastStart.toEpochMilli() >= minGapMillis();
    }

    /** A read that started at {@code started} and ended now; failed reads are not recorded, so the next poll retries. */
    void readEnded(Instant started) {
        lastStart = started;
        lastCostMillis = Math.max(0, clock.millis() - started.toEpochMilli());
        if (reads > 0) { // the cold first read is not a cost estimate
            recentCosts[(int) ((reads - 1) % RECENT)] = lastCostMillis;
        }
        reads++;
    }

    /** The cheapest of the last {@link #RECENT} warm reads. */
    private long costMillis() {
        long min = Long.MAX_VALUE;
        for (int i = 0; i < Math.min(RECENT, reads - 1); i++) {
            min = Math.min(min, recentCosts[i]);
        }
        return min;
    }

    /**
     * The least time between the starts of two thread reads, from the recent reads' cost. 0 after the
     * first read: it is cold (class loading and JIT on both sides; 0.9 to 2.4 s for 500 threads here,
     * docs/benchmarks.md), so the second read follows at the next poll and the spacing starts from a
     * warm read's cost.
     */
    long minGapMillis() {
        return reads < 2 ? 0 : COST_FACTOR * costMillis();
    }

    /** What the last read cost and when it started, or null before the first. */
    ThreadPacing pacing() {
        return lastStart == null ? null : new ThreadPacing(lastStart, reads < 2 ? lastCostMillis : costMillis(), minGapMillis());
    }
}
