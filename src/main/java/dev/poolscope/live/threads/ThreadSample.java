package dev.poolscope.live.threads;

import dev.poolscope.live.threads.ThreadCategory;
import java.util.List;

/**
 * One thread of the target, classified.
 *
 * @param stuckMillis      how long it has been in this category at the same frame, or null when unknown
 * @param stuckLowerBound  true when the duration comes from sampling (it has been stuck at least this long)
 * @param pool             the pool it waits on or holds a connection of, or null
 * @param connectionId     the connection it holds, or null
 * @param stack            frames as "class.method(File.java:123)", top first
 * @param stuckAtMostMillis how long it can have been in this state at most: equal to {@code stuckMillis}
 *                         when measured, the time since the last sample that saw it elsewhere when the
 *                         start fell between two samples, and null when it was already in this state at
 *                         the first sample (a hang that began before PoolScope looked is unbounded)
 */
public record ThreadSample(
        long id,
        String name,
        String state,
        ThreadCategory category,
        Long stuckMillis,
        boolean stuckLowerBound,
        String pool,
        String connectionId,
        String lockInfo,
        String lockOwner,
        List<String> stack,
        Long stuckAtMostMillis) {

    public ThreadSample {
        stack = List.copyOf(stack);
    }

    /** Without an upper bound: a sampled duration has none (the start is unknown), a measured one is exact. */
    public ThreadSample(long id, String name, String state, ThreadCategory category, Long stuckMillis,
                        boolean stuckLowerBound, String pool, String connectionId, String lockInfo,
                        String lockOwner, List<String> stack) {
        this(id, name, state, category, stuckMillis, stuckLowerBound, pool, connectionId, lockInfo, lockOwner,
                stack, stuckLowerBound ? null : stuckMillis);
    }

    /**
     * True when this thread may have been in its state longer than {@code thresholdMillis} without
     * PoolScope being able to tell: the start is before the first sample, or between two samples
     * that straddle the threshold.
     */
    public boolean mayExceed(long thresholdMillis) {
        return stuckAtMostMillis == null || stuckAtMostMillis >= thresholdMillis;
    }
}
