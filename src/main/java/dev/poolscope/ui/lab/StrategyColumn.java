package dev.poolscope.ui.lab;

import dev.poolscope.lab.run.Sample;
import dev.poolscope.lab.strategy.StrategyEdits;
import dev.poolscope.lab.strategy.StrategySettings;
import javafx.collections.ListChangeListener;
import javafx.collections.MapChangeListener;
import javafx.collections.ObservableList;
import javafx.collections.WeakMapChangeListener;
import javafx.geometry.Insets;
import javafx.scene.Node;
import javafx.scene.chart.LineChart;
import javafx.scene.chart.NumberAxis;
import javafx.scene.chart.XYChart;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.TextField;
import javafx.scene.control.TitledPane;
import javafx.scene.layout.HBox;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.VBox;

import java.util.List;
import java.util.Map;
import java.util.function.ToDoubleFunction;

/**
 * One strategy's column: its name and every setting (editable while no run is going), and live
 * charts of borrow wait and pool state fed from the view-model's bounded sample lists.
 */
final class StrategyColumn {

    private final VBox root = new VBox(6);
    private final LineChart<Number, Number> waitChart = chart("borrow wait, ms");
    private final LineChart<Number, Number> poolChart = chart("connections and threads");
    private final List<XYChart.Series<Number, Number>> poolSeries = List.of(
            new XYChart.Series<>(), new XYChart.Series<>(), new XYChart.Series<>(), new XYChart.Series<>());
    private final XYChart.Series<Number, Number> waitSeries = new XYChart.Series<>();
    private ObservableList<Sample> fed;
    private final ListChangeListener<Sample> feeder = this::onSamples;
    private final MapChangeListener<String, ObservableList<Sample>> runs;

    StrategyColumn(LabViewModel vm, int index) {
        StrategySettings s = vm.strategies().get(index);
        root.setPadding(new Insets(6));
        root.setPrefWidth(330);
        root.setStyle("-fx-border-color: #ccc; -fx-border-radius: 4;");
        root.getStyleClass().add("lab-strategy-column");
        // The node keeps its column alive: the view-model holds the column only through a weak listener.
        root.getProperties().put(StrategyColumn.class, this);

        GridPane grid = new GridPane();
        grid.setHgap(6);
        grid.setVgap(2);
        Label problem = new Label();
        problem.setStyle("-fx-text-fill: #b00;");
        problem.setWrapText(true);
        int row = 0;
        Map<String, String> described = s.describe();
        for (Map.Entry<String, String> field : StrategyEdits.fields(s).entrySet()) {
            TextField text = new TextField(field.getValue());
            text.setId("lab-" + s.name() + "-" + field.getKey());
            text.setPrefColumnCount(field.getKey().equals("name") ? 12 : 8);
            text.disableProperty().bind(vm.runningProperty());
            Runnable commit = () -> {
                if (!text.getText().equals(field.getValue())) {
                    String err = vm.editStrategy(vm.strategies().indexOf(s), field.getKey(), text.getText());
                    if (err != null) {
                        problem.setText(err);
                        text.setText(field.getValue());
                    }
                }
            };
            text.setOnAction(e -> commit.run());
            text.focusedProperty().addListener((o, was, now) -> {
                if (!now) {
                    commit.run();
                }
            });
            Label label = new Label(field.getKey());
            String shown = described.get(field.getKey());
            label.setTooltip(new Tooltip(shown == null ? field.getKey() : field.getKey() + " = " + shown));
            grid.addRow(row++, label, text);
        }
        Tooltip summary = new Tooltip(String.join("\n", described.entrySet().stream()
                .map(e -> e.getKey() + ": " + e.getValue()).toList()));
        Label title = new Label(s.name());
        title.setStyle("-fx-font-weight: bold; -fx-font-size: 14px;");
        title.setTooltip(summary);
        Button remove = new Button("Remove");
        remove.disableProperty().bind(vm.runningProperty());
        remove.setOnAction(e -> vm.removeStrategy(vm.strategies().indexOf(s)));

        waitChart.getData().add(waitSeries);
        String[] names = {"total", "active", "waiting", "stuck > 1 s"};
        for (int i = 0; i < names.length; i++) {
            poolSeries.get(i).setName(names[i]);
            poolChart.getData().add(poolSeries.get(i));
        }
        waitSeries.setName("borrow wait ms");
        TitledPane settings = new TitledPane("settings (all; edit between runs)", grid);
        settings.setAnimated(false);
        HBox head = new HBox(8, title, remove);
        root.getChildren().addAll(head, waitChart, poolChart, problem, settings);

        attach(vm.samples().get(s.name()));
        // Weak: columns are rebuilt when strategies are edited; an old column must not stay subscribed.
        runs = c -> {
            if (c.getKey().equals(s.name()) && c.wasAdded()) {
                attach(c.getValueAdded());
            }
        };
        vm.samples().addListener(new WeakMapChangeListener<>(runs));
    }

    Node root() {
        return root;
    }

    private void attach(ObservableList<Sample> list) {
        if (fed != null) {
            fed.removeListener(feeder);
        }
        waitSeries.getData().clear();
        poolSeries.forEach(p -> p.getData().clear());
        fed = list;
        if (list != null) {
            list.forEach(this::add);
            list.addListener(feeder);
        }
    }

    private void onSamples(ListChangeListener.Change<? extends Sample> c) {
        while (c.next()) {
            c.getAddedSubList().forEach(this::add);
        }
    }

    private void add(Sample s) {
        double x = s.elapsedMillis() / 1000.0;
        point(waitSeries, x, s, Sample::borrowWaitMaxMillis);
        point(poolSeries.get(0), x, s, Sample::total);
        point(poolSeries.get(1), x, s, Sample::active);
        point(poolSeries.get(2), x, s, Sample::waiting);
        point(poolSeries.get(3), x, s, Sample::stuckThreads);
    }

    private static void point(XYChart.Series<Number, Number> series, double x, Sample s, ToDoubleFunction<Sample> f) {
        series.getData().add(new XYChart.Data<>(x, f.applyAsDouble(s)));
        int excess = series.getData().size() - LabViewModel.MAX_POINTS;
        if (excess > 0) {
            series.getData().remove(0, excess);
        }
    }

    private static LineChart<Number, Number> chart(String title) {
        NumberAxis x = new NumberAxis();
        x.setLabel("s");
        x.setForceZeroInRange(false);
        NumberAxis y = new NumberAxis();
        LineChart<Number, Number> chart = new LineChart<>(x, y);
        chart.setTitle(title);
        chart.setStyle("-fx-font-size: 11px;");
        chart.setAnimated(false);
        chart.setCreateSymbols(false);
        chart.setPrefHeight(200);
        // Below this a chart is a strip with no readable axis: the columns scroll instead.
        chart.setMinHeight(150);
        chart.getStyleClass().add("lab-chart");
        return chart;
    }
}
