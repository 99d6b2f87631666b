package dev.poolscope.probe;

import java.util.concurrent.atomic.AtomicLong;

/**
 * A count of events in the last minute, in the same 5-second windows as {@link RollingHistogram}
 * (and with the same lock-free reuse of a window, where a racing increment can be lost).
 */
final class RollingCounter {

    private static final int WINDOWS_READ = 12;
    private static final int RING = WINDOWS_READ + 1;

    private final AtomicLong[] counts = new AtomicLong[RING];
    private final AtomicLong[] epochs = new AtomicLong[RING];

    RollingCounter() {
        for (int i = 0; i < RING; i++) {
            counts[i] = new AtomicLong();
            epochs[i] = new AtomicLong(Long.MIN_VALUE);
        }
    }

    void increment(long nowNanos) {
        long epoch = Math.floorDiv(nowNanos, RollingHistogram.WINDOW_NANOS);
        int index = (int) Math.floorMod(epoch, (long) RING);
        long seen = epochs[index].get();
        if (seen < epoch && epochs[index].compareAndSet(seen, epoch)) {
            counts[index].set(0);
        }
        counts[index].incrementAndGet();
    }

    long lastMinute(long nowNanos) {
        long epoch = Math.floorDiv(nowNanos, RollingHistogram.WINDOW_NANOS);
        long total = 0;
        for (int i = 0; i < RING; i++) {
            long tag = epochs[i].get();
            if (tag <= epoch && tag > epoch - WINDOWS_READ) {
                total += counts[i].get();
            }
        }
        return total;
    }
}
