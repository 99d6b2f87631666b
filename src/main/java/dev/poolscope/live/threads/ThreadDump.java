package dev.poolscope.live.threads;

import java.lang.management.ThreadInfo;
import java.time.Instant;
import java.util.List;
import java.util.Set;

/**
 * Threads as read from a target in one go. {@link ThreadInfo} is immutable (its getters copy), so a
 * dump can cross threads.
 *
 * @param threads             one entry per live thread, in the target's order
 * @param deadlockedIds       threads in a deadlock cycle (monitors or ownable synchronizers)
 * @param truncatedIds        threads whose stack was read only to {@code shallowDepth} frames
 * @param lockedSynchronizers true when "Locked ownable synchronizers" were read (full dumps only: it
 *                            costs the target a heap walk)
 * @param vmDescription       "VM name (version)" for the dump header, or null when not read
 * @param readMillis          wall time the read took; a poller backs off when it grows (5,000 threads
 *                            over RMI take seconds, see docs/benchmarks.md)
 */
public record ThreadDump(
        Instant capturedAt,
        List<ThreadInfo> threads,
        Set<Long> deadlockedIds,
        Set<Long> truncatedIds,
        int shallowDepth,
        boolean lockedMonitors,
        boolean lockedSynchronizers,
        String vmDescription,
        long readMillis) {

    public ThreadDump {
        threads = List.copyOf(threads);
        deadlockedIds = Set.copyOf(deadlockedIds);
        truncatedIds = Set.copyOf(truncatedIds);
    }
}
