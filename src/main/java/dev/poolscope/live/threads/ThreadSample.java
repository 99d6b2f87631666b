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
        List<String> stack) {

    public ThreadSample {
        stack = List.copyOf(stack);
    }
}
