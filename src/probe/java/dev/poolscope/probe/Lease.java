package dev.poolscope.probe;

/** A connection (its {@code PoolEntry}) held by a thread since a {@link System#nanoTime()} instant. */
final class Lease {
    final Object entry;
    final Thread thread;
    final long sinceNanos;

    Lease(Object entry, Thread thread, long sinceNanos) {
        this.entry = entry;
        this.thread = thread;
        this.sinceNanos = sinceNanos;
    }
}
