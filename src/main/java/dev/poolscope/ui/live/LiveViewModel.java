package dev.poolscope.ui.live;

import dev.poolscope.live.BorrowStats;
import dev.poolscope.live.BorrowSite;
import dev.poolscope.live.ConnectionRow;
import dev.poolscope.live.PoolSnapshot;
import dev.poolscope.attach.ProbeStatus;
import dev.poolscope.live.SnapshotListener;
import dev.poolscope.attach.TargetInfo;
import dev.poolscope.live.TargetSnapshot;
import dev.poolscope.live.threads.Headline;
import dev.poolscope.live.diagnosis.Diagnoses;
import dev.poolscope.live.diagnosis.Diagnosis;
import dev.poolscope.live.diagnosis.ServerTruth;
import dev.poolscope.live.headline.HeadlineWriter;
import dev.poolscope.live.threads.StuckPolicy;
import dev.poolscope.live.threads.ThreadAnalysis;
import dev.poolscope.text.Durations;
import dev.poolscope.ui.DataAge;
import dev.poolscope.ui.TaskExecutor;
import dev.poolscope.ui.live.history.HistorySample;
import dev.poolscope.ui.live.history.PoolHistory;
import javafx.beans.Observable;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyIntegerProperty;
import javafx.beans.property.ReadOnlyIntegerWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The live view of one connected target. Snapshots arrive on the poller's thread and are applied
 * on the FX thread; pools and connections are updated by key (pool name, connection id), never
 * rebuilt, so the table keeps its selection and sort. Time comes from the injected clock, so the
 * freshness text ("updated 0.4 s ago") can be tested without waiting.
 */
public final class LiveViewModel implements AutoCloseable {

    public static final List<Duration> INTERVALS = List.of(
            Duration.ofMillis(500), Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofSeconds(5));

    /** How far back the charts look; at the fastest refresh (0.5 s) that is 1,800 samples per pool. */
    public static final Duration HISTORY_WINDOW = Duration.ofMinutes(15);
    static final int HISTORY_CAPACITY = 2_048;

    private final TargetInfo target;
    private final TaskExecutor executor;
    private final Clock clock;
    private final ZoneId zone;

    private final ObservableList<PoolItem> pools = FXCollections.observableArrayList();

    /** The one read-only view of {@code pools}: FXCollections' wrapper listens to the list weakly, so a

     * new wrapper per call lost its listeners at the next GC (the pool tiles stayed blank). */

    private final ObservableList<PoolItem> poolsView = FXCollections.unmodifiableObservableList(pools);
    private final Map<String, PoolItem> poolsByName = new HashMap<>();
    /** The extractor makes a row's new values an update event, so a SortedList on top re-sorts. */
    private final ObservableList<ConnectionItem> connections = FXCollections.observableArrayList(
            item -> new Observable[]{item.rowProperty(), item.configProperty()});
    /** The one read-only view of {@code connections}: FXCollections' wrapper listens to the list weakly, so a
     * new wrapper per call lost its listeners at the next GC (the pool tiles stayed blank). */
    private final ObservableList<ConnectionItem> connectionsView = FXCollections.unmodifiableObservableList(connections);
    private final Map<String, ConnectionItem> connectionsById = new HashMap<>();
    private final Map<String, PoolHistory> histories = new HashMap<>();

    private final StringProperty selectedPool = new SimpleStringProperty(this, "selectedPool");
    private final StringProperty selectedConnectionId = new SimpleStringProperty(this, "selectedConnectionId");
    private final ObjectProperty<Duration> interval = new SimpleObjectProperty<>(this, "interval", Duration.ofSeconds(1));
    private final BooleanProperty paused = new SimpleBooleanProperty(this, "paused");

    private final ReadOnlyObjectWrapper<TargetSnapshot> latest = new ReadOnlyObjectWrapper<>(this, "latest");
    private final ReadOnlyObjectWrapper<LiveState> state = new ReadOnlyObjectWrapper<>(this, "state", LiveState.WAITING);
    private final ReadOnlyObjectWrapper<Headline> headline = new ReadOnlyObjectWrapper<>(this, "headline");
    private final ReadOnlyStringWrapper status = new ReadOnlyStringWrapper(this, "status");
    private final ReadOnlyStringWrapper banner = new ReadOnlyStringWrapper(this, "banner");
    private final ReadOnlyStringWrapper probeNote = new ReadOnlyStringWrapper(this, "probeNote");
    private final ReadOnlyStringWrapper failure = new ReadOnlyStringWrapper(this, "failure");
    /** Counts applied snapshots; the view re-selects the selected connection by id after each. */
    private final ReadOnlyIntegerWrapper applied = new ReadOnlyIntegerWrapper(this, "applied");
    /** True while a snapshot is being applied: selection changes then come from list updates, not the user. */
    private final javafx.beans.property.ReadOnlyBooleanWrapper applying =
            new javafx.beans.property.ReadOnlyBooleanWrapper(this, "applying");

    /** How old the shown data is; the status, the banner and every ticking figure follow it. */
    private final DataAge dataAge;
    private Instant receivedAt;
    private Instant goneAt;
    private Polling polling;
    /** While the user has given a database login: asks the server, at most one question at a time. FX thread. */
    private ServerAsking serverAsking;
    /** The server's last answer; read by the poller's thread for the headline, so volatile. */
    private volatile ServerTruth server = SERVER_NOT_ASKED;
    private final ReadOnlyObjectWrapper<Diagnoses> diagnoses = new ReadOnlyObjectWrapper<>(this, "diagnoses", Diagnoses.NONE);
    private final ReadOnlyStringWrapper serverStatus = new ReadOnlyStringWrapper(this, "serverStatus",
            SERVER_NOT_ASKED.notAskedReason());
    private final javafx.beans.property.ReadOnlyBooleanWrapper askingServer =
            new javafx.beans.property.ReadOnlyBooleanWrapper(this, "askingServer");

    public LiveViewModel(TargetInfo target, TaskExecutor executor, Clock clock) {
        this(target, executor, clock, ZoneId.systemDefault());
    }

    public LiveViewModel(TargetInfo target, TaskExecutor executor, Clock clock, ZoneId zone) {
        this.target = Objects.requireNonNull(target);
        this.executor = Objects.requireNonNull(executor);
        this.clock = Objects.requireNonNull(clock);
        this.zone = zone;
        this.dataAge = new DataAge(clock, zone);
        selectedPool.addListener((obs, old, name) -> showConnectionsOf(name));
        interval.addListener((obs, old, value) -> {
            if (polling != null && value != null) {
                polling.setInterval(value);
            }
        });
        paused.addListener((obs, old, isPaused) -> {
            if (polling != null) {
                if (isPaused) {
                    polling.pause();
                } else {
                    polling.resume();
                }
            }
            if (isPaused) {
                dataAge.markStale(DataAge.Staleness.PAUSED);
            } else if (state.get() == LiveState.NOT_RESPONDING) {
                dataAge.markStale(DataAge.Staleness.NOT_RESPONDING);
            } else {
                dataAge.resumed();
            }
            refreshStatus();
        });
        probeNote.set(probeNoteFor(target));
        refreshStatus();
    }

    /** Starts polling; results come back through the executor onto the FX thread. */
    public void start(PollingStarter starter) {
        polling = starter.start(new SnapshotListener() {
            @Override
            public void onSnapshot(TargetSnapshot snapshot) {
                // The headline scans every thread: done here on the poller's thread, not the FX thread.
                Diagnoses d = diagnosesOf(snapshot, server);
                Headline h = headlineOf(snapshot, d);
                executor.runOnUi(() -> apply(snapshot, h, d));
            }

            @Override
            public void onFailure(String message, boolean targetGone) {
                executor.runOnUi(() -> applyFailure(message, targetGone));
            }

            @Override
            public void onReconnected(String message) {
                executor.runOnUi(() -> {
                    reconnected = message;
                    refreshStatus();
                });
            }
        }, interval.get());
    }

    /** Applies one snapshot (FX thread). Ignored once the target is gone: the data stays frozen. */
    public void apply(TargetSnapshot snapshot) {
        Diagnoses d = diagnosesOf(snapshot, server);
        apply(snapshot, headlineOf(snapshot, d), d);
    }

    /** Like {@link #apply(TargetSnapshot)}, with the headline and diagnoses already made off the FX thread. */
    void apply(TargetSnapshot snapshot, Headline snapshotHeadline, Diagnoses snapshotDiagnoses) {
        if (state.get() == LiveState.GONE) {
            return;
        }
        applying.set(true);
        try {
            applyNow(snapshot, snapshotHeadline, snapshotDiagnoses);
        } finally {
            applying.set(false);
        }
        applied.set(applied.get() + 1);
        refreshStatus();
    }

    private void applyNow(TargetSnapshot snapshot, Headline snapshotHeadline, Diagnoses snapshotDiagnoses) {
        // First, so that panels fed from latest below compute their durations on a live clock.
        dataAge.received();
        if (paused.get()) {
            dataAge.markStale(DataAge.Staleness.PAUSED); // a read that was under way when the user paused
        }
        receivedAt = dataAge.receivedAt();
        failure.set(null);
        // Before latest: the threads panel, fed from latest, writes its headline with these.
        diagnoses.set(snapshotDiagnoses);
        latest.set(snapshot);
        updatePools(snapshot.pools());
        recordHistory(snapshot.pools(), receivedAt.toEpochMilli());
        headline.set(snapshotHeadline);
        if (selectedPool.get() == null || !poolsByName.containsKey(selectedPool.get())) {
            selectedPool.set(pools.isEmpty() ? null : pools.get(0).name());
        } else {
            showConnectionsOf(selectedPool.get());
        }
        probeNote.set(probeNoteFor(snapshot.target() == null ? target : snapshot.target()));
        state.set(LiveState.LIVE);
        if (serverAsking != null && !paused.get()) {
            serverAsking.maybeAsk(snapshot.pools(), this::serverAnswered);
        }
    }

    /**
     * "Ask the server": from now on the server is asked about the connections (every
     * {@link ServerAsking#EVERY}) with this login, never stored; the diagnoses use its answers.
     */
    public void askServer(String user, char[] password, String urlOverride) {
        stopAskingServer();
        if (user == null || user.isBlank()) {
            serverStatus.set("server view not asked: a database user is needed");
            return;
        }
        serverAsking = new ServerAsking(user.trim(), password, urlOverride, executor, clock);
        askingServer.set(true);
        serverStatus.set("Asking the database server as " + user.trim() + "…");
        TargetSnapshot now = latest.get();
        if (now != null) {
            serverAsking.maybeAsk(now.pools(), this::serverAnswered);
        }
    }

    /** Forgets the login; the diagnoses go back to the kernel's evidence alone. */
    public void stopAskingServer() {
        if (serverAsking != null) {
            serverAsking.close();
            serverAsking = null;
        }
        askingServer.set(false);
        server = SERVER_NOT_ASKED;
        serverStatus.set(SERVER_NOT_ASKED.notAskedReason());
        rediagnose();
    }

    /**
     * The server's view changed: the latest snapshot's connections are diagnosed again (pure rules
     * over rows already read, no I/O) and the table follows; the banner follows with the next snapshot.
     */
    private void rediagnose() {
        TargetSnapshot now = latest.get();
        if (now != null) {
            diagnoses.set(diagnosesOf(now, server));
            showConnectionsOf(selectedPool.get());
        }
    }

    private void serverAnswered(ServerTruth truth) {
        if (serverAsking == null) {
            return;
        }
        server = truth;
        serverStatus.set(truth.asked()
                ? "Server asked at " + time(clock.instant()) + " as " + serverAsking.user() + ": "
                        + truth.byPid().size() + " client backends"
                        + (truth.orphans().isEmpty() ? "" : ", " + truth.orphans().size() + " not owned by any pool connection")
                : truth.notAskedReason());
        rediagnose();
    }

    /** A failed read (FX thread); {@code targetGone} freezes the view. */
    public void applyFailure(String message, boolean targetGone) {
        if (state.get() == LiveState.GONE) {
            return;
        }
        failure.set(message);
        if (targetGone) {
            goneAt = clock.instant();
            state.set(LiveState.GONE);
            dataAge.markStale(DataAge.Staleness.GONE);
            closePolling();
        } else {
            state.set(LiveState.NOT_RESPONDING);
            dataAge.markStale(DataAge.Staleness.NOT_RESPONDING);
        }
        refreshStatus();
    }

    /** F5 / Ctrl+R: one read now, also while paused (the data then shows as paused at its new time). */
    public void refreshNow() {
        if (polling != null && state.get() != LiveState.GONE) {
            polling.refreshNow();
        }
    }

    /** A reconnect attempt from the banner failed: say why under the banner (FX thread). */
    public void showReconnectFailure(String message) {
        failure.set("Reconnect failed: " + message);
    }

    /** Recomputes the time-dependent texts; the view calls this a few times a second. */
    public void tick() {
        refreshStatus();
    }

    private void updatePools(List<PoolSnapshot> snapshots) {
        Set<String> seen = new HashSet<>();
        for (PoolSnapshot p : snapshots) {
            seen.add(p.name());
            PoolItem item = poolsByName.get(p.name());
            if (item == null) {
                item = new PoolItem(p);
                poolsByName.put(p.name(), item);
                pools.add(item);
            } else {
                item.update(p);
            }
        }
        pools.removeIf(item -> !seen.contains(item.name()) && poolsByName.remove(item.name()) != null);
    }

    /**
     * "Show connection" from a thread holding one: selects the pool and the connection (FX thread).
     *
     * @return false when the pool or the connection is not in the newest snapshot
     */
    public boolean showConnection(String poolName, String connectionId) {
        PoolItem pool = poolName == null ? null : poolsByName.get(poolName);
        if (pool == null || pool.snapshot().connections().stream().noneMatch(r -> r.id().equals(connectionId))) {
            return false;
        }
        selectedPool.set(poolName);
        selectedConnectionId.set(connectionId);
        return true;
    }

    /** The selected connection's newest row, or null. */
    public ConnectionRow selectedConnection() {
        String id = selectedConnectionId.get();
        ConnectionItem item = id == null ? null : connectionsById.get(id);
        return item == null ? null : item.row();
    }

    /** The selected connection's diagnosis, or null. */
    public Diagnosis selectedDiagnosis() {
        String id = selectedConnectionId.get();
        ConnectionItem item = id == null ? null : connectionsById.get(id);
        return item == null ? null : item.diagnosis();
    }

    /** The thread holding the selected connection, for "Show thread"; null when unknown or idle. */
    public Long selectedHolderThreadId() {
        ConnectionRow row = selectedConnection();
        return row == null || row.state() != dev.poolscope.live.ConnectionState.IN_USE ? null : row.borrowerThreadId();
    }

    /** The detail pane's text: who holds the connection, where it was borrowed, then the diagnosis and its evidence. */
    static String detailText(ConnectionRow row, Diagnosis diagnosis) {
        String text = detailText(row);
        if (row == null || diagnosis == null) {
            return text;
        }
        StringBuilder sb = new StringBuilder(text).append("\n\nDiagnosis: ")
                .append(diagnosis.kind().jsonName().replace('_', ' ')).append(" — ").append(diagnosis.summary());
        for (String e : diagnosis.evidence()) {
            sb.append("\n  • ").append(e);
        }
        return sb.toString();
    }

    /** The detail pane's text for a connection: who holds it and where it was borrowed. */
    static String detailText(ConnectionRow row) {
        if (row == null) {
            return "Select a connection to see who holds it and where it was borrowed.";
        }
        StringBuilder sb = new StringBuilder(row.id()).append(" · ");
        if (row.state() != dev.poolscope.live.ConnectionState.IN_USE) {
            sb.append(row.state().jsonName().replace('_', ' '));
            if (row.idleMillis() != null) {
                sb.append(" for ").append(Durations.elapsed(row.idleMillis()));
            }
            return sb.append("\nNot held by any thread.").toString();
        }
        if (row.inUseMillis() == null) {
            sb.append("in use, borrowed before the probe was loaded");
            if (row.inUseAtLeastMillis() != null) {
                sb.append(", for ≥ ").append(Durations.elapsed(row.inUseAtLeastMillis()));
            }
            if (row.inUseAtMostMillis() != null) {
                sb.append(" (≤ ").append(Durations.elapsed(row.inUseAtMostMillis())).append(')');
            }
            if (row.borrowerThread() == null) {
                return sb.append(": holder and borrow stack are known from its next borrow.").toString();
            }
            // Named without the borrow: by the driver's lock (inside a statement now) or HikariCP's leak task.
            sb.append("\nHeld by ").append(row.borrowerThread());
            if (row.borrowerThreadId() != null) {
                sb.append(" (#").append(row.borrowerThreadId()).append(')');
            }
            sb.append(BorrowSite.LEAK_DETECTION.equals(row.holderSource()) ? ", named by HikariCP's leak detection"
                    : ", named by the driver's lock (inside a statement now)");
            if (row.runningStatement() != null) {
                sb.append("\nRunning: ").append(row.runningStatement());
            }
            BorrowSite site = row.borrowSite();
            if (site != null && site.captured()) {
                sb.append("\nBorrowed at (").append(site.sourceInWords()).append("):");
                for (String frame : site.frames()) {
                    sb.append("\n    at ").append(frame);
                }
            } else {
                sb.append("\nBorrow site not known: ").append(site != null && site.unknownReason() != null
                        ? site.unknownReason() : "the probe did not see the borrow").append('.');
            }
            return sb.toString();
        }
        sb.append("in use for ").append(Durations.elapsed(row.inUseMillis()));
        if (row.borrowerThread() != null) {
            sb.append(" by ").append(row.borrowerThread());
            if (row.borrowerThreadId() != null) {
                sb.append(" (#").append(row.borrowerThreadId()).append(')');
            }
        }
        if (row.runningStatement() != null) {
            sb.append("\nRunning: ").append(row.runningStatement());
        }
        return BorrowSiteText.append(sb, row).toString();
    }

    /** Each connection's diagnosis from the snapshot's kernel view and the server's answer. */
    static Diagnoses diagnosesOf(TargetSnapshot snapshot, ServerTruth server) {
        return Diagnoses.of(snapshot.pools(), server, snapshot.capturedAt().toEpochMilli());
    }

    /** What is wrong, from the snapshot's thread analysis and its diagnoses; null when threads were not read. */
    private static Headline headlineOf(TargetSnapshot snapshot, Diagnoses diagnoses) {
        ThreadAnalysis a = snapshot.threadAnalysis();
        if (a == null && snapshot.threadsUnavailableReason() != null) {
            // Not "OK": nothing was measured. Say why (e.g. a read-only JMX role) instead.
            return new Headline(Headline.Severity.WARNING, "Threads not analysed", snapshot.threadsUnavailableReason(), null);
        }
        if (a == null && !snapshot.threads().isEmpty()) {
            a = new ThreadAnalysis(snapshot.capturedAt(), snapshot.threads(), List.of(), Set.of(), StuckPolicy.DEFAULT);
        }
        return a == null ? null : HeadlineWriter.write(a, diagnoses);
    }

    private void recordHistory(List<PoolSnapshot> snapshots, long atMillis) {
        histories.keySet().retainAll(poolsByName.keySet());
        for (PoolSnapshot p : snapshots) {
            histories.computeIfAbsent(p.name(), n -> new PoolHistory(HISTORY_WINDOW, HISTORY_CAPACITY))
                    .add(sample(p, atMillis));
        }
    }

    /**
     * Wait percentiles of the last minute when the probe reports them (a chart of since-attach
     * percentiles would barely move after an hour), else the since-attach ones.
     */
    static HistorySample sample(PoolSnapshot p, long atMillis) {
        BorrowStats b = p.borrow();
        Double p50 = null;
        Double p99 = null;
        int waiting = p.pending();
        if (b != null) {
            waiting = Math.max(waiting, b.waiting());
            if (b.lastMinute() != null) {
                p50 = b.lastMinute().p50Millis();
                p99 = b.lastMinute().p99Millis();
            } else {
                p50 = b.p50Millis();
                p99 = b.p99Millis();
            }
        }
        return new HistorySample(atMillis, p50, p99, waiting, p.active(), p.idle(), p.total());
    }

    ZoneId zone() {
        return zone;
    }

    /** The chart history of a pool, or null for a pool not seen (yet). FX thread. */
    public PoolHistory historyOf(String poolName) {
        return poolName == null ? null : histories.get(poolName);
    }

    /** Until the user gives a database login, the diagnosis rests on the kernel's evidence alone. */
    static final ServerTruth SERVER_NOT_ASKED = ServerTruth.notAsked("server view not asked: it needs a database"
            + " login (kept in memory only) to ask PostgreSQL what each connection's backend is doing");

    private void showConnectionsOf(String poolName) {
        PoolItem pool = poolName == null ? null : poolsByName.get(poolName);
        List<ConnectionRow> rows = pool == null ? List.of() : pool.snapshot().connections();
        Diagnoses current = diagnoses.get();
        Set<String> seen = new HashSet<>();
        for (ConnectionRow row : rows) {
            seen.add(row.id());
            // Made with the snapshot, off the FX thread (or again when the server's view changed).
            Diagnosis diagnosis = current.of(poolName, row.id());
            ConnectionItem item = connectionsById.get(row.id());
            if (item == null) {
                item = new ConnectionItem(row, pool.snapshot().config(), diagnosis);
                connectionsById.put(row.id(), item);
                connections.add(item);
            } else {
                item.update(row, pool.snapshot().config(), diagnosis);
            }
        }
        connections.removeIf(item -> !seen.contains(item.id()) && connectionsById.remove(item.id()) != null);
    }

    /**
     * The status line says what is connected and, while live, how fresh; while stale it names the
     * state only: the banner carries the one "as of" figure, so two counters cannot disagree.
     */
    /** The poller's last "Reconnected to … at …" (FX thread), shown in the status line; null before any. */
    private String reconnected;

    private void refreshStatus() {
        dataAge.tick();
        StringBuilder sb = new StringBuilder(targetLabel(target));
        switch (state.get()) {
            case WAITING -> sb.append(paused.get() ? " · paused before any data arrived" : " · connected, reading pools…");
            case LIVE -> sb.append(paused.get() ? " · paused"
                    : " · updated " + Durations.ago(Duration.between(receivedAt, clock.instant())) + pacingNote())
                    .append(reconnected == null ? "" : " · " + reconnected);
            case NOT_RESPONDING -> sb.append(paused.get() ? " · paused, not responding before" : " · not responding");
            case GONE -> sb.append(" · target exited at ").append(time(goneAt));
        }
        status.set(sb.toString());
        banner.set(bannerText());
    }

    /** " · threads every ≥ 21 s (reading them takes 410 ms)" while the poller spaces thread reads, else "". */
    private String pacingNote() {
        TargetSnapshot s = latest.get();
        Duration every = interval.get();
        String note = s == null || s.threadPacing() == null || every == null ? null : s.threadPacing().describe(every);
        return note == null ? "" : " · " + note;
    }

    /** The one place that says the data is stale and how old it is; null while live. */
    private String bannerText() {
        if (!dataAge.isStale()) {
            return null;
        }
        String asOf = receivedAt == null ? "no data received yet" : "every figure below is " + dataAge.asOfProperty().get();
        return switch (dataAge.stalenessProperty().get()) {
            case LIVE -> null;
            case PAUSED -> "Paused — " + asOf + ". Resume (Space) to refresh.";
            case NOT_RESPONDING -> "Target not responding — " + asOf + ". Still trying.";
            case GONE -> receivedAt == null
                    ? "Target exited at " + time(goneAt) + " before any data arrived."
                    : "Target exited at " + time(goneAt) + " — " + asOf + ".";
        };
    }

    /** "pid 4242 · demo-service", or the address for a remote target without a pid. */
    public static String targetLabel(TargetInfo target) {
        String who = target.pid() != null ? "pid " + target.pid() : target.address();
        String name = target.displayName();
        return name == null || name.isBlank() ? who : who + " · " + name;
    }

    static String probeNoteFor(TargetInfo target) {
        if (target.probe() == ProbeStatus.LOADED) {
            // Loaded but limited (e.g. instrumentation refused): say what is missing, else nothing.
            return target.probeMessage() == null || target.probeMessage().isBlank() ? null : "Probe loaded: " + target.probeMessage();
        }
        String what = target.probe() == ProbeStatus.FAILED ? "Probe failed to load" : "Probe not loaded";
        String why = target.probeMessage() == null || target.probeMessage().isBlank() ? "" : ": " + target.probeMessage();
        return what + why + " — pool counts come from HikariCP's own MBeans; the per-connection view needs the probe.";
    }

    /** What an empty pool list means depends on whether the probe is there to find pools. */
    public String noPoolsText() {
        if (currentTarget().probe() == ProbeStatus.LOADED) {
            return "No connection pool found yet. " + TargetSnapshot.NO_POOLS_WITH_PROBE + " PoolScope looks again on every refresh.";
        }
        return "No pool visible. " + TargetSnapshot.NO_POOLS_WITHOUT_PROBE;
    }

    private String time(Instant instant) {
        return dataAge.time(instant);
    }

    private void closePolling() {
        if (polling != null) {
            polling.close();
            polling = null;
        }
    }

    @Override
    public void close() {
        closePolling();
        if (serverAsking != null) {
            serverAsking.close();
            serverAsking = null;
        }
    }

    /** What the server said last, or why it was not asked; for the line under the headline. */
    public ReadOnlyStringProperty serverStatusProperty() {
        return serverStatus.getReadOnlyProperty();
    }

    public javafx.beans.property.ReadOnlyBooleanProperty askingServerProperty() {
        return askingServer.getReadOnlyProperty();
    }

    /** The server the question goes to without a URL of the user's (ServerReader's rule), masked; or null. */
    public String defaultServerUrl() {
        TargetSnapshot now = latest.get();
        String url = now == null ? null : dev.poolscope.live.server.ServerReader.urlOf(now.pools());
        return url == null ? null : dev.poolscope.secrets.Secrets.mask(url);
    }

    // ---- properties -------------------------------------------------------------------------

    public TargetInfo target() {
        return target;
    }

    /** The newest word on the target (its probe status may change after a reconnect), else the connect-time one. */
    public TargetInfo currentTarget() {
        TargetSnapshot last = latest.get();
        return last != null && last.target() != null ? last.target() : target;
    }

    public ObservableList<PoolItem> pools() {
        return poolsView;
    }

    /** Connections of the selected pool, in arrival order; the view sorts. */
    public ObservableList<ConnectionItem> connections() {
        return connectionsView;
    }

    public StringProperty selectedPoolProperty() {
        return selectedPool;
    }

    public StringProperty selectedConnectionIdProperty() {
        return selectedConnectionId;
    }

    public ObjectProperty<Duration> intervalProperty() {
        return interval;
    }

    public BooleanProperty pausedProperty() {
        return paused;
    }

    /** The connections' diagnoses of the {@link #latestProperty() latest} snapshot (set just before it). */
    public ReadOnlyObjectProperty<Diagnoses> diagnosesProperty() {
        return diagnoses.getReadOnlyProperty();
    }

    public ReadOnlyObjectProperty<TargetSnapshot> latestProperty() {
        return latest.getReadOnlyProperty();
    }

    /** The problem headline of the newest snapshot ("what is wrong and what do I change"), or null. */
    public ReadOnlyObjectProperty<Headline> headlineProperty() {
        return headline.getReadOnlyProperty();
    }

    public ReadOnlyObjectProperty<LiveState> stateProperty() {
        return state.getReadOnlyProperty();
    }

    /** One line for the status bar: what is connected and how fresh the data is. */
    public ReadOnlyStringProperty statusProperty() {
        return status.getReadOnlyProperty();
    }

    /** "Target exited — data frozen at 03:12:04." or "Not responding for 12 s…"; null while live. */
    public ReadOnlyStringProperty bannerProperty() {
        return banner.getReadOnlyProperty();
    }

    /** The poller's last failure message (details for the banner), or null. */
    public ReadOnlyStringProperty failureProperty() {
        return failure.getReadOnlyProperty();
    }

    /** How old the shown data is: the live view and its panels bind their stale marks and clocks to it. */
    public DataAge dataAge() {
        return dataAge;
    }

    public ReadOnlyStringProperty probeNoteProperty() {
        return probeNote.getReadOnlyProperty();
    }

    public javafx.beans.property.ReadOnlyBooleanProperty applyingProperty() {
        return applying.getReadOnlyProperty();
    }

    public ReadOnlyIntegerProperty appliedProperty() {
        return applied.getReadOnlyProperty();
    }
}
