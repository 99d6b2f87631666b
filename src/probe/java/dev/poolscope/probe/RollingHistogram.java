package dev.poolscope.probe;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Durations of the last minute: a ring of 5-second {@link LatencyHistogram} windows. The writer
 * that first enters a new window clears it (lock-free; a value recorded by a racing writer during
 * that clearing can be lost, which only this "last minute" view can show). The reader merges the
 * current window and the 11 before it, so the view covers between 55 and 60 seconds.
 */
final class RollingHistogram {

    static final long WINDOW_NANOS = 5_000_000_000L;
    private static final int WINDOWS_READ = 12;
    // One more than is read, so the window being cleared for reuse is never one being read.
    private static final int RING = WINDOWS_READ + 1;

    private final LatencyHistogram[] windows = new LatencyHistogram[RING];
    private final AtomicLong[] epochs = new AtomicLong[RING];

    RollingHistogram() {
        for (int i = 0; i < RING; i++) {
            windows[i] = new LatencyHistogram();
            epochs[i] = new AtomicLong(Long.MIN_VALUE);
        }
    }

    void recordMicros(long micros, long nowNanos) {
        long epoch = Math.floorDiv(nowNanos, WINDOW_NANOS);
        int index = (int) Math.floorMod(epoch, (long) RING);
        AtomicLong tag = epochs[index];
        long seen = tag.get();
        if (seen != epoch && seen < epoch && tag.compareAndSet(seen, epoch)) {
            windows[index].clear();
        }
        windows[index].recordMicros(micros);
    }

    /** How much time {@link #lastMinute} covers now: 55 to 60 s, less while measuring began more recently. */
    static long spanMillis(long nowNanos, long measuringSinceNanos) {
        long epoch = Math.floorDiv(nowNanos, WINDOW_NANOS);
        long oldestStart = (epoch - WINDOWS_READ + 1) * WINDOW_NANOS;
        return (nowNanos - Math.max(oldestStart, measuringSinceNanos)) / 1_000_000L;
    }

    LatencyHistogram.Summary lastMinute(long nowNanos) {
        long epoch = Math.floorDiv(nowNanos, WINDOW_NANOS);
        long[] merged = new long[LatencyHistogram.BUCKETS];
        long max = -1;
        for (int i = 0; i < RING; i++) {
            long tag = epochs[i].get();
            if (tag <= epoch && tag > epoch - WINDOWS_READ) {
                max = windows[i].addTo(merged, max);
            }
        }
        return new LatencyHistogram.Summary(merged, max);
    }
}
