package dev.poolscope.probe;

import java.lang.ref.WeakReference;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.concurrent.atomic.LongAdder;

/**
 * What the probe observed of one pool's borrows. Holds the pool weakly. Written on the pool's
 * borrowing threads without locks: fixed-size slot tables (bounded by pool size and waiting
 * threads, not thread count) claimed by CAS, padded so that two borrowing threads do not write
 * one cache line, and {@link LatencyHistogram}s and counters striped as {@link LongAdder}s. Nothing
 * is allocated per borrow. Read by the probe's reader side (JMX calls and the scanner thread),
 * which merges the stripes.
 */
final class PoolTracker {

    private static final int WAITER_SLOTS = 256;
    private static final int WAITER_STRIDE = 16;
    /** Default size of the lease table; a power of two (ProbeOptions {@code leaseSlots}). */
    static final int DEFAULT_LEASE_SLOTS = 512;
    /** How far a slot search goes from the hashed start before giving up (keeps the hot path bounded). */
    private static final int PROBE_LIMIT = 32;

    final WeakReference<Object> pool;
    final long firstSeenNanos;

    private final LatencyHistogram sinceLoad = new LatencyHistogram();
    private final RollingHistogram lastMinute = new RollingHistogram();
    private final LongAdder timeouts = new LongAdder();
    private final RollingCounter timeoutsLastMinute = new RollingCounter();
    private final LongAdder failures = new LongAdder();
    /**
     * Use time (OTel db.client.connection.use_time): from getConnection's return to the connection's
     * return, for leases this probe saw begin. Count and sum (µs) since the probe loaded, for
     * Prometheus' _count/_sum; the last minute's durations for quantiles. Same striped histogram as
     * the waits; about 31 KB per pool.
     */
    private final RollingHistogram useLastMinute = new RollingHistogram();
    private final LongAdder uses = new LongAdder();
    private final LongAdder useMicros = new LongAdder();
    /**
     * Waiter slot i lives at index i * {@link #WAITER_STRIDE}: threads with neighbouring ids get
     * neighbouring slots, and without the stride every borrow would write a cache line shared with
     * other borrowing threads. 16 KB per pool with compressed references.
     */
    private final AtomicReferenceArray<ThreadState> waiters = new AtomicReferenceArray<ThreadState>(WAITER_SLOTS * WAITER_STRIDE);
    private final AtomicInteger waitersUntracked = new AtomicInteger();
    private final LeaseSlot[] leases;
    private final LongAdder leasesUntracked = new LongAdder();
    /** When borrows record their stack (armed by the scanner, see {@link BorrowSiteCapture}). */
    final BorrowSiteCapture borrowSites = new BorrowSiteCapture();

    /** Reader-side state (see {@link PoolReader}); created lazily by the reader only. */
    volatile PoolReader reader;

    PoolTracker(Object pool, long nowNanos) {
        this(pool, nowNanos, DEFAULT_LEASE_SLOTS);
    }

    /** {@code leaseSlots} is rounded up to a power of two. */
    PoolTracker(Object pool, long nowNanos, int leaseSlots) {
        this.pool = new WeakReference<Object>(pool);
        this.firstSeenNanos = nowNanos;
        int size = Integer.highestOneBit(Math.max(PROBE_LIMIT, leaseSlots) - 1) << 1;
        this.leases = new LeaseSlot[size];
        for (int i = 0; i < size; i++) {
            leases[i] = new LeaseSlot();
        }
    }

    // ---- hot path (pool threads) ----

    void borrowStarted(ThreadState ts, long nowNanos) {
        ts.startNanos = nowNanos;
        int start = (int) ts.thread.getId() & (WAITER_SLOTS - 1);
        for (int i = 0; i < PROBE_LIMIT; i++) {
            int slot = ((start + i) & (WAITER_SLOTS - 1)) * WAITER_STRIDE;
            if (waiters.get(slot) == null && waiters.compareAndSet(slot, null, ts)) {
                ts.waiterSlot = slot;
                return;
            }
        }
        ts.waiterSlot = -2;
        waitersUntracked.incrementAndGet();
    }

    void borrowEnded(ThreadState ts, long nowNanos) {
        leaveWaiters(ts);
        long micros = (nowNanos - ts.startNanos) / 1000L;
        sinceLoad.recordMicros(micros);
        lastMinute.recordMicros(micros, nowNanos);
    }

    void borrowFailed(ThreadState ts, boolean timedOut, long nowNanos) {
        leaveWaiters(ts);
        if (timedOut) {
            timeouts.increment();
            timeoutsLastMinute.increment(nowNanos);
        } else {
            failures.increment();
        }
    }

    private void leaveWaiters(ThreadState ts) {
        int slot = ts.waiterSlot;
        if (slot >= 0) {
            waiters.lazySet(slot, null); // an ordered store: no fence; a reader may see it a moment late
        } else if (slot == -2) {
            waitersUntracked.decrementAndGet();
        }
        ts.waiterSlot = -1;
    }

    void leased(Object entry, Thread thread, long nowNanos) {
        leased(entry, thread, nowNanos, null);
    }

    /** {@code site}: the borrow's stack when {@link #borrowSites} sampled this borrow, else null. */
    void leased(Object entry, Thread thread, long nowNanos, StackTraceElement[] site) {
        int start = System.identityHashCode(entry) & (leases.length - 1);
        for (int i = 0; i < PROBE_LIMIT; i++) {
            LeaseSlot slot = leases[(start + i) & (leases.length - 1)];
            Object held = slot.entry();
            // An entry is leased by one thread at a time, so a stale lease of the same entry is replaced.
            if (held == entry ? slot.renew(entry, thread, nowNanos, site) : held == null && slot.claim(entry, thread, nowNanos, site)) {
                return;
            }
        }
        leasesUntracked.increment();
    }

    /**
     * The connection went back (or was closed while held): frees its lease and records how long it
     * was held. A connection whose borrow the probe did not see (borrowed before it loaded, or no
     * free lease slot) has no lease, so it is not counted.
     */
    void released(Object entry, long nowNanos) {
        int start = System.identityHashCode(entry) & (leases.length - 1);
        for (int i = 0; i < PROBE_LIMIT; i++) {
            LeaseSlot slot = leases[(start + i) & (leases.length - 1)];
            if (slot.entry() == entry) {
                long since = slot.releaseHeldSince(entry);
                if (since != LeaseSlot.NOT_RELEASED) {
                    long micros = (nowNanos - since) / 1000L;
                    uses.increment();
                    useMicros.add(micros < 0 ? 0 : micros);
                    useLastMinute.recordMicros(micros, nowNanos);
                }
                return;
            }
        }
    }

    // ---- reader side ----

    /** Current leases by entry (identity). */
    Map<Object, Lease> leasesByEntry() {
        Map<Object, Lease> result = new IdentityHashMap<Object, Lease>();
        for (LeaseSlot slot : leases) {
            Lease lease = slot.isFree() ? null : slot.read();
            if (lease != null) {
                result.put(lease.entry, lease);
            }
        }
        return result;
    }

    /** Slots of the lease table that hold a lease now (the probe's own objects that reference the target). */
    int leasesHeld() {
        int held = 0;
        for (LeaseSlot slot : leases) {
            if (!slot.isFree()) {
                held++;
            }
        }
        return held;
    }

    /**
     * Scanner: arms borrow-site capture when some lease has been held at least {@code thresholdMillis}
     * and its borrow site is not known (the first long hold); true when this call armed it. Reads the
     * lease table only while some lease is held.
     */
    boolean armBorrowSitesIfHeldPast(long thresholdMillis, long nowNanos) {
        if (leasesHeld() == 0) {
            return false;
        }
        long longest = -1;
        for (LeaseSlot slot : leases) {
            Lease lease = slot.isFree() ? null : slot.read();
            if (lease != null && lease.borrowSite == null) {
                longest = Math.max(longest, (nowNanos - lease.sinceNanos) / 1_000_000L);
            }
        }
        return longest >= thresholdMillis && borrowSites.armFor(longest, nowNanos);
    }

    int leaseSlots() {
        return leases.length;
    }

    /**
     * Drops leases of entries that are no longer in the pool (closed while held, or leaked and
     * evicted), but only leases present in {@code copied}, the copy taken before {@code liveEntries}
     * was listed: a lease made after that copy may be of an entry the listing missed. A slot whose
     * lease changed since the copy is left alone (its sequence number moved on).
     */
    void forgetLeasesExcept(Map<Object, Boolean> liveEntries, Map<Object, Lease> copied) {
        for (Lease lease : copied.values()) {
            if (!liveEntries.containsKey(lease.entry)) {
                lease.slot.releaseIf(lease.seq);
            }
        }
    }

    /** Threads in getConnection now, with when they started (nanoTime). */
    List<Waiter> waiters() {
        List<Waiter> result = new ArrayList<Waiter>();
        for (int i = 0; i < WAITER_SLOTS; i++) {
            ThreadState ts = waiters.get(i * WAITER_STRIDE);
            if (ts != null) {
                result.add(new Waiter(ts.thread, ts.startNanos));
            }
        }
        return result;
    }

    int waitersUntracked() {
        return Math.max(0, waitersUntracked.get());
    }

    long leasesUntracked() {
        return leasesUntracked.sum();
    }

    long timeouts() {
        return timeouts.sum();
    }

    long timeoutsLastMinute(long nowNanos) {
        return timeoutsLastMinute.lastMinute(nowNanos);
    }

    long failures() {
        return failures.sum();
    }

    LatencyHistogram.Summary sinceLoad() {
        return sinceLoad.summary();
    }

    LatencyHistogram.Summary lastMinute(long nowNanos) {
        return lastMinute.lastMinute(nowNanos);
    }

    /** Leases returned since the probe loaded (the use-time count). */
    long uses() {
        return uses.sum();
    }

    /** Their summed hold time in microseconds (each hold truncated to whole µs). */
    long useMicrosTotal() {
        return useMicros.sum();
    }

    LatencyHistogram.Summary useLastMinute(long nowNanos) {
        return useLastMinute.lastMinute(nowNanos);
    }

    static final class Waiter {
        final Thread thread;
        final long sinceNanos;

        Waiter(Thread thread, long sinceNanos) {
            this.thread = thread;
            this.sinceNanos = sinceNanos;
        }
    }
}
