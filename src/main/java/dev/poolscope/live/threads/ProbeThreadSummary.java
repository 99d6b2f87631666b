package dev.poolscope.live.threads;

import javax.management.AttributeNotFoundException;
import javax.management.InstanceNotFoundException;
import javax.management.JMException;
import javax.management.MBeanServerConnection;
import javax.management.MalformedObjectNameException;
import javax.management.ObjectName;
import javax.management.RuntimeMBeanException;
import javax.management.openmbean.CompositeData;
import java.io.IOException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Reads the probe's {@code ThreadSummary} (docs/probe-mxbean.md): the target's threads classified in
 * the target by the same rules as {@link ThreadClassifier}, with exact counts per category, stacks only
 * for the threads that matter, and the probe's own first-seen times, kept between reads. One attribute
 * read instead of four ThreadMXBean operations that ship every thread: a poll's cost then grows with
 * the threads in trouble, not with the thread count.
 *
 * <p>Falls back (returns null) when the target has no probe or a probe older than the attribute; that
 * is remembered for the connection, so such a target costs one failed read, not one per poll. A read
 * that failed inside the probe falls back for that poll only. Blocking, cross-process: the caller adds
 * the deadline. Used by one poller thread.
 */
public final class ProbeThreadSummary {

    static final String AGENT = "dev.poolscope:type=ProbeAgent";
    static final String ATTRIBUTE = "ThreadSummary";

    private final MBeanServerConnection mbeans;
    private final Clock clock;
    private final ObjectName agent;
    private boolean unavailable;

    public ProbeThreadSummary(MBeanServerConnection mbeans, Clock clock) {
        this.mbeans = mbeans;
        this.clock = clock;
        try {
            this.agent = new ObjectName(AGENT);
        } catch (MalformedObjectNameException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * The probe's summary as an analysis, or null when this target's probe cannot give one (then read
     * threads through ThreadMXBean).
     */
    public ThreadAnalysis read(ProbeThreadHints hints, StuckPolicy policy) throws IOException {
        if (unavailable) {
            return null;
        }
        Object value;
        try {
            value = mbeans.getAttribute(agent, ATTRIBUTE);
        } catch (InstanceNotFoundException | AttributeNotFoundException e) {
            unavailable = true; // no probe, or one older than the attribute
            return null;
        } catch (JMException | RuntimeMBeanException e) {
            return null; // the probe's read failed in the target: this poll reads through ThreadMXBean
        }
        if (!(value instanceof CompositeData summary)) {
            unavailable = true;
            return null;
        }
        return toAnalysis(summary, hints, policy, clock.instant());
    }

    /** Pure: the summary's threads as samples, durations from the probe's times on the target's clock. */
    static ThreadAnalysis toAnalysis(CompositeData summary, ProbeThreadHints hints, StuckPolicy policy,
                                     java.time.Instant sampledAt) {
        ProbeThreadHints h = hints == null ? ProbeThreadHints.NONE : hints;
        long capturedAt = number(summary, "capturedAtEpochMillis", sampledAt.toEpochMilli());
        List<ClassifiedThread> classified = new ArrayList<>();
        List<ThreadSample> samples = new ArrayList<>();
        Object[] entries = get(summary, "threads") instanceof Object[] a ? a : new Object[0];
        for (Object o : entries) {
            if (!(o instanceof CompositeData e)) {
                continue;
            }
            Classification c = new Classification(ThreadClassifier.category(string(e, "category")), string(e, "pool"),
                    string(e, "lockInfo"), string(e, "lockOwner"), number(e, "lockOwnerId", -1), string(e, "detail"),
                    String.valueOf(get(e, "signature")));
            String[] stack = get(e, "stack") instanceof String[] s ? s : new String[0];
            ClassifiedThread t = new ClassifiedThread(number(e, "id", -1), string(e, "name"), string(e, "state"), c,
                    Arrays.asList(stack));
            classified.add(t);
            samples.add(StuckTracker.toSample(t, number(e, "sameSinceEpochMillis", capturedAt),
                    number(e, "notSeenSinceEpochMillis", -1), capturedAt, h));
        }
        Set<Long> deadlocked = new HashSet<>();
        if (get(summary, "deadlockedThreadIds") instanceof long[] ids) {
            for (long id : ids) {
                deadlocked.add(id);
            }
        }
        ThreadTotals totals = new ThreadTotals(ThreadTotals.PROBE, (int) number(summary, "totalThreads", samples.size()),
                (int) number(summary, "awaitingConnection", 0), (int) number(summary, "socketIo", 0),
                (int) number(summary, "blocked", 0), (int) number(summary, "other", 0),
                (int) number(summary, "threadsShownLimit", samples.size()), (int) number(summary, "notShown", 0));
        return new ThreadAnalysis(sampledAt, samples, DeadlockGroup.of(deadlocked, classified), Set.of(), policy, totals);
    }

    private static Object get(CompositeData cd, String key) {
        return cd.containsKey(key) ? cd.get(key) : null;
    }

    private static long number(CompositeData cd, String key, long fallback) {
        return get(cd, key) instanceof Number n ? n.longValue() : fallback;
    }

    private static String string(CompositeData cd, String key) {
        Object v = get(cd, key);
        return v == null ? null : v.toString();
    }
}
