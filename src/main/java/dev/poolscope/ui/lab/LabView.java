package dev.poolscope.ui.lab;

import dev.poolscope.lab.run.MiddleboxMode;
import dev.poolscope.lab.run.StrategyResult;
import dev.poolscope.lab.scenario.ScenarioKind;
import dev.poolscope.lab.scenario.ScenarioParams;
import dev.poolscope.lab.strategy.StrategyPresets;
import javafx.application.Platform;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.collections.ListChangeListener;
import javafx.geometry.Insets;
import javafx.scene.Node;
import javafx.scene.Parent;
import javafx.scene.control.Button;
import javafx.scene.control.ChoiceBox;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.PasswordField;
import javafx.scene.control.ProgressBar;
import javafx.scene.control.RadioButton;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;
import javafx.scene.control.ToggleGroup;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.FlowPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import javafx.stage.FileChooser;

import java.io.File;
import java.time.Clock;
import java.util.Locale;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.function.Function;

/**
 * The lab screen: choices at the top (scenario and its parameters, database, middlebox, run and
 * cancel with a progress bar), one column per strategy with its settings and live charts in the
 * middle, the verdict table and export buttons at the bottom. Binds to {@link LabViewModel} only.
 */
public final class LabView {

    private final LabViewModel vm;
    private final BorderPane root = new BorderPane();
    private final HBox columns = new HBox(8);

    public LabView(LabViewModel vm) {
        this.vm = vm;
        root.setPadding(new Insets(16, 24, 12, 24));
        root.setTop(controls());
        ScrollPane scroll = new ScrollPane(columns);
        scroll.setFitToHeight(true);
        root.setCenter(scroll);
        root.setBottom(results());
        rebuildColumns();
        vm.strategies().addListener((ListChangeListener<Object>) c -> rebuildColumns());
    }

    /** The screen with its own view-model: UI work on the FX thread, lab work on a named daemon thread. */
    public static Parent create() {
        Executor work = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "poolscope-lab-ui-worker");
            t.setDaemon(true);
            return t;
        });
        LabViewModel vm = new LabViewModel(Platform::runLater, work, Clock.systemUTC());
        vm.checkKernelMode();
        return new LabView(vm).root();
    }

    public Parent root() {
        return root;
    }

    private Node controls() {
        ChoiceBox<ScenarioKind> scenario = new ChoiceBox<>();
        scenario.getItems().setAll(ScenarioKind.values());
        scenario.valueProperty().bindBidirectional(vm.scenarioProperty());
        scenario.disableProperty().bind(vm.runningProperty());
        Label description = new Label();
        description.textProperty().bind(vm.scenarioProperty().map(ScenarioKind::description));

        FlowPane paramPane = new FlowPane(8, 4);
        Label paramProblem = new Label();
        paramProblem.setStyle("-fx-text-fill: #b00;");
        Runnable fillParams = () -> {
            paramPane.getChildren().clear();
            ScenarioParams p = vm.paramsProperty().get();
            paramPane.getChildren().addAll(
                    param("warm-up ms", p.warmupMillis(), v -> copy(p, 0, v), paramProblem),
                    param("drop idle ms", p.dropIdleMillis(), v -> copy(p, 1, v), paramProblem),
                    param("quiet ms", p.quietMillis(), v -> copy(p, 2, v), paramProblem),
                    param("burst requests", p.burstRequests(), v -> copy(p, 3, v), paramProblem),
                    param("fault ms", p.faultMillis(), v -> copy(p, 4, v), paramProblem),
                    param("observe ms", p.observeMillis(), v -> copy(p, 5, v), paramProblem),
                    param("steady threads", p.steadyThreads(), v -> copy(p, 6, v), paramProblem),
                    param("query ms", p.queryMillis(), v -> copy(p, 7, v), paramProblem),
                    param("think ms", p.thinkMillis(), v -> copy(p, 8, v), paramProblem),
                    param("latency µs", p.latencyMicros(), v -> copy(p, 9, v), paramProblem));
        };
        fillParams.run();
        vm.paramsProperty().addListener((o, a, b) -> fillParams.run());
        paramPane.disableProperty().bind(vm.runningProperty());

        ToggleGroup dbGroup = new ToggleGroup();
        RadioButton embedded = new RadioButton("embedded PostgreSQL");
        RadioButton external = new RadioButton("my database:");
        embedded.setToggleGroup(dbGroup);
        external.setToggleGroup(dbGroup);
        embedded.setSelected(vm.embeddedProperty().get());
        external.setSelected(!vm.embeddedProperty().get());
        embedded.selectedProperty().addListener((o, a, b) -> vm.embeddedProperty().set(b));
        TextField url = new TextField();
        url.textProperty().bindBidirectional(vm.jdbcUrlProperty());
        url.setPrefColumnCount(28);
        TextField user = new TextField();
        user.textProperty().bindBidirectional(vm.userProperty());
        user.setPrefColumnCount(8);
        PasswordField password = new PasswordField();
        password.setPromptText("password");
        url.disableProperty().bind(vm.embeddedProperty());
        user.disableProperty().bind(vm.embeddedProperty());
        password.disableProperty().bind(vm.embeddedProperty());
        HBox db = new HBox(6, new Label("Database:"), embedded, external, url, new Label("user"), user, password);

        ChoiceBox<MiddleboxMode> middlebox = new ChoiceBox<>();
        middlebox.getItems().setAll(MiddleboxMode.values());
        middlebox.valueProperty().bindBidirectional(vm.middleboxProperty());
        middlebox.disableProperty().bind(vm.runningProperty());
        Label kernel = new Label();
        kernel.textProperty().bind(vm.kernelStatusProperty());

        Button run = new Button("Run");
        run.setId("lab-run");
        run.disableProperty().bind(vm.runningProperty());
        run.setOnAction(e -> {
            char[] pw = vm.embeddedProperty().get() ? null : password.getText().toCharArray();
            vm.run(pw);
        });
        Button cancel = new Button("Cancel");
        cancel.setId("lab-cancel");
        cancel.disableProperty().bind(vm.runningProperty().not());
        cancel.setOnAction(e -> vm.cancel());
        ProgressBar bar = new ProgressBar();
        bar.setPrefWidth(260);
        bar.progressProperty().bind(vm.progressProperty());
        Label phase = new Label();
        phase.setId("lab-phase");
        phase.textProperty().bind(vm.phaseProperty());
        Label error = new Label();
        error.setId("lab-error");
        error.setWrapText(true);
        error.setStyle("-fx-text-fill: #b00;");
        error.textProperty().bind(vm.errorProperty());

        ComboBox<String> preset = new ComboBox<>();
        preset.getItems().setAll(StrategyPresets.NAMES);
        preset.setValue("validate");
        Button add = new Button("Add strategy");
        add.setId("lab-add-strategy");
        add.disableProperty().bind(vm.runningProperty());
        add.setOnAction(e -> vm.addStrategy(preset.getValue()));
        Button reset = new Button("Presets for this drop timeout");
        reset.disableProperty().bind(vm.runningProperty());
        reset.setOnAction(e -> vm.resetStrategiesToPresets());

        HBox top = new HBox(6, new Label("Scenario:"), scenario, description);
        HBox box = new HBox(6, new Label("Middlebox:"), middlebox, kernel);
        HBox actions = new HBox(6, run, cancel, bar, phase, new Label("   "), preset, add, reset);
        Label title = new Label("Lab: which defence against silently dropped connections?");
        title.setStyle("-fx-font-size: 18px; -fx-font-weight: bold;");
        Label intro = new Label("Each column is a real HikariCP pool behind its own middlebox that drops idle"
                + " connections without a FIN or RST, as NAT tables, firewalls and cloud load balancers do."
                + " Run a scenario to see what validation on borrow, background eviction and TCP keepalive buy and cost.");
        intro.setWrapText(true);
        intro.setStyle("-fx-text-fill: #4a5568;");
        VBox v = new VBox(6, title, intro, top, paramPane, paramProblem, db, box, actions, error);
        v.setPadding(new Insets(0, 0, 8, 0));
        return v;
    }

    private Node param(String label, long value, Function<Long, ScenarioParams> apply, Label problem) {
        TextField f = new TextField(String.valueOf(value));
        f.setPrefColumnCount(6);
        Runnable commit = () -> {
            try {
                long v = Long.parseLong(f.getText().strip());
                if (v != value) {
                    vm.paramsProperty().set(apply.apply(v));
                }
                problem.setText("");
            } catch (NumberFormatException e) {
                problem.setText(label + ": '" + f.getText() + "' is not a whole number");
                f.setText(String.valueOf(value));
            } catch (IllegalArgumentException e) {
                problem.setText(e.getMessage());
                f.setText(String.valueOf(value));
            }
        };
        f.setOnAction(e -> commit.run());
        f.focusedProperty().addListener((o, was, now) -> {
            if (!now) {
                commit.run();
            }
        });
        return new HBox(3, new Label(label), f);
    }

    private static ScenarioParams copy(ScenarioParams p, int field, long v) {
        long[] a = {p.warmupMillis(), p.dropIdleMillis(), p.quietMillis(), p.burstRequests(), p.faultMillis(),
                p.observeMillis(), p.steadyThreads(), p.queryMillis(), p.thinkMillis(), p.latencyMicros()};
        a[field] = v;
        return new ScenarioParams(a[0], a[1], a[2], (int) a[3], a[4], a[5], (int) a[6], a[7], a[8], a[9]);
    }

    private void rebuildColumns() {
        columns.getChildren().clear();
        for (int i = 0; i < vm.strategies().size(); i++) {
            columns.getChildren().add(new StrategyColumn(vm, i).root());
        }
    }

    private Node results() {
        TableView<StrategyResult> table = new TableView<>(vm.verdicts());
        table.setId("lab-verdicts");
        table.setPrefHeight(200);
        table.getColumns().add(col("#", r -> String.valueOf(r.rank())));
        table.getColumns().add(col("strategy", StrategyResult::strategy));
        table.getColumns().add(col("borrow p50/p99/max ms", r -> String.format(Locale.ROOT, "%.1f / %.1f / %.1f",
                r.borrowWaitP50Millis(), r.borrowWaitP99Millis(), r.borrowWaitMaxMillis())));
        table.getColumns().add(col("errors", r -> String.valueOf(r.errors())));
        table.getColumns().add(col("timeouts", r -> String.valueOf(r.timeouts())));
        table.getColumns().add(col("dead handed out", r -> String.valueOf(r.deadHandedOut())));
        table.getColumns().add(col("validations (unanswered, ms)", r -> r.validations() + String.format(Locale.ROOT,
                " (%d, %.0f ms)", r.unansweredValidations(), r.validationMillis())));
        table.getColumns().add(col("conns created", r -> String.valueOf(r.connectionsCreated())));
        table.getColumns().add(col("max stuck", r -> String.valueOf(r.maxStuckThreads())));
        table.getColumns().add(col("recovery ms", r -> r.recoveryMillis() == null ? "-" : r.recoveryMillis().toString()));
        table.getColumns().add(col("overhead q/s", r -> String.format(Locale.ROOT, "%.1f", r.overheadQueriesPerSecond())));
        table.getColumns().add(col("keepalive", r -> r.keepaliveJudged() ? "judged" : "not judged"));
        TableColumn<StrategyResult, String> why = col("why", StrategyResult::verdict);
        why.setPrefWidth(700);
        table.getColumns().add(why);

        Button json = new Button("Export JSON...");
        Button html = new Button("Export HTML report...");
        json.disableProperty().bind(vm.resultProperty().isNull());
        html.disableProperty().bind(vm.resultProperty().isNull());
        json.setOnAction(e -> choose("poolscope-lab.json").ifPresent(f -> vm.exportJson(f.toPath())));
        html.setOnAction(e -> choose("poolscope-lab.html").ifPresent(f -> vm.exportHtml(f.toPath())));
        Label notes = new Label();
        notes.setId("lab-notes");
        notes.setWrapText(true);
        notes.textProperty().bind(vm.resultProperty().map(r -> String.join("\n", r.notes())).orElse(""));
        table.setPlaceholder(new Label("Run a scenario: the strategies are ranked here, each with the reason."));
        Label heading = new Label("Verdict, best first");
        heading.setStyle("-fx-font-weight: bold;");
        VBox box = new VBox(6, heading, notes, table, new HBox(6, json, html));
        VBox.setVgrow(table, Priority.ALWAYS);
        return box;
    }

    private java.util.Optional<File> choose(String initialName) {
        FileChooser chooser = new FileChooser();
        chooser.setInitialFileName(initialName);
        return java.util.Optional.ofNullable(chooser.showSaveDialog(root.getScene() == null ? null : root.getScene().getWindow()));
    }

    private static TableColumn<StrategyResult, String> col(String title, Function<StrategyResult, String> value) {
        TableColumn<StrategyResult, String> c = new TableColumn<>(title);
        c.setPrefWidth(Math.max(60, title.length() * 8)); // headers readable without resizing
        c.setCellValueFactory(d -> new ReadOnlyObjectWrapper<>(value.apply(d.getValue())));
        return c;
    }
}
