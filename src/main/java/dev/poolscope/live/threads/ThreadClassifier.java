package dev.poolscope.live.threads;

import dev.poolscope.threadrules.ThreadRules;

import java.lang.management.ThreadInfo;
import java.util.Locale;

/**
 * Sorts a thread into awaiting_connection, socket_io, blocked or other from its state, frames and
 * lock, by {@link ThreadRules}: the same rules the probe applies inside the target (ThreadCensus), so
 * the probe's summary and this ThreadMXBean path agree. A pure function with no state: safe on any
 * thread. 2,000 threads take a few milliseconds (see docs/benchmarks.md).
 */
public final class ThreadClassifier {

    /** A socket frame deeper than this is not "what the thread is doing now". */
    static final int SOCKET_FRAME_MAX_DEPTH = ThreadRules.SOCKET_FRAME_MAX_DEPTH;

    public Classification classify(ThreadInfo info) {
        return classify(info.getThreadName(), info.getThreadState(), info.getStackTrace(),
                info.getLockName(), info.getLockOwnerId(), info.getLockOwnerName());
    }

    /**
     * @param frames      top first, as ThreadInfo gives them
     * @param lockName    ThreadInfo's lock name ("class@hash") or null
     * @param lockOwnerId -1 when no thread owns the lock
     */
    public Classification classify(String threadName, Thread.State state, StackTraceElement[] frames,
                                   String lockName, long lockOwnerId, String lockOwnerName) {
        return of(ThreadRules.classify(threadName, state, frames, lockName, lockOwnerId, lockOwnerName));
    }

    /** The rules' verdict as the app's record. */
    static Classification of(ThreadRules.Verdict v) {
        return new Classification(category(v.category), v.pool, v.lockInfo, v.lockOwner, v.lockOwnerId, v.detail,
                v.signature);
    }

    /** The category of a {@link ThreadRules} name ("socket_io"); OTHER for a name this app does not know. */
    static ThreadCategory category(String jsonName) {
        for (ThreadCategory c : ThreadCategory.values()) {
            if (c.jsonName().equals(jsonName == null ? null : jsonName.toLowerCase(Locale.ROOT))) {
                return c;
            }
        }
        return ThreadCategory.OTHER;
    }

    /**
     * True when a stack cut at {@code frames.length} might classify differently in full: the top is a
     * socket frame but no driver frame was reached. {@link ThreadReader} fetches those deeper.
     */
    public boolean mayNeedDeeperStack(StackTraceElement[] frames) {
        return ThreadRules.mayNeedDeeperStack(frames);
    }

    /** The pool a HikariCP-owned thread works for, from its name, or null. */
    static String hikariPoolOfThread(String threadName) {
        return ThreadRules.hikariPoolOfThread(threadName);
    }
}
