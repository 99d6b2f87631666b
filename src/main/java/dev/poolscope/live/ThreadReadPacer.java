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

    private final Clock clock;
    private Instant lastStart;
    private long lastCostMillis;
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
        reads++;
    }

    /**
     * The least time between the starts of two thread reads, from the last read's cost. 0 after the
     * first read: it is cold (class loading and JIT on both sides; 0.9 to 2.4 s for 500 threads here,
     * docs/benchmarks.md), so the second read follows at the next poll and the spacing starts from a
     * warm read's cost.
     */
    long minGapMillis() {
        return reads < 2 ? 0 : COST_FACTOR * lastCostMillis;
    }

    /** What the last read cost and when it started, or null before the first. */
    ThreadPacing pacing() {
        return lastStart == null ? null : new ThreadPacing(lastStart, lastCostMillis, minGapMillis());
    }
}
