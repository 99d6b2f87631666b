package dev.poolscope.live.threads;


import java.time.Instant;
import java.util.List;
import java.util.Set;

/**
 * The result of one sample: classified threads with durations, deadlocks, and the policy that says
 * which are stuck. Immutable; safe to hand to the FX thread.
 *
 * @param truncatedStackIds threads whose stack holds only the first frames (see {@link ThreadReader})
 * @param totals            exact counts when {@code threads} lists only the threads that matter (the
 *                          probe's summary), or null when it lists every thread (the ThreadMXBean path)
 */
public record ThreadAnalysis(
        Instant sampledAt,
        List<ThreadSample> threads,
        List<DeadlockGroup> deadlocks,
        Set<Long> truncatedStackIds,
        StuckPolicy policy,
        ThreadTotals totals) {

    public ThreadAnalysis {
        threads = List.copyOf(threads);
        deadlocks = List.copyOf(deadlocks);
        truncatedStackIds = Set.copyOf(truncatedStackIds);
    }

    /** Every thread listed (the ThreadMXBean path). */
    public ThreadAnalysis(Instant sampledAt, List<ThreadSample> threads, List<DeadlockGroup> deadlocks,
                          Set<Long> truncatedStackIds, StuckPolicy policy) {
        this(sampledAt, threads, deadlocks, truncatedStackIds, policy, null);
    }

    /** Live threads of the target, listed or not. */
    public int totalThreads() {
        return totals != null ? totals.total() : threads.size();
    }

    /** Threads of the target in {@code category}, listed or not. */
    public int count(ThreadCategory category) {
        return totals != null ? totals.of(category) : inCategory(category).size();
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
        return new ThreadAnalysis(sampledAt, threads, deadlocks, truncatedStackIds, newPolicy, totals);
    }
}
