package dev.poolscope.ui.doctor;

import dev.poolscope.doctor.Finding;
import dev.poolscope.doctor.PathIdleTimeout;
import dev.poolscope.doctor.PathPreset;
import dev.poolscope.text.Durations;
import javafx.collections.ListChangeListener;
import javafx.geometry.Insets;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.PasswordField;
import javafx.scene.control.ProgressBar;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.TextField;
import javafx.scene.input.Clipboard;
import javafx.scene.input.ClipboardContent;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The Doctor tab of the live view: a path selector, the path idle-timeout finder, and each pool's
 * findings, most severe first, each with its settings ready to paste.
 */
public final class DoctorView extends VBox {

    static final String NO_PATH = "not given";
    static final String CUSTOM = "custom…";

    private final DoctorViewModel vm;
    private final VBox list = new VBox(8);
    private final ComboBox<String> pathChoice = new ComboBox<>();
    private final TextField customPath = new TextField();
    private final Label pathError = new Label();

    public DoctorView(DoctorViewModel vm) {
        super(8);
        this.vm = vm;
        setId("doctor-panel");
        setPadding(new Insets(8));
        getChildren().addAll(pathRow(), finderRow(), findingsPane());
        vm.findings().addListener((ListChangeListener<Finding>) c -> render());
        render();
    }

    private HBox pathRow() {
        List<String> items = new ArrayList<>(List.of(NO_PATH));
        for (PathPreset p : PathPreset.values()) {
            items.add(p.cliName + " (" + Durations.setting(p.idleTimeoutMillis) + ")");
        }
        items.add(CUSTOM);
        pathChoice.getItems().setAll(items);
        pathChoice.getSelectionModel().select(NO_PATH);
        pathChoice.setId("doctor-path");
        customPath.setId("doctor-custom-path");
        customPath.setPromptText("e.g. 350s, 4m");
        customPath.setPrefColumnCount(7);
        customPath.disableProperty().bind(pathChoice.valueProperty().isNotEqualTo(CUSTOM));
        pathChoice.setOnAction(e -> applyPath());
        customPath.setOnAction(e -> applyPath());
        pathError.getStyleClass().add("doctor-error");
        Label measured = new Label();
        measured.setId("doctor-path-source");
        vm.pathProperty().addListener((o, old, p) -> measured.setText(p == null ? "" : "Path: " + Durations.setting(p.millis())
                + " (" + p.source() + ")"));
        HBox row = new HBox(6, new Label("Network path idle timeout:"), pathChoice, customPath, pathError, measured);
        row.setAlignment(javafx.geometry.Pos.CENTER_LEFT);
        return row;
    }

    private void applyPath() {
        String choice = pathChoice.getValue();
        pathError.setText("");
        if (choice == null || NO_PATH.equals(choice)) {
            vm.selectPath(null);
        } else if (CUSTOM.equals(choice)) {
            if (customPath.getText().isBlank()) {
                return;
            }
            try {
                vm.selectPath(PathIdleTimeout.fromDuration(customPath.getText()));
            } catch (IllegalArgumentException ex) {
                pathError.setText(ex.getMessage());
            }
        } else {
            vm.selectPath(PathIdleTimeout.fromPreset(choice.substring(0, choice.indexOf(' '))));
        }
    }

    private VBox finderRow() {
        TextField url = new TextField();
        url.setId("doctor-finder-url");
        url.setPromptText("jdbc:postgresql://host:5432/db");
        url.setPrefColumnCount(28);
        vm.suggestedUrlProperty().addListener((o, old, u) -> {
            if (url.getText().isEmpty()) {
                url.setText(u);
            }
        });
        url.setText(vm.suggestedUrlProperty().get());
        TextField user = new TextField();
        user.setId("doctor-finder-user");
        user.setPromptText("user");
        user.setPrefColumnCount(8);
        PasswordField password = new PasswordField();
        password.setId("doctor-finder-password");
        password.setPromptText("password");
        password.setPrefColumnCount(8);
        TextField max = new TextField("10m");
        max.setId("doctor-finder-max");
        max.setPrefColumnCount(5);
        Button find = new Button("Find the path's idle timeout…");
        find.setId("doctor-find");
        Button cancel = new Button("Cancel");
        cancel.setId("doctor-find-cancel");
        ProgressBar bar = new ProgressBar(0);
        bar.setId("doctor-find-progress");
        bar.setPrefWidth(160);
        Label status = new Label();
        status.setId("doctor-find-status");
        status.setWrapText(true);
        status.textProperty().bind(vm.finderStatusProperty());
        bar.progressProperty().bind(vm.progressProperty());
        bar.visibleProperty().bind(vm.findingProperty());
        cancel.visibleProperty().bind(vm.findingProperty());
        find.disableProperty().bind(vm.findingProperty());
        find.setOnAction(e -> {
            try {
                long maxMillis = PathIdleTimeout.parseMillis(max.getText());
                vm.findPathTimeout(url.getText().strip(), user.getText().isBlank() ? null : user.getText().strip(),
                        password.getText().isEmpty() ? null : password.getText().toCharArray(), maxMillis);
            } catch (IllegalArgumentException ex) {
                pathError.setText("max: " + ex.getMessage());
            }
        });
        cancel.setOnAction(e -> vm.cancelFind());
        HBox inputs = new HBox(6, url, user, password, new Label("max"), max, find, bar, cancel);
        inputs.setAlignment(javafx.geometry.Pos.CENTER_LEFT);
        Label hint = new Label("Leaves connections idle with TCP keepalive off for up to max and checks which ones the path forgot; "
                + "takes about max.");
        hint.getStyleClass().add("doctor-hint");
        return new VBox(4, inputs, hint, status);
    }

    private ScrollPane findingsPane() {
        list.setId("doctor-findings");
        ScrollPane scroll = new ScrollPane(list);
        scroll.setFitToWidth(true);
        VBox.setVgrow(scroll, Priority.ALWAYS);
        return scroll;
    }

    private void render() {
        list.getChildren().clear();
        if (vm.findings().isEmpty()) {
            Label none = new Label("No findings: the settings read fit the path given (or no pool has been read yet).");
            none.setId("doctor-no-findings");
            list.getChildren().add(none);
            return;
        }
        String pool = null;
        for (Finding f : vm.findings()) {
            if (!f.pool().equals(pool)) {
                pool = f.pool();
                Label header = new Label("Pool " + pool);
                header.getStyleClass().add("doctor-pool");
                list.getChildren().add(header);
            }
            list.getChildren().add(card(f));
        }
    }

    private VBox card(Finding f) {
        Label severity = new Label(f.severity().json().toUpperCase(Locale.ROOT));
        severity.getStyleClass().addAll("doctor-severity", "doctor-" + f.severity().json());
        Label why = new Label(f.why());
        why.setWrapText(true);
        why.getStyleClass().add("doctor-why");
        HBox top = new HBox(8, severity, why);
        Label evidence = new Label("Evidence: " + f.evidence());
        evidence.setWrapText(true);
        evidence.getStyleClass().add("doctor-evidence");
        VBox card = new VBox(4, top, evidence);
        card.getStyleClass().add("doctor-finding");
        if (f.recommendedMillis() != null || f.recommended() != null) {
            // The pool's own library's form (HikariCP keepaliveTime, DBCP2 testWhileIdle, c3p0 seconds).
            Button library = new Button("Copy as " + f.library() + " property");
            library.getStyleClass().add("doctor-copy-hikari");
            library.setOnAction(e -> copy(f.asLibraryProperty()));
            Label property = new Label(f.asLibraryProperty());
            property.getStyleClass().add("doctor-property");
            HBox actions = new HBox(6, property, library);
            String springProperty = f.asSpringBootProperty();
            if (springProperty != null) {
                Button spring = new Button("Copy as Spring Boot property");
                spring.getStyleClass().add("doctor-copy-spring");
                spring.setOnAction(e -> copy(springProperty));
                actions.getChildren().add(spring);
            }
            actions.setAlignment(javafx.geometry.Pos.CENTER_LEFT);
            card.getChildren().add(actions);
        }
        return card;
    }

    private static void copy(String text) {
        ClipboardContent content = new ClipboardContent();
        content.putString(text);
        Clipboard.getSystemClipboard().setContent(content);
    }
}
