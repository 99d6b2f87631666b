package dev.poolscope.probe;

import dev.poolscope.threadrules.ThreadRules;

import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Classifies the target's threads inside the target, on read, with the JVM's own ThreadMXBean and
 * the app's rules ({@link ThreadRules}), so a poll ships counts and the few threads that matter
 * instead of every ThreadInfo over RMI (issue 10, build item 3).
 *
 * <p>Cost: one shallow read of every thread ({@value #SHALLOW_DEPTH} frames, as the app's ThreadReader),
 * one full read of the threads that matter, and findDeadlockedThreads: the same safepoints the app's
 * path costs the target, minus the serialization of every thread. No pool structure is locked: holders
 * come from the lease slots' lock-free copies.
 *
 * <p>Stuck tracking lives here between reads, so durations survive between app polls (and app
 * restarts): per live thread its signature and the read that first saw it, rebuilt at each read, so
 * memory is bounded by the live thread count. One read at a time (synchronized on this object only).
 */
final class ThreadCensus {

    static final int AWAITING = 0;
    static final int SOCKET = 1;
    static final int BLOCKED = 2;
    static final int OTHER = 3;
    /** Frames per thread in the first pass; enough for every rule (see ThreadRules). */
    static final int SHALLOW_DEPTH = 16;

    /** Thread ids that hold a pool connection now. */
    interface Holders {
        Set<Long> threadIds();
    }

    private final ThreadMXBean threads;
    private final Holders holders;
    private final int maxShown;
    private Map<Long, Place> places = new HashMap<Long, Place>();
    private long previousReadMillis = -1;
    private long firstReadMillis = -1;

    ThreadCensus(ThreadMXBean threads, Holders holders, int maxShown) {
        this.threads = threads;
        this.holders = holders;
        this.maxShown = maxShown;
    }

    synchronized ThreadSummary read() {
        long now = System.currentTimeMillis();
        long startNanos = System.nanoTime();
        if (firstReadMillis < 0) {
            firstReadMillis = now;
        }
        Set<Long> holding = holderIds();
        ThreadInfo[] shallow = threads.getThreadInfo(threads.getAllThreadIds(), SHALLOW_DEPTH);
        List<Long> deepIds = new ArrayList<Long>();
        for (ThreadInfo t : shallow) {
            if (t != null && (matters(verdict(t), t.getThreadId(), holding)
                    || (t.getStackTrace().length >= SHALLOW_DEPTH && ThreadRules.mayNeedDeeperStack(t.getStackTrace())))) {
                deepIds.add(t.getThreadId());
            }
        }
        Map<Long, ThreadInfo> deep = readFull(deepIds);
        int[] counts = new int[4];
        int total = 0;
        int notShown = 0;
        List<ThreadSummaryEntry> shown = new ArrayList<ThreadSummaryEntry>();
        Map<Long, Place> next = new HashMap<Long, Place>(shallow.length * 2);
        for (ThreadInfo s : shallow) {
            if (s == null) {
                continue; // ended between getAllThreadIds and getThreadInfo
            }
            ThreadInfo t = deep.containsKey(s.getThreadId()) ? deep.get(s.getThreadId()) : s;
            ThreadRules.Verdict v = verdict(t);
            total++;
            counts[index(v.category)]++;
            Place previous = places.get(t.getThreadId());
            Place place = previous != null && previous.signature.equals(v.signature) ? previous
                    : new Place(v.signature, now, previousReadMillis);
            next.put(t.getThreadId(), place);
            if (matters(v, t.getThreadId(), holding)) {
                if (shown.size() < maxShown) {
                    shown.add(entry(t, v, holding.contains(t.getThreadId()), place));
                } else {
                    notShown++;
                }
            }
        }
        places = next;
        previousReadMillis = now;
        long[] deadlocked = threads.findDeadlockedThreads();
        return new ThreadSummary(now, (System.nanoTime() - startNanos) / 1000000L, total, counts, maxShown, notShown,
                deadlocked == null ? new long[0] : deadlocked, shown.toArray(new ThreadSummaryEntry[0]),
                firstReadMillis, null);
    }

    /** Threads remembered between reads; for tests of the memory bound. */
    synchronized int trackedThreads() {
        return places.size();
    }

    private Set<Long> holderIds() {
        try {
            return holders.threadIds();
        } catch (Throwable t) {
            return new HashSet<Long>(); // holders are extra rows; the classification does not need them
        }
    }

    private static ThreadRules.Verdict verdict(ThreadInfo t) {
        return ThreadRules.classify(t.getThreadName(), t.getThreadState(), t.getStackTrace(), t.getLockName(),
                t.getLockOwnerId(), t.getLockOwnerName());
    }

    private static boolean matters(ThreadRules.Verdict v, long id, Set<Long> holding) {
        return !ThreadRules.OTHER.equals(v.category) || holding.contains(id);
    }

    private Map<Long, ThreadInfo> readFull(List<Long> ids) {
        Map<Long, ThreadInfo> byId = new HashMap<Long, ThreadInfo>();
        if (ids.isEmpty()) {
            return byId;
        }
        long[] array = new long[ids.size()];
        for (int i = 0; i < array.length; i++) {
            array[i] = ids.get(i);
        }
        ThreadInfo[] infos;
        try {
            // Every frame and the locked monitors (cheap: read from the frames); no ownable synchronizers (a heap walk).
            infos = threads.getThreadInfo(array, threads.isObjectMonitorUsageSupported(), false);
        } catch (UnsupportedOperationException e) {
            infos = threads.getThreadInfo(array, Integer.MAX_VALUE);
        }
        for (ThreadInfo t : infos) {
            if (t != null) {
                byId.put(t.getThreadId(), t);
            }
        }
        return byId;
    }

    private static ThreadSummaryEntry entry(ThreadInfo t, ThreadRules.Verdict v, boolean holds, Place place) {
        StackTraceElement[] frames = t.getStackTrace();
        String[] stack = new String[frames.length];
        for (int i = 0; i < frames.length; i++) {
            stack[i] = ThreadRules.frameText(frames[i]);
        }
        return new ThreadSummaryEntry(t.getThreadId(), t.getThreadName(), t.getThreadState().name(), v.category,
                v.signature, v.detail, v.pool, v.lockInfo, v.lockOwner, v.lockOwnerId, holds, stack,
                place.sameSinceMillis, place.notSeenSinceMillis);
    }

    static int index(String category) {
        if (ThreadRules.AWAITING_CONNECTION.equals(category)) {
            return AWAITING;
        } else if (ThreadRules.SOCKET_IO.equals(category)) {
            return SOCKET;
        } else if (ThreadRules.BLOCKED.equals(category)) {
            return BLOCKED;
        }
        return OTHER;
    }

    /** Where a thread was at the reads that saw it in one place; immutable. */
    private static final class Place {
        final String signature;
        final long sameSinceMillis;
        /** The read before, which did not see it so; -1 when it was there at the first read. */
        final long notSeenSinceMillis;

        Place(String signature, long sameSinceMillis, long notSeenSinceMillis) {
            this.signature = signature;
            this.sameSinceMillis = sameSinceMillis;
            this.notSeenSinceMillis = notSeenSinceMillis;
        }
    }
}
