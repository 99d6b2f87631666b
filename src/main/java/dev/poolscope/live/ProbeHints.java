package dev.poolscope.live;

import dev.poolscope.live.threads.ProbeThreadHints;

import javax.management.openmbean.CompositeData;
import java.util.HashMap;
import java.util.Map;

/**
 * Turns the probe's per-pool snapshots into {@link ProbeThreadHints}: which thread waits in
 * getConnection since when, and which holds which connection since when. These times come from the
 * probe's observation of the borrow, so stuck durations are exact rather than sampled lower bounds.
 */
final class ProbeHints {

    private ProbeHints() {
    }

    /** @param snapshotsByPool pool name to its raw {@code Snapshot} CompositeData (null values skipped) */
    static ProbeThreadHints build(Map<String, Object> snapshotsByPool, long nowEpochMillis) {
        Map<Long, ProbeThreadHints.BorrowWait> waiting = new HashMap<>();
        Map<Long, ProbeThreadHints.HeldConnection> held = new HashMap<>();
        for (Map.Entry<String, Object> e : snapshotsByPool.entrySet()) {
            if (!(e.getValue() instanceof CompositeData snap)) {
                continue;
            }
            String pool = e.getKey();
            for (CompositeData w : OpenData.composites(OpenData.composite(snap, "borrow"), "waiters")) {
                Long thread = OpenData.millis(w, "threadId");
                Long since = OpenData.millis(w, "waitingSinceEpochMillis");
                if (thread != null && since != null) {
                    waiting.put(thread, new ProbeThreadHints.BorrowWait(pool, since));
                }
            }
            for (CompositeData c : OpenData.composites(snap, "connections")) {
                Long thread = OpenData.millis(c, "borrowerThreadId");
                Long since = OpenData.millis(c, "borrowedAtEpochMillis");
                String id = OpenData.string(c, "id");
                // A holder named by the driver's lock has no borrow time: linked, with a sampled duration.
                if (thread != null && id != null && "in_use".equals(OpenData.string(c, "state"))) {
                    held.put(thread, new ProbeThreadHints.HeldConnection(pool, id, since));
                }
            }
        }
        if (waiting.isEmpty() && held.isEmpty()) {
            return ProbeThreadHints.NONE;
        }
        return new ProbeThreadHints(nowEpochMillis, waiting, held);
    }
}
