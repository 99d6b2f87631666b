package dev.poolscope.probe;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Use time (borrow to return), driven with explicit nanoTime values. */
class PoolTrackerUseTimeTest {

    private static final long T0 = 1_000_000_000_000L;
    private static final long MS = 1_000_000L;

    private final PoolTracker tracker = new PoolTracker(new Object(), T0);
    private final Object entry = new Object();

    @Test
    void aReturnRecordsTheTimeSinceTheBorrowItEnds() {
        tracker.leased(entry, Thread.currentThread(), T0);
        tracker.released(entry, T0 + 200 * MS);
        Object other = new Object();
        tracker.leased(other, Thread.currentThread(), T0 + 300 * MS);
        tracker.released(other, T0 + 350 * MS);

        assertThat(tracker.uses()).isEqualTo(2);
        assertThat(tracker.useMicrosTotal()).isEqualTo(250_000);
        LatencyHistogram.Summary minute = tracker.useLastMinute(T0 + 400 * MS);
        assertThat(minute.count).isEqualTo(2);
        assertThat(minute.maxMillis()).isEqualTo(200.0);
    }

    @Test
    void aReturnOfAConnectionWhoseBorrowTheProbeDidNotSeeIsNotCounted() {
        // Borrowed before the probe loaded: no lease, so no start to measure from.
        tracker.released(entry, T0 + 200 * MS);

        assertThat(tracker.uses()).isZero();
        assertThat(tracker.useMicrosTotal()).isZero();
        assertThat(tracker.useLastMinute(T0 + 300 * MS).count).isZero();
    }

    @Test
    void aConnectionReleasedByRecycleAndThenByCloseConnectionIsCountedOnce() {
        tracker.leased(entry, Thread.currentThread(), T0);
        tracker.released(entry, T0 + 10 * MS);
        tracker.released(entry, T0 + 20 * MS);

        assertThat(tracker.uses()).isEqualTo(1);
        assertThat(tracker.useMicrosTotal()).isEqualTo(10_000);
    }

    @Test
    void aLeasePrunedByTheScannerIsNotAUse() {
        tracker.leased(entry, Thread.currentThread(), T0);
        tracker.forgetLeasesExcept(new java.util.IdentityHashMap<Object, Boolean>(), tracker.leasesByEntry());
        tracker.released(entry, T0 + 10 * MS);

        assertThat(tracker.uses()).as("a prune does not know when the connection was given up").isZero();
    }

    @Test
    void theExportersFiguresGiveCountSumAndLastMinuteQuantilesInSeconds() {
        tracker.leased(entry, Thread.currentThread(), T0);
        tracker.released(entry, T0 + 200 * MS);
        PoolReader.Read r = new PoolReader.Read();
        r.nowNanos = T0 + 300 * MS;

        PoolFigures f = PoolFigures.of(r, 2, 2, tracker, 10_000, true, 0);

        assertThat(f.useCountTotal).isEqualTo(1);
        assertThat(f.useSecondsTotal).isEqualTo(0.2);
        assertThat(f.useMaxSeconds).isEqualTo(0.2);
        assertThat(f.useP50Seconds).isBetween(0.2 * 0.97, 0.2);
        assertThat(f.useCountLastMinute).isEqualTo(1);
    }

    @Test
    void withoutAReturnInTheLastMinuteTheQuantilesAreNotANumberAndTheTotalsStay() {
        tracker.leased(entry, Thread.currentThread(), T0);
        tracker.released(entry, T0 + 200 * MS);
        PoolReader.Read r = new PoolReader.Read();
        r.nowNanos = T0 + 120_000 * MS;

        PoolFigures f = PoolFigures.of(r, 2, 2, tracker, 10_000, true, 0);

        assertThat(f.useP50Seconds).isNaN();
        assertThat(f.useMaxSeconds).isNaN();
        assertThat(f.useCountLastMinute).isZero();
        assertThat(f.useCountTotal).isEqualTo(1);
        assertThat(f.useSecondsTotal).isEqualTo(0.2);
    }
}
