package dev.poolscope.ui.live.history;

import java.util.ArrayList;
import java.util.List;

/**
 * Min/max bucketing of a time series, so a long history stays a few hundred points without
 * losing its spikes (a plain average would hide the one 30 s wait that matters).
 */
public final class Downsampling {

    private Downsampling() {
    }

    /**
     * Returns the points unchanged when there are at most {@code maxPoints}; otherwise splits time
     * into buckets of {@code bucketMillis} aligned to the epoch (so finished buckets give the same
     * points on every call and a chart only has to touch its newest points) and keeps each
     * bucket's minimum and maximum, in time order.
     *
     * @param points in ascending time order
     */
    public static List<ChartPoint> minMax(List<ChartPoint> points, int maxPoints, long bucketMillis) {
        if (maxPoints < 2 || bucketMillis <= 0) {
            throw new IllegalArgumentException("maxPoints >= 2 and bucketMillis > 0 needed");
        }
        if (points.size() <= maxPoints) {
            return points;
        }
        List<ChartPoint> out = new ArrayList<>(Math.min(points.size(), maxPoints + 2));
        int i = 0;
        while (i < points.size()) {
            long bucket = Math.floorDiv(points.get(i).atMillis(), bucketMillis);
            ChartPoint min = points.get(i);
            ChartPoint max = min;
            int j = i + 1;
            while (j < points.size() && Math.floorDiv(points.get(j).atMillis(), bucketMillis) == bucket) {
                ChartPoint p = points.get(j);
                if (p.value() < min.value()) {
                    min = p;
                }
                if (p.value() > max.value()) {
                    max = p;
                }
                j++;
            }
            if (min == max) {
                out.add(min);
            } else if (min.atMillis() <= max.atMillis()) {
                out.add(min);
                out.add(max);
            } else {
                out.add(max);
                out.add(min);
            }
            i = j;
        }
        return out;
    }
}
