package dev.poolscope.ui.live.history;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * The recent history of one pool for the live charts: a ring buffer holding at most
 * {@code capacity} samples and none older than {@code window} before the newest, so memory stays
 * bounded however long the view stays open. Not thread-safe: the FX thread owns it.
 */
public final class PoolHistory {

    /** Charts show at most this many points per series; longer histories are min/max bucketed. */
    public static final int MAX_POINTS = 300;

    private final long windowMillis;
    private final HistorySample[] ring;
    private int start;
    private int size;

    public PoolHistory(Duration window, int capacity) {
        if (capacity < 1 || window.isNegative() || window.isZero()) {
            throw new IllegalArgumentException("capacity >= 1 and a positive window needed");
        }
        this.windowMillis = window.toMillis();
        this.ring = new HistorySample[capacity];
    }

    /** Adds a sample; a sample older than the newest one is ignored (time only moves forward on a chart). */
    public void add(HistorySample sample) {
        if (size > 0 && sample.atMillis() < newest().atMillis()) {
            return;
        }
        if (size == ring.length) {
            start = (start + 1) % ring.length;
            size--;
        }
        ring[(start + size) % ring.length] = sample;
        size++;
        while (size > 0 && get(0).atMillis() < sample.atMillis() - windowMillis) {
            ring[start] = null;
            start = (start + 1) % ring.length;
            size--;
        }
    }

    public int size() {
        return size;
    }

    public long windowMillis() {
        return windowMillis;
    }

    public HistorySample get(int i) {
        if (i < 0 || i >= size) {
            throw new IndexOutOfBoundsException(i);
        }
        return ring[(start + i) % ring.length];
    }

    public HistorySample newest() {
        return size == 0 ? null : get(size - 1);
    }

    /** One series (samples whose value is null are left out), downsampled to at most about {@link #MAX_POINTS}. */
    public List<ChartPoint> series(Function<HistorySample, Number> value) {
        List<ChartPoint> points = new ArrayList<>(size);
        for (int i = 0; i < size; i++) {
            HistorySample s = get(i);
            Number v = value.apply(s);
            if (v != null) {
                points.add(new ChartPoint(s.atMillis(), v.doubleValue()));
            }
        }
        return Downsampling.minMax(points, MAX_POINTS, bucketMillis());
    }

    /** Two points per bucket, so the whole window fits in {@link #MAX_POINTS}. */
    long bucketMillis() {
        return Math.max(1, (windowMillis + MAX_POINTS / 2 - 1) / (MAX_POINTS / 2));
    }
}
