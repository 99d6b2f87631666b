package dev.poolscope.live.threads;

import java.lang.management.LockInfo;
import java.lang.management.MonitorInfo;
import java.lang.management.ThreadInfo;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HashMap;
import java.util.Map;

/**
 * Writes a {@link ThreadDump} in the text format of jstack / jcmd Thread.print, so that the tools
 * people already use on dumps (fastthread.io, TDA, IntelliJ's "Analyze stack trace") read it. Pure.
 *
 * <p>Differences from jstack, because JMX does not expose them: no tid/nid/cpu/elapsed fields, and
 * lock ids in {@code <0x...>} are identity hash codes, not addresses (they still match between
 * "locked" and "waiting to lock" lines, which is what readers follow). Times are UTC.
 */
public final class JstackFormat {

    private static final DateTimeFormatter TIMESTAMP =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZoneOffset.UTC);

    private JstackFormat() {
    }

    public static String format(ThreadDump dump) {
        StringBuilder sb = new StringBuilder(dump.threads().size() * 1024);
        sb.append(TIMESTAMP.format(dump.capturedAt())).append('\n');
        sb.append("Full thread dump");
        if (dump.vmDescription() != null) {
            sb.append(' ').append(dump.vmDescription());
        }
        sb.append(":\n\n");
        for (ThreadInfo t : dump.threads()) {
            appendThread(sb, t, dump.lockedSynchronizers());
        }
        appendDeadlocks(sb, dump);
        return sb.toString();
    }

    /** One thread as jstack prints it, with a trailing blank line. */
    public static void appendThread(StringBuilder sb, ThreadInfo t, boolean withSynchronizers) {
        sb.append('"').append(t.getThreadName()).append("\" #").append(t.getThreadId());
        if (t.isDaemon()) {
            sb.append(" daemon");
        }
        if (t.getPriority() > 0) {
            sb.append(" prio=").append(t.getPriority());
        }
        sb.append('\n');
        sb.append("   java.lang.Thread.State: ").append(t.getThreadState()).append(stateNote(t)).append('\n');
        appendFrames(sb, t);
        if (withSynchronizers) {
            sb.append("\n   Locked ownable synchronizers:\n");
            LockInfo[] syncs = t.getLockedSynchronizers();
            if (syncs.length == 0) {
                sb.append("\t- None\n");
            }
            for (LockInfo l : syncs) {
                sb.append("\t- ").append(lockRef(l)).append('\n');
            }
        }
        sb.append('\n');
    }

    private static void appendFrames(StringBuilder sb, ThreadInfo t) {
        StackTraceElement[] frames = t.getStackTrace();
        Map<Integer, java.util.List<MonitorInfo>> lockedAt = new HashMap<>();
        for (MonitorInfo m : t.getLockedMonitors()) {
            lockedAt.computeIfAbsent(m.getLockedStackDepth(), k -> new java.util.ArrayList<>()).add(m);
        }
        for (int i = 0; i < frames.length; i++) {
            sb.append("\tat ").append(StackFrames.format(frames[i])).append('\n');
            if (i == 0 && t.getLockInfo() != null) {
                sb.append("\t- ").append(waitVerb(t, frames[0])).append(' ').append(lockRef(t.getLockInfo())).append('\n');
            }
            for (MonitorInfo m : lockedAt.getOrDefault(i, java.util.List.of())) {
                sb.append("\t- locked ").append(lockRef(m)).append('\n');
            }
        }
    }

    private static void appendDeadlocks(StringBuilder sb, ThreadDump dump) {
        if (dump.deadlockedIds().isEmpty()) {
            return;
        }
        Map<Long, ThreadInfo> byId = new HashMap<>();
        for (ThreadInfo t : dump.threads()) {
            byId.put(t.getThreadId(), t);
        }
        sb.append("\nFound one Java-level deadlock:\n=============================\n");
        for (ThreadInfo t : dump.threads()) {
            if (!dump.deadlockedIds().contains(t.getThreadId()) || t.getLockInfo() == null) {
                continue;
            }
            boolean monitor = t.getThreadState() == Thread.State.BLOCKED;
            sb.append('"').append(t.getThreadName()).append("\":\n");
            sb.append(monitor ? "  waiting to lock monitor " : "  waiting for ownable synchronizer ")
                    .append(lockRef(t.getLockInfo())).append(",\n");
            sb.append("  which is held by \"").append(t.getLockOwnerName()).append("\"\n");
        }
        sb.append("\nJava stack information for the threads listed above:\n")
                .append("===================================================\n");
        for (ThreadInfo t : dump.threads()) {
            if (dump.deadlockedIds().contains(t.getThreadId())) {
                sb.append('"').append(t.getThreadName()).append("\":\n");
                appendFrames(sb, t);
            }
        }
        sb.append("\nFound ").append(DeadlockGroup.of(dump.deadlockedIds(), classifiedForGrouping(dump)).size())
                .append(" deadlock(s).\n");
    }

    private static java.util.List<ClassifiedThread> classifiedForGrouping(ThreadDump dump) {
        ThreadClassifier classifier = new ThreadClassifier();
        java.util.List<ClassifiedThread> list = new java.util.ArrayList<>();
        for (ThreadInfo t : dump.threads()) {
            if (dump.deadlockedIds().contains(t.getThreadId())) {
                list.add(new ClassifiedThread(t.getThreadId(), t.getThreadName(), t.getThreadState().name(),
                        classifier.classify(t), java.util.List.of()));
            }
        }
        return list;
    }

    private static String waitVerb(ThreadInfo t, StackTraceElement top) {
        if (t.getThreadState() == Thread.State.BLOCKED) {
            return "waiting to lock";
        }
        if (top.getMethodName().startsWith("park")) {
            return "parking to wait for ";
        }
        return "waiting on";
    }

    private static String stateNote(ThreadInfo t) {
        StackTraceElement[] frames = t.getStackTrace();
        String top = frames.length == 0 ? "" : frames[0].getClassName() + "." + frames[0].getMethodName();
        return switch (t.getThreadState()) {
            case BLOCKED -> " (on object monitor)";
            case WAITING, TIMED_WAITING -> top.endsWith(".park") || top.endsWith(".parkNanos") ? " (parking)"
                    : top.equals("java.lang.Thread.sleep") || top.equals("java.lang.Thread.sleep0") ? " (sleeping)"
                    : top.startsWith("java.lang.Object.wait") ? " (on object monitor)" : "";
            default -> "";
        };
    }

    private static String lockRef(LockInfo l) {
        return String.format("<0x%016x> (a %s)", l.getIdentityHashCode(), l.getClassName());
    }
}
