package dev.poolscope.ui.start;

import dev.poolscope.attach.ConnectFailure;
import dev.poolscope.attach.LocalJvm;
import javafx.beans.binding.Bindings;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.ButtonBar;
import javafx.scene.control.ButtonType;
import javafx.scene.control.CheckBox;
import javafx.scene.control.Dialog;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.control.PasswordField;
import javafx.scene.control.ProgressIndicator;
import javafx.scene.control.TableCell;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableRow;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;
import javafx.scene.control.Tooltip;
import javafx.scene.input.KeyCode;
import javafx.scene.input.MouseButton;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.ColumnConstraints;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import org.controlsfx.control.textfield.CustomTextField;
import org.controlsfx.control.textfield.TextFields;

import java.util.List;
import java.util.Optional;

/**
 * The start page: pick a local JVM, connect to a remote one, or start the demo. Binds to
 * {@link StartViewModel}; holds no state of its own except what JavaFX controls hold.
 */
public final class StartView extends BorderPane {

    static final ButtonType WITH_PROBE = new ButtonType("Load probe and attach", ButtonBar.ButtonData.OK_DONE);
    static final ButtonType WITH_PROBE_REMOTE = new ButtonType("Load probe and connect", ButtonBar.ButtonData.OK_DONE);
    static final ButtonType WITHOUT_PROBE = new ButtonType("Connect without probe", ButtonBar.ButtonData.OTHER);

    private final StartViewModel viewModel;
    private final TableView<LocalJvm> table = new TableView<>();

    public StartView(StartViewModel viewModel) {
        this.viewModel = viewModel;
        getStyleClass().add("start-view");
        setId("start-view");

        Label title = new Label("Connect to a Java service");
        title.getStyleClass().add("page-title");
        Label subtitle = new Label("Pick a running JVM to see its connection pools, connection by connection.");
        subtitle.getStyleClass().add("page-subtitle");
        VBox header = new VBox(2, title, subtitle);
        header.setPadding(new Insets(0, 0, 16, 0));
        setTop(header);

        Node local = localCard();
        VBox side = new VBox(16, demoCard(), remoteCard());
        side.setPadding(new Insets(0, 2, 2, 0)); // room for the cards' shadow inside the scroll pane
        // The side column scrolls on short windows (1024x700) rather than pushing the JVM list's buttons off screen.
        javafx.scene.control.ScrollPane sideScroll = new javafx.scene.control.ScrollPane(side);
        sideScroll.setId("start-side");
        sideScroll.setFitToWidth(true);
        sideScroll.setHbarPolicy(javafx.scene.control.ScrollPane.ScrollBarPolicy.NEVER);
        sideScroll.getStyleClass().add("start-side");
        sideScroll.setPrefWidth(384);
        sideScroll.setMinWidth(344);
        HBox.setHgrow(local, Priority.ALWAYS);
        HBox body = new HBox(16, local, sideScroll);
        setCenter(body);
        setPadding(new Insets(20, 24, 20, 24));
    }

    // ---- local JVMs -------------------------------------------------------------------------

    private Node localCard() {
        Label heading = cardTitle("Java processes on this machine");

        CustomTextField filter = (CustomTextField) TextFields.createClearableTextField();
        filter.setId("jvm-filter");
        filter.setPromptText("Filter by pid, name or Java version");
        filter.textProperty().bindBidirectional(viewModel.filterProperty());
        filter.setPrefWidth(280);

        Button refresh = new Button("Refresh");
        refresh.setId("refresh-jvms");
        refresh.setOnAction(e -> viewModel.refresh());
        ProgressIndicator listing = smallSpinner();
        listing.visibleProperty().bind(viewModel.listingProperty());

        Region grow = new Region();
        HBox.setHgrow(grow, Priority.ALWAYS);
        HBox toolbar = new HBox(8, heading, grow, listing, filter, refresh);
        toolbar.setAlignment(Pos.CENTER_LEFT);

        table.setId("jvm-table");
        table.setItems(viewModel.jvms());
        table.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_ALL_COLUMNS);
        TableColumn<LocalJvm, Number> pid = new TableColumn<>("PID");
        pid.setCellValueFactory(c -> new ReadOnlyObjectWrapper<>(c.getValue().pid()));
        pid.setPrefWidth(70);
        pid.setMaxWidth(90);
        pid.getStyleClass().add("numeric");
        TableColumn<LocalJvm, String> name = new TableColumn<>("Name");
        name.setCellValueFactory(c -> new ReadOnlyObjectWrapper<>(displayName(c.getValue())));
        name.setPrefWidth(420);
        name.setCellFactory(c -> new TableCell<>() {
            @Override
            protected void updateItem(String text, boolean empty) {
                super.updateItem(text, empty);
                setText(empty ? null : text);
                setTooltip(empty || text == null ? null : new Tooltip(text));
            }
        });
        TableColumn<LocalJvm, String> version = new TableColumn<>("Java");
        version.setCellValueFactory(c -> new ReadOnlyObjectWrapper<>(
                c.getValue().jvmVersion() == null ? "unknown" : c.getValue().jvmVersion()));
        version.setPrefWidth(80);
        version.setMaxWidth(110);
        TableColumn<LocalJvm, LocalJvm> status = new TableColumn<>("Attach");
        status.setCellValueFactory(c -> new ReadOnlyObjectWrapper<>(c.getValue()));
        status.setCellFactory(c -> new AttachStatusCell());
        status.setPrefWidth(170);
        status.setMaxWidth(320);
        table.getColumns().setAll(java.util.List.of(pid, name, version, status));
        table.setPlaceholder(placeholder());
        table.setRowFactory(t -> {
            TableRow<LocalJvm> row = new TableRow<>();
            row.setOnMouseClicked(e -> {
                if (e.getButton() == MouseButton.PRIMARY && e.getClickCount() == 2 && !row.isEmpty()) {
                    confirmAndAttach(row.getItem());
                }
            });
            return row;
        });
        table.setOnKeyPressed(e -> {
            if (e.getCode() == KeyCode.ENTER && table.getSelectionModel().getSelectedItem() != null) {
                confirmAndAttach(table.getSelectionModel().getSelectedItem());
            }
        });
        VBox.setVgrow(table, Priority.ALWAYS);

        Button attach = new Button("Attach…");
        attach.setId("attach-button");
        attach.getStyleClass().add("accent");
        attach.setDefaultButton(false);
        attach.disableProperty().bind(Bindings.createBooleanBinding(() -> {
            LocalJvm jvm = table.getSelectionModel().getSelectedItem();
            return jvm == null || !jvm.attachable();
        }, table.getSelectionModel().selectedItemProperty()).or(viewModel.busyBinding()));
        attach.setOnAction(e -> confirmAndAttach(table.getSelectionModel().getSelectedItem()));
        ProgressIndicator attaching = smallSpinner();
        attaching.visibleProperty().bind(viewModel.connectingProperty().isEqualTo("attach"));
        attaching.managedProperty().bind(attaching.visibleProperty());
        Label attachError = errorLabel(viewModel.attachErrorProperty());
        attachError.setId("attach-error");
        HBox.setHgrow(attachError, Priority.ALWAYS);
        Label hint = new Label("or double-click a row. PoolScope asks before it loads anything.");
        hint.getStyleClass().add("muted");
        hint.visibleProperty().bind(viewModel.attachErrorProperty().isNull());
        hint.managedProperty().bind(hint.visibleProperty());
        HBox actions = new HBox(10, attach, attaching, hint, attachError);
        actions.setAlignment(Pos.CENTER_LEFT);

        VBox card = new VBox(12, toolbar, table, actions);
        card.getStyleClass().add("card");
        return card;
    }

    private Node placeholder() {
        Label text = new Label();
        text.getStyleClass().add("placeholder-text");
        text.setWrapText(true);
        text.textProperty().bind(Bindings.createStringBinding(() -> {
            if (viewModel.listMessageProperty().get() != null) {
                return viewModel.listMessageProperty().get();
            }
            if (viewModel.listingProperty().get()) {
                return "Looking for Java processes…";
            }
            return viewModel.filterProperty().get() == null || viewModel.filterProperty().get().isBlank()
                    ? "No Java processes listed yet. Press Refresh."
                    : "No Java process matches \"" + viewModel.filterProperty().get().trim() + "\".";
        }, viewModel.listMessageProperty(), viewModel.listingProperty(), viewModel.filterProperty()));
        text.setMaxWidth(420);
        return text;
    }

    private static String displayName(LocalJvm jvm) {
        String name = jvm.displayName() == null || jvm.displayName().isBlank() ? "(no main class reported)" : jvm.displayName();
        return jvm.namespacePid() == null ? name : name + "  · in a container (pid " + jvm.namespacePid() + " there)";
    }

    /** "Attachable" in green, or the reason in muted text. */
    private static final class AttachStatusCell extends TableCell<LocalJvm, LocalJvm> {
        @Override
        protected void updateItem(LocalJvm jvm, boolean empty) {
            super.updateItem(jvm, empty);
            getStyleClass().removeAll("attach-ok", "attach-no");
            if (empty || jvm == null) {
                setText(null);
                setTooltip(null);
                return;
            }
            if (jvm.attachable()) {
                setText("● Attachable");
                getStyleClass().add("attach-ok");
                setTooltip(null);
            } else {
                String reason = jvm.notAttachableReason() == null ? "not attachable" : jvm.notAttachableReason();
                setText("○ " + reason);
                getStyleClass().add("attach-no");
                setTooltip(new Tooltip(reason));
            }
        }
    }

    /** Says what attaching does before doing it (the probe is a guest in someone's JVM). */
    void confirmAndAttach(LocalJvm jvm) {
        if (jvm == null || viewModel.busyBinding().get()) {
            return;
        }
        if (!jvm.attachable()) {
            viewModel.attach(jvm, true); // sets the inline "cannot attach" message
            return;
        }
        Optional<ButtonType> choice = askAboutProbe("Attach to pid " + jvm.pid(),
                "Load the PoolScope probe into pid " + jvm.pid() + "?",
                StartViewModel.attachConfirmation(jvm)
                        + "\n\nWithout the probe, PoolScope shows threads and HikariCP's own counters "
                        + "(if the pool registers MBeans), but no per-connection view.",
                WITH_PROBE);
        choice.ifPresent(b -> {
            if (b == WITH_PROBE) {
                viewModel.attach(jvm, true);
            } else if (b == WITHOUT_PROBE) {
                viewModel.attach(jvm, false);
            }
        });
    }

    /**
     * The one consent dialog before the probe goes into someone's JVM, local or remote: what the
     * target will see, then {@code withProbe}, "Connect without probe" or Cancel (empty).
     */
    private Optional<ButtonType> askAboutProbe(String title, String header, String text, ButtonType withProbe) {
        Dialog<ButtonType> dialog = new Dialog<>();
        dialog.setTitle(title);
        dialog.setHeaderText(header);
        Label body = new Label(text);
        body.setWrapText(true);
        body.setPrefWidth(560);
        body.setMinHeight(Region.USE_PREF_SIZE);
        body.setId("attach-confirmation-text");
        dialog.getDialogPane().setContent(body);
        dialog.getDialogPane().setPrefWidth(620);
        dialog.getDialogPane().setMinHeight(Region.USE_PREF_SIZE);
        dialog.getDialogPane().getButtonTypes().setAll(withProbe, WITHOUT_PROBE, ButtonType.CANCEL);
        for (ButtonType type : dialog.getDialogPane().getButtonTypes()) {
            Node button = dialog.getDialogPane().lookupButton(type);
            if (button instanceof Button b) {
                b.setMinWidth(Region.USE_PREF_SIZE); // never "Load probe and at…"
            }
        }
        dialog.getDialogPane().getStylesheets().addAll(getScene() == null ? java.util.List.of()
                : getScene().getStylesheets());
        if (getScene() != null) {
            dialog.initOwner(getScene().getWindow());
        }
        return dialog.showAndWait();
    }

    /** Connects to the remote form's target; with a probe path, only after the user agreed to load it. */
    void confirmAndConnectRemote(char[] password, boolean loadProbe) {
        if (viewModel.busyBinding().get()) {
            return;
        }
        String jar = viewModel.remoteProbeJarProperty().get() == null ? "" : viewModel.remoteProbeJarProperty().get().trim();
        if (!loadProbe || jar.isEmpty()) {
            viewModel.connectRemote(password, loadProbe); // without a path the model says what is missing
            return;
        }
        String where = viewModel.remoteAddressProperty().get().trim();
        Optional<ButtonType> choice = askAboutProbe("Connect to " + where, "Load the PoolScope probe into " + where + "?",
                dev.poolscope.attach.AttachNotice.text(where, null, null)
                        + "\n\nIt is loaded from " + jar + " on the target's host, through the JVM's DiagnosticCommand"
                        + " MBean (jvmtiAgentLoad); that needs a JMX user with the readwrite role."
                        + "\n\nWithout the probe, PoolScope shows threads and HikariCP's own counters "
                        + "(if the pool registers MBeans), but no per-connection view.",
                WITH_PROBE_REMOTE);
        choice.ifPresent(b -> {
            if (b == WITH_PROBE_REMOTE) {
                viewModel.connectRemote(password, true);
            } else if (b == WITHOUT_PROBE) {
                viewModel.connectRemote(password, false);
            }
        });
    }

    // ---- demo -------------------------------------------------------------------------------

    private Node demoCard() {
        Label heading = cardTitle("No service at hand?");
        Label text = new Label("Start a demo service with a real HikariCP pool against an embedded "
                + "PostgreSQL, under a realistic workload, and attach to it.");
        text.setWrapText(true);
        text.getStyleClass().add("muted");
        Button start = new Button("Start the demo");
        start.setId("start-demo");
        start.getStyleClass().addAll("accent", "big");
        start.setMaxWidth(Double.MAX_VALUE);
        start.disableProperty().bind(viewModel.busyBinding());
        start.textProperty().bind(Bindings.when(viewModel.demoRunningProperty())
                .then("Attach to the demo").otherwise("Start the demo"));
        start.setOnAction(e -> viewModel.startDemo());

        ProgressIndicator progress = smallSpinner();
        Label status = new Label();
        status.textProperty().bind(viewModel.demoStatusProperty());
        status.setWrapText(true);
        status.getStyleClass().add("muted");
        HBox progressRow = new HBox(8, progress, status);
        progressRow.setAlignment(Pos.CENTER_LEFT);
        progressRow.visibleProperty().bind(viewModel.connectingProperty().isEqualTo("demo"));
        progressRow.managedProperty().bind(progressRow.visibleProperty());

        Label error = errorLabel(viewModel.demoErrorProperty());
        error.setId("demo-error");
        VBox card = new VBox(10, heading, text, start, progressRow, error);
        card.getStyleClass().addAll("card", "demo-card");
        return card;
    }

    // ---- remote -----------------------------------------------------------------------------

    private Node remoteCard() {
        Label heading = cardTitle("Remote JMX");
        TextField address = new TextField();
        address.setId("remote-address");
        address.setPromptText("host:port or JMX service URL");
        address.setTooltip(new Tooltip("For example app-7.internal:9010, or\n"
                + "service:jmx:rmi:///jndi/rmi://app-7.internal:9010/jmxrmi"));
        address.textProperty().bindBidirectional(viewModel.remoteAddressProperty());
        TextField user = new TextField();
        user.setId("remote-user");
        user.setPromptText("optional");
        user.textProperty().bindBidirectional(viewModel.remoteUserProperty());
        PasswordField password = new PasswordField();
        password.setId("remote-password");
        password.setPromptText("optional");
        CheckBox ssl = new CheckBox("Use SSL/TLS");
        ssl.setId("remote-ssl");
        ssl.selectedProperty().bindBidirectional(viewModel.remoteSslProperty());
        TextField probeJar = new TextField();
        probeJar.setId("remote-probe-jar");
        probeJar.setPromptText("optional: path of poolscope-probe.jar on the target's host");
        // Connecting with a path asks first (the same notice as a local attach, JEP 451); the tooltip says it too.
        probeJar.setTooltip(new Tooltip(dev.poolscope.attach.AttachNotice.text("the remote JVM", null, null)
                + "\n\nThe file must already be on the target's host (docs/remote.md); needs a 'readwrite' JMX user."));
        probeJar.textProperty().bindBidirectional(viewModel.remoteProbeJarProperty());

        GridPane form = new GridPane();
        form.setHgap(10);
        form.setVgap(8);
        ColumnConstraints labels = new ColumnConstraints();
        labels.setMinWidth(Region.USE_PREF_SIZE);
        ColumnConstraints fields = new ColumnConstraints();
        fields.setHgrow(Priority.ALWAYS);
        form.getColumnConstraints().setAll(labels, fields);
        form.addRow(0, formLabel("Address"), address);
        form.addRow(1, formLabel("Username"), user);
        form.addRow(2, formLabel("Password"), password);
        form.add(ssl, 1, 3);
        form.addRow(4, formLabel("Load probe"), probeJar);

        // Mark the field the failure is about, so the user knows what to fix.
        viewModel.remoteErrorReasonProperty().addListener((obs, old, reason) -> {
            address.getStyleClass().remove("field-error");
            user.getStyleClass().remove("field-error");
            password.getStyleClass().remove("field-error");
            if (reason == ConnectFailure.Reason.AUTH_FAILED) {
                user.getStyleClass().add("field-error");
                password.getStyleClass().add("field-error");
            } else if (reason != null && reason != ConnectFailure.Reason.SSL_MISMATCH) {
                address.getStyleClass().add("field-error");
            }
        });

        Button connect = new Button("Connect");
        connect.setId("remote-connect");
        connect.disableProperty().bind(viewModel.busyBinding());
        connect.setOnAction(e -> confirmAndConnectRemote(password.getText().toCharArray(),
                !probeJar.getText().isBlank()));
        address.setOnAction(e -> connect.fire());
        password.setOnAction(e -> connect.fire());
        ProgressIndicator connecting = smallSpinner();
        connecting.visibleProperty().bind(viewModel.connectingProperty().isEqualTo("remote"));
        HBox actions = new HBox(10, connect, connecting);
        actions.setAlignment(Pos.CENTER_LEFT);

        Label error = errorLabel(viewModel.remoteErrorProperty());
        error.setId("remote-error");
        VBox card = new VBox(10, heading, savedTargets(password), form, actions, error);
        card.getStyleClass().add("card");
        return card;
    }

    /** The remote targets connected to before (no passwords): pick one to fill the form, or connect from here. */
    private Node savedTargets(PasswordField password) {
        ListView<dev.poolscope.appdata.SavedConnection> list = new ListView<>(viewModel.saved());
        list.setId("remote-saved");
        // As tall as its rows (at most 4), so two saved targets do not take the room of four.
        list.prefHeightProperty().bind(Bindings.createDoubleBinding(
                () -> Math.min(4, Math.max(1, viewModel.saved().size())) * 24.0 + 4, viewModel.saved()));
        list.setMinHeight(Region.USE_PREF_SIZE);
        list.setCellFactory(v -> new ListCell<>() {
            @Override
            protected void updateItem(dev.poolscope.appdata.SavedConnection c, boolean empty) {
                super.updateItem(c, empty);
                setText(empty || c == null ? null : savedLabel(c));
                setTooltip(empty || c == null ? null : new Tooltip(savedLabel(c)));
                setPrefWidth(0); // fit the list's width with an ellipsis, no horizontal scroll bar
            }
        });
        list.getSelectionModel().selectedItemProperty().addListener((obs, old, c) -> viewModel.choose(c));
        Label message = new Label();
        message.setId("remote-saved-message");
        message.getStyleClass().add("muted");
        message.setWrapText(true);
        message.textProperty().bind(viewModel.savedMessageProperty());
        message.visibleProperty().bind(viewModel.savedMessageProperty().isNotNull());
        message.managedProperty().bind(message.visibleProperty());
        list.visibleProperty().bind(Bindings.isNotEmpty(viewModel.saved()));
        list.managedProperty().bind(list.visibleProperty());

        var selected = list.getSelectionModel().selectedItemProperty();
        Button connect = new Button("Connect");
        connect.setId("saved-connect");
        connect.disableProperty().bind(selected.isNull().or(viewModel.busyBinding()));
        connect.setOnAction(e -> confirmAndConnectRemote(password.getText().toCharArray(), false));
        Button withProbe = new Button("Connect + probe…");
        withProbe.setId("saved-connect-probe");
        withProbe.disableProperty().bind(selected.isNull().or(viewModel.busyBinding()));
        withProbe.setTooltip(new Tooltip("Loads poolscope-probe.jar from the path in 'Load probe' (on the target's host);"
                + " asks first."));
        withProbe.setOnAction(e -> confirmAndConnectRemote(password.getText().toCharArray(), true));
        Button forget = new Button("Forget");
        forget.setId("saved-forget");
        forget.disableProperty().bind(selected.isNull());
        forget.setOnAction(e -> viewModel.forget(selected.get()));
        for (Button b : List.of(connect, withProbe, forget)) {
            b.setMinWidth(Region.USE_PREF_SIZE); // wrap to a second row rather than "Co…"
        }
        javafx.scene.layout.FlowPane buttons = new javafx.scene.layout.FlowPane(8, 6, connect, withProbe, forget);
        buttons.setAlignment(Pos.CENTER_LEFT);
        buttons.visibleProperty().bind(list.visibleProperty());
        buttons.managedProperty().bind(buttons.visibleProperty());
        Label title = formLabel("Saved targets");
        return new VBox(6, title, message, list, buttons);
    }

    /** "app-7:9010 · oncall · SSL · probe /opt/poolscope/poolscope-probe.jar" */
    static String savedLabel(dev.poolscope.appdata.SavedConnection c) {
        StringBuilder sb = new StringBuilder(c.name());
        if (c.username() != null) {
            sb.append(" · ").append(c.username());
        }
        if (c.ssl()) {
            sb.append(" · SSL");
        }
        sb.append(c.probeJar() == null ? " · no probe path saved" : " · probe " + c.probeJar());
        return sb.toString();
    }

    // ---- helpers ----------------------------------------------------------------------------

    private static Label cardTitle(String text) {
        Label l = new Label(text);
        l.getStyleClass().add("card-title");
        return l;
    }

    private static Label formLabel(String text) {
        Label l = new Label(text);
        l.getStyleClass().add("form-label");
        return l;
    }

    private static Label errorLabel(ReadOnlyStringProperty message) {
        Label l = new Label();
        l.getStyleClass().add("inline-error");
        l.setWrapText(true);
        l.textProperty().bind(message);
        l.visibleProperty().bind(message.isNotNull());
        l.managedProperty().bind(l.visibleProperty());
        return l;
    }

    private static ProgressIndicator smallSpinner() {
        ProgressIndicator p = new ProgressIndicator();
        p.getStyleClass().add("small-spinner");
        p.setPrefSize(18, 18);
        p.setMaxSize(18, 18);
        return p;
    }

    /** For tests: the table of local JVMs. */
    TableView<LocalJvm> table() {
        return table;
    }
}
