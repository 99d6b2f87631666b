package dev.poolscope.probe;

import java.util.HashSet;
import java.util.Set;

/** Threads holding a connection of any tracked pool, from the lease slots' lock-free copies. */
final class LeaseHolders implements ThreadCensus.Holders {

    private final BorrowRecorder recorder;

    LeaseHolders(BorrowRecorder recorder) {
        this.recorder = recorder;
    }

    @Override
    public Set<Long> threadIds() {
        Set<Long> ids = new HashSet<Long>();
        for (PoolTracker tracker : recorder.trackers()) {
            for (Lease lease : tracker.leasesByEntry().values()) {
                ids.add(lease.threadId);
            }
        }
        return ids;
    }
}
