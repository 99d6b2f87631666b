package dev.poolscope.probe;

import java.lang.management.ManagementFactory;
import java.lang.management.MonitorInfo;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * Names the thread inside a statement for drivers that hold a Java monitor for a whole execute:
 * pgjdbc before 42.6 ({@code QueryExecutorImpl.execute} is {@code synchronized}; read in the 42.2.28
 * and 42.5.6 sources) and drivers that synchronize on the connection. The holder is the thread whose
 * {@link ThreadInfo#getLockedMonitors()} has a monitor of the same class and identity hash as the
 * connection's lock object. A monitor can only have one owner, so one match is the answer.
 *
 * <p>Cost, scanner thread only (never a borrow, never a pool lock): holders found before are
 * re-checked each scan with one {@code getThreadInfo} of just those threads (bounded by the pool
 * size). Looking for a new holder costs a walk of runnable threads' stacks, so it runs only while a
 * connection in use has no holder, at most once per {@link #SWEEP_INTERVAL_MILLIS} (so a holder is
 * found within about a second of entering its statement), and over at most {@link #MAX_SWEEP_THREADS}
 * runnable threads (a rotating window when there are more). A sweep that took long pushes the next
 * one back to {@link #COST_FACTOR} times its own duration, so sweeping never takes more than
 * 1/{@link #COST_FACTOR} of one core however busy the JVM is. A thread
 * blocked in a socket read is RUNNABLE; a monitor holder that waits on something else is missed.
 * Virtual threads are not listed by ThreadMXBean and are never found here.
 */
final class MonitorHolders {

    static final long SWEEP_INTERVAL_MILLIS = 1_000;
    static final int MAX_SWEEP_THREADS = 256;
    /** The next sweep waits at least this many times the last sweep's duration: cost ≤ 2 % of a core. */
    static final long COST_FACTOR = 50;

    /** The thread holding a connection's monitor, and which monitor (no reference to it is kept). */
    static final class Holder {
        final long threadId;
        final String threadName;
        final String lockClass;
        final int lockHash;

        Holder(long threadId, String threadName, String lockClass, int lockHash) {
            this.threadId = threadId;
            this.threadName = threadName;
            this.lockClass = lockClass;
            this.lockHash = lockHash;
        }
    }

    private final ThreadMXBean threads;
    private final long sweepIntervalNanos;
    private long lastSweepNanos;
    /** When the next sweep may run: the interval, or longer after a costly sweep (see COST_FACTOR). */
    private long nextSweepGapNanos;
    private boolean sweptOnce;
    private int windowStart;
    private volatile String problem;
    /** Sweeps run so far; for tests of the rate bound. */
    private int sweeps;

    MonitorHolders() {
        this(ManagementFactory.getThreadMXBean(), SWEEP_INTERVAL_MILLIS);
    }

    MonitorHolders(ThreadMXBean threads, long sweepIntervalMillis) {
        this.threads = threads;
        this.sweepIntervalNanos = sweepIntervalMillis * 1_000_000L;
        this.nextSweepGapNanos = sweepIntervalNanos;
    }

    /**
     * @param locks the lock object of each connection in use with no holder named otherwise, keyed
     *              by the caller's key (a PoolEntry)
     * @param known the holders this returned last time (only those of keys still in {@code locks}
     *              are kept, and only while they still hold the same monitor)
     * @return the holder of each key whose holder is known now
     */
    Map<Object, Holder> find(Map<Object, Object> locks, Map<Object, Holder> known, long nowNanos) {
        Map<Object, Holder> found = new IdentityHashMap<Object, Holder>();
        if (locks.isEmpty()) {
            return found;
        }
        if (!threads.isObjectMonitorUsageSupported()) {
            problem = "holders inside statements: this JVM does not report the monitors threads hold";
            return found;
        }
        recheck(locks, known, found);
        if (found.size() < locks.size() && sweepDue(nowNanos)) {
            long start = System.nanoTime();
            sweep(locks, found);
            nextSweepGapNanos = gapAfter(System.nanoTime() - start, sweepIntervalNanos);
        }
        return found;
    }

    /** Why holders cannot be found through monitors, or null. */
    String problem() {
        return problem;
    }

    int sweeps() {
        return sweeps;
    }

    /** The wait before the next sweep: the interval, or COST_FACTOR times a sweep that took longer. */
    static long gapAfter(long sweepNanos, long intervalNanos) {
        return Math.max(intervalNanos, sweepNanos * COST_FACTOR);
    }

    private void recheck(Map<Object, Object> locks, Map<Object, Holder> known, Map<Object, Holder> found) {
        List<Object> keys = new ArrayList<Object>();
        for (Map.Entry<Object, Holder> e : known.entrySet()) {
            Object lock = locks.get(e.getKey());
            if (lock != null && sameLock(e.getValue().lockClass, e.getValue().lockHash, lock)) {
                keys.add(e.getKey());
            }
        }
        if (keys.isEmpty()) {
            return;
        }
        long[] ids = new long[keys.size()];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = known.get(keys.get(i)).threadId;
        }
        ThreadInfo[] infos = threads.getThreadInfo(ids, true, false);
        for (int i = 0; i < ids.length; i++) {
            Holder h = known.get(keys.get(i));
            if (infos[i] != null && holds(infos[i], h.lockClass, h.lockHash)) {
                found.put(keys.get(i), h);
            }
        }
    }

    private boolean sweepDue(long nowNanos) {
        if (sweptOnce && nowNanos - lastSweepNanos < nextSweepGapNanos) {
            return false;
        }
        sweptOnce = true;
        lastSweepNanos = nowNanos;
        return true;
    }

    private void sweep(Map<Object, Object> locks, Map<Object, Holder> found) {
        sweeps++;
        // Unresolved locks by identity hash: a monitor is matched in O(1), memory bounded by the pool size.
        Map<Integer, List<Object>> byHash = new HashMap<Integer, List<Object>>();
        for (Map.Entry<Object, Object> e : locks.entrySet()) {
            if (!found.containsKey(e.getKey())) {
                Integer hash = System.identityHashCode(e.getValue());
                List<Object> keys = byHash.get(hash);
                if (keys == null) {
                    keys = new ArrayList<Object>(1);
                    byHash.put(hash, keys);
                }
                keys.add(e.getKey());
            }
        }
        long[] ids = runnableThreadIds();
        if (ids.length == 0) {
            return;
        }
        ThreadInfo[] infos = threads.getThreadInfo(ids, true, false);
        for (ThreadInfo info : infos) {
            if (info == null) {
                continue; // ended since listed
            }
            for (MonitorInfo m : info.getLockedMonitors()) {
                List<Object> keys = byHash.get(m.getIdentityHashCode());
                Object match = keys == null ? null : onlyMatch(keys, locks, m.getClassName());
                if (match != null) {
                    found.put(match, new Holder(info.getThreadId(), info.getThreadName(), m.getClassName(),
                            m.getIdentityHashCode()));
                }
            }
        }
    }

    /** The one key whose lock has this class; null when none or (a hash collision) more than one. */
    private static Object onlyMatch(List<Object> keys, Map<Object, Object> locks, String className) {
        Object match = null;
        for (Object key : keys) {
            if (locks.get(key).getClass().getName().equals(className)) {
                if (match != null) {
                    return null;
                }
                match = key;
            }
        }
        return match;
    }

    /**
     * Ids of up to {@link #MAX_SWEEP_THREADS} RUNNABLE threads other than this one. Thread.getState
     * is a field read, so this listing stops no thread; only getThreadInfo of the ids does.
     */
    private long[] runnableThreadIds() {
        ThreadGroup root = Thread.currentThread().getThreadGroup();
        while (root.getParent() != null) {
            root = root.getParent();
        }
        Thread[] all = new Thread[root.activeCount() + 16];
        int n = root.enumerate(all, true);
        List<Thread> runnable = new ArrayList<Thread>();
        Thread self = Thread.currentThread();
        for (int i = 0; i < n; i++) {
            if (all[i] != self && all[i].getState() == Thread.State.RUNNABLE) {
                runnable.add(all[i]);
            }
        }
        int count = Math.min(runnable.size(), MAX_SWEEP_THREADS);
        int start = runnable.size() <= MAX_SWEEP_THREADS ? 0 : windowStart % runnable.size();
        windowStart = start + count;
        long[] ids = new long[count];
        for (int i = 0; i < count; i++) {
            ids[i] = runnable.get((start + i) % runnable.size()).getId();
        }
        return ids;
    }

    private static boolean holds(ThreadInfo info, String lockClass, int lockHash) {
        for (MonitorInfo m : info.getLockedMonitors()) {
            if (m.getIdentityHashCode() == lockHash && m.getClassName().equals(lockClass)) {
                return true;
            }
        }
        return false;
    }

    private static boolean sameLock(String lockClass, int lockHash, Object lock) {
        return System.identityHashCode(lock) == lockHash && lock.getClass().getName().equals(lockClass);
    }
}
