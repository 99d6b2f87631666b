package dev.poolscope.ui.live.history;

import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import javafx.scene.chart.XYChart;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class DownsamplingTest {

    @Test
    void shortSeriesAreLeftAlone() {
        List<ChartPoint> points = List.of(new ChartPoint(0, 1), new ChartPoint(1_000, 5), new ChartPoint(2_000, 2));
        assertThat(Downsampling.minMax(points, 3, 10_000)).isSameAs(points);
    }

    @Test
    void longSeriesKeepEachBucketsMinimumAndMaximumInTimeOrder() {
        List<ChartPoint> points = new ArrayList<>();
        // Bucket [0, 10 s): a spike to 900 at 7 s, minimum 1 at 2 s. Bucket [10 s, 20 s): falling, max first.
        double[] first = {5, 4, 1, 3, 6, 5, 4, 900, 8, 7};
        for (int i = 0; i < 10; i++) {
            points.add(new ChartPoint(i * 1_000L, first[i]));
        }
        for (int i = 0; i < 10; i++) {
            points.add(new ChartPoint(10_000 + i * 1_000L, 100 - i));
        }

        List<ChartPoint> out = Downsampling.minMax(points, 4, 10_000);

        assertThat(out).containsExactly(
                new ChartPoint(2_000, 1), new ChartPoint(7_000, 900),
                new ChartPoint(10_000, 100), new ChartPoint(19_000, 91));
    }

    @Test
    void aFlatBucketGivesOnePoint() {
        List<ChartPoint> points = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            points.add(new ChartPoint(i * 100L, 3));
        }
        assertThat(Downsampling.minMax(points, 5, 1_000)).containsExactly(new ChartPoint(0, 3), new ChartPoint(1_000, 3));
    }

    @Test
    void finishedBucketsGiveTheSamePointsWhenNewSamplesArrive() {
        List<ChartPoint> points = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            points.add(new ChartPoint(i * 500L, Math.sin(i)));
        }
        List<ChartPoint> before = Downsampling.minMax(points, 20, 5_000);
        points.add(new ChartPoint(100 * 500L, 42));
        List<ChartPoint> after = Downsampling.minMax(points, 20, 5_000);

        // Only the newest bucket (from 50 s) is new: everything before is unchanged.
        assertThat(after.subList(0, before.size())).isEqualTo(before);
        assertThat(after.get(after.size() - 1)).isEqualTo(new ChartPoint(50_000, 42));
    }

    @Test
    void aHistoryIsBoundedByItsWindowAndCapacity() {
        PoolHistory history = new PoolHistory(Duration.ofSeconds(60), 1_000);
        for (int s = 0; s <= 120; s++) {
            history.add(sample(s * 1_000L, s));
        }
        assertThat(history.size()).isEqualTo(61);
        assertThat(history.get(0).atMillis()).isEqualTo(60_000);
        assertThat(history.newest().atMillis()).isEqualTo(120_000);

        PoolHistory small = new PoolHistory(Duration.ofHours(1), 10);
        for (int s = 0; s < 25; s++) {
            small.add(sample(s * 1_000L, s));
        }
        assertThat(small.size()).isEqualTo(10);
        assertThat(small.get(0).atMillis()).isEqualTo(15_000);
        assertThat(small.newest().atMillis()).isEqualTo(24_000);
    }

    @Test
    void fifteenMinutesAtTheFastestRefreshBecomeAboutThreeHundredPointsWithTheSpikeKept() {
        PoolHistory history = new PoolHistory(Duration.ofMinutes(15), 2_048);
        for (int i = 0; i <= 1_800; i++) {
            history.add(sample(i * 500L, i == 777 ? 30_000 : 2));
        }
        List<ChartPoint> p99 = history.series(HistorySample::waitP99Millis);
        assertThat(p99.size()).isBetween(150, PoolHistory.MAX_POINTS + 2);
        assertThat(p99).contains(new ChartPoint(777 * 500L, 30_000));
        // Counts stay flat, so one point per bucket.
        assertThat(history.series(HistorySample::total)).hasSizeLessThanOrEqualTo(PoolHistory.MAX_POINTS / 2 + 1);
    }

    @Test
    void samplesWithoutMeasuredWaitsLeaveGapsNotZeros() {
        PoolHistory history = new PoolHistory(Duration.ofMinutes(1), 100);
        history.add(new HistorySample(0, null, null, 0, 1, 1, 2));
        history.add(sample(1_000, 7));
        assertThat(history.series(HistorySample::waitP99Millis)).containsExactly(new ChartPoint(1_000, 7));
        assertThat(history.series(HistorySample::total)).hasSize(2);
    }

    @Test
    void seriesSyncTouchesOnlyTheEvictedAndNewPoints() {
        ObservableList<XYChart.Data<Number, Number>> data = FXCollections.observableArrayList();
        List<ChartPoint> points = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            points.add(new ChartPoint(i, i));
        }
        assertThat(SeriesSync.sync(data, points)).isEqualTo(50);
        XYChart.Data<Number, Number> kept = data.get(10);

        List<ChartPoint> moved = new ArrayList<>(points.subList(2, 50));
        moved.add(new ChartPoint(50, 50));
        moved.add(new ChartPoint(51, 51));
        int touched = SeriesSync.sync(data, moved);

        assertThat(touched).isEqualTo(4);
        assertThat(data).hasSize(50);
        assertThat(data.get(8)).isSameAs(kept);
        assertThat(data.get(0).getXValue().longValue()).isEqualTo(2);
        assertThat(data.get(49).getYValue().doubleValue()).isEqualTo(51);

        List<ChartPoint> lastChanged = new ArrayList<>(moved);
        lastChanged.set(lastChanged.size() - 1, new ChartPoint(51, 99));
        assertThat(SeriesSync.sync(data, lastChanged)).isEqualTo(2);
        assertThat(data.get(49).getYValue().doubleValue()).isEqualTo(99);
    }

    private static HistorySample sample(long at, double wait) {
        return new HistorySample(at, wait / 2, wait, 0, 1, 1, 2);
    }
}
