package dev.poolscope.probe;

/**
 * A copy, taken by a reader, of one lease: a connection (its {@code PoolEntry}) held by a thread
 * since a {@link System#nanoTime()} instant. The holder is its id and name only; its stack is read
 * by id when wanted. {@link #slot} and {@link #seq} name the lease across reads (a slot is reused).
 */
final class Lease {
    final LeaseSlot slot;
    final long seq;
    final Object entry;
    final long threadId;
    final String threadName;
    final long sinceNanos;
    /** The stack at the borrow when capture sampled it, else null. */
    final StackTraceElement[] borrowSite;

    Lease(LeaseSlot slot, long seq, Object entry, long threadId, String threadName, long sinceNanos,
          StackTraceElement[] borrowSite) {
        this.slot = slot;
        this.seq = seq;
        this.entry = entry;
        this.threadId = threadId;
        this.threadName = threadName;
        this.sinceNanos = sinceNanos;
        this.borrowSite = borrowSite;
    }
}
