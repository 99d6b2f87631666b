package dev.poolscope.probe;

import dev.poolscope.probe.boot.ProbeListener;
import dev.poolscope.probe.pools.PoolAdapters;

import java.lang.ref.Reference;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Receives the hooks from instrumented HikariCP code and keeps the {@link PoolTracker} of every pool
 * met. The lookup on the hot path is a scan of a small copy-on-write array (services have a handful
 * of pools); registration of a new pool is the only locked step and happens once per pool.
 */
final class BorrowRecorder implements ProbeListener {

    private final ThreadLocal<ThreadState> states = new ThreadLocal<ThreadState>() {
        @Override
        protected ThreadState initialValue() {
            return new ThreadState(Thread.currentThread());
        }
    };
    private volatile PoolTracker[] trackers = new PoolTracker[0];
    /** When each PoolEntry was created (nanoTime), for entries created while the probe was loaded. */
    private final CreationTimes createdNanos = new CreationTimes();
    private final Runnable onNewPool;
    private final int leaseSlots;
    /**
     * HikariCP's clock is {@code System.nanoTime()} except where os.name is "Mac OS X" (its
     * {@code ClockSource.Factory}, 3.4.5 to 7.1.0): there the return's time is read here instead.
     */
    private final boolean hikariClockIsNanoTime = !"Mac OS X".equals(System.getProperty("os.name"));
    /** Which objects met at a housekeeping hook are pools the probe reads; null: none. */
    private final PoolAdapters discoverable;

    BorrowRecorder(Runnable onNewPool) {
        this(onNewPool, PoolTracker.DEFAULT_LEASE_SLOTS, null);
    }

    BorrowRecorder(Runnable onNewPool, int leaseSlots, PoolAdapters discoverable) {
        this.onNewPool = onNewPool;
        this.leaseSlots = leaseSlots;
        this.discoverable = discoverable;
    }

    @Override
    public void borrowStarted(Object pool) {
        ThreadState ts = states.get();
        if (ts.depth++ == 0) {
            begin(ts, pool, System.nanoTime());
        }
    }

    /**
     * The usual form for HikariCP: {@code clock} is getConnection's own {@code startTime}, so the
     * probe reads no clock here (a clock read costs about 24 ns on the benchmark machine). The wait
     * is then timed from where HikariCP times its own, after {@code suspendResumeLock.acquire()}.
     */
    @Override
    public void borrowStartedAt(Object pool, long clock) {
        ThreadState ts = states.get();
        if (ts.depth++ == 0) {
            begin(ts, pool, hikariClockIsNanoTime ? clock : System.nanoTime());
        }
    }

    private void begin(ThreadState ts, Object pool, long nowNanos) {
        PoolTracker tracker = trackerFor(pool);
        ts.tracker = tracker;
        tracker.borrowStarted(ts, nowNanos);
    }

    @Override
    public void borrowEnded(Object pool, Object connection) {
        long now = System.nanoTime();
        ThreadState ts = states.get();
        if (leaveBorrow(ts)) {
            end(ts, now);
        }
    }

    /**
     * The usual form for HikariCP. {@code clock} is getConnection's {@code now}, read when the bag
     * handed out the entry. HikariCP then validates the connection only if the entry was idle for
     * longer than {@code aliveBypassWindowMs} (its own test, on the entry's {@code lastAccessed},
     * which {@link #leasedAt} passed): without a validation, {@code now} is the end of the wait to
     * within the proxy's creation (well under a microsecond), so no clock is read; after one (which
     * can hang on a dead peer), the end is read here, so the wait includes the validation.
     */
    @Override
    public void borrowEndedAt(Object pool, Object connection, long clock, long aliveBypassWindowMs) {
        ThreadState ts = states.get();
        if (leaveBorrow(ts)) {
            boolean validated = !ts.leasedLastAccessedKnown
                    || TimeUnit.NANOSECONDS.toMillis(clock - ts.leasedLastAccessed) > aliveBypassWindowMs;
            end(ts, hikariClockIsNanoTime && !validated ? clock : System.nanoTime());
        }
    }

    private static void end(ThreadState ts, long now) {
        PoolTracker tracker = ts.tracker;
        ts.tracker = null;
        Object entry = ts.leasedEntry;
        ts.leasedEntry = null;
        ts.leasedLastAccessedKnown = false;
        if (tracker != null) {
            if (entry != null) {
                // Unarmed (the usual case): one volatile read, no allocation.
                StackTraceElement[] site = tracker.borrowSites.tryTake(now) ? BorrowSiteCapture.callerStack() : null;
                tracker.leased(entry, ts.thread, now, site);
            }
            tracker.borrowEnded(ts, now);
        }
    }

    @Override
    public void borrowFailed(Object pool, Throwable failure) {
        ThreadState ts = states.get();
        if (!leaveBorrow(ts)) {
            return;
        }
        PoolTracker tracker = ts.tracker;
        ts.tracker = null;
        ts.leasedEntry = null;
        ts.leasedLastAccessedKnown = false;
        if (tracker != null) {
            tracker.borrowFailed(ts, isTimeout(failure), System.nanoTime());
        }
    }

    /** True when this is the end of the outermost getConnection call. */
    private static boolean leaveBorrow(ThreadState ts) {
        if (ts.depth <= 0) {
            ts.depth = 0; // the call began before the probe was loaded
            return false;
        }
        return --ts.depth == 0;
    }

    /** HikariCP signals "Connection is not available, request timed out" with this exception type. */
    static boolean isTimeout(Throwable failure) {
        for (Class<?> c = failure.getClass(); c != null; c = c.getSuperclass()) {
            if ("java.sql.SQLTransientConnectionException".equals(c.getName())) {
                return true;
            }
        }
        return dev.poolscope.probe.pools.BorrowTimeouts.isLibraryTimeout(failure); // DBCP2, Tomcat JDBC, Agroal
    }

    /**
     * Runs just before getConnection returns; the lease is written by {@link #borrowEnded} with the
     * time it reads anyway (one clock read less per borrow, about 20 ns here). If a getConnection
     * wraps several entries (a dead one is closed and another borrowed), the last one is the lease.
     */
    @Override
    public void leased(Object poolEntry) {
        ThreadState ts = states.get();
        if (ts.tracker != null) {
            ts.leasedEntry = poolEntry;
            ts.leasedLastAccessedKnown = false;
        }
    }

    @Override
    public void leasedAt(Object poolEntry, long lastAccessed) {
        ThreadState ts = states.get();
        if (ts.tracker != null) {
            ts.leasedEntry = poolEntry;
            ts.leasedLastAccessed = lastAccessed;
            ts.leasedLastAccessedKnown = true;
        }
    }

    @Override
    public void released(Object pool, Object poolEntry) {
        PoolTracker tracker = existingTracker(pool);
        if (tracker != null) {
            tracker.released(poolEntry, System.nanoTime());
        }
    }

    @Override
    public void returned(Object pool, Object poolEntry, long clock) {
        PoolTracker tracker = existingTracker(pool);
        if (tracker != null) {
            // The clock HikariCP has just read for this return: one nanoTime less per borrow.
            tracker.released(poolEntry, hikariClockIsNanoTime ? clock : System.nanoTime());
        }
    }

    @Override
    public void created(Object poolEntry) {
        createdNanos.put(poolEntry, System.nanoTime());
    }

    /**
     * Runs in a pool's housekeeping thread (an evictor run every few seconds or minutes, never a
     * borrow). A known pool costs one scan of the tracker array. An unknown one is registered only
     * when an adapter accepts it: commons-pool2's evictor also runs for pools of other objects
     * (Jedis, ...), which must not become connection pools; those cost one class-name test and a
     * cached getter call per housekeeping run.
     */
    @Override
    public void poolSeen(Object pool) {
        Object p = pool instanceof Reference ? ((Reference<?>) pool).get() : pool;
        if (p == null || existingTracker(p) != null) {
            return;
        }
        PoolAdapters known = discoverable;
        if (known != null && known.of(p) != null) {
            register(p);
        }
    }

    /** nanoTime at which the probe saw {@code poolEntry} being created, or null. */
    Long createdNanos(Object poolEntry) {
        return createdNanos.get(poolEntry);
    }

    PoolTracker existingTracker(Object pool) {
        for (PoolTracker t : trackers) {
            if (t.pool.get() == pool) {
                return t;
            }
        }
        return null;
    }

    PoolTracker trackerFor(Object pool) {
        PoolTracker existing = existingTracker(pool);
        return existing != null ? existing : register(pool);
    }

    private PoolTracker register(Object pool) {
        PoolTracker created;
        synchronized (this) {
            PoolTracker existing = existingTracker(pool);
            if (existing != null) {
                return existing;
            }
            created = new PoolTracker(pool, System.nanoTime(), leaseSlots);
            PoolTracker[] next = new PoolTracker[trackers.length + 1];
            System.arraycopy(trackers, 0, next, 0, trackers.length);
            next[trackers.length] = created;
            trackers = next;
        }
        onNewPool.run();
        return created;
    }

    List<PoolTracker> trackers() {
        List<PoolTracker> result = new ArrayList<PoolTracker>();
        for (PoolTracker t : trackers) {
            result.add(t);
        }
        return result;
    }

    synchronized void forget(PoolTracker gone) {
        List<PoolTracker> keep = new ArrayList<PoolTracker>();
        for (PoolTracker t : trackers) {
            if (t != gone) {
                keep.add(t);
            }
        }
        trackers = keep.toArray(new PoolTracker[0]);
    }
}
