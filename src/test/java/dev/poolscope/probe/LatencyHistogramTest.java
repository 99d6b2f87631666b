package dev.poolscope.probe;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class LatencyHistogramTest {

    @Test
    void emptyHistogramReportsMinusOne() {
        LatencyHistogram.Summary s = new LatencyHistogram().summary();
        assertThat(s.count).isZero();
        assertThat(s.percentileMillis(50)).isEqualTo(-1);
        assertThat(s.maxMillis()).isEqualTo(-1);
    }

    @Test
    void percentilesOfAUniformSpreadAreWithinThreePercent() {
        LatencyHistogram h = new LatencyHistogram();
        for (int ms = 1; ms <= 1000; ms++) {
            h.recordMicros(ms * 1000L);
        }
        LatencyHistogram.Summary s = h.summary();
        assertThat(s.count).isEqualTo(1000);
        assertThat(s.percentileMillis(50)).isCloseTo(500, within(500 * 0.03));
        assertThat(s.percentileMillis(95)).isCloseTo(950, within(950 * 0.03));
        assertThat(s.percentileMillis(99)).isCloseTo(990, within(990 * 0.03));
        assertThat(s.maxMillis()).isEqualTo(1000.0);
    }

    @Test
    void aSingleValueIsReportedNoHigherThanTheExactMaximum() {
        LatencyHistogram h = new LatencyHistogram();
        h.recordMicros(1_234_567);
        LatencyHistogram.Summary s = h.summary();
        assertThat(s.percentileMillis(50)).isLessThanOrEqualTo(1234.567).isCloseTo(1234.567, within(1234.567 * 0.07));
        assertThat(s.maxMillis()).isEqualTo(1234.567);
    }

    @Test
    void smallValuesAreExact() {
        LatencyHistogram h = new LatencyHistogram();
        h.recordMicros(3);
        h.recordMicros(3);
        h.recordMicros(7);
        assertThat(h.summary().percentileMillis(50)).isEqualTo(0.003);
    }

    @Test
    void bucketsTileTheRangeWithoutGapsOrOverlaps() {
        for (int b = 0; b < LatencyHistogram.BUCKETS - 1; b++) {
            assertThat(LatencyHistogram.lowerBound(b) + LatencyHistogram.width(b))
                    .as("bucket %d", b).isEqualTo(LatencyHistogram.lowerBound(b + 1));
            assertThat(LatencyHistogram.bucketOf(LatencyHistogram.lowerBound(b))).isEqualTo(b);
        }
    }

    @Test
    void hugeAndNegativeValuesAreClamped() {
        LatencyHistogram h = new LatencyHistogram();
        h.recordMicros(Long.MAX_VALUE);
        h.recordMicros(-5);
        LatencyHistogram.Summary s = h.summary();
        assertThat(s.count).isEqualTo(2);
        assertThat(s.percentileMillis(50)).isEqualTo(0.0);
    }

    @Test
    void lastMinuteForgetsWindowsOlderThanAMinute() {
        RollingHistogram rolling = new RollingHistogram();
        long t0 = 1_000_000_000_000L;
        rolling.recordMicros(900_000, t0);
        rolling.recordMicros(10_000, t0 + 30_000_000_000L);
        assertThat(rolling.lastMinute(t0 + 30_000_000_000L).count).isEqualTo(2);
        LatencyHistogram.Summary later = rolling.lastMinute(t0 + 61_000_000_000L);
        assertThat(later.count).isEqualTo(1);
        assertThat(later.maxMillis()).isEqualTo(10.0);
    }

    @Test
    void aReusedWindowStartsEmpty() {
        RollingHistogram rolling = new RollingHistogram();
        long t0 = 1_000_000_000_000L;
        rolling.recordMicros(900_000, t0);
        // 13 windows of 5 s later the same ring slot is reused for the new window.
        long reuse = t0 + 13 * RollingHistogram.WINDOW_NANOS;
        rolling.recordMicros(1_000, reuse);
        LatencyHistogram.Summary s = rolling.lastMinute(reuse);
        assertThat(s.count).isEqualTo(1);
        assertThat(s.maxMillis()).isEqualTo(1.0);
    }

    @Test
    void lastMinuteSpanIsBetween55And60SecondsOnceMeasuringLongEnough() {
        long since = 0;
        for (long now = 120_000_000_000L; now < 130_000_000_000L; now += 700_000_000L) {
            assertThat(RollingHistogram.spanMillis(now, since)).isBetween(55_000L, 60_000L);
        }
        assertThat(RollingHistogram.spanMillis(120_000_000_000L, 119_000_000_000L)).isEqualTo(1_000L);
    }

    @Test
    void timeoutsOfTheLastMinuteAreCountedAndForgotten() {
        RollingCounter counter = new RollingCounter();
        long t0 = 1_000_000_000_000L;
        counter.increment(t0);
        counter.increment(t0 + 20_000_000_000L);
        assertThat(counter.lastMinute(t0 + 20_000_000_000L)).isEqualTo(2);
        assertThat(counter.lastMinute(t0 + 61_000_000_000L)).isEqualTo(1);
        assertThat(counter.lastMinute(t0 + 200_000_000_000L)).isZero();
    }

    @Test
    void countsFromManyThreadsOnOneBucketAreMergedExactly() throws Exception {
        LatencyHistogram histogram = new LatencyHistogram();
        Thread[] threads = new Thread[8];
        java.util.concurrent.CountDownLatch go = new java.util.concurrent.CountDownLatch(1);
        for (int t = 0; t < threads.length; t++) {
            threads[t] = new Thread(() -> {
                try {
                    go.await();
                } catch (InterruptedException e) {
                    return;
                }
                for (int i = 0; i < 100_000; i++) {
                    histogram.recordMicros(100);
                }
            });
            threads[t].start();
        }
        go.countDown();
        for (Thread t : threads) {
            t.join();
        }
        assertThat(histogram.summary().count).isEqualTo(800_000);
        assertThat(histogram.summary().maxMillis()).isEqualTo(0.1);
    }

    @Test
    void aClearedHistogramCountsAgainFromZero() {
        LatencyHistogram histogram = new LatencyHistogram();
        histogram.recordMicros(5);
        histogram.clear();
        histogram.recordMicros(7);
        assertThat(histogram.summary().count).isEqualTo(1);
        assertThat(histogram.summary().maxMillis()).isEqualTo(0.007);
    }
}
