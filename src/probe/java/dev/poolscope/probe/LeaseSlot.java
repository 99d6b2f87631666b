package dev.poolscope.probe;

import java.util.concurrent.atomic.AtomicLongFieldUpdater;
import java.util.concurrent.atomic.AtomicReferenceFieldUpdater;

/**
 * One reusable slot of a {@link PoolTracker}'s lease table: which thread holds which connection
 * ({@code PoolEntry}) since when. Slots are allocated once with the table, so a borrow allocates
 * nothing. The slot is a sequence lock: {@code seq} is odd while the slot is free or being
 * written and even while it holds a lease, and it changes on every claim and release, so a reader
 * that sees the same even {@code seq} before and after reading the fields read one lease whole.
 *
 * <p>Writers: the borrowing thread claims a free slot with a CAS on {@code entry} (a free slot's
 * {@code seq} is already odd) and publishes with ordered stores, which cost no fence on x86; a
 * release (the hooks or a prune) moves {@code seq} from even to odd by CAS before clearing
 * {@code entry}, so it never clears a lease that changed under it. The holder is kept as id and
 * name (the thread's own String, not a copy), never the Thread, so a slot keeps no thread or class
 * loader alive; {@code entry} is cleared on release, and a connection that leaves the pool without
 * a release is pruned by the scanner ({@link PoolReader#pruneLeases}).
 *
 * <p>The padding (superclass before, fields after) keeps two slots' hot fields off one cache line:
 * neighbouring slots are claimed by different threads.
 */
final class LeaseSlot extends LeaseSlotFields {
    @SuppressWarnings("unused")
    private long q1, q2, q3, q4, q5, q6, q7, q8;

    boolean isFree() {
        return entry == null;
    }

    Object entry() {
        return entry;
    }

    /** Hot path: takes this free slot for {@code owner}; false when another thread took it first. */
    boolean claim(Object owner, Thread thread, long nowNanos, StackTraceElement[] site) {
        if (!ENTRY.compareAndSet(this, null, owner)) {
            return false;
        }
        write(thread, nowNanos, site, seq + 1);
        return true;
    }

    /**
     * Hot path: a new lease of the entry this slot already holds (its release was missed). False
     * when the slot is being released or rewritten right now.
     */
    boolean renew(Object owner, Thread thread, long nowNanos, StackTraceElement[] site) {
        long s = seq;
        if ((s & 1) != 0 || !SEQ.compareAndSet(this, s, s + 1)) {
            return false;
        }
        if (entry != owner) { // released and claimed by another entry between the two reads
            SEQ.lazySet(this, s + 2);
            return false;
        }
        write(thread, nowNanos, site, s + 2);
        return true;
    }

    /** {@code site}: the borrow's stack when capture sampled it, else null (the usual case). */
    private void write(Thread thread, long nowNanos, StackTraceElement[] site, long evenSeq) {
        THREAD_ID.lazySet(this, thread.getId());
        THREAD_NAME.lazySet(this, thread.getName());
        SINCE.lazySet(this, nowNanos);
        BORROW_SITE.lazySet(this, site);
        SEQ.lazySet(this, evenSeq);
    }

    /** Frees the slot if it holds {@code owner}'s lease; false when it does not (any more). */
    boolean release(Object owner) {
        long s = seq;
        return entry == owner && releaseIf(s);
    }

    /** What {@link #releaseHeldSince} gives when it freed nothing. */
    static final long NOT_RELEASED = Long.MIN_VALUE;

    /**
     * Hot path (a return): frees the slot if it holds {@code owner}'s lease and gives when that lease
     * began (nanoTime), else {@link #NOT_RELEASED}. The start is read after {@code seq} and before the
     * CAS that frees the slot, so when the CAS succeeds no write came between: it is the start of the
     * very lease freed. No allocation.
     */
    long releaseHeldSince(Object owner) {
        long s = seq;
        long since = sinceNanos;
        return entry == owner && releaseIf(s) ? since : NOT_RELEASED;
    }

    /** Frees the slot if it still holds the lease read at {@code expectedSeq}. */
    boolean releaseIf(long expectedSeq) {
        if ((expectedSeq & 1) != 0 || !SEQ.compareAndSet(this, expectedSeq, expectedSeq + 1)) {
            return false;
        }
        if (borrowSite != null) {
            BORROW_SITE.lazySet(this, null); // a free slot keeps no stack (bounded memory)
        }
        ENTRY.lazySet(this, null);
        return true;
    }

    /** Reader side: the lease in this slot, or null when free or changing under the read. */
    Lease read() {
        for (int attempt = 0; attempt < 3; attempt++) {
            long before = seq;
            if ((before & 1) != 0) {
                return null;
            }
            Object e = entry;
            long id = threadId;
            String name = threadName;
            long since = sinceNanos;
            StackTraceElement[] site = borrowSite;
            if (seq == before && e != null) {
                return new Lease(this, before, e, id, name, since, site);
            }
        }
        return null;
    }
}

/** Padding before the fields (superclass fields are laid out first). */
abstract class LeaseSlotPad {
    @SuppressWarnings("unused")
    private long p1, p2, p3, p4, p5, p6, p7, p8;
}

abstract class LeaseSlotFields extends LeaseSlotPad {
    static final AtomicReferenceFieldUpdater<LeaseSlotFields, Object> ENTRY =
            AtomicReferenceFieldUpdater.newUpdater(LeaseSlotFields.class, Object.class, "entry");
    static final AtomicLongFieldUpdater<LeaseSlotFields> SEQ =
            AtomicLongFieldUpdater.newUpdater(LeaseSlotFields.class, "seq");
    static final AtomicLongFieldUpdater<LeaseSlotFields> THREAD_ID =
            AtomicLongFieldUpdater.newUpdater(LeaseSlotFields.class, "threadId");
    static final AtomicReferenceFieldUpdater<LeaseSlotFields, String> THREAD_NAME =
            AtomicReferenceFieldUpdater.newUpdater(LeaseSlotFields.class, String.class, "threadName");
    static final AtomicLongFieldUpdater<LeaseSlotFields> SINCE =
            AtomicLongFieldUpdater.newUpdater(LeaseSlotFields.class, "sinceNanos");
    static final AtomicReferenceFieldUpdater<LeaseSlotFields, StackTraceElement[]> BORROW_SITE =
            AtomicReferenceFieldUpdater.newUpdater(LeaseSlotFields.class, StackTraceElement[].class, "borrowSite");

    volatile Object entry;
    /** Odd: free or being written; even: holds a lease. Starts free. */
    volatile long seq = 1;
    volatile long threadId;
    volatile String threadName;
    volatile long sinceNanos;
    /** The borrow's stack (probe frames cut), only when {@link BorrowSiteCapture} sampled it. */
    volatile StackTraceElement[] borrowSite;
}
