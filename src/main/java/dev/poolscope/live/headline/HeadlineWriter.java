package dev.poolscope.live.headline;

import dev.poolscope.text.Durations;
import dev.poolscope.live.threads.ThreadSample;
import dev.poolscope.live.threads.ThreadCategory;
import dev.poolscope.live.threads.ThreadAnalysis;
import dev.poolscope.live.threads.Headline;
import dev.poolscope.live.diagnosis.Diagnoser;
import dev.poolscope.live.diagnosis.Diagnoses;

import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * Names the problem a {@link ThreadAnalysis} shows. Pure. Situations, most urgent first:
 * a deadlock; threads stuck on database sockets (their cause from the connections' diagnoses, see
 * {@link SocketHeadline}); an exhausted pool
 * without socket hangs (leak, slow work while holding a connection, or a pool too small); threads
 * stuck on locks; threads waiting but not yet past the threshold; nothing wrong.
 */
public final class HeadlineWriter {

    private HeadlineWriter() {
    }

    /** Without connection diagnoses: socket hangs are reported without a cause PoolScope cannot show. */
    public static Headline write(ThreadAnalysis a) {
        return write(a, Diagnoses.NONE);
    }

    public static Headline write(ThreadAnalysis a, Diagnoses diagnoses) {
        List<ThreadSample> socket = a.stuck(ThreadCategory.SOCKET_IO);
        List<ThreadSample> awaiting = a.stuck(ThreadCategory.AWAITING_CONNECTION);
        List<ThreadSample> blocked = a.stuck(ThreadCategory.BLOCKED);
        long waitingNow = a.inCategory(ThreadCategory.AWAITING_CONNECTION).size();

        if (!a.deadlocks().isEmpty()) {
            return deadlock(a, socket.size(), waitingNow);
        }
        if (!socket.isEmpty()) {
            return SocketHeadline.write(socket, diagnoses, waitingNow);
        }
        if (!awaiting.isEmpty()) {
            String problem = plural(awaiting.size(), "thread") + " waiting for a connection for "
                    + forAtLeast(awaiting) + onPools(awaiting) + "; no thread is hung on a database socket";
            List<ThreadSample> holders = a.threads().stream()
                    .filter(t -> t.connectionId() != null && t.category() != ThreadCategory.SOCKET_IO)
                    .toList();
            String explanation = "The pool is exhausted: connections are leaked (borrowed and never closed), held "
                    + "during slow work, or the pool is too small for the load."
                    + (holders.isEmpty() ? "" : " Holders not talking to the database: "
                    + holders.stream().limit(3).map(t -> t.name() + " (" + (t.pool() == null ? "" : t.pool() + "/") + t.connectionId() + ")")
                    .collect(Collectors.joining(", ")) + ".");
            return new Headline(Headline.Severity.CRITICAL, problem, explanation,
                    "Set leakDetectionThreshold (e.g. 30000 ms) to log who holds connections too long; compare "
                            + "maximumPoolSize with concurrent demand; look for slow queries; connectionTimeout "
                            + "bounds how long callers wait.");
        }
        if (!blocked.isEmpty()) {
            String owners = blocked.stream().map(ThreadSample::lockOwner).filter(Objects::nonNull)
                    .collect(Collectors.toCollection(TreeSet::new)).stream().limit(3)
                    .collect(Collectors.joining(", "));
            String problem = plural(blocked.size(), "thread") + " blocked on locks for "
                    + forAtLeast(blocked) + (owners.isEmpty() ? "" : ", held by " + owners);
            return new Headline(Headline.Severity.WARNING, problem,
                    "Lock contention, or a thread holding a lock during slow work (often a database call inside "
                            + "synchronized code). The owner's stack shows what it is doing.",
                    null);
        }
        long threshold = a.policy().threshold().toMillis();
        if (waitingNow > 0) {
            List<ThreadSample> waiting = a.inCategory(ThreadCategory.AWAITING_CONNECTION);
            boolean measured = waiting.stream().noneMatch(t -> t.mayExceed(threshold));
            // Only bounded waits support "none for longer than": a wait first seen at attach has no upper bound.
            return new Headline(Headline.Severity.WARNING,
                    plural(waitingNow, "thread") + " waiting for a connection, " + (measured
                            ? "none for longer than " + Durations.setting(threshold)
                            : "for " + forAtLeast(waiting) + " (seen since PoolScope attached; the start was not measured)"),
                    "Short waits are normal under load; they become a problem when they grow.", null);
        }
        Long heldAtMost = diagnoses.longestInUseAtMostMillis();
        boolean poolBounded = heldAtMost != null && heldAtMost < threshold;
        List<ThreadSample> seenAtFirstLook = unsettled(a);
        List<ThreadSample> unsettled = seenAtFirstLook.stream()
                // A socket wait on a pool connection is bounded by how long the connection has been borrowed.
                .filter(t -> !(poolBounded && t.category() == ThreadCategory.SOCKET_IO))
                .toList();
        if (!unsettled.isEmpty()) {
            return unsettled(a, unsettled);
        }
        long boundedBySocket = seenAtFirstLook.size(); // all socket reads, settled by the pool's bound
        return new Headline(Headline.Severity.OK,
                "No stuck threads: " + plural(a.totalThreads(), "thread") + ", none waiting for a connection,"
                        + " hung on a database socket or blocked for > " + Durations.setting(threshold)
                        + (boundedBySocket == 0 ? "" : " (" + boundedBySocket + " in database socket I/O since before"
                        + " PoolScope looked; every in-use pool connection was borrowed ≤ " + Durations.elapsed(heldAtMost)
                        + " ago)"),
                "", null);
    }

    /**
     * Threads in a state that matters (socket I/O, blocked) that are not stuck by their lower bound
     * yet may be past the threshold already: they were in that state when PoolScope first looked.
     */
    private static List<ThreadSample> unsettled(ThreadAnalysis a) {
        long threshold = a.policy().threshold().toMillis();
        return a.threads().stream()
                .filter(t -> (t.category() == ThreadCategory.SOCKET_IO || t.category() == ThreadCategory.BLOCKED)
                        && !a.policy().isStuck(t) && t.mayExceed(threshold))
                .toList();
    }

    /** Not "no stuck threads": what was seen, its lower bound, and what settles it. */
    private static Headline unsettled(ThreadAnalysis a, List<ThreadSample> unsettled) {
        long socket = unsettled.stream().filter(t -> t.category() == ThreadCategory.SOCKET_IO).count();
        long blocked = unsettled.size() - socket;
        String what = socket > 0 && blocked > 0
                ? plural(socket, "thread") + " in database socket I/O and " + blocked + " blocked on locks"
                : socket > 0 ? plural(socket, "thread") + " in database socket I/O"
                : plural(blocked, "thread") + " blocked on locks";
        String threshold = Durations.setting(a.policy().threshold().toMillis());
        // A bound under a second says nothing ("≥ 0 ms"): then only that they were already there.
        String seenFor = minMillis(unsettled) >= 1_000 ? " for " + forAtLeast(unsettled) : "";
        return new Headline(Headline.Severity.WARNING,
                what + seenFor + onPools(unsettled)
                        + ": already so when PoolScope first looked, so they may be stuck for far longer",
                "How long before PoolScope looked is not measured: a hang that began before attach looks like this at "
                        + "first. Watching settles it: a thread still there after " + threshold + " is reported as "
                        + "stuck (as a lower bound, ≥); one that moves on was not stuck.",
                "Run watch (or keep the live view open) for " + threshold + "; with " + Diagnoser.CREDENTIALS
                        + " the database's view dates each query and names lock waits.");
    }

    private static Headline deadlock(ThreadAnalysis a, int socketStuck, long waitingNow) {
        int threads = a.deadlocks().stream().mapToInt(g -> g.threadIds().size()).sum();
        String names = a.deadlocks().get(0).threadNames().stream().limit(4).collect(Collectors.joining(", "));
        String problem = "Deadlock: " + plural(threads, "thread") + " (" + names + ") wait for each other's locks"
                + (a.deadlocks().size() > 1 ? " in " + a.deadlocks().size() + " groups" : "")
                + (socketStuck > 0 ? "; " + socketStuck + " stuck in socket I/O" : "")
                + (waitingNow > 0 ? "; " + waitingNow + " waiting for a connection" : "");
        return new Headline(Headline.Severity.CRITICAL, problem,
                "These threads will never continue; any connection they hold is lost to the pool until the "
                        + "service restarts. The stacks show the two lock orders to reconcile.",
                null);
    }

    /** "≥ 3 s" when any duration is a lower bound (sampled), "> 3 s" when all were measured. */
    static String forAtLeast(List<ThreadSample> threads) {
        boolean lowerBound = threads.stream().anyMatch(t -> t.stuckLowerBound() || t.stuckMillis() == null);
        return (lowerBound ? "≥ " : "> ") + Durations.elapsed(minMillis(threads));
    }

    static String operations(List<ThreadSample> socket) {
        // The classifier does not expose the operation in ThreadSample; the top frames tell.
        Set<String> ops = new TreeSet<>();
        for (ThreadSample t : socket) {
            String top = t.stack().isEmpty() ? "" : t.stack().get(0);
            ops.add(top.contains("rite") ? "writes" : top.contains("onnect") ? "connects" : "reads");
        }
        return String.join("/", ops);
    }

    static String onPools(List<ThreadSample> threads) {
        Set<String> pools = threads.stream().map(ThreadSample::pool).filter(Objects::nonNull)
                .collect(Collectors.toCollection(TreeSet::new));
        if (pools.isEmpty()) {
            return "";
        }
        return (pools.size() == 1 ? " on pool " : " on pools ") + String.join(", ", pools);
    }

    private static long minMillis(List<ThreadSample> threads) {
        return threads.stream().map(ThreadSample::stuckMillis).filter(Objects::nonNull)
                .min(Comparator.naturalOrder()).orElse(0L);
    }

    static String plural(long n, String noun) {
        return n + " " + noun + (n == 1 ? "" : "s");
    }
}
