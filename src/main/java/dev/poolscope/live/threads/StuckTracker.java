package dev.poolscope.live.threads;


import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Remembers, per thread id, since when the thread has been in the same category at the same frame
 * ({@link Classification#signature()}), across samples of one target.
 *
 * <p>Durations: from sampling they are lower bounds (the state began at the first sample that saw it,
 * or earlier). When the probe's {@link ProbeThreadHints} are given they replace sampling:
 * <ul>
 * <li>awaiting_connection with a probe borrow wait: time since getConnection was entered. Exact.</li>
 * <li>socket_io holding a probe-known connection, where the tracker did not see the state begin
 *     (already in it at the tracker's first sample): time since the borrow. The read began after
 *     the borrow, so this is exact for the failure PoolScope looks for (borrow, short query, then a
 *     hang) and an over-estimate by the work done before the read otherwise. Once the tracker saw
 *     the thread enter the read (a change of signature between two samples), sampling is used.</li>
 * </ul>
 * See docs/decisions/stuck-durations.md.
 *
 * <p>Each sampled duration also gets its upper bound ({@link ThreadSample#stuckAtMostMillis()}): the
 * time since the last sample that did not see the state, or none when the state was there at the
 * first sample, so a hang that began before PoolScope looked is never called short.
 *
 * <p>Memory is bounded by the target's live threads: entries of threads that are gone are dropped
 * at each update. Not thread-safe: one tracker per target, used by its polling thread.
 */
public final class StuckTracker {

    private final Clock clock;
    private Map<Long, Entry> entries = new HashMap<>();
    private StuckPolicy policy;
    /** When the previous sample was taken (epoch ms), or -1 before the first. */
    private long previousSampleMillis = -1;

    public StuckTracker(Clock clock, StuckPolicy policy) {
        this.clock = clock;
        this.policy = policy;
    }

    public void setPolicy(StuckPolicy policy) {
        this.policy = Objects.requireNonNull(policy);
    }

    /** Number of threads remembered; for tests of the memory bound. */
    int trackedThreads() {
        return entries.size();
    }

    public ThreadAnalysis update(List<ClassifiedThread> threads, Set<Long> deadlockedIds, ProbeThreadHints hints) {
        ProbeThreadHints h = hints == null ? ProbeThreadHints.NONE : hints;
        long now = clock.millis();
        Map<Long, Entry> next = new HashMap<>(threads.size() * 2);
        List<ThreadSample> samples = new ArrayList<>(threads.size());
        for (ClassifiedThread t : threads) {
            Classification c = t.classification();
            Entry previous = entries.get(t.id());
            Entry entry = previous != null && previous.signature.equals(c.signature())
                    ? previous
                    // A thread unseen before, after a first sample, started (or entered this state) since then.
                    : new Entry(c.signature(), now, previousSampleMillis >= 0 ? previousSampleMillis : -1);
            next.put(t.id(), entry);
            samples.add(toSample(t, entry.firstSeenMillis, entry.notYetSinceMillis, now, h));
        }
        entries = next;
        previousSampleMillis = now;
        return new ThreadAnalysis(Instant.ofEpochMilli(now), samples, DeadlockGroup.of(deadlockedIds, threads),
                Set.of(), policy);
    }

    /**
     * One thread's sample from the times the sampling saw it (here, or in the probe, which keeps the same
     * two times per thread between its reads: ProbeThreadSummary), then the probe's exact times.
     *
     * @param firstSeenMillis   the first sample that saw it in this place
     * @param notYetSinceMillis the sample before, which did not; -1 when it was there at the first sample
     * @param now               when this sample was taken, on the clock of the two times above
     */
    static ThreadSample toSample(ClassifiedThread t, long firstSeenMillis, long notYetSinceMillis, long now,
                                 ProbeThreadHints h) {
        Classification c = t.classification();
        long stuckMillis = Math.max(0, now - firstSeenMillis);
        boolean lowerBound = true;
        boolean startObserved = notYetSinceMillis >= 0;
        Long atMost = startObserved ? now - notYetSinceMillis : null;
        String pool = c.pool();
        String connectionId = null;

        ProbeThreadHints.HeldConnection held = h.held().get(t.id());
        if (held != null) {
            pool = held.pool();
            connectionId = held.connectionId();
            // The probe saw the borrow: the wait on its socket is counted from it, when nothing sampled
            // says otherwise: the state was already there at the first sample, or it began after the last
            // sample that did not see it, and the borrow came after that sample too. The probe's census
            // keeps first-seen times across reads, so the second case is the usual one there.
            if (c.category() == ThreadCategory.SOCKET_IO && held.borrowedAtEpochMillis() != null
                    && (!startObserved || held.borrowedAtEpochMillis() >= notYetSinceMillis)) {
                stuckMillis = Math.max(0, h.capturedAtEpochMillis() - held.borrowedAtEpochMillis());
                lowerBound = false;
                atMost = stuckMillis;
            }
        }
        ProbeThreadHints.BorrowWait wait = h.waiting().get(t.id());
        if (wait != null && c.category() == ThreadCategory.AWAITING_CONNECTION) {
            pool = wait.pool();
            stuckMillis = Math.max(0, h.capturedAtEpochMillis() - wait.sinceEpochMillis());
            lowerBound = false;
            atMost = stuckMillis;
        }
        return new ThreadSample(t.id(), t.name(), t.state(), c.category(), stuckMillis, lowerBound, pool,
                connectionId, c.lockInfo(), c.lockOwner(), t.stack(), atMost);
    }

    /**
     * @param notYetSinceMillis the sample before {@code firstSeenMillis}, which did not see this thread in
     *                          this state (elsewhere, or not yet started), so the state began between the
     *                          two; -1 when this state was already there at the tracker's first sample
     */
    private record Entry(String signature, long firstSeenMillis, long notYetSinceMillis) {
        boolean startObserved() {
            return notYetSinceMillis >= 0;
        }
    }
}
