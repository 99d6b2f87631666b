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
import javafx.scene.control.TableCell;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;
import javafx.scene.control.ToggleGroup;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.FlowPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
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
    /** Below this height (the lab's own, about a 900 px window) the setup starts folded. */
    static final double SETUP_SHOWN_FROM_HEIGHT = 780;

    public LabView(LabViewModel vm) {
        this.vm = vm;
        root.setPadding(new Insets(16, 24, 12, 24));
        root.setTop(controls());
        ScrollPane scroll = new ScrollPane(columns);
        scroll.setId("lab-columns");
        scroll.setFitToHeight(true);
        scroll.setMinHeight(0);
        // Strategy columns and verdict share the height through a divider the user can move; on a
        // small window the verdict keeps enough rows to be read, the columns scroll.
        javafx.scene.control.SplitPane split = new javafx.scene.control.SplitPane(scroll, results());
        split.setId("lab-split");
        split.setOrientation(javafx.geometry.Orientation.VERTICAL);
        split.setDividerPositions(0.45);
        root.setCenter(split);
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
        description.setWrapText(true);
        description.setMinWidth(0);
        HBox.setHgrow(description, Priority.ALWAYS);
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
        // Flow panes wrap on a narrow window instead of cutting labels ("Data…", "embedded Postgr…").
        FlowPane db = new FlowPane(6, 4, new Label("Database:"), embedded, external, url, new Label("user"), user, password);

        ChoiceBox<MiddleboxMode> middlebox = new ChoiceBox<>();
        middlebox.getItems().setAll(MiddleboxMode.values());
        middlebox.valueProperty().bindBidirectional(vm.middleboxProperty());
        middlebox.setConverter(new javafx.util.StringConverter<>() {
            @Override
            public String toString(MiddleboxMode m) {
                return m == null ? "" : middleboxWords(m);
            }

            @Override
            public MiddleboxMode fromString(String s) {
                throw new UnsupportedOperationException();
            }
        });
        middlebox.disableProperty().bind(vm.runningProperty());
        Label kernel = new Label();
        kernel.setWrapText(true);
        kernel.setMinWidth(0);
        HBox.setHgrow(kernel, Priority.ALWAYS);
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
        top.setAlignment(javafx.geometry.Pos.CENTER_LEFT);
        box.setAlignment(javafx.geometry.Pos.CENTER_LEFT);
        FlowPane actions = new FlowPane(6, 4, run, cancel, bar, phase, new Label("   "), preset, add, reset);
        Label title = new Label("Lab: which defence against silently dropped connections?");
        title.setStyle("-fx-font-size: 18px; -fx-font-weight: bold;");
        Label intro = new Label("Each column is a real HikariCP pool behind its own middlebox that drops idle"
                + " connections without a FIN or RST, as NAT tables, firewalls and cloud load balancers do."
                + " Run a scenario to see what validation on borrow, background eviction and TCP keepalive buy and cost.");
        intro.setWrapText(true);
        intro.setStyle("-fx-text-fill: #4a5568;");
        // The setup folds away once a run starts (and from the start on a small window), so the
        // strategy columns and the verdict get the height; Run, progress and errors stay in view.
        VBox setupBox = new VBox(6, intro, top, paramPane, paramProblem, db, box);
        javafx.scene.control.TitledPane setup = new javafx.scene.control.TitledPane(
                "Scenario, database and middlebox", setupBox);
        setup.setId("lab-setup");
        setup.setAnimated(false);
        vm.runningProperty().addListener((o, was, running) -> {
            if (running) {
                setup.setExpanded(false);
            }
        });
        root.heightProperty().addListener(new javafx.beans.value.ChangeListener<>() {
            @Override
            public void changed(javafx.beans.value.ObservableValue<? extends Number> o, Number old, Number h) {
                if (h.doubleValue() > 0) {
                    root.heightProperty().removeListener(this); // once, at the first layout: then it is the user's
                    setup.setExpanded(h.doubleValue() >= SETUP_SHOWN_FROM_HEIGHT);
                }
            }
        });
        VBox v = new VBox(6, title, setup, actions, error);
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
        table.setMinHeight(120); // header and three rows, whatever the divider
        // Short headers in words with the unit; the full meaning in each header's tooltip and the
        // full cell text in each cell's tooltip, so nothing "timeo…" has to be guessed.
        table.getColumns().add(col("rank", "Best first, from the run's measurements.", r -> String.valueOf(r.rank())));
        table.getColumns().add(col("strategy", "The strategy's name (its settings are in its column above).",
                StrategyResult::strategy));
        table.getColumns().add(col("borrow wait p50 / p99 / max", "Time to get a connection from the pool, in ms.",
                r -> String.format(Locale.ROOT, "%.1f / %.1f / %.1f ms",
                        r.borrowWaitP50Millis(), r.borrowWaitP99Millis(), r.borrowWaitMaxMillis())));
        table.getColumns().add(col("errors", "Borrows or queries that failed.", r -> String.valueOf(r.errors())));
        table.getColumns().add(col("timeouts", "Borrows that hit connectionTimeout.", r -> String.valueOf(r.timeouts())));
        table.getColumns().add(col("dead handed out", "Connections handed to the application although the middlebox had dropped them.",
                r -> String.valueOf(r.deadHandedOut())));
        TableColumn<StrategyResult, String> validations = col("validations", "Validations run; in brackets the unanswered ones and the time they took.",
                r -> r.validations() + String.format(Locale.ROOT, " (%d unanswered, %.0f ms)",
                        r.unansweredValidations(), r.validationMillis()));
        validations.setPrefWidth(230); // "120 (0 unanswered, 35 ms)" in full
        table.getColumns().add(validations);
        table.getColumns().add(col("connections created", "Physical connections opened during the run.",
                r -> String.valueOf(r.connectionsCreated())));
        table.getColumns().add(col("most stuck threads", "The most threads stuck at once (over 1 s in the same place).",
                r -> String.valueOf(r.maxStuckThreads())));
        table.getColumns().add(col("recovery", "Time from the fault to the first successful borrow after it; "
                        + "\"not measured\" when there was no fault or no success came after it.",
                r -> r.recoveryMillis() == null ? "not measured" : dev.poolscope.text.Durations.elapsed(r.recoveryMillis())));
        table.getColumns().add(col("overhead", "Extra queries per second the strategy sent (validation, keepalive).",
                r -> String.format(Locale.ROOT, "%.1f queries/s", r.overheadQueriesPerSecond())));
        table.getColumns().add(col("TCP keepalive", "Whether this run could judge TCP keepalive: only in kernel mode, "
                + "since the userspace proxy's own kernel answers keepalive probes.",
                r -> r.keepaliveJudged() ? "judged" : "not judged (proxy)"));
        // Widths for the longest usual values ("keepalive", "not measured", "2.5 queries/s").
        double[] widths = {60, 110, 200, 70, 80, 130, 230, 160, 150, 110, 120, 150};
        for (int i = 0; i < widths.length && i < table.getColumns().size(); i++) {
            table.getColumns().get(i).setPrefWidth(Math.max(widths[i], table.getColumns().get(i).getPrefWidth()));
        }
        TableColumn<StrategyResult, String> why = col("why", "The reason for the rank; the whole text is below the table.",
                StrategyResult::verdict);
        why.setPrefWidth(520);
        table.getColumns().add(why);

        // The selected strategy's reason in full, wrapped: the "why" column is too narrow for it.
        Label whyText = new Label();
        whyText.setId("lab-why");
        whyText.setWrapText(true);
        whyText.setMinHeight(Region.USE_PREF_SIZE);
        whyText.setMaxWidth(Double.MAX_VALUE);
        whyText.textProperty().bind(javafx.beans.binding.Bindings.createStringBinding(() -> {
            StrategyResult r = table.getSelectionModel().getSelectedItem();
            return r == null ? "" : "#" + r.rank() + " " + r.strategy() + ": " + r.verdict();
        }, table.getSelectionModel().selectedItemProperty()));
        vm.verdicts().addListener((ListChangeListener<StrategyResult>) c -> {
            if (!vm.verdicts().isEmpty() && table.getSelectionModel().isEmpty()) {
                table.getSelectionModel().select(0); // the winner's reason is shown without a click
            }
        });

        Button json = new Button("Export JSON...");
        Button html = new Button("Export HTML report...");
        json.disableProperty().bind(vm.resultProperty().isNull());
        html.disableProperty().bind(vm.resultProperty().isNull());
        json.setOnAction(e -> choose("poolscope-lab.json").ifPresent(f -> vm.exportJson(f.toPath())));
        html.setOnAction(e -> choose("poolscope-lab.html").ifPresent(f -> vm.exportHtml(f.toPath())));
        Label notes = new Label();
        notes.setId("lab-notes");
        notes.setWrapText(true);
        notes.setMinHeight(Region.USE_PREF_SIZE);
        notes.textProperty().bind(vm.resultProperty().map(r -> String.join("\n", r.notes())).orElse(""));
        notes.managedProperty().bind(notes.textProperty().isNotEmpty()); // no blank line above the table
        table.setPlaceholder(new Label("Run a scenario: the strategies are ranked here, each with the reason."));
        Label heading = new Label("Verdict, best first");
        heading.setStyle("-fx-font-weight: bold;");
        HBox exports = new HBox(6, json, html);
        VBox box = new VBox(6, heading, notes, table, whyText, exports);
        box.setPadding(new Insets(6, 0, 0, 0));
        VBox.setVgrow(table, Priority.ALWAYS);
        return box;
    }

    /** The middlebox in words, not its enum name. */
    static String middleboxWords(MiddleboxMode m) {
        return switch (m) {
            case PROXY -> "userspace proxy (no root; keepalive not judged)";
            case KERNEL -> "kernel drop with nftables (root; judges keepalive)";
        };
    }

    private java.util.Optional<File> choose(String initialName) {
        FileChooser chooser = new FileChooser();
        chooser.setInitialFileName(initialName);
        return java.util.Optional.ofNullable(chooser.showSaveDialog(root.getScene() == null ? null : root.getScene().getWindow()));
    }

    private static TableColumn<StrategyResult, String> col(String title, String help, Function<StrategyResult, String> value) {
        TableColumn<StrategyResult, String> c = new TableColumn<>();
        Label header = new Label(title);
        header.setTooltip(new javafx.scene.control.Tooltip(help));
        header.setMinWidth(Region.USE_PREF_SIZE);
        c.setGraphic(header);
        c.setId("lab-col-" + title.replaceAll("[^a-zA-Z]+", "-"));
        c.setPrefWidth(Math.max(60, title.length() * 8 + 16)); // headers readable without resizing
        c.setCellValueFactory(d -> new ReadOnlyObjectWrapper<>(value.apply(d.getValue())));
        c.setCellFactory(col -> new TableCell<>() {
            @Override
            protected void updateItem(String text, boolean empty) {
                super.updateItem(text, empty);
                setText(empty ? null : text);
                setTooltip(empty || text == null || text.isEmpty() ? null : wrapped(text));
            }
        });
        return c;
    }

    private static javafx.scene.control.Tooltip wrapped(String text) {
        javafx.scene.control.Tooltip tip = new javafx.scene.control.Tooltip(text);
        tip.setWrapText(true);
        tip.setMaxWidth(480);
        return tip;
    }
}
