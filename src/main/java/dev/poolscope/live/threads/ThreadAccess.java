package dev.poolscope.live.threads;

/**
 * What a JMX role without operations means for threads. The JDK's file access controller
 * (jmxremote.access) lets a {@code readonly} user read attributes and query names, but not invoke
 * operations; every per-thread read of ThreadMXBean (getThreadInfo, findDeadlockedThreads,
 * dumpAllThreads) is an operation, so it fails with a SecurityException ("Access denied! Invalid
 * access level for requested MBeanServer operation.").
 */
public final class ThreadAccess {

    public static final String READ_ONLY_REASON = "Thread analysis is not available: this JMX user has read-only access"
            + " (the 'readonly' role in the target's jmxremote.access file), and reading thread stacks"
            + " (ThreadMXBean getThreadInfo, findDeadlockedThreads, dumpAllThreads) is a JMX operation, which needs 'readwrite'."
            + " Shown instead: thread counts from ThreadMXBean attributes, and, where the PoolScope probe is loaded,"
            + " each connection's borrower thread. To get the analysis, grant this user 'readwrite' in jmxremote.access"
            + " (it also allows changing attributes and invoking operations; PoolScope only reads).";

    private ThreadAccess() {
    }

    /** True when {@code t} (or a cause) is the JMX access controller's refusal. */
    public static boolean isDenied(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
            if (c instanceof SecurityException) {
                return true;
            }
        }
        return false;
    }
}
