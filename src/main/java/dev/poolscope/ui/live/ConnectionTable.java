package dev.poolscope.ui.live;

import dev.poolscope.live.ConnectionRow;
import dev.poolscope.live.ConnectionState;
import dev.poolscope.live.diagnosis.Diagnosis;
import dev.poolscope.text.Durations;
import javafx.beans.binding.Bindings;
import javafx.beans.value.ObservableValue;
import javafx.collections.ObservableList;
import javafx.collections.transformation.SortedList;
import javafx.geometry.Pos;
import javafx.scene.control.Hyperlink;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressBar;
import javafx.scene.control.TableCell;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.util.Duration;

import java.util.Comparator;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * The per-connection table. Rows are {@link ConnectionItem}s that the view-model updates in
 * place; a {@link SortedList} bound to the table's comparator re-sorts on each update, so the
 * user's sort order (idle age, longest first, by default) holds across refreshes.
 */
final class ConnectionTable extends TableView<ConnectionItem> {

    final TableColumn<ConnectionItem, Long> idleColumn;
    private Consumer<ConnectionItem> onShowThread;

    ConnectionTable(ObservableList<ConnectionItem> items) {
        setId("connection-table");
        getStyleClass().add("connection-table");
        SortedList<ConnectionItem> sorted = new SortedList<>(items);
        sorted.comparatorProperty().bind(comparatorProperty());
        setItems(sorted);
        setColumnResizePolicy(CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        // One fixed row height: five rows fit in the space a 700 px window leaves the table.
        setFixedCellSize(28);

        TableColumn<ConnectionItem, String> id = new TableColumn<>("Connection");
        id.setCellValueFactory(c -> valueOf(c.getValue(), ConnectionRow::id));
        id.setPrefWidth(150);

        TableColumn<ConnectionItem, ConnectionState> state = new TableColumn<>("State");
        state.setCellValueFactory(c -> valueOf(c.getValue(), ConnectionRow::state));
        state.setCellFactory(c -> new StateCell());
        state.setPrefWidth(100);
        state.setMinWidth(86); // the badge says "in_use" in full, never "…"

        idleColumn = new TableColumn<>("Idle  (vs idleTimeout)");
        idleColumn.setId("idle-column");
        idleColumn.setCellValueFactory(c -> valueOf(c.getValue(), ConnectionRow::idleMillis));
        idleColumn.setCellFactory(c -> new GaugeCell(
                item -> Gauges.idleText(item.row().idleMillis(), item.config()),
                item -> Gauges.idleFraction(item.row().idleMillis(), item.config())));
        idleColumn.setComparator(Comparator.nullsFirst(Comparator.naturalOrder()));
        idleColumn.setPrefWidth(190);
        header(idleColumn, "How long the connection has been idle, against the pool's idleTimeout. "
                + PoolCard.IDLE_TIMEOUT_HELP);

        TableColumn<ConnectionItem, Long> inUse = new TableColumn<>("In use");
        // Exact when the probe saw the borrow, else the lower bound it saw (shown with "≥", sorted with it).
        inUse.setCellValueFactory(c -> valueOf(c.getValue(),
                r -> r.inUseMillis() != null ? r.inUseMillis() : r.inUseAtLeastMillis()));
        inUse.setCellFactory(c -> new InUseCell());
        inUse.setComparator(Comparator.nullsFirst(Comparator.naturalOrder()));
        inUse.setPrefWidth(90);
        header(inUse, "Time since the connection was borrowed (getConnection). Needs the probe's borrow hook.");

        TableColumn<ConnectionItem, String> borrower = new TableColumn<>("Borrower thread");
        borrower.setCellValueFactory(c -> valueOf(c.getValue(), ConnectionRow::borrowerThread));
        borrower.setCellFactory(c -> new BorrowerCell());
        borrower.setPrefWidth(200);

        TableColumn<ConnectionItem, Long> age = new TableColumn<>("Age  (vs maxLifetime)");
        age.setCellValueFactory(c -> valueOf(c.getValue(), ConnectionRow::ageMillis));
        age.setCellFactory(c -> new GaugeCell(
                item -> Gauges.ageText(item.row().ageMillis(), item.row().ageExact(), item.config()),
                item -> Gauges.ageFraction(item.row().ageMillis(), item.config())));
        age.setComparator(Comparator.nullsFirst(Comparator.naturalOrder()));
        age.setPrefWidth(190);
        header(age, "Time since the physical connection was opened, against maxLifetime. "
                + "\"~\" marks an estimate (the connection is older than the probe). " + PoolCard.MAX_LIFETIME_HELP);

        TableColumn<ConnectionItem, Diagnosis> diagnosis = new TableColumn<>("Diagnosis");
        diagnosis.setId("diagnosis-column");
        diagnosis.setCellValueFactory(c -> c.getValue().diagnosisProperty());
        diagnosis.setCellFactory(c -> new DiagnosisCell());
        diagnosis.setComparator(Comparator.nullsFirst(Comparator.comparing(Diagnosis::kind)));
        diagnosis.setPrefWidth(130);
        diagnosis.setMinWidth(110);
        header(diagnosis, "What the evidence says about this connection: the kernel's view of its socket"
                + " (and the server's, when asked). Select the row to see the evidence.");

        getColumns().setAll(List.of(id, state, diagnosis, idleColumn, inUse, borrower, age));
        idleColumn.setSortType(TableColumn.SortType.DESCENDING);
        getSortOrder().setAll(List.of(idleColumn));
        setPlaceholder(new Label("No connections in this pool right now."));
    }

    /** "Show thread" on a borrower: selects the holder in the threads panel. Null: no threads panel. */
    void setOnShowThread(Consumer<ConnectionItem> onShowThread) {
        this.onShowThread = onShowThread;
        refresh();
    }

    /**
     * The borrower's name; a link to its thread when the probe knows the thread's id and there is
     * a threads panel to show it in.
     */
    private final class BorrowerCell extends TableCell<ConnectionItem, String> {
        private final Hyperlink link = new Hyperlink();

        BorrowerCell() {
            link.getStyleClass().add("borrower-link");
            link.setOnAction(e -> {
                ConnectionItem item = getTableRow() == null ? null : getTableRow().getItem();
                if (item != null && onShowThread != null) {
                    onShowThread.accept(item);
                }
                link.setVisited(false);
            });
        }

        @Override
        protected void updateItem(String name, boolean empty) {
            super.updateItem(name, empty);
            ConnectionItem item = empty || getTableRow() == null ? null : getTableRow().getItem();
            boolean linked = item != null && name != null && onShowThread != null
                    && item.row().state() == ConnectionState.IN_USE && item.row().borrowerThreadId() != null;
            if (linked) {
                link.setText(name);
                link.setTooltip(SHOW_THREAD);
                setText(null);
                setGraphic(link);
            } else {
                setGraphic(null);
                setText(empty || name == null ? "" : name);
            }
        }
    }

    private static final Tooltip SHOW_THREAD = tooltip("Show this thread in the threads panel.");

    /** A cell value that follows the row property, so the cell repaints when the row is updated. */
    private static <T> ObservableValue<T> valueOf(ConnectionItem item, Function<ConnectionRow, T> get) {
        return Bindings.createObjectBinding(() -> get.apply(item.row()), item.rowProperty());
    }

    private static void header(TableColumn<?, ?> column, String help) {
        Label label = new Label(column.getText());
        Tooltip tip = new Tooltip(help);
        tip.setWrapText(true);
        tip.setMaxWidth(380);
        tip.setShowDelay(Duration.millis(250));
        label.setTooltip(tip);
        column.setGraphic(label);
        column.setText(null);
    }

    private static final class TextCell<T> extends TableCell<ConnectionItem, T> {
        private final Function<T, String> format;

        TextCell(Function<T, String> format) {
            this.format = format;
        }

        @Override
        protected void updateItem(T value, boolean empty) {
            super.updateItem(value, empty);
            setText(empty ? null : format.apply(value));
        }
    }

    /**
     * In-use time; for a connection in use whose borrow the probe did not see (borrowed before the
     * probe was loaded), says so instead of showing nothing.
     */
    private static final class InUseCell extends TableCell<ConnectionItem, Long> {
        private static final Tooltip NOT_SEEN = tooltip("Borrowed before the probe was loaded (or the borrow "
                + "hook is unavailable): in-use time and borrower thread are known from its next borrow.");

        @Override
        protected void updateItem(Long value, boolean empty) {
            super.updateItem(value, empty);
            getStyleClass().remove("muted-cell");
            setTooltip(null);
            ConnectionItem item = empty || getTableRow() == null ? null : getTableRow().getItem();
            if (item == null) {
                setText(null);
            } else if (item.row().inUseMillis() == null && item.row().inUseAtLeastMillis() != null
                    && item.row().state() == ConnectionState.IN_USE) {
                setText("≥ " + Durations.elapsed(value));
                setTooltip(tooltip("Borrowed before the probe was loaded: in use at least " + Durations.elapsed(value)
                        + " (seen by the probe)" + (item.row().inUseAtMostMillis() == null ? ""
                        : ", at most " + Durations.elapsed(item.row().inUseAtMostMillis())
                        + " (since the pool last handed it back)") + "."));
            } else if (value == null && item.row().state() == ConnectionState.IN_USE) {
                setText("not seen");
                getStyleClass().add("muted-cell");
                setTooltip(NOT_SEEN);
            } else {
                setText(Durations.elapsed(value));
            }
        }
    }

    private static Tooltip tooltip(String text) {
        Tooltip tip = new Tooltip(text);
        tip.setWrapText(true);
        tip.setMaxWidth(380);
        tip.setShowDelay(Duration.millis(250));
        return tip;
    }

    /** A colored chip: idle (green), in use (blue), reserved (amber), removed (grey). */
    private static final class StateCell extends TableCell<ConnectionItem, ConnectionState> {
        private final Label chip = new Label();

        StateCell() {
            chip.getStyleClass().add("chip");
            setAlignment(Pos.CENTER_LEFT);
        }

        @Override
        protected void updateItem(ConnectionState state, boolean empty) {
            super.updateItem(state, empty);
            if (empty || state == null) {
                setGraphic(null);
                return;
            }
            chip.getStyleClass().removeIf(c -> c.startsWith("chip-"));
            chip.getStyleClass().add("chip-" + state.jsonName().replace('_', '-'));
            chip.setText(state.jsonName().replace('_', ' '));
            setGraphic(chip);
        }
    }

    /**
     * The diagnosis as a coloured chip and a word: red for a dead path or a gone backend, amber for
     * lock waits, lost answers and open transactions, blue for a running query, green for healthy,
     * grey for unknown. The summary is the tooltip.
     */
    private static final class DiagnosisCell extends TableCell<ConnectionItem, Diagnosis> {
        private final Label chip = new Label();
        private final Tooltip tip = new Tooltip();

        DiagnosisCell() {
            chip.getStyleClass().add("chip");
            tip.setWrapText(true);
            tip.setMaxWidth(380);
            tip.setShowDelay(Duration.millis(250));
            setAlignment(Pos.CENTER_LEFT);
        }

        @Override
        protected void updateItem(Diagnosis d, boolean empty) {
            super.updateItem(d, empty);
            if (empty || d == null) {
                setGraphic(null);
                setTooltip(null);
                return;
            }
            chip.getStyleClass().removeIf(c -> c.startsWith("diag-"));
            chip.getStyleClass().add("diag-" + d.kind().jsonName().replace('_', '-'));
            chip.setText(d.kind().jsonName().replace('_', ' '));
            tip.setText(d.summary());
            setTooltip(tip);
            setGraphic(chip);
        }
    }

    /** Text such as "4m 12s / 10m" with a thin bar of the same ratio; the bar turns amber past 80 %. */
    private static final class GaugeCell extends TableCell<ConnectionItem, Long> {
        private final Function<ConnectionItem, String> text;
        private final Function<ConnectionItem, Double> fraction;
        private final Label label = new Label();
        private final ProgressBar bar = new ProgressBar();
        private final HBox box;

        GaugeCell(Function<ConnectionItem, String> text, Function<ConnectionItem, Double> fraction) {
            this.text = text;
            this.fraction = fraction;
            bar.getStyleClass().add("gauge");
            bar.setPrefWidth(60);
            bar.setMinWidth(40);
            label.setMinWidth(Region.USE_PREF_SIZE);
            Region grow = new Region();
            HBox.setHgrow(grow, Priority.ALWAYS);
            box = new HBox(8, label, grow, bar);
            box.setAlignment(Pos.CENTER_LEFT);
        }

        @Override
        protected void updateItem(Long value, boolean empty) {
            super.updateItem(value, empty);
            ConnectionItem item = empty || getTableRow() == null ? null : getTableRow().getItem();
            if (item == null) {
                setGraphic(null);
                return;
            }
            label.setText(text.apply(item));
            double f = fraction.apply(item);
            bar.setVisible(f >= 0);
            bar.setProgress(Math.max(0, f));
            bar.getStyleClass().remove("gauge-warn");
            if (f >= 0.8) {
                bar.getStyleClass().add("gauge-warn");
            }
            setGraphic(box);
        }
    }
}
