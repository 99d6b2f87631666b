package dev.poolscope.live;

import dev.poolscope.live.threads.ThreadSample;
import dev.poolscope.attach.TargetInfo;
import dev.poolscope.live.threads.ThreadAnalysis;

import java.time.Instant;
import java.util.List;

/**
 * Everything read from one target in one poll; immutable, safe to hand to the FX thread.
 *
 * @param threadAnalysis the stuck-thread analysis the threads come from (deadlocks, policy), or null
 *                       when threads were not read
 */
public record TargetSnapshot(
        Instant capturedAt,
        TargetInfo target,
        List<PoolSnapshot> pools,
        List<ThreadSample> threads,
        ThreadAnalysis threadAnalysis) {

    public TargetSnapshot {
        pools = List.copyOf(pools);
        threads = List.copyOf(threads);
    }

    public TargetSnapshot(Instant capturedAt, TargetInfo target, List<PoolSnapshot> pools, List<ThreadSample> threads) {
        this(capturedAt, target, pools, threads, null);
    }
}
