package dev.poolscope.probe;

import java.lang.ref.WeakReference;

/**
 * A connection (its {@code PoolEntry}) held by a thread since a {@link System#nanoTime()} instant.
 * The holder is kept as id and name (what the reader reports) plus a weak reference for its stack,
 * so a lease never keeps a thread, and through it a class loader, alive.
 */
final class Lease {
    final Object entry;
    final long threadId;
    final String threadName;
    private final WeakReference<Thread> thread;
    final long sinceNanos;

    Lease(Object entry, Thread thread, long sinceNanos) {
        this.entry = entry;
        this.threadId = thread.getId();
        this.threadName = thread.getName();
        this.thread = new WeakReference<Thread>(thread);
        this.sinceNanos = sinceNanos;
    }

    /** The holder thread, or null once it has ended and been collected. */
    Thread thread() {
        return thread.get();
    }
}
