package dev.poolscope.ui.live;

import dev.poolscope.live.PoolSnapshot;
import dev.poolscope.attach.TargetInfo;
import dev.poolscope.attach.TargetConnection;
import dev.poolscope.ui.HeadlineSource;
import dev.poolscope.ui.HolderLinks;
import dev.poolscope.ui.LiveContext;
import dev.poolscope.ui.LivePanel;
import javafx.animation.Animation;
import javafx.animation.KeyFrame;
import javafx.animation.Timeline;
import javafx.beans.binding.Bindings;
import javafx.collections.ListChangeListener;
import javafx.geometry.Insets;
import javafx.geometry.Orientation;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.ChoiceBox;
import javafx.scene.control.Label;
import javafx.scene.control.SplitPane;
import javafx.scene.control.Tab;
import javafx.scene.control.TabPane;
import javafx.scene.control.ToggleButton;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.FlowPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.util.Duration;
import javafx.util.StringConverter;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.Map;
import java.util.List;

/**
 * The live view of one target: a banner when it stops answering or exits, the refresh controls,
 * one summary card per pool, the selected pool's connections, and the extra panels (threads)
 * the app wires in. Binds to {@link LiveViewModel}; calls back for reconnect and back.
 */
public final class LiveView extends BorderPane {

    private final LiveViewModel viewModel;
    private final ConnectionTable table;
    private final javafx.scene.control.TextField connectionFilter = new javafx.scene.control.TextField();
    private final FlowPane cards = new FlowPane(12, 12);
    private final PoolDetails details = new PoolDetails();
    private final Timeline ticker;
    private final BorrowCharts charts;
    private final ConnectionDetail detail;
    private HolderLinks holderLinks;
    private javafx.beans.value.ObservableValue<dev.poolscope.live.threads.Headline> headline;
    private Tab threadsTab;
    private ToggleButton overviewToggle;
    private SplitPane split;
    private TabPane tabs;

    private final List<Runnable> disposers = new ArrayList<>();

    /** The server's words beside the pool tiles: three lines of text, as high as a tile. */
    private static final double SERVER_TEXT_HEIGHT = 52;
    private static final double SERVER_LINE_MIN = 260;
    private static final double SERVER_LINE_MAX = 640;
    /** The tiles' scroll pane keeps room for its vertical bar, shown when more pools wrap. */
    private static final double CARD_SCROLL_BAR = 16;

    /**
     * @param connection handed to the extra panels (see {@link LiveContext}); may be null in tests without panels
     */
    public LiveView(LiveViewModel viewModel, List<LivePanel> panels, TargetConnection connection,
                    Runnable onReconnect, Runnable onBack) {
        this(viewModel, panels, connection, onReconnect, onBack, new LiveLayout());
    }

    /**
     * @param layout the divider positions, shared by every live view of the session and saved with the window
     */
    public LiveView(LiveViewModel viewModel, List<LivePanel> panels, TargetConnection connection,
                    Runnable onReconnect, Runnable onBack, LiveLayout layout) {
        this.viewModel = viewModel;
        setId("live-view");
        getStyleClass().add("live-view");
        getStylesheets().add(LiveView.class.getResource("live.css").toExternalForm());
        // Tight padding: on a 1024x700 window every pixel of height goes to connections and threads.
        setPadding(new Insets(10, 20, 8, 20));

        // Ctrl+F's filter sits between the view-model's rows and the table's sorting.
        javafx.collections.transformation.FilteredList<ConnectionItem> filtered =
                new javafx.collections.transformation.FilteredList<>(viewModel.connections());
        connectionFilter.setId("connection-filter");
        connectionFilter.setPromptText("Filter connections (Ctrl+F)");
        connectionFilter.setPrefColumnCount(14);
        connectionFilter.textProperty().addListener((obs, old, text) ->
                filtered.setPredicate(text == null || text.isBlank() ? null : item -> ConnectionRowText.matches(item, text)));
        table = new ConnectionTable(filtered);
        table.getSelectionModel().setSelectionMode(javafx.scene.control.SelectionMode.MULTIPLE);
        Label placeholder = new Label();
        placeholder.getStyleClass().add("muted");
        placeholder.textProperty().bind(Bindings.when(Bindings.isEmpty(viewModel.pools()))
                .then("").otherwise("No connections in this pool right now."));
        table.setPlaceholder(placeholder);
        keepSelectionAcrossRefreshes();

        javafx.scene.layout.StackPane headlineSlot = new javafx.scene.layout.StackPane();
        headlineSlot.managedProperty().bind(headlineSlot.visibleProperty());
        charts = new BorrowCharts(viewModel, viewModel.zone());
        VBox top = new VBox(8, banner(onReconnect, onBack), toolbar(onBack), headlineSlot, probeNote(), poolNotes(), poolsState(), cardsRow());
        top.setPadding(new Insets(0, 0, 6, 0));
        setTop(top);

        detail = new ConnectionDetail(this::showHolderThread);
        table.setOnShowThread(item -> {
            table.getSelectionModel().select(item);
            showHolderThread();
        });
        BorderPane tableArea = new BorderPane(table);
        tableArea.setRight(detail);
        tableArea.setMinHeight(0);
        Node overview = overview();
        split = new SplitPane();
        split.setId("live-split");
        split.getStyleClass().add("live-split");
        split.setOrientation(Orientation.VERTICAL);
        split.getItems().addAll(overview, tableArea);
        setCenter(split);
        if (!panels.isEmpty()) {
            TabPane tabs = new TabPane();
            tabs.setId("live-panels");
            tabs.setTabClosingPolicy(TabPane.TabClosingPolicy.UNAVAILABLE);
            LiveContext context = new LiveContext(viewModel.latestProperty(), viewModel.diagnosesProperty(), connection, disposers::add,
                    viewModel.dataAge());
            for (LivePanel panel : panels) {
                Node content = panel.view().apply(context);
                Tab tab = new Tab(panel.title(), content);
                tabs.getTabs().add(tab);
                if (content instanceof HeadlineSource source && headline == null) {
                    headline = source.headline();
                }
                if (content instanceof HolderLinks links && holderLinks == null) {
                    holderLinks = links;
                    threadsTab = tab;
                    links.setOnShowConnection(this::showConnection);
                }
            }
            this.tabs = tabs;
            tabs.setMinHeight(0);
            if (tabs.getTabs().size() == 1) {
                // One panel needs no tab strip: its 36 px go to the rows.
                tabs.getStyleClass().add("single-tab");
            }
            split.getItems().add(tabs);
        }
        layout.applyTo(split);
        // The toggle follows the divider, whoever moved it.
        split.getDividers().get(0).positionProperty().addListener((obs, old, p) ->
                overviewToggle.setSelected(p.doubleValue() * split.getHeight() > 48)); // more than its tab strip
        // The threads panel's headline follows its adjustable stuck threshold; without it, the snapshot's.
        HeadlineBanner banner = new HeadlineBanner(headline != null ? headline : viewModel.headlineProperty(),
                viewModel.dataAge());
        headlineSlot.getChildren().setAll(banner);
        if (this.tabs != null) {
            this.tabs.getTabs().stream().filter(t -> "Doctor".equals(t.getText())).findFirst()
                    .ifPresent(doctorTab -> banner.setOnOpenDoctor(() -> this.tabs.getSelectionModel().select(doctorTab)));
        }
        headlineSlot.visibleProperty().bind(banner.visibleProperty());
        viewModel.appliedProperty().addListener((obs, old, n) -> showDetail());
        viewModel.selectedConnectionIdProperty().addListener((obs, old, id) -> {
            detail.note(null);
            showDetail();
            if (!viewModel.applyingProperty().get()) {
                restoreSelection();
                int index = table.getSelectionModel().getSelectedIndex();
                if (index >= 0) {
                    table.scrollTo(Math.max(0, index - 2));
                }
            }
        });
        showDetail();
        LiveKeys.install(this, viewModel, table, connectionFilter);
        // Stale data is dimmed everywhere below the banner, which says how old it is.
        javafx.css.PseudoClass staleClass = javafx.css.PseudoClass.getPseudoClass("stale");
        viewModel.dataAge().staleProperty().addListener((obs, was, stale) -> pseudoClassStateChanged(staleClass, stale));
        pseudoClassStateChanged(staleClass, viewModel.dataAge().isStale());

        // Freshness text ("updated 0.4 s ago") moves on its own between snapshots.
        ticker = new Timeline(new KeyFrame(Duration.millis(200), e -> viewModel.tick()));
        ticker.setCycleCount(Animation.INDEFINITE);
        ticker.play();
    }

    private void setOverviewShown(boolean shown) {
        double h = split.getHeight();
        if (h <= 0) {
            return;
        }
        double[] p = split.getDividerPositions();
        double target = shown ? Math.min(LiveLayout.OVERVIEW_MAX_SHARE * 1.5, LiveLayout.OVERVIEW_HEIGHT / h) : 0;
        double shift = target - p[0];
        p[0] = target;
        if (p.length > 1) {
            p[1] = Math.min(0.95, Math.max(p[0] + 0.05, p[1] + shift * 0.5));
        }
        split.setDividerPositions(p);
    }

    private void showDetail() {
        detail.show(LiveViewModel.detailText(viewModel.selectedConnection(), viewModel.selectedDiagnosis()),
                viewModel.selectedHolderThreadId() != null, holderLinks != null);
    }

    /** "Show thread": the threads panel selects the selected connection's holder. */
    private void showHolderThread() {
        Long threadId = viewModel.selectedHolderThreadId();
        if (holderLinks == null || threadId == null) {
            return;
        }
        if (holderLinks.showThread(threadId)) {
            tabs.getSelectionModel().select(threadsTab);
            detail.note(null);
        } else {
            detail.note("Thread #" + threadId + " is not in the last thread sample.");
        }
    }

    /** "Show connection" from the threads panel. */
    private void showConnection(String pool, String connectionId) {
        if (viewModel.showConnection(pool, connectionId)) {
            restoreSelection();
            table.requestFocus();
        }
    }

    /** Stops the ticker and the panels' own work; the shell calls this when the view is replaced. */
    public void dispose() {
        ticker.stop();
        disposers.forEach(Runnable::run);
        disposers.clear();
    }

    /**
     * A SortedList may move rows when values change, and TableView can then drop or shift the
     * selection; the view-model remembers the selected connection's id and the view puts the
     * selection back after each snapshot.
     */
    private void keepSelectionAcrossRefreshes() {
        table.getSelectionModel().selectedItemProperty().addListener((obs, old, item) -> {
            if (!viewModel.applyingProperty().get()) {
                viewModel.selectedConnectionIdProperty().set(item == null ? null : item.id());
            }
        });
        viewModel.appliedProperty().addListener((obs, old, n) -> restoreSelection());
    }

    private void restoreSelection() {
        String id = viewModel.selectedConnectionIdProperty().get();
        ConnectionItem selected = table.getSelectionModel().getSelectedItem();
        if (id == null || (selected != null && selected.id().equals(id))) {
            return;
        }
        for (ConnectionItem item : table.getItems()) {
            if (item.id().equals(id)) {
                table.getSelectionModel().select(item);
                return;
            }
        }
        // The connection is gone (closed by the pool): the selection is cleared with it.
        table.getSelectionModel().clearSelection();
        viewModel.selectedConnectionIdProperty().set(null);
    }

    private Node banner(Runnable onReconnect, Runnable onBack) {
        Label text = new Label();
        text.setId("live-banner-text");
        text.textProperty().bind(viewModel.bannerProperty());
        text.getStyleClass().add("banner-text");
        Label detail = new Label();
        detail.textProperty().bind(viewModel.failureProperty());
        detail.getStyleClass().add("banner-detail");
        detail.setWrapText(true);
        VBox texts = new VBox(2, text, detail);
        HBox.setHgrow(texts, Priority.ALWAYS);
        Button reconnect = new Button("Reconnect");
        reconnect.setId("live-reconnect");
        reconnect.setOnAction(e -> onReconnect.run());
        Button back = new Button("Back to start");
        back.setOnAction(e -> onBack.run());
        HBox buttons = new HBox(8, reconnect, back);
        buttons.setAlignment(Pos.CENTER_RIGHT);
        buttons.visibleProperty().bind(viewModel.stateProperty().isEqualTo(LiveState.GONE));
        buttons.managedProperty().bind(buttons.visibleProperty());
        HBox banner = new HBox(12, texts, buttons);
        banner.setId("live-banner");
        banner.setAlignment(Pos.CENTER_LEFT);
        banner.getStyleClass().add("banner");
        viewModel.stateProperty().addListener((obs, old, state) -> {
            banner.getStyleClass().removeAll("banner-gone", "banner-warn");
            banner.getStyleClass().add(state == LiveState.GONE ? "banner-gone" : "banner-warn");
        });
        banner.getStyleClass().add("banner-warn");
        banner.visibleProperty().bind(viewModel.bannerProperty().isNotNull());
        banner.managedProperty().bind(banner.visibleProperty());
        return banner;
    }

    private Node toolbar(Runnable onBack) {
        TargetInfo t = viewModel.target();
        Label title = new Label(LiveViewModel.targetLabel(t));
        title.getStyleClass().add("page-title");
        Label sub = new Label();
        sub.textProperty().bind(Bindings.createStringBinding(() -> subtitle(viewModel.currentTarget()),
                viewModel.appliedProperty()));
        sub.getStyleClass().add("page-subtitle");
        // Title and subtitle on one line: the height is the evidence's.
        HBox titles = new HBox(12, title, sub);
        titles.setAlignment(Pos.BASELINE_LEFT);

        Label every = new Label("Refresh every");
        every.getStyleClass().add("muted");
        ChoiceBox<java.time.Duration> interval = new ChoiceBox<>();
        interval.setId("refresh-interval");
        interval.getItems().setAll(LiveViewModel.INTERVALS);
        interval.setConverter(new StringConverter<>() {
            @Override
            public String toString(java.time.Duration d) {
                return d == null ? "" : d.toMillis() % 1000 == 0 ? d.toSeconds() + " s" : (d.toMillis() / 1000.0) + " s";
            }

            @Override
            public java.time.Duration fromString(String s) {
                throw new UnsupportedOperationException();
            }
        });
        interval.valueProperty().bindBidirectional(viewModel.intervalProperty());

        ToggleButton pause = new ToggleButton();
        pause.setId("pause");
        pause.selectedProperty().bindBidirectional(viewModel.pausedProperty());
        pause.textProperty().bind(Bindings.when(pause.selectedProperty()).then("Resume").otherwise("Pause"));
        pause.disableProperty().bind(viewModel.stateProperty().isEqualTo(LiveState.GONE));
        pause.setTooltip(new javafx.scene.control.Tooltip("Pause or resume refreshing (Space). F5 or Ctrl+R reads once now."));
        interval.disableProperty().bind(pause.disableProperty());

        // The settings and charts strip above the connections: shown, or folded away to give the
        // evidence its room (the default on a small window). Same as dragging the divider.
        ToggleButton overviewToggle = new ToggleButton("Settings & charts");
        overviewToggle.setId("overview-toggle");
        overviewToggle.setOnAction(e -> setOverviewShown(overviewToggle.isSelected()));
        this.overviewToggle = overviewToggle;

        Button disconnect = new Button("Disconnect");
        disconnect.setId("disconnect");
        disconnect.setOnAction(e -> onBack.run());

        Region grow = new Region();
        HBox.setHgrow(grow, Priority.ALWAYS);
        // The controls keep their size; the title gives way (ellipsis) on a narrow window.
        for (Region r : new Region[]{overviewToggle, every, interval, pause, disconnect}) {
            r.setMinWidth(Region.USE_PREF_SIZE);
        }
        title.setMinWidth(120);
        sub.setMinWidth(0);
        HBox.setHgrow(titles, Priority.SOMETIMES);
        connectionFilter.setMinWidth(120);
        HBox bar = new HBox(10, titles, grow, connectionFilter, overviewToggle, every, interval, pause, disconnect);
        bar.setAlignment(Pos.CENTER_LEFT);
        return bar;
    }

    /** "Java 21.0.2 · probe loaded", plus the address when it says more than the pid. */
    static String subtitle(TargetInfo t) {
        StringBuilder sb = new StringBuilder();
        if (t.jvmVersion() != null) {
            sb.append("Java ").append(t.jvmVersion());
        }
        if (t.address() != null && !t.address().equals("pid " + t.pid())) {
            sb.append(sb.length() > 0 ? " · " : "").append(t.address());
        }
        String probe = switch (t.probe()) {
            case LOADED -> "probe loaded";
            case ABSENT -> "no probe";
            case FAILED -> "probe failed";
        };
        return sb.append(sb.length() > 0 ? " · " : "").append(probe).toString();
    }

    /**
     * What the database server says, one click from the headline, beside the pool tiles (a line of
     * its own would take a connection row on a 1024x700 window): "Ask the server…" (a login form)
     * or "Stop asking", and under it the last answer or why it was not asked, wrapped in the tiles'
     * height, the whole text in its tooltip.
     */
    private Region serverLine() {
        Label status = new Label();
        status.setId("live-server-status");
        status.getStyleClass().add("muted");
        status.textProperty().bind(viewModel.serverStatusProperty());
        status.setMinWidth(0);
        status.setWrapText(true);
        status.setTextOverrun(javafx.scene.control.OverrunStyle.ELLIPSIS);
        status.setMaxHeight(SERVER_TEXT_HEIGHT);
        javafx.scene.control.Tooltip full = new javafx.scene.control.Tooltip();
        full.textProperty().bind(status.textProperty());
        full.setWrapText(true);
        full.setMaxWidth(480);
        status.setTooltip(full);
        javafx.scene.control.Hyperlink ask = new javafx.scene.control.Hyperlink();
        ask.setId("live-ask-server");
        ask.textProperty().bind(Bindings.when(viewModel.askingServerProperty())
                .then("Stop asking the server").otherwise("Ask the server…"));
        ask.setMinWidth(Region.USE_PREF_SIZE);
        ask.setOnAction(e -> {
            if (viewModel.askingServerProperty().get()) {
                viewModel.stopAskingServer();
            } else {
                askServerLogin();
            }
        });
        ask.setPadding(new Insets(0, 2, 0, 2));
        VBox line = new VBox(0, ask, status);
        line.setId("live-server-line");
        line.setAlignment(Pos.TOP_LEFT);
        line.setMinWidth(SERVER_LINE_MIN);
        line.visibleProperty().bind(Bindings.isNotEmpty(viewModel.pools()));
        line.managedProperty().bind(line.visibleProperty());
        return line;
    }

    /** The database login, asked for each time and kept only in memory while the view asks. */
    private void askServerLogin() {
        javafx.scene.control.Dialog<javafx.scene.control.ButtonType> dialog = new javafx.scene.control.Dialog<>();
        dialog.setTitle("Ask the database server");
        dialog.setHeaderText("Ask PostgreSQL what each connection's backend is doing");
        javafx.scene.control.TextField user = new javafx.scene.control.TextField();
        user.setId("server-user");
        user.setPromptText("a database user that may read pg_stat_activity");
        javafx.scene.control.PasswordField password = new javafx.scene.control.PasswordField();
        password.setId("server-password");
        javafx.scene.control.TextField url = new javafx.scene.control.TextField();
        url.setId("server-url");
        String poolUrl = viewModel.defaultServerUrl();
        url.setPromptText(poolUrl == null ? "jdbc:postgresql://host:5432/db" : "default: " + poolUrl);
        Label why = new Label("One read-only query of pg_stat_activity and pg_blocking_pids() every "
                + dev.poolscope.text.Durations.setting(ServerAsking.EVERY.toMillis()) + ", with a 3 s statement timeout."
                + " The login is kept in memory only while this view asks, never written to disk or a log; the target's"
                + " own password is never read. Host, port and database default to the pool's jdbcUrl.");
        why.setWrapText(true);
        why.setPrefWidth(520);
        why.setMinHeight(Region.USE_PREF_SIZE);
        javafx.scene.layout.GridPane form = new javafx.scene.layout.GridPane();
        form.setHgap(10);
        form.setVgap(8);
        form.addRow(0, new Label("User"), user);
        form.addRow(1, new Label("Password"), password);
        form.addRow(2, new Label("URL"), url);
        javafx.scene.layout.GridPane.setHgrow(url, Priority.ALWAYS);
        dialog.getDialogPane().setContent(new VBox(12, why, form));
        javafx.scene.control.ButtonType askType = new javafx.scene.control.ButtonType("Ask the server",
                javafx.scene.control.ButtonBar.ButtonData.OK_DONE);
        dialog.getDialogPane().getButtonTypes().setAll(askType, javafx.scene.control.ButtonType.CANCEL);
        dialog.getDialogPane().lookupButton(askType).disableProperty().bind(user.textProperty().isEmpty());
        if (getScene() != null) {
            dialog.getDialogPane().getStylesheets().addAll(getScene().getStylesheets());
            dialog.initOwner(getScene().getWindow());
        }
        javafx.application.Platform.runLater(user::requestFocus);
        dialog.showAndWait().filter(b -> b == askType).ifPresent(b -> {
            char[] pw = password.getText().toCharArray();
            viewModel.askServer(user.getText(), pw, url.getText());
            java.util.Arrays.fill(pw, '\0');
        });
        password.clear();
    }

    private Node probeNote() {
        Label note = infoLine();
        note.setId("probe-note");
        note.textProperty().bind(viewModel.probeNoteProperty());
        note.visibleProperty().bind(viewModel.probeNoteProperty().isNotNull());
        note.managedProperty().bind(note.visibleProperty());
        return note;
    }

    /**
     * The pools at a glance: one tile per pool, and the selected pool's settings or its charts as
     * two tabs, so that they take one strip of the window instead of two and can be shrunk to
     * nothing with the divider below them.
     */
    private Node overview() {
        // A library's own settings (DBCP2 has 13) can be taller than the strip: they scroll, never clip.
        javafx.scene.control.ScrollPane detailsScroll = new javafx.scene.control.ScrollPane(details);
        detailsScroll.setId("pool-details-scroll");
        detailsScroll.getStyleClass().add("edge-to-edge");
        detailsScroll.setFitToHeight(false);
        Tab settings = new Tab("Settings", detailsScroll);
        settings.setId("overview-settings");
        Tab chartsTab = new Tab("Charts", charts);
        chartsTab.setId("overview-charts");
        TabPane overviewTabs = new TabPane(settings, chartsTab);
        overviewTabs.setId("overview-tabs");
        overviewTabs.getStyleClass().add("overview-tabs");
        overviewTabs.setTabClosingPolicy(TabPane.TabClosingPolicy.UNAVAILABLE);
        overviewTabs.setMinHeight(0);
        overviewTabs.visibleProperty().bind(Bindings.isNotEmpty(viewModel.pools()));
        viewModel.appliedProperty().addListener((obs, old, n) -> showDetails());
        viewModel.selectedPoolProperty().addListener((obs, old, name) -> showDetails());
        return overviewTabs;
    }

    /** The pool tiles: one compact row (more pools wrap and scroll), always above the split. */
    private Node cardsRow() {
        javafx.scene.control.ScrollPane cardScroll = new javafx.scene.control.ScrollPane(cards);
        cardScroll.setId("pool-cards-scroll");
        cardScroll.setFitToWidth(true);
        cardScroll.setHbarPolicy(javafx.scene.control.ScrollPane.ScrollBarPolicy.NEVER);
        cardScroll.getStyleClass().add("edge-to-edge");
        // Room for one row of tiles and part of the next, so that more pools are seen to exist.
        cardScroll.setMaxHeight(100);
        cardScroll.setPrefViewportHeight(72); // one row of tiles: a scroll bar shows only when more pools wrap
        // Tiles that arrive after the scroll pane was first laid out (it had no width then) are
        // laid out again once it has one: without this the row could stay blank.
        cards.getChildren().addListener((ListChangeListener<Node>) c ->
                javafx.application.Platform.runLater(() -> {
                    cards.requestLayout();
                    cardScroll.requestLayout();
                }));
        cardScroll.viewportBoundsProperty().addListener((obs, old, b) -> cards.setPrefWrapLength(b.getWidth()));
        Region server = serverLine();
        // The tiles get their row's width first (they are the pools); the server's words take what is
        // left, at least SERVER_LINE_MIN, so more pools wrap rather than a tile being hidden.
        HBox row = new HBox(16, cardScroll, server) {
            @Override
            protected void layoutChildren() {
                double tiles = cards.getPadding().getLeft() + cards.getPadding().getRight() + CARD_SCROLL_BAR;
                for (Node card : cards.getChildren()) {
                    tiles += card.prefWidth(-1) + cards.getHgap();
                }
                double room = getWidth() - getInsets().getLeft() - getInsets().getRight() - getSpacing() - tiles;
                server.setPrefWidth(Math.max(SERVER_LINE_MIN, Math.min(SERVER_LINE_MAX, room)));
                super.layoutChildren();
            }
        };
        HBox.setHgrow(cardScroll, Priority.ALWAYS);
        row.managedProperty().bind(row.visibleProperty());
        row.visibleProperty().bind(Bindings.isNotEmpty(viewModel.pools()));
        // The scroll pane does not pass its content's new size up: tiles that got their size after
        // the row was laid out (new cards are styled on the next pulse) would leave the row as it was,
        // blank where the tiles go. Lay the row out again whenever the tiles' size changes.
        cards.layoutBoundsProperty().addListener((obs, old, b) -> row.requestLayout());
        cards.getChildren().addListener((ListChangeListener<Node>) c -> javafx.application.Platform.runLater(() -> {
            row.applyCss();
            row.requestLayout();
        }));
        return row;
    }

    /** "Reading pools…" or why there are none, above the split. */
    private Node poolsState() {
        cards.setId("pool-cards");
        cards.setPadding(new Insets(2));
        viewModel.pools().addListener((ListChangeListener<PoolItem>) c -> rebuildCards());
        viewModel.selectedPoolProperty().addListener((obs, old, name) -> markSelectedCard());
        rebuildCards();
        Label waiting = new Label("Reading pools…");
        waiting.getStyleClass().add("muted");
        waiting.visibleProperty().bind(viewModel.stateProperty().isEqualTo(LiveState.WAITING));
        waiting.managedProperty().bind(waiting.visibleProperty());
        Label none = new Label();
        none.setId("no-pools");
        none.textProperty().bind(Bindings.createStringBinding(viewModel::noPoolsText, viewModel.appliedProperty()));
        none.getStyleClass().add("empty-state");
        none.setWrapText(true);
        none.visibleProperty().bind(Bindings.isEmpty(viewModel.pools())
                .and(viewModel.stateProperty().isNotEqualTo(LiveState.WAITING)));
        none.managedProperty().bind(none.visibleProperty());
        VBox state = new VBox(waiting, none);
        state.managedProperty().bind(waiting.visibleProperty().or(none.visibleProperty()));
        return state;
    }

    private void rebuildCards() {
        // Runs only when pools come or go; a refresh updates each card in place, and a pool that
        // stays keeps its card.
        Map<PoolItem, PoolCard> existing = new HashMap<>();
        cards.getChildren().forEach(n -> existing.put(((PoolCard) n).item(), (PoolCard) n));
        cards.getChildren().setAll(viewModel.pools().stream().map(item -> existing.computeIfAbsent(item, i -> {
            PoolCard card = new PoolCard(i);
            card.setOnMouseClicked(e -> viewModel.selectedPoolProperty().set(i.name()));
            return card;
        })).toList());
        markSelectedCard();
    }

    private void markSelectedCard() {
        for (Node n : cards.getChildren()) {
            PoolCard card = (PoolCard) n;
            card.getStyleClass().remove("selected");
            if (card.item().name().equals(viewModel.selectedPoolProperty().get())) {
                card.getStyleClass().add("selected");
            }
        }
    }

    private void showDetails() {
        String name = viewModel.selectedPoolProperty().get();
        details.show(viewModel.pools().stream().filter(p -> p.name().equals(name))
                .map(PoolItem::snapshot).findFirst().orElse(null));
    }

    /** What the probe could not read for the selected pool, e.g. why in-use times are missing. */
    private Node poolNotes() {
        Label notes = infoLine();
        notes.setId("pool-notes");
        notes.textProperty().bind(Bindings.createStringBinding(() -> {
            PoolItem item = viewModel.pools().stream()
                    .filter(p -> p.name().equals(viewModel.selectedPoolProperty().get()))
                    .findFirst().orElse(null);
            if (item == null) {
                return null;
            }
            PoolSnapshot p = item.snapshot();
            return p.unreadable().isEmpty() ? null
                    : (viewModel.pools().size() > 1 ? p.name() + ": " : "") + String.join(" · ", p.unreadable());
        }, viewModel.selectedPoolProperty(), viewModel.appliedProperty()));
        notes.visibleProperty().bind(notes.textProperty().isNotNull());
        notes.managedProperty().bind(notes.visibleProperty());
        return notes;
    }

    private static Label infoLine() {
        Label l = new Label();
        l.getStyleClass().add("info-line");
        l.setWrapText(true);
        l.setMaxWidth(Double.MAX_VALUE);
        return l;
    }

    /** For tests. */
    BorrowCharts charts() {
        return charts;
    }

    /** For tests. */
    ConnectionTable table() {
        return table;
    }
}
