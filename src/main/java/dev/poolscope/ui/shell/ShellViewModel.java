package dev.poolscope.ui.shell;

import dev.poolscope.attach.TargetConnection;
import dev.poolscope.ui.AppServices;
import dev.poolscope.ui.Connected;
import dev.poolscope.ui.TaskExecutor;
import dev.poolscope.ui.live.LivePollerStarter;
import dev.poolscope.ui.live.LiveViewModel;
import dev.poolscope.ui.start.StartViewModel;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleObjectProperty;

import java.util.Objects;
import java.util.function.Function;

/**
 * The app's frame: which page shows, what is connected, and the status line. Owns the one
 * open connection and its live view-model; closing either side goes through here.
 */
public final class ShellViewModel implements AutoCloseable {

    /** A page of the navigation: the two built-in ones, or an extra screen by its index. */
    public sealed interface Page permits Start, Live, Extra {
    }

    public record Start() implements Page {
    }

    public record Live() implements Page {
    }

    public record Extra(int index) implements Page {
    }

    public static final Page START = new Start();
    public static final Page LIVE = new Live();

    private final AppServices services;
    private final TaskExecutor executor;
    private final Function<Connected, LiveViewModel> liveFactory;
    private final StartViewModel start;

    private final ObjectProperty<Page> page = new SimpleObjectProperty<>(this, "page", START);
    private final ReadOnlyObjectWrapper<LiveViewModel> live = new ReadOnlyObjectWrapper<>(this, "live");
    private final ReadOnlyStringWrapper reconnectError = new ReadOnlyStringWrapper(this, "reconnectError");
    private final dev.poolscope.ui.live.LiveLayout liveLayout = new dev.poolscope.ui.live.LiveLayout();
    private final ReadOnlyStringWrapper status = new ReadOnlyStringWrapper(this, "status", "Not connected");

    private Connected connected;

    /** How long exiting waits for a demo that is still starting, so it can be stopped (it takes ~10 s to start). */
    private static final java.time.Duration DEMO_STOP_WAIT = java.time.Duration.ofSeconds(30);

    public ShellViewModel(AppServices services, TaskExecutor executor) {
        this(services, executor, null);
    }

    /**
     * @param liveFactory makes the live view-model for a new connection (tests pass one that does not poll);
     *                    null for the real one, which polls with {@link LivePollerStarter}
     */
    public ShellViewModel(AppServices services, TaskExecutor executor, Function<Connected, LiveViewModel> liveFactory) {
        this.services = Objects.requireNonNull(services);
        this.executor = Objects.requireNonNull(executor);
        this.liveFactory = liveFactory != null ? liveFactory : this::startPolling;
        this.start = new StartViewModel(services.connector(), services.demoStarter(), executor, this::showConnected,
                services.savedConnections());
        live.addListener((obs, old, vm) -> {
            status.unbind();
            if (vm == null) {
                status.set("Not connected");
            } else {
                status.bind(vm.statusProperty());
            }
        });
    }

    private LiveViewModel startPolling(Connected c) {
        LiveViewModel vm = new LiveViewModel(c.connection().info(), executor, services.clock());
        vm.start(new LivePollerStarter(c.connection(), services.snapshotSource()));
        return vm;
    }

    /** A new connection from the start page (or a reconnect): the previous one is closed first. */
    void showConnected(Connected c) {
        closeConnection();
        connected = c;
        reconnectError.set(null);
        live.set(liveFactory.apply(c));
        page.set(LIVE);
    }

    /** Connects again the way the current connection was made (after the target exited or hung). */
    public void reconnect() {
        if (connected == null) {
            return;
        }
        Connected.Reconnect how = connected.reconnect();
        reconnectError.set(null);
        executor.submit("reconnect", how::connect,
                (TargetConnection connection) -> showConnected(new Connected(connection, how)),
                e -> {
                    String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
                    reconnectError.set("Reconnect failed: " + message);
                    if (live.get() != null) {
                        live.get().showReconnectFailure(message);
                    }
                });
    }

    /** Closes the connection and goes back to the start page, with the JVM list refreshed. */
    public void disconnect() {
        closeConnection();
        live.set(null);
        page.set(START);
        start.refresh();
    }

    private void closeConnection() {
        LiveViewModel vm = live.get();
        if (vm != null) {
            vm.close();
        }
        if (connected != null) {
            TargetConnection c = connected.connection();
            connected = null;
            // close() is bounded by the connection itself, but keep it off the FX thread anyway.
            executor.submit("close connection", () -> {
                c.close();
                return null;
            }, ignored -> { }, ignored -> { });
        }
    }

    /** The open connection, or null. */
    public TargetConnection connection() {
        return connected == null ? null : connected.connection();
    }

    /** The live view's divider positions, kept across connections and saved with the window. */
    public dev.poolscope.ui.live.LiveLayout liveLayout() {
        return liveLayout;
    }

    public StartViewModel start() {
        return start;
    }

    public AppServices services() {
        return services;
    }

    public ObjectProperty<Page> pageProperty() {
        return page;
    }

    public ReadOnlyObjectProperty<LiveViewModel> liveProperty() {
        return live.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty reconnectErrorProperty() {
        return reconnectError.getReadOnlyProperty();
    }

    /** "pid 4242 · demo-service · updated 0.4 s ago", or "Not connected". */
    public ReadOnlyStringProperty statusProperty() {
        return status.getReadOnlyProperty();
    }

    /** Closes the connection and stops a demo this app started. */
    @Override
    public void close() {
        closeConnection();
        start.stopDemo(DEMO_STOP_WAIT);
    }
}
