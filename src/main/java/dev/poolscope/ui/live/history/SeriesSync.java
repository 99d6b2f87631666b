package dev.poolscope.ui.live.history;

import javafx.scene.chart.XYChart;

import java.util.ArrayList;
import java.util.List;

/**
 * Brings a chart series' data to a target list by touching only what changed: points that fell
 * out of the window leave from the front, the unchanged prefix stays, and only the tail (usually
 * the newest point or bucket) is replaced. Rebuilding a 300-point series on every refresh would
 * re-layout every node of the chart.
 */
public final class SeriesSync {

    private SeriesSync() {
    }

    /** @return how many data points were added or removed (for tests and measurements) */
    public static int sync(List<XYChart.Data<Number, Number>> data, List<ChartPoint> target) {
        int touched = 0;
        if (target.isEmpty()) {
            touched = data.size();
            data.clear();
            return touched;
        }
        long first = target.get(0).atMillis();
        int drop = 0;
        while (drop < data.size() && data.get(drop).getXValue().longValue() < first) {
            drop++;
        }
        if (drop > 0) {
            data.subList(0, drop).clear();
            touched += drop;
        }
        int same = 0;
        int max = Math.min(data.size(), target.size());
        while (same < max && equal(data.get(same), target.get(same))) {
            same++;
        }
        if (same < data.size()) {
            touched += data.size() - same;
            data.subList(same, data.size()).clear();
        }
        if (same < target.size()) {
            List<XYChart.Data<Number, Number>> add = new ArrayList<>(target.size() - same);
            for (int i = same; i < target.size(); i++) {
                ChartPoint p = target.get(i);
                add.add(new XYChart.Data<>(p.atMillis(), p.value()));
            }
            touched += add.size();
            data.addAll(add);
        }
        return touched;
    }

    private static boolean equal(XYChart.Data<Number, Number> d, ChartPoint p) {
        return d.getXValue().longValue() == p.atMillis() && d.getYValue().doubleValue() == p.value();
    }
}
