package dev.poolscope.ui.live;

import dev.poolscope.text.Durations;
import dev.poolscope.ui.live.history.HistorySample;
import dev.poolscope.ui.live.history.PoolHistory;
import dev.poolscope.ui.live.history.SeriesSync;
import javafx.collections.FXCollections;
import javafx.scene.chart.LineChart;
import javafx.scene.chart.NumberAxis;
import javafx.scene.chart.XYChart;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.util.StringConverter;

import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.function.Function;

/**
 * Two small charts for the selected pool over the last minutes: how long getConnection waits
 * (p50, p99) and how many connections are active, idle and in total, with the threads waiting
 * for one. Series are brought up to date point by point ({@link SeriesSync}), never rebuilt,
 * so a refresh costs the FX thread a few points, not a whole chart.
 */
final class BorrowCharts extends HBox {


    private final LiveViewModel viewModel;
    private final ZoneId zone;
    private final NumberAxis waitTime = timeAxis();
    private final NumberAxis countTime = timeAxis();
    private final LineChart<Number, Number> waits;
    private final LineChart<Number, Number> counts;
    private final List<Line> lines;
    private String shownPool;

    /** One series and where its values come from. */
    private record Line(XYChart.Series<Number, Number> series, Function<HistorySample, Number> value) {
    }

    BorrowCharts(LiveViewModel viewModel, ZoneId zone) {
        this.viewModel = viewModel;
        this.zone = zone;
        setId("borrow-charts");
        getStyleClass().add("borrow-charts");
        setSpacing(12);
        NumberAxis ms = new NumberAxis();
        ms.setForceZeroInRange(true);
        NumberAxis n = new NumberAxis();
        n.setForceZeroInRange(true);
        n.setMinorTickVisible(false);
        waits = chart("getConnection wait, ms (last minute)", waitTime, ms, "wait-chart");
        counts = chart("Connections, and threads waiting for one", countTime, n, "count-chart");
        Line p50 = line(waits, "p50", HistorySample::waitP50Millis);
        Line p99 = line(waits, "p99", HistorySample::waitP99Millis);
        Line active = line(counts, "active", HistorySample::active);
        Line idle = line(counts, "idle", HistorySample::idle);
        Line total = line(counts, "total", HistorySample::total);
        Line waiting = line(counts, "waiting", HistorySample::waiting);
        lines = List.of(p50, p99, active, idle, total, waiting);
        HBox.setHgrow(waits, Priority.ALWAYS);
        HBox.setHgrow(counts, Priority.ALWAYS);
        getChildren().setAll(waits, counts);
        viewModel.appliedProperty().addListener((obs, old, v) -> refresh());
        viewModel.selectedPoolProperty().addListener((obs, old, v) -> refresh());
        refresh();
    }

    /** FX thread: appends the newest points, drops the ones out of the window. */
    void refresh() {
        String pool = viewModel.selectedPoolProperty().get();
        PoolHistory history = viewModel.historyOf(pool);
        if (pool == null || !pool.equals(shownPool)) {
            lines.forEach(l -> l.series().getData().clear());
            shownPool = pool;
        }
        if (history == null || history.size() == 0) {
            return;
        }
        for (Line l : lines) {
            SeriesSync.sync(l.series().getData(), history.series(l.value()));
        }
        long newest = history.newest().atMillis();
        long oldest = Math.max(history.get(0).atMillis(), newest - history.windowMillis());
        // At least a minute wide, so the first samples do not stretch over the whole chart.
        long lower = Math.min(oldest, newest - 60_000);
        for (NumberAxis axis : List.of(waitTime, countTime)) {
            axis.setLowerBound(lower);
            axis.setUpperBound(newest);
            axis.setTickUnit(Math.max(1_000, (newest - lower) / 4.0));
        }
    }

    private static LineChart<Number, Number> chart(String title, NumberAxis x, NumberAxis y, String id) {
        LineChart<Number, Number> chart = new LineChart<>(x, y);
        chart.setId(id);
        chart.setTitle(title);
        chart.setAnimated(false);
        chart.setCreateSymbols(false);
        chart.setLegendVisible(true);
        chart.setLegendSide(javafx.geometry.Side.RIGHT);
        chart.setPrefHeight(135);
        chart.setMinHeight(110);
        chart.setPrefWidth(400);
        chart.setHorizontalGridLinesVisible(true);
        chart.setVerticalGridLinesVisible(false);
        chart.getStyleClass().add("live-chart");
        return chart;
    }

    private static Line line(LineChart<Number, Number> chart, String name, Function<HistorySample, Number> value) {
        XYChart.Series<Number, Number> series = new XYChart.Series<>(name, FXCollections.observableArrayList());
        chart.getData().add(series);
        return new Line(series, value);
    }

    private NumberAxis timeAxis() {
        NumberAxis axis = new NumberAxis();
        axis.setAutoRanging(false);
        axis.setForceZeroInRange(false);
        axis.setMinorTickVisible(false);
        axis.setTickLabelFormatter(new StringConverter<>() {
            @Override
            public String toString(Number millis) {
                return Durations.timeOfDay(Instant.ofEpochMilli(millis.longValue()), zone());
            }

            @Override
            public Number fromString(String s) {
                throw new UnsupportedOperationException();
            }
        });
        return axis;
    }

    private ZoneId zone() {
        return zone == null ? ZoneId.systemDefault() : zone;
    }

    /** For tests. */
    List<XYChart.Series<Number, Number>> series() {
        return lines.stream().map(Line::series).toList();
    }
}
