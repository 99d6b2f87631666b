package dev.poolscope.probe;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * When each connection holder was first seen in its current thread state at its current top frame
 * (e.g. RUNNABLE in a socket read), so a one-shot snapshot already says how long a holder has been
 * stuck. Sampled on the scanner thread, one {@code getThreadInfo(ids, 1)} call per scan for the
 * holders of all pools that have held their connection for at least {@link #MIN_HELD_MILLIS}:
 * cost bounded by the number of connections in use, not by thread count, and no sampling at all
 * (no safepoint) while every borrow is short. Precision: a state is first seen at most
 * {@code MIN_HELD_MILLIS} plus one scan interval after it began.
 */
final class HolderStates {

    static final class Sample {
        final String state;
        final String topFrame;
        final long sinceNanos;
        /** The lease sampled: its slot's sequence number (a slot is reused for later leases). */
        final long leaseSeq;

        Sample(String state, String topFrame, long sinceNanos, long leaseSeq) {
            this.state = state;
            this.topFrame = topFrame;
            this.sinceNanos = sinceNanos;
            this.leaseSeq = leaseSeq;
        }
    }

    static final long MIN_HELD_MILLIS = 1000;

    private final ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    /** Keyed by the probe's own slot object, so nothing of the target is kept here. */
    private Map<LeaseSlot, Sample> samples = new IdentityHashMap<LeaseSlot, Sample>();

    /** Samples the holders of all current leases; forgets leases that ended. Scanner thread. */
    void sample(List<PoolTracker> trackers) {
        List<Lease> leases = new ArrayList<Lease>();
        long heldSince = System.nanoTime() - MIN_HELD_MILLIS * 1_000_000L;
        for (PoolTracker tracker : trackers) {
            for (Lease lease : tracker.leasesByEntry().values()) {
                if (lease.sinceNanos - heldSince <= 0) {
                    leases.add(lease);
                }
            }
        }
        Map<LeaseSlot, Sample> next = new IdentityHashMap<LeaseSlot, Sample>();
        if (!leases.isEmpty()) {
            long[] ids = new long[leases.size()];
            for (int i = 0; i < ids.length; i++) {
                ids[i] = leases.get(i).threadId;
            }
            ThreadInfo[] infos = threads.getThreadInfo(ids, 1);
            long now = System.nanoTime();
            Map<LeaseSlot, Sample> previous = current();
            for (int i = 0; i < ids.length; i++) {
                ThreadInfo info = infos[i];
                if (info == null) {
                    continue; // the holder thread has ended
                }
                StackTraceElement[] stack = info.getStackTrace();
                String state = info.getThreadState().name();
                String frame = stack.length == 0 ? "" : stack[0].toString();
                Lease lease = leases.get(i);
                Sample before = previous.get(lease.slot);
                boolean unchanged = before != null && before.leaseSeq == lease.seq && before.state.equals(state)
                        && before.topFrame.equals(frame);
                next.put(lease.slot, unchanged ? before : new Sample(state, frame, now, lease.seq));
            }
        }
        synchronized (this) {
            samples = next;
        }
    }

    private synchronized Map<LeaseSlot, Sample> current() {
        return samples;
    }

    /** The last sample of {@code lease}'s holder, or null when not sampled yet. */
    synchronized Sample of(Lease lease) {
        Sample sample = samples.get(lease.slot);
        return sample != null && sample.leaseSeq == lease.seq ? sample : null;
    }
}
