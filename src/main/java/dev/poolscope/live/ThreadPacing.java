package dev.poolscope.live;

import dev.poolscope.text.Durations;

import java.time.Duration;
import java.time.Instant;

/**
 * How often a poller reads a target's threads (see {@link ThreadReadPacer}): pools follow the
 * user's interval, threads at most every {@code minGapMillis}.
 *
 * @param lastReadAt   when the thread read now shown started
 * @param readMillis   its wall time
 * @param minGapMillis the least time between two thread reads (a multiple of {@code readMillis})
 */
public record ThreadPacing(Instant lastReadAt, long readMillis, long minGapMillis) {

    /** True when threads are read less often than pools at this refresh interval. */
    public boolean spacedAt(Duration interval) {
        return minGapMillis > interval.toMillis();
    }

    /**
     * "threads every ≥ 21 s (reading them takes 410 ms)" when spaced at this interval, else null.
     * A bound: the read starts at the first poll after the gap.
     */
    public String describe(Duration interval) {
        if (!spacedAt(interval)) {
            return null;
        }
        return "threads every ≥ " + Durations.elapsed(minGapMillis) + " (reading them takes "
                + Durations.elapsed(readMillis) + ")";
    }
}
