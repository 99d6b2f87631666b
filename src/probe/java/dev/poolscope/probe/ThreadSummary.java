package dev.poolscope.probe;

/**
 * The target's threads as the probe classified them at one read ({@code ThreadSummary} attribute of
 * {@code dev.poolscope:type=ProbeAgent}, docs/probe-mxbean.md). MXBean-mapped: JMX clients see a
 * CompositeData whose item names are the getters' names; add getters, never rename them. Exact
 * counts per category for every live thread; full stacks only for the threads that matter (not
 * {@code other}, or holding a pool connection the probe tracks), at most {@link #getThreadsShownLimit()}
 * of them, the rest counted in {@link #getNotShown()}.
 */
public final class ThreadSummary {

    private final long capturedAtEpochMillis;
    private final long readMillis;
    private final int totalThreads;
    private final int awaitingConnection;
    private final int socketIo;
    private final int blocked;
    private final int other;
    private final int threadsShownLimit;
    private final int notShown;
    private final long[] deadlockedThreadIds;
    private final ThreadSummaryEntry[] threads;
    private final long firstReadEpochMillis;
    private final String problem;

    ThreadSummary(long capturedAtEpochMillis, long readMillis, int totalThreads, int[] counts, int threadsShownLimit,
                  int notShown, long[] deadlockedThreadIds, ThreadSummaryEntry[] threads, long firstReadEpochMillis,
                  String problem) {
        this.capturedAtEpochMillis = capturedAtEpochMillis;
        this.readMillis = readMillis;
        this.totalThreads = totalThreads;
        this.awaitingConnection = counts[ThreadCensus.AWAITING];
        this.socketIo = counts[ThreadCensus.SOCKET];
        this.blocked = counts[ThreadCensus.BLOCKED];
        this.other = counts[ThreadCensus.OTHER];
        this.threadsShownLimit = threadsShownLimit;
        this.notShown = notShown;
        this.deadlockedThreadIds = deadlockedThreadIds;
        this.threads = threads;
        this.firstReadEpochMillis = firstReadEpochMillis;
        this.problem = problem;
    }

    /** The target's clock when the read began; every other time here is on the same clock. */
    public long getCapturedAtEpochMillis() {
        return capturedAtEpochMillis;
    }

    /** Wall time of the read inside the target. */
    public long getReadMillis() {
        return readMillis;
    }

    /** Live threads at this read: the sum of the four category counts. */
    public int getTotalThreads() {
        return totalThreads;
    }

    public int getAwaitingConnection() {
        return awaitingConnection;
    }

    public int getSocketIo() {
        return socketIo;
    }

    public int getBlocked() {
        return blocked;
    }

    public int getOther() {
        return other;
    }

    /** At most this many threads are listed with stacks (probe option threadsShown). */
    public int getThreadsShownLimit() {
        return threadsShownLimit;
    }

    /** Threads that matter beyond {@link #getThreadsShownLimit()}: counted above, not listed. */
    public int getNotShown() {
        return notShown;
    }

    public long[] getDeadlockedThreadIds() {
        return deadlockedThreadIds.clone();
    }

    public ThreadSummaryEntry[] getThreads() {
        return threads.clone();
    }

    /** When the probe first read threads: a state seen then began at that time or before. */
    public long getFirstReadEpochMillis() {
        return firstReadEpochMillis;
    }

    /** Null, or why the read is incomplete (the counts then cover what was read). */
    public String getProblem() {
        return problem;
    }
}
