package dev.poolscope.live.threads;

import java.util.Map;

/**
 * What the probe knows about threads and connections, keyed by thread id: exact times, measured in
 * the target, that sampling cannot give. Optional input to {@link StuckTracker}: without it
 * durations come from sampling and are lower bounds. Built by the live poller from the probe's
 * MXBean (borrow waiters, and each connection's borrower thread).
 *
 * @param capturedAtEpochMillis the target's clock when these were read; durations are computed
 *                              against it, so clock skew between app and target does not matter
 */
public record ProbeThreadHints(
        long capturedAtEpochMillis,
        Map<Long, BorrowWait> waiting,
        Map<Long, HeldConnection> held) {

    public static final ProbeThreadHints NONE = new ProbeThreadHints(0, Map.of(), Map.of());

    public ProbeThreadHints {
        waiting = Map.copyOf(waiting);
        held = Map.copyOf(held);
    }

    /** A thread inside getConnection of {@code pool} since {@code sinceEpochMillis}. */
    public record BorrowWait(String pool, long sinceEpochMillis) {
    }

    /**
     * A thread holding connection {@code connectionId} of {@code pool}, borrowed at
     * {@code borrowedAtEpochMillis}, or null when the borrow was not seen (it began before the probe;
     * the holder was named by the driver's lock): then the thread is linked but its duration stays sampled.
     */
    public record HeldConnection(String pool, String connectionId, Long borrowedAtEpochMillis) {
    }
}
