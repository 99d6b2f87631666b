package dev.poolscope.live.threads;


import java.time.Instant;
import java.util.List;
import java.util.Set;

/**
 * The result of one sample: classified threads with durations, deadlocks, and the policy that says
 * which are stuck. Immutable; safe to hand to the FX thread.
 *
 * @param truncatedStackIds threads whose stack holds only the first frames (see {@link ThreadReader})
 */
public record ThreadAnalysis(
        Instant sampledAt,
        List<ThreadSample> threads,
        List<DeadlockGroup> deadlocks,
        Set<Long> truncatedStackIds,
        StuckPolicy policy) {

    public ThreadAnalysis {
        threads = List.copyOf(threads);
        deadlocks = List.copyOf(deadlocks);
        truncatedStackIds = Set.copyOf(truncatedStackIds);
    }

    public List<ThreadSample> stuck() {
        return threads.stream().filter(policy::isStuck).toList();
    }

    public List<ThreadSample> stuck(ThreadCategory category) {
        return threads.stream().filter(t -> t.category() == category && policy.isStuck(t)).toList();
    }

    public List<ThreadSample> inCategory(ThreadCategory category) {
        return threads.stream().filter(t -> t.category() == category).toList();
    }

    public boolean isDeadlocked(long threadId) {
        return deadlocks.stream().anyMatch(g -> g.threadIds().contains(threadId));
    }

    public ThreadAnalysis withPolicy(StuckPolicy newPolicy) {
        return new ThreadAnalysis(sampledAt, threads, deadlocks, truncatedStackIds, newPolicy);
    }
}
