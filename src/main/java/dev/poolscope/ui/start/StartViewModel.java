package dev.poolscope.ui.start;

import dev.poolscope.attach.ConnectFailure;
import dev.poolscope.attach.Connector;
import dev.poolscope.attach.LocalJvm;
import dev.poolscope.attach.RemoteTarget;
import dev.poolscope.attach.TargetConnection;
import dev.poolscope.demo.DemoHandle;
import dev.poolscope.ui.Connected;
import dev.poolscope.ui.DemoStarter;
import dev.poolscope.ui.TaskExecutor;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.BooleanBinding;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import javafx.collections.transformation.FilteredList;

import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * The start page: local JVMs, the remote form and the demo button. Holds all input, so a failed
 * connect never loses what the user typed. Every connector call goes through the
 * {@link TaskExecutor}; results and errors come back as properties the view binds to.
 */
public final class StartViewModel {

    private final Connector connector;
    private final DemoStarter demoStarter;
    private final TaskExecutor executor;
    private final Consumer<Connected> onConnected;
    /** Null where there is no place to keep them. */
    private final dev.poolscope.appdata.SavedConnections savedStore;
    private final ObservableList<dev.poolscope.appdata.SavedConnection> saved = FXCollections.observableArrayList();
    /** The one read-only view of {@code saved}: FXCollections' wrapper listens to the list weakly, so a
     * new wrapper per call lost its listeners at the next GC (the pool tiles stayed blank). */
    private final ObservableList<dev.poolscope.appdata.SavedConnection> savedView = FXCollections.unmodifiableObservableList(saved);
    private final ReadOnlyStringWrapper savedMessage = new ReadOnlyStringWrapper(this, "savedMessage");

    private final ObservableList<LocalJvm> jvms = FXCollections.observableArrayList();
    private final FilteredList<LocalJvm> filteredJvms = new FilteredList<>(jvms, jvm -> true);
    private final StringProperty filter = new SimpleStringProperty(this, "filter", "");
    private final ReadOnlyBooleanWrapper listing = new ReadOnlyBooleanWrapper(this, "listing");
    private final ReadOnlyStringWrapper listMessage = new ReadOnlyStringWrapper(this, "listMessage");
    private final ReadOnlyStringWrapper attachError = new ReadOnlyStringWrapper(this, "attachError");

    private final StringProperty remoteAddress = new SimpleStringProperty(this, "remoteAddress", "");
    private final StringProperty remoteUser = new SimpleStringProperty(this, "remoteUser", "");
    private final BooleanProperty remoteSsl = new SimpleBooleanProperty(this, "remoteSsl");
    /** The probe jar's path on the target's host; blank = connect without loading it (issue 16.2). */
    private final StringProperty remoteProbeJar = new SimpleStringProperty(this, "remoteProbeJar", "");
    private final ReadOnlyStringWrapper remoteError = new ReadOnlyStringWrapper(this, "remoteError");
    private final ReadOnlyObjectWrapper<ConnectFailure.Reason> remoteErrorReason =
            new ReadOnlyObjectWrapper<>(this, "remoteErrorReason");

    private final ReadOnlyStringWrapper demoStatus = new ReadOnlyStringWrapper(this, "demoStatus");
    private final ReadOnlyStringWrapper demoError = new ReadOnlyStringWrapper(this, "demoError");
    private final ReadOnlyBooleanWrapper demoRunning = new ReadOnlyBooleanWrapper(this, "demoRunning");

    /** What is being connected right now ("attach", "remote", "demo"), or null: one connect at a time. */
    private final ReadOnlyStringWrapper connecting = new ReadOnlyStringWrapper(this, "connecting");
    private final BooleanBinding busy = connecting.isNotNull();


    private volatile DemoHandle demo;
    /** The demo being started, so that exiting mid-start can still stop what it started. */
    private volatile CompletableFuture<DemoHandle> demoStarting;

    public StartViewModel(Connector connector, DemoStarter demoStarter, TaskExecutor executor,
                          Consumer<Connected> onConnected) {
        this(connector, demoStarter, executor, onConnected, null);
    }

    /** @param savedStore where remote targets are remembered (without passwords); null: not remembered */
    public StartViewModel(Connector connector, DemoStarter demoStarter, TaskExecutor executor,
                          Consumer<Connected> onConnected, dev.poolscope.appdata.SavedConnections savedStore) {
        this.savedStore = savedStore;
        this.connector = Objects.requireNonNull(connector);
        this.demoStarter = Objects.requireNonNull(demoStarter);
        this.executor = Objects.requireNonNull(executor);
        this.onConnected = Objects.requireNonNull(onConnected);
        filteredJvms.predicateProperty().bind(Bindings.createObjectBinding(
                () -> matcher(filter.get()), filter));
    }

    // ---- local JVMs -------------------------------------------------------------------------

    /** Lists local JVMs again; the previous list stays visible until the new one arrives. */
    public void refresh() {
        loadSaved();
        if (listing.get()) {
            return;
        }
        listing.set(true);
        executor.submit("list local JVMs", connector::listLocal, this::showJvms, e -> {
            listing.set(false);
            listMessage.set("Could not list the Java processes on this machine: " + describe(e));
        });
    }

    private void showJvms(List<LocalJvm> found) {
        listing.set(false);
        // Attachable first, then by pid: the JVMs a user can act on come first.
        List<LocalJvm> sorted = found.stream()
                .sorted(Comparator.comparing((LocalJvm j) -> !j.attachable()).thenComparingLong(LocalJvm::pid))
                .toList();
        jvms.setAll(sorted);
        listMessage.set(found.isEmpty()
                ? "No other Java processes found on this machine. Start your service, or try the demo."
                : null);
    }

    static java.util.function.Predicate<LocalJvm> matcher(String filterText) {
        String needle = filterText == null ? "" : filterText.trim().toLowerCase(Locale.ROOT);
        if (needle.isEmpty()) {
            return jvm -> true;
        }
        return jvm -> Long.toString(jvm.pid()).contains(needle)
                || contains(jvm.displayName(), needle)
                || contains(jvm.jvmVersion(), needle);
    }

    private static boolean contains(String haystack, String lowerNeedle) {
        return haystack != null && haystack.toLowerCase(Locale.ROOT).contains(lowerNeedle);
    }

    /** What the confirmation before attaching says; one text with the CLI's (AttachNotice). */
    public static String attachConfirmation(LocalJvm jvm) {
        return dev.poolscope.attach.AttachNotice.text(jvm.pid(), jvm.displayName(), jvm.jvmVersion());
    }

    static Integer majorVersion(String version) {
        return dev.poolscope.attach.AttachNotice.majorVersion(version);
    }

    /**
     * {@code poolscope gui --pid N}: the list shows that pid. With {@code confirmed} ({@code --yes},
     * the CLI's word for "I have read what the target will see") it also attaches, with the probe,
     * once the pid is found among this machine's JVMs; a pid that is not there is an error in words,
     * and nothing is sent to it.
     */
    public void openPid(long pid, boolean confirmed) {
        filter.set(Long.toString(pid));
        if (!confirmed) {
            return;
        }
        executor.submit("list local JVMs for pid " + pid, connector::listLocal, found -> {
            showJvms(found);
            found.stream().filter(j -> j.pid() == pid).findFirst().ifPresentOrElse(
                    jvm -> attach(jvm, true),
                    () -> attachError.set("pid " + pid + " is not a Java process on this machine that PoolScope can attach to."));
        }, e -> attachError.set("Could not list the Java processes on this machine: " + describe(e)));
    }

    /** Attaches after the user confirmed; {@code loadProbe} false connects with JMX only. */
    public void attach(LocalJvm jvm, boolean loadProbe) {
        if (busy.get()) {
            return;
        }
        if (!jvm.attachable()) {
            attachError.set("Cannot attach to pid " + jvm.pid() + ": " + jvm.notAttachableReason());
            return;
        }
        attachError.set(null);
        connecting.set("attach");
        Connected.Reconnect how = () -> connector.attach(jvm.pid(), loadProbe);
        executor.submit("attach pid " + jvm.pid(), how::connect,
                connection -> finish(connection, how),
                e -> {
                    connecting.set(null);
                    attachError.set(describe(e));
                });
    }

    // ---- remote -----------------------------------------------------------------------------

    /**
     * Connects to the remote form's endpoint. The password comes from the view's password field
     * at the moment of the click and is kept only in the {@link RemoteTarget} for reconnecting.
     */
    public void connectRemote(char[] password) {
        String probeJar = remoteProbeJar.get() == null ? "" : remoteProbeJar.get().trim();
        connectRemote(password, !probeJar.isEmpty());
    }

    /**
     * Connects to the remote form's endpoint, loading the probe from the form's path when
     * {@code loadProbe} (the view has asked the user first). Once connected, the target is
     * remembered without its password.
     */
    public void connectRemote(char[] password, boolean loadProbe) {
        if (busy.get()) {
            return;
        }
        String probeJar = remoteProbeJar.get() == null ? "" : remoteProbeJar.get().trim();
        if (loadProbe && probeJar.isEmpty()) {
            remoteErrorReason.set(ConnectFailure.Reason.OTHER);
            remoteError.set("Enter the path of poolscope-probe.jar on the target's host to load the probe (docs/remote.md).");
            return;
        }
        String address = remoteAddress.get() == null ? "" : remoteAddress.get().trim();
        if (address.isEmpty()) {
            remoteErrorReason.set(ConnectFailure.Reason.BAD_ADDRESS);
            remoteError.set("Enter a JMX service URL (service:jmx:rmi:///jndi/rmi://host:port/jmxrmi) or host:port.");
            return;
        }
        remoteError.set(null);
        remoteErrorReason.set(null);
        connecting.set("remote");
        RemoteTarget target = new RemoteTarget(address, remoteUser.get(),
                password == null || password.length == 0 ? null : password, remoteSsl.get());
        Connected.Reconnect how = !loadProbe ? () -> connector.connect(target)
                : () -> loadRemoteProbe(connector.connect(target), probeJar);
        executor.submit("connect " + target, how::connect,
                connection -> {
                    // A path is remembered once the probe loaded from it; a plain connect keeps the one saved before.
                    boolean loaded = loadProbe && connection.info().probe() == dev.poolscope.attach.ProbeStatus.LOADED;
                    remember(dev.poolscope.appdata.SavedConnection.of(null, target, loaded ? probeJar : null));
                    finish(connection, how);
                },
                e -> {
                    connecting.set(null);
                    remoteErrorReason.set(e instanceof ConnectFailure cf ? cf.reason() : ConnectFailure.Reason.OTHER);
                    remoteError.set(describe(e));
                });
    }

    // ---- saved remote targets ---------------------------------------------------------------

    /** Reads the saved targets off the FX thread; the list keeps its entries until they arrive. */
    public void loadSaved() {
        if (savedStore == null) {
            savedMessage.set("Saved targets are not available: PoolScope has no configuration directory here.");
            return;
        }
        executor.submit("read saved connections", savedStore::load, list -> {
            saved.setAll(list);
            savedMessage.set(list.isEmpty() ? "Targets you connect to are listed here (never their passwords)." : null);
        }, e -> savedMessage.set("Could not read the saved targets: " + describe(e)));
    }

    /** Fills the remote form from a saved target; the password field stays as the user left it. */
    public void choose(dev.poolscope.appdata.SavedConnection c) {
        if (c == null) {
            return;
        }
        remoteAddress.set(c.address());
        remoteUser.set(c.username() == null ? "" : c.username());
        remoteSsl.set(c.ssl());
        remoteProbeJar.set(c.probeJar() == null ? "" : c.probeJar());
    }

    /** "Connect" or "Connect and load probe" on a saved target, with the password just typed. */
    public void connectSaved(dev.poolscope.appdata.SavedConnection c, boolean loadProbe, char[] password) {
        choose(c);
        connectRemote(password, loadProbe);
    }

    public void forget(dev.poolscope.appdata.SavedConnection c) {
        if (savedStore == null || c == null) {
            return;
        }
        executor.submit("forget saved connection", () -> savedStore.remove(c.name()), saved::setAll,
                e -> savedMessage.set("Could not update the saved targets: " + describe(e)));
    }

    private void remember(dev.poolscope.appdata.SavedConnection fresh) {
        if (savedStore == null) {
            return;
        }
        dev.poolscope.appdata.SavedConnection c = fresh.probeJar() != null ? fresh : saved.stream()
                .filter(old -> old.name().equals(fresh.name()) && old.probeJar() != null).findFirst()
                .map(old -> new dev.poolscope.appdata.SavedConnection(fresh.name(), fresh.address(), fresh.username(),
                        fresh.ssl(), old.probeJar()))
                .orElse(fresh);
        // Named by its address, so connecting again replaces the entry (a new probe path is kept).
        executor.submit("save connection", () -> savedStore.saveOrReplace(c), list -> {
            saved.setAll(list);
            savedMessage.set(null);
        }, e -> savedMessage.set("Connected, but the target could not be saved: " + describe(e)));
    }

    public ObservableList<dev.poolscope.appdata.SavedConnection> saved() {
        return savedView;
    }

    /** Why the saved list is empty or stale, or null. */
    public ReadOnlyStringProperty savedMessageProperty() {
        return savedMessage.getReadOnlyProperty();
    }

    // ---- demo -------------------------------------------------------------------------------

    /**
     * Starts the demo (embedded PostgreSQL and a service JVM, 5-10 s) and attaches to it with the
     * probe. A demo that is still running from before is reused, not started twice.
     */
    public void startDemo() {
        if (busy.get()) {
            return;
        }
        demoError.set(null);
        connecting.set("demo");
        DemoHandle running = demo != null && demo.isAlive() ? demo : null;
        demoStatus.set(running != null
                ? "Attaching to the running demo (pid " + running.servicePid() + ")…"
                : "Starting the demo… this takes about 10 seconds.");
        CompletableFuture<DemoHandle> starting = new CompletableFuture<>();
        demoStarting = starting;
        executor.submit("start demo", () -> {
            DemoHandle handle;
            try {
                handle = running != null ? running
                        : demoStarter.start(step -> executor.runOnUi(() -> {
                            if ("demo".equals(connecting.get())) {
                                demoStatus.set(step);
                            }
                        }));
                starting.complete(handle);
            } catch (Exception | Error e) {
                starting.completeExceptionally(e);
                throw e;
            }
            try {
                // The launcher hands the demo out once it is old enough to attach to (see DemoLauncher).
                return new DemoAttach(handle, connector.attach(handle.servicePid(), true));
            } catch (ConnectFailure e) {
                // The demo is up but the attach failed: keep it, so a retry only attaches.
                return new DemoAttach(handle, e);
            }
        }, result -> {
            demo = result.handle();
            demoRunning.set(true);
            if (result.failure() != null) {
                connecting.set(null);
                demoStatus.set(null);
                demoError.set("The demo started (pid " + result.handle().servicePid()
                        + ") but attaching failed: " + result.failure().getMessage());
                return;
            }
            demoStatus.set(null);
            long pid = result.handle().servicePid();
            // A reconnect attaches to the same demo; it fails with a clear message if the demo has stopped.
            finish(result.connection(), () -> connector.attach(pid, true));
        }, e -> {
            connecting.set(null);
            demoStatus.set(null);
            demoError.set("Could not start the demo: " + describe(e));
        });
    }

    private record DemoAttach(DemoHandle handle, TargetConnection connection, ConnectFailure failure) {
        DemoAttach(DemoHandle handle, TargetConnection connection) {
            this(handle, connection, null);
        }

        DemoAttach(DemoHandle handle, ConnectFailure failure) {
            this(handle, null, failure);
        }
    }

    /** The demo this page started, or null; the app stops it when it exits. */
    public DemoHandle demo() {
        return demo;
    }

    /**
     * Stops the demo this page started. If it is still starting, waits up to {@code wait} for it
     * to come up and then stops it, so that closing the window mid-start leaves no PostgreSQL or
     * service JVM behind. Blocking: called when the app exits.
     */
    public void stopDemo(Duration wait) {
        DemoHandle handle = demo;
        CompletableFuture<DemoHandle> starting = demoStarting;
        if (handle == null && starting != null) {
            try {
                handle = starting.get(wait.toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (ExecutionException | TimeoutException e) {
                // Failed to start (nothing to stop) or still hanging: the launcher cleans up after itself.
            }
        }
        if (handle != null) {
            handle.close();
        }
    }

    /** On the executor's thread: jvmtiAgentLoad over the new connection; a failure keeps the connection and says why. */
    private static TargetConnection loadRemoteProbe(TargetConnection connection, String probeJar) {
        try (dev.poolscope.attach.DeadlineRunner runner = new dev.poolscope.attach.DeadlineRunner("poolscope-remote-probe")) {
            return new dev.poolscope.attach.RemoteProbeLoader(runner, dev.poolscope.attach.DeadlineRunner.DEFAULT_DEADLINE,
                    java.time.Clock.systemUTC()).load(connection, probeJar);
        }
    }

    private void finish(TargetConnection connection, Connected.Reconnect how) {
        connecting.set(null);
        onConnected.accept(new Connected(connection, how));
    }

    /** A user-facing line: a ConnectFailure's message is already one; anything else gets its innermost message. */
    static String describe(Throwable e) {
        if (e instanceof ConnectFailure) {
            return e.getMessage();
        }
        String best = null;
        for (Throwable c = e; c != null; c = c.getCause() == c ? null : c.getCause()) {
            if (c instanceof ConnectFailure) {
                return c.getMessage();
            }
            if (c.getMessage() != null && !c.getMessage().isBlank()) {
                best = c.getMessage().lines().findFirst().orElse(null);
            }
        }
        return best != null ? best : e.getClass().getSimpleName();
    }

    // ---- properties -------------------------------------------------------------------------

    public ObservableList<LocalJvm> jvms() {
        return filteredJvms;
    }

    public StringProperty filterProperty() {
        return filter;
    }

    public ReadOnlyBooleanProperty listingProperty() {
        return listing.getReadOnlyProperty();
    }

    /** Empty list, or why the list could not be read; null when the table says it all. */
    public ReadOnlyStringProperty listMessageProperty() {
        return listMessage.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty attachErrorProperty() {
        return attachError.getReadOnlyProperty();
    }

    public StringProperty remoteAddressProperty() {
        return remoteAddress;
    }

    public StringProperty remoteUserProperty() {
        return remoteUser;
    }

    public BooleanProperty remoteSslProperty() {
        return remoteSsl;
    }

    public StringProperty remoteProbeJarProperty() {
        return remoteProbeJar;
    }

    public ReadOnlyStringProperty remoteErrorProperty() {
        return remoteError.getReadOnlyProperty();
    }

    public ReadOnlyObjectProperty<ConnectFailure.Reason> remoteErrorReasonProperty() {
        return remoteErrorReason.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty demoStatusProperty() {
        return demoStatus.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty demoErrorProperty() {
        return demoError.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty demoRunningProperty() {
        return demoRunning.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty connectingProperty() {
        return connecting.getReadOnlyProperty();
    }

    public BooleanBinding busyBinding() {
        return busy;
    }
}
