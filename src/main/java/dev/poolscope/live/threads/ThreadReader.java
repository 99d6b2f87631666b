package dev.poolscope.live.threads;


import javax.management.MBeanServerConnection;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.RuntimeMXBean;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads threads from a target's ThreadMXBean over JMX (local attach or remote; no probe needed).
 * Blocking and cross-process: call it off the FX thread with a deadline.
 *
 * <p>Cost. {@code dumpAllThreads(true, true)} on a target with 5,000 threads ships every frame of
 * every thread (tens of MB over RMI) and makes the target walk its heap to find ownable
 * synchronizers, at a safepoint. A periodic sample must not do that. {@link #sample()} therefore
 * reads all threads with a shallow stack ({@value #DEFAULT_SHALLOW_DEPTH} frames, no lock lists),
 * classifies them, and reads full stacks and locked monitors only for threads that are not
 * {@code other} (or whose top is a socket but whose driver frame lies deeper). The cost then grows
 * with the number of threads in trouble, not with the thread count. {@link #fullDump()} is the
 * expensive, complete read for export, made only when the user asks.
 *
 * <p>Not thread-safe: one reader per polling thread.
 */
public final class ThreadReader {

    /**
     * Frames per thread in the first pass. Enough for every rule of {@link ThreadClassifier}: socket
     * frames are looked for in the top 12, HikariCP's borrow frame is the 5th or 6th, DBCP's, c3p0's
     * and tomcat-jdbc's lie within 12; a socket top whose driver frame was cut off is re-read in full.
     * Frames dominate the cost of a read (docs/benchmarks.md), so this stays small.
     */
    public static final int DEFAULT_SHALLOW_DEPTH = 16;

    private final ThreadMXBean threads;
    private final MBeanServerConnection connection;
    private final ThreadClassifier classifier;
    private final Clock clock;
    private final int shallowDepth;
    /** False once the target turned out to be older than JDK 10 (no getThreadInfo(ids, locks, syncs, depth)). */
    private boolean depthWithLocksSupported = true;

    public ThreadReader(MBeanServerConnection connection, ThreadClassifier classifier, Clock clock) throws IOException {
        this(connection, classifier, clock, DEFAULT_SHALLOW_DEPTH);
    }

    public ThreadReader(MBeanServerConnection connection, ThreadClassifier classifier, Clock clock, int shallowDepth)
            throws IOException {
        this.connection = connection;
        this.threads = ManagementFactory.newPlatformMXBeanProxy(connection, ManagementFactory.THREAD_MXBEAN_NAME,
                ThreadMXBean.class);
        this.classifier = classifier;
        this.clock = clock;
        this.shallowDepth = shallowDepth;
    }

    /** The periodic read: every thread, full stacks only where they matter. Four JMX calls. */
    public ThreadDump sample() {
        var capturedAt = clock.instant();
        long[] ids = threads.getAllThreadIds();
        ThreadInfo[] shallow = threads.getThreadInfo(ids, shallowDepth);
        List<Long> interesting = new ArrayList<>();
        for (ThreadInfo t : shallow) {
            if (t != null && needsFullStack(t)) {
                interesting.add(t.getThreadId());
            }
        }
        Map<Long, ThreadInfo> full = readFull(interesting);
        Map<Long, ThreadInfo> merged = new LinkedHashMap<>();
        Set<Long> truncated = new HashSet<>();
        for (ThreadInfo t : shallow) {
            if (t == null) {
                continue; // the thread ended between getAllThreadIds and getThreadInfo
            }
            ThreadInfo deep = full.get(t.getThreadId());
            merged.put(t.getThreadId(), deep != null ? deep : t);
            if (deep == null && t.getStackTrace().length >= shallowDepth) {
                truncated.add(t.getThreadId());
            }
        }
        Set<Long> deadlocked = deadlocked();
        return new ThreadDump(capturedAt, List.copyOf(merged.values()), deadlocked, truncated, shallowDepth,
                depthWithLocksSupported, false, null, clock.millis() - capturedAt.toEpochMilli());
    }

    /**
     * Everything, as jstack shows it: all frames, locked monitors and ownable synchronizers. Costs the
     * target a safepoint with a heap walk; for export on request only.
     */
    public ThreadDump fullDump() {
        var capturedAt = clock.instant();
        ThreadInfo[] all = threads.dumpAllThreads(true, true);
        List<ThreadInfo> list = new ArrayList<>(all.length);
        for (ThreadInfo t : all) {
            if (t != null) {
                list.add(t);
            }
        }
        Set<Long> deadlocked = deadlocked();
        String vm = vmDescription();
        return new ThreadDump(capturedAt, list, deadlocked, Set.of(), Integer.MAX_VALUE, true, true, vm,
                clock.millis() - capturedAt.toEpochMilli());
    }

    private boolean needsFullStack(ThreadInfo t) {
        StackTraceElement[] frames = t.getStackTrace();
        return classifier.classify(t).category() != ThreadCategory.OTHER
                || (frames.length >= shallowDepth && classifier.mayNeedDeeperStack(frames));
    }

    private Map<Long, ThreadInfo> readFull(List<Long> ids) {
        if (ids.isEmpty()) {
            return Map.of();
        }
        long[] array = ids.stream().mapToLong(Long::longValue).toArray();
        ThreadInfo[] infos = null;
        if (depthWithLocksSupported) {
            try {
                // Locked monitors are cheap (read from the frames); ownable synchronizers are not (heap walk).
                infos = threads.getThreadInfo(array, true, false, Integer.MAX_VALUE);
            } catch (RuntimeException e) {
                // JDK 8/9 targets lack this operation; the proxy reports it as an undeclared ReflectionException.
                depthWithLocksSupported = false;
            }
        }
        if (infos == null) {
            infos = threads.getThreadInfo(array, Integer.MAX_VALUE);
        }
        Map<Long, ThreadInfo> byId = new HashMap<>();
        for (ThreadInfo t : infos) {
            if (t != null) {
                byId.put(t.getThreadId(), t);
            }
        }
        return byId;
    }

    private Set<Long> deadlocked() {
        long[] ids = threads.findDeadlockedThreads();
        if (ids == null) {
            return Set.of();
        }
        Set<Long> set = new HashSet<>();
        for (long id : ids) {
            set.add(id);
        }
        return set;
    }

    private String vmDescription() {
        try {
            RuntimeMXBean runtime = ManagementFactory.newPlatformMXBeanProxy(connection,
                    ManagementFactory.RUNTIME_MXBEAN_NAME, RuntimeMXBean.class);
            return runtime.getVmName() + " (" + runtime.getVmVersion() + ")";
        } catch (IOException | RuntimeException e) {
            return null; // the header is cosmetic; the dump is still complete without it
        }
    }
}
