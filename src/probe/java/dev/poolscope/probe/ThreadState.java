package dev.poolscope.probe;

/**
 * Per-thread borrow bookkeeping, reached through a {@link ThreadLocal}. Only its own thread writes
 * the plain fields; readers see {@link #startNanos} through the volatile slot write that publishes
 * this object in {@link PoolTracker}'s waiter table.
 */
final class ThreadState {
    final Thread thread;
    /** Pool of the getConnection call in progress, or null. */
    PoolTracker tracker;
    /** Nesting of getConnection calls; only the outermost is measured. */
    int depth;
    long startNanos;
    /** Index in the tracker's waiter table, -1 none, -2 table was full. */
    int waiterSlot = -1;
    /** Entry wrapped by the getConnection in progress, leased when it returns; own thread only. */
    Object leasedEntry;
    /** That entry's {@code lastAccessed} at the lease (HikariCP's clock), when the hook passed it. */
    long leasedLastAccessed;
    boolean leasedLastAccessedKnown;

    ThreadState(Thread thread) {
        this.thread = thread;
    }
}
