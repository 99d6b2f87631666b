package dev.poolscope.probe;

import java.lang.ref.WeakReference;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * When each PoolEntry was created (nanoTime), without a lock and without boxing: a fixed table of
 * weak references claimed by CAS near the entry's identity hash. A slot whose entry was collected
 * is free again, so churn does not grow it; when every slot near the hash is taken, the start slot
 * is overwritten and that entry's age falls back to the reader's estimate.
 */
final class CreationTimes {

    private static final int SLOTS = 1024;
    private static final int PROBE_LIMIT = 32;

    private final AtomicReferenceArray<Created> table = new AtomicReferenceArray<Created>(SLOTS);

    void put(Object entry, long nanos) {
        Created created = new Created(entry, nanos);
        int start = System.identityHashCode(entry) & (SLOTS - 1);
        for (int i = 0; i < PROBE_LIMIT; i++) {
            int slot = (start + i) & (SLOTS - 1);
            Created old = table.get(slot);
            if ((old == null || old.get() == null) && table.compareAndSet(slot, old, created)) {
                return;
            }
        }
        table.set(start, created);
    }

    /** nanoTime at which {@code entry} was created, or null when not seen (or overwritten). Reader side. */
    Long get(Object entry) {
        int start = System.identityHashCode(entry) & (SLOTS - 1);
        for (int i = 0; i < PROBE_LIMIT; i++) {
            Created c = table.get((start + i) & (SLOTS - 1));
            if (c != null && c.get() == entry) {
                return c.nanos;
            }
        }
        return null;
    }

    private static final class Created extends WeakReference<Object> {
        final long nanos;

        Created(Object entry, long nanos) {
            super(entry);
            this.nanos = nanos;
        }
    }
}
