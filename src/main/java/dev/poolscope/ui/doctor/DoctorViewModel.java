package dev.poolscope.ui.doctor;

import dev.poolscope.doctor.Doctor;
import dev.poolscope.doctor.Finding;
import dev.poolscope.doctor.OsTcpSettings;
import dev.poolscope.doctor.PathIdleTimeout;
import dev.poolscope.doctor.path.FinderSettings;
import dev.poolscope.doctor.path.PathTimeoutFinder;
import dev.poolscope.doctor.path.PathTimeoutResult;
import dev.poolscope.doctor.path.PgPathConnector;
import dev.poolscope.live.PoolSnapshot;
import dev.poolscope.live.TargetSnapshot;
import dev.poolscope.secrets.Secrets;
import dev.poolscope.ui.TaskExecutor;
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

import java.util.List;

/**
 * The Doctor panel's state, on the FX thread: the ranked findings of every pool for the chosen
 * path, and the path idle-timeout finder, which runs through the {@link TaskExecutor} (its
 * progress comes back with {@link TaskExecutor#runOnUi}). Running the rules is pure CPU over a
 * handful of settings, so it runs on the FX thread; the finder's JDBC work never does.
 */
public final class DoctorViewModel {

    private final Doctor doctor;
    private final TaskExecutor tasks;
    private final ObservableList<Finding> findings = FXCollections.observableArrayList();
    /** The one read-only view of {@code findings}: FXCollections' wrapper listens to the list weakly, so a
     * new wrapper per call lost its listeners at the next GC (the pool tiles stayed blank). */
    private final ObservableList<Finding> findingsView = FXCollections.unmodifiableObservableList(findings);
    private final ObjectProperty<PathIdleTimeout> path = new SimpleObjectProperty<>();
    private final StringProperty suggestedUrl = new SimpleStringProperty("");
    private final BooleanProperty finding = new SimpleBooleanProperty();
    private final DoubleProperty progress = new SimpleDoubleProperty();
    private final StringProperty finderStatus = new SimpleStringProperty("");
    private final ObjectProperty<PathTimeoutResult> lastResult = new SimpleObjectProperty<>();
    private List<PoolSnapshot> pools = List.of();
    private OsTcpSettings os = OsTcpSettings.notRead("the target's TCP sysctls have not been read yet");
    private PathTimeoutFinder running;

    public DoctorViewModel(Doctor doctor, TaskExecutor tasks) {
        this.doctor = doctor;
        this.tasks = tasks;
    }

    public void apply(TargetSnapshot snapshot) {
        if (snapshot == null) {
            return;
        }
        pools = List.copyOf(snapshot.pools());
        if (suggestedUrl.get().isEmpty()) {
            pools.stream().map(p -> p.config() == null ? null : p.config().jdbcUrl())
                    .filter(u -> u != null && u.startsWith("jdbc:postgresql:")).findFirst()
                    .ifPresent(u -> suggestedUrl.set(Secrets.mask(u)));
        }
        recompute();
    }

    public void setOsTcpSettings(OsTcpSettings settings) {
        os = settings;
        recompute();
    }

    /** null: no path given (the rules that need one say so). */
    public void selectPath(PathIdleTimeout chosen) {
        path.set(chosen);
        recompute();
    }

    private void recompute() {
        List<Finding> next = doctor.examineAll(pools, os, path.get());
        // Polls arrive every second with the same config: replace only on change, so scroll and focus stay.
        if (!next.equals(findings)) {
            findings.setAll(next);
        }
    }

    /**
     * Starts measuring the path over {@code url} (pgjdbc) off the FX thread; on a drop found the
     * path becomes "measured" with the shortest idle time the path may forget (the low bound),
     * the safe value to keep connections below.
     */
    public void findPathTimeout(String url, String user, char[] password, long maxMillis) {
        if (running != null) {
            return;
        }
        FinderSettings settings = FinderSettings.defaults(maxMillis);
        PathTimeoutFinder finder = new PathTimeoutFinder(new PgPathConnector(url, user, password, settings.checkDeadlineMillis()),
                settings, (fraction, message) -> tasks.runOnUi(() -> {
                    if (running != null) {
                        progress.set(fraction);
                        finderStatus.set(message);
                    }
                }));
        running = finder;
        finding.set(true);
        progress.set(0);
        finderStatus.set("Connecting to " + Secrets.mask(url) + "…");
        tasks.submit("path idle-timeout finder", finder::find, this::finished, this::failed);
    }

    public void cancelFind() {
        PathTimeoutFinder f = running;
        if (f != null) {
            f.cancel(); // closes its connections; find() then returns a "cancelled" result
        }
    }

    private void finished(PathTimeoutResult result) {
        running = null;
        finding.set(false);
        progress.set(1);
        lastResult.set(result);
        finderStatus.set(result.summary());
        if (result.dropFound()) {
            long safe = result.lowMillis() != null ? result.lowMillis() : result.highMillis();
            selectPath(new PathIdleTimeout(safe, "measured: " + result.summary()));
        }
    }

    private void failed(Throwable e) {
        running = null;
        finding.set(false);
        progress.set(0);
        finderStatus.set("Could not measure: " + Secrets.mask(String.valueOf(e.getMessage())));
    }

    public ObservableList<Finding> findings() {
        return findingsView;
    }

    public ReadOnlyObjectProperty<PathIdleTimeout> pathProperty() {
        return path;
    }

    public ReadOnlyStringProperty suggestedUrlProperty() {
        return suggestedUrl;
    }

    public ReadOnlyBooleanProperty findingProperty() {
        return finding;
    }

    public ReadOnlyDoubleProperty progressProperty() {
        return progress;
    }

    public ReadOnlyStringProperty finderStatusProperty() {
        return finderStatus;
    }

    public ReadOnlyObjectProperty<PathTimeoutResult> lastResultProperty() {
        return lastResult;
    }
}
