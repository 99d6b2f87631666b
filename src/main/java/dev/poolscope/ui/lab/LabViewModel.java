package dev.poolscope.ui.lab;

import dev.poolscope.lab.db.DatabaseSpec;
import dev.poolscope.lab.db.LabInputException;
import dev.poolscope.lab.middlebox.NftablesDropper;
import dev.poolscope.lab.report.HtmlReport;
import dev.poolscope.lab.report.JsonReport;
import dev.poolscope.lab.run.LabListener;
import dev.poolscope.lab.run.LabPlan;
import dev.poolscope.lab.run.LabResult;
import dev.poolscope.lab.run.LabRun;
import dev.poolscope.lab.run.MiddleboxMode;
import dev.poolscope.lab.run.Sample;
import dev.poolscope.lab.run.StrategyResult;
import dev.poolscope.lab.scenario.ScenarioKind;
import dev.poolscope.lab.scenario.ScenarioParams;
import dev.poolscope.lab.scenario.ScenarioSpec;
import dev.poolscope.lab.strategy.StrategyEdits;
import dev.poolscope.lab.strategy.StrategyPresets;
import dev.poolscope.lab.strategy.StrategySettings;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.DoubleProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyDoubleProperty;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleDoubleProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import javafx.collections.ObservableMap;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.Executor;

/**
 * State and actions of the lab screen. Every property is changed on the UI executor only (the FX
 * thread in the app, a direct executor in tests); the run, the kernel check and file writing go to
 * the work executor and come back through the UI executor.
 */
public final class LabViewModel {

    /** Points kept per live series: one minute at the run's 250 ms sample period. */
    public static final int MAX_POINTS = 240;

    private final Executor ui;
    private final Executor work;
    private final Clock clock;

    private final ObservableList<StrategySettings> strategies = FXCollections.observableArrayList();
    private final ObjectProperty<ScenarioKind> scenario = new SimpleObjectProperty<>(ScenarioKind.MONDAY_MORNING);
    private final ObjectProperty<ScenarioParams> params = new SimpleObjectProperty<>(ScenarioParams.defaults(ScenarioKind.MONDAY_MORNING));
    private final BooleanProperty embedded = new SimpleBooleanProperty(true);
    private final StringProperty jdbcUrl = new SimpleStringProperty("jdbc:postgresql://localhost:5432/postgres");
    private final StringProperty user = new SimpleStringProperty("postgres");
    private final ObjectProperty<MiddleboxMode> middlebox = new SimpleObjectProperty<>(MiddleboxMode.PROXY);
    private final SimpleStringProperty kernelStatus = new SimpleStringProperty("checking whether kernel mode is available...");
    private final SimpleBooleanProperty kernelAvailable = new SimpleBooleanProperty(false);

    private final SimpleBooleanProperty running = new SimpleBooleanProperty(false);
    private final SimpleDoubleProperty progress = new SimpleDoubleProperty(0);
    private final SimpleStringProperty phase = new SimpleStringProperty("ready");
    private final SimpleStringProperty error = new SimpleStringProperty("");
    private final ObservableMap<String, ObservableList<Sample>> samples = FXCollections.observableHashMap();
    private final ObservableList<StrategyResult> verdicts = FXCollections.observableArrayList();
    private final SimpleObjectProperty<LabResult> result = new SimpleObjectProperty<>();
    private volatile LabRun current;

    public LabViewModel(Executor ui, Executor work, Clock clock) {
        this.ui = ui;
        this.work = work;
        this.clock = clock;
        strategies.setAll(StrategyPresets.presets(StrategyPresets.NAMES, params.get().dropIdleMillis()));
        scenario.addListener((o, old, kind) -> params.set(ScenarioParams.defaults(kind)));
    }

    /** Asks (off the UI thread) whether nft can be used, and says why not if it cannot. */
    public void checkKernelMode() {
        work.execute(() -> {
            var a = NftablesDropper.availability();
            ui.execute(() -> {
                kernelAvailable.set(a.available());
                kernelStatus.set(a.available() ? "Kernel mode available: TCP keepalive can be judged."
                        : "Kernel mode not available: " + a.reason());
            });
        });
    }

    public void addStrategy(String preset) {
        StrategySettings s = StrategyPresets.preset(preset, params.get().dropIdleMillis());
        String name = s.name();
        for (int i = 2; names().contains(name); i++) {
            name = s.name() + "-" + i;
        }
        strategies.add(s.withName(name));
    }

    public void removeStrategy(int index) {
        strategies.remove(index);
    }

    /** Changes one setting; returns an error message for the user, or null if it was applied. */
    public String editStrategy(int index, String field, String text) {
        try {
            StrategySettings edited = StrategyEdits.with(strategies.get(index), field, text);
            if (field.equals("name") && names().contains(edited.name()) && !strategies.get(index).name().equals(edited.name())) {
                return "another strategy is already named '" + edited.name() + "'";
            }
            strategies.set(index, edited);
            return null;
        } catch (IllegalArgumentException e) {
            return e.getMessage();
        }
    }

    /** Resets every column to its preset for the current drop timeout (after the timeout changed). */
    public void resetStrategiesToPresets() {
        long drop = params.get().dropIdleMillis();
        strategies.replaceAll(s -> StrategyPresets.NAMES.contains(s.name()) ? StrategyPresets.preset(s.name(), drop) : s);
    }

    private List<String> names() {
        return strategies.stream().map(StrategySettings::name).toList();
    }

    /** Starts a run with the current choices; the password is used for this run only and then wiped. */
    public void run(char[] password) {
        if (running.get()) {
            return;
        }
        LabPlan plan;
        try {
            DatabaseSpec db = embedded.get() ? DatabaseSpec.embedded() : new DatabaseSpec(jdbcUrl.get(), user.get(), password);
            plan = new LabPlan(db, new ScenarioSpec(scenario.get(), params.get()), List.copyOf(strategies), middlebox.get());
        } catch (IllegalArgumentException e) {
            error.set(e.getMessage());
            return;
        }
        error.set("");
        verdicts.clear();
        result.set(null);
        samples.clear();
        for (StrategySettings s : plan.strategies()) {
            samples.put(s.name(), FXCollections.observableArrayList());
        }
        running.set(true);
        progress.set(0);
        LabRun run = new LabRun(plan, listener(), clock);
        current = run;
        work.execute(() -> {
            try {
                LabResult r = run.run();
                ui.execute(() -> {
                    result.set(r);
                    verdicts.setAll(r.strategies());
                    phase.set(r.cancelled() ? "cancelled (partial results)" : "done");
                });
            } catch (LabInputException e) {
                ui.execute(() -> {
                    error.set(e.getMessage());
                    phase.set("not started");
                });
            } catch (RuntimeException e) {
                ui.execute(() -> {
                    error.set("The run failed: " + e.getMessage());
                    phase.set("failed");
                });
            } finally {
                if (password != null) {
                    java.util.Arrays.fill(password, '\0');
                }
                current = null;
                ui.execute(() -> running.set(false));
            }
        });
    }

    public void cancel() {
        LabRun run = current;
        if (run != null) {
            run.cancel();
            phase.set("cancelling...");
        }
    }

    public void exportJson(Path file) {
        export(file, JsonReport::toJson);
    }

    public void exportHtml(Path file) {
        export(file, HtmlReport::toHtml);
    }

    private void export(Path file, java.util.function.Function<LabResult, String> format) {
        LabResult r = result.get();
        if (r == null) {
            error.set("Nothing to export yet: run the lab first.");
            return;
        }
        work.execute(() -> {
            try {
                Files.writeString(file, format.apply(r));
                ui.execute(() -> phase.set("written to " + file));
            } catch (IOException e) {
                ui.execute(() -> error.set("Could not write " + file + ": " + e.getMessage()));
            }
        });
    }

    private LabListener listener() {
        return new LabListener() {
            @Override
            public void phase(String p, double fraction) {
                ui.execute(() -> {
                    phase.set(p);
                    progress.set(fraction);
                });
            }

            @Override
            public void sample(String strategy, Sample sample) {
                ui.execute(() -> {
                    ObservableList<Sample> list = samples.get(strategy);
                    if (list != null) {
                        list.add(sample);
                        if (list.size() > MAX_POINTS) {
                            list.remove(0, list.size() - MAX_POINTS);
                        }
                    }
                });
            }

            @Override
            public void message(String text) {
                ui.execute(() -> error.set(text));
            }
        };
    }

    public ObservableList<StrategySettings> strategies() {
        return strategies;
    }

    public ObjectProperty<ScenarioKind> scenarioProperty() {
        return scenario;
    }

    public ObjectProperty<ScenarioParams> paramsProperty() {
        return params;
    }

    public BooleanProperty embeddedProperty() {
        return embedded;
    }

    public StringProperty jdbcUrlProperty() {
        return jdbcUrl;
    }

    public StringProperty userProperty() {
        return user;
    }

    public ObjectProperty<MiddleboxMode> middleboxProperty() {
        return middlebox;
    }

    public ReadOnlyStringProperty kernelStatusProperty() {
        return kernelStatus;
    }

    public ReadOnlyBooleanProperty kernelAvailableProperty() {
        return kernelAvailable;
    }

    public ReadOnlyBooleanProperty runningProperty() {
        return running;
    }

    public ReadOnlyDoubleProperty progressProperty() {
        return progress;
    }

    public ReadOnlyStringProperty phaseProperty() {
        return phase;
    }

    public ReadOnlyStringProperty errorProperty() {
        return error;
    }

    public ObservableMap<String, ObservableList<Sample>> samples() {
        return samples;
    }

    public ObservableList<StrategyResult> verdicts() {
        return verdicts;
    }

    public ReadOnlyObjectProperty<LabResult> resultProperty() {
        return result;
    }
}
