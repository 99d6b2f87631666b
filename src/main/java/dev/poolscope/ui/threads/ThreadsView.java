package dev.poolscope.ui.threads;

import dev.poolscope.live.threads.ThreadCategory;
import dev.poolscope.live.threads.Headline;
import javafx.animation.KeyFrame;
import javafx.animation.Timeline;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.css.PseudoClass;
import javafx.geometry.Insets;
import javafx.geometry.Orientation;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.Spinner;
import javafx.scene.control.SplitPane;
import javafx.scene.control.TextArea;
import javafx.scene.control.TreeItem;
import javafx.scene.control.TreeTableColumn;
import javafx.scene.control.TreeTableRow;
import javafx.scene.control.TreeTableView;
import javafx.scene.input.Clipboard;
import javafx.scene.input.ClipboardContent;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.stage.FileChooser;
import javafx.stage.Window;
import javafx.util.Duration;

import java.io.File;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The threads panel: headline on top, threads grouped by category (stuck first) with ticking
 * durations, the selected thread's stack below, copy and export actions. Binds to
 * {@link ThreadsViewModel} only. Tree items are kept per thread id, so a refresh moves items
 * instead of rebuilding them, and the selection is restored by thread id.
 */
public final class ThreadsView extends BorderPane implements dev.poolscope.ui.HolderLinks, dev.poolscope.ui.HeadlineSource {

    private static final PseudoClass STUCK = PseudoClass.getPseudoClass("stuck");
    private static final PseudoClass GROUP = PseudoClass.getPseudoClass("group");

    private final ThreadsViewModel viewModel;
    private final Function<Window, File> saveDialog;
    private final TreeTableView<ThreadRow> table = new TreeTableView<>();
    private final TreeItem<ThreadRow> root = new TreeItem<>();
    private final Map<ThreadCategory, TreeItem<ThreadRow>> groupItems = new EnumMap<>(ThreadCategory.class);
    private final Map<Long, TreeItem<ThreadRow>> threadItems = new HashMap<>();
    private final Timeline ticker;
    /** True while the view restores the selection itself, so that it does not echo back to the view-model. */
    private boolean restoringSelection;
    /** True during a re-layout, whose own expanding of a group must not start another. */
    private boolean relayingOut;
    /** True while a click in the table updates the view-model, whose echo must not scroll the table. */
    private boolean selectingFromTable;
    private java.util.function.BiConsumer<String, String> showConnection;
    private final Button showConnectionButton = new Button("Show connection");
    private final javafx.scene.control.TextField filter = new javafx.scene.control.TextField();
    /** How each sortable column orders thread rows: by the value shown, durations by their millis. */
    private final Map<TreeTableColumn<ThreadRow, ?>, java.util.Comparator<ThreadRow>> rowOrder = new HashMap<>();

    /** The first line of a Ctrl+C copy: the column titles. */
    static final String COPY_HEADER = "Thread\tState\tSame place for\tPool\tConnection\tWaiting for";
    /** The export button, fired by Ctrl+E too. */
    private Button exportButton;
    private static final javafx.scene.input.KeyCombination FIND =
            new javafx.scene.input.KeyCodeCombination(javafx.scene.input.KeyCode.F, javafx.scene.input.KeyCombination.SHORTCUT_DOWN);
    private static final javafx.scene.input.KeyCombination EXPORT =
            new javafx.scene.input.KeyCodeCombination(javafx.scene.input.KeyCode.E, javafx.scene.input.KeyCombination.SHORTCUT_DOWN);
    private static final javafx.scene.input.KeyCombination COPY =
            new javafx.scene.input.KeyCodeCombination(javafx.scene.input.KeyCode.C, javafx.scene.input.KeyCombination.SHORTCUT_DOWN);

    public ThreadsView(ThreadsViewModel viewModel) {
        this(viewModel, ThreadsView::chooseDumpFile);
    }

    /** @param saveDialog asks where to save a dump; returns null when the user cancels (tests pass their own) */
    public ThreadsView(ThreadsViewModel viewModel, Function<Window, File> saveDialog) {
        this.viewModel = viewModel;
        this.saveDialog = saveDialog;
        getStyleClass().add("threads-view");
        getStylesheets().add(ThreadsView.class.getResource("threads.css").toExternalForm());

        setTop(headlineBox());
        table.setId("threads-table");
        table.setRoot(root);
        table.setShowRoot(false);
        table.setColumnResizePolicy(TreeTableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        table.getColumns().setAll(List.of(
                column("Thread", 330, ThreadRow::nameProperty, null),
                column("State", 110, ThreadRow::stateProperty, null),
                column("Same place for", 110, ThreadRow::durationProperty,
                        java.util.Comparator.comparing(ThreadRow::durationMillis,
                                java.util.Comparator.nullsFirst(java.util.Comparator.naturalOrder()))),
                column("Pool", 110, ThreadRow::poolProperty, null),
                column("Connection", 100, ThreadRow::connectionProperty, null),
                column("Waiting for", 300, ThreadRow::waitingForProperty, null)));
        table.getSelectionModel().setSelectionMode(javafx.scene.control.SelectionMode.MULTIPLE);
        // Unsorted, the view-model's order (stuck first, longest first); a clicked column orders the
        // threads inside each group, and the groups keep their order.
        table.setSortPolicy(t -> {
            if (table.getSortOrder().isEmpty()) {
                relayout();
            } else {
                sortWithinGroups();
            }
            return true;
        });
        installKeys();
        table.setRowFactory(t -> new ThreadTreeRow());
        table.getSelectionModel().selectedItemProperty().addListener((obs, old, item) -> {
            if (!restoringSelection) {
                selectingFromTable = true;
                try {
                    viewModel.selectedThreadIdProperty().set(item == null || item.getValue() == null
                            ? null : item.getValue().threadId());
                } finally {
                    selectingFromTable = false;
                }
            }
        });

        TextArea stack = new TextArea();
        stack.setId("thread-stack");
        stack.setEditable(false);
        stack.getStyleClass().add("stack");
        stack.textProperty().bind(viewModel.stackTextProperty());

        // Side by side, as the connections and their detail: the list keeps the panel's whole height
        // (five rows and more on a 700 px window), and the toolbar stays on screen.
        table.setMinHeight(40);
        table.setFixedCellSize(24);
        stack.setMinHeight(30);
        stack.setMinWidth(160);
        SplitPane split = new SplitPane(table, stack);
        split.setId("threads-split");
        split.setMinHeight(80);
        split.setOrientation(Orientation.HORIZONTAL);
        split.setDividerPositions(0.62);
        setCenter(split);
        setBottom(toolbar());

        viewModel.revisionProperty().addListener((obs, old, rev) -> relayout());
        // Selection set from outside (the connection table's "go to holder"): show and scroll to it.
        viewModel.selectedThreadIdProperty().addListener((obs, old, id) -> {
            if (!selectingFromTable && !restoringSelection && !relayingOut) {
                relayout();
                int index = table.getSelectionModel().getSelectedIndex();
                if (index >= 0) {
                    table.scrollTo(Math.max(0, index - 3));
                }
            }
        });
        filter.textProperty().addListener((obs, old, text) -> relayout());
        relayout();
        ticker = new Timeline(new KeyFrame(Duration.seconds(1), e -> viewModel.tick()));
        ticker.setCycleCount(Timeline.INDEFINITE);
        ticker.play();
    }

    @Override
    public javafx.beans.value.ObservableValue<Headline> headline() {
        return viewModel.headlineProperty();
    }

    @Override
    public boolean showThread(long threadId) {
        return viewModel.selectThread(threadId);
    }

    @Override
    public void setOnShowConnection(java.util.function.BiConsumer<String, String> showConnection) {
        this.showConnection = showConnection;
        showConnectionButton.setVisible(showConnection != null);
    }

    /** Hides the panel's own headline where the host already shows it (the live view's banner). */
    public void setHeadlineShown(boolean shown) {
        getTop().setVisible(shown);
        getTop().setManaged(shown);
    }

    /** Stops the once-a-second duration ticker; call when the panel is closed. */
    public void dispose() {
        ticker.stop();
    }

    private VBox headlineBox() {
        Label problem = new Label();
        problem.setId("headline-problem");
        problem.getStyleClass().add("headline-problem");
        problem.setWrapText(true);
        Label explanation = new Label();
        explanation.setId("headline-explanation");
        explanation.setWrapText(true);
        Label setting = new Label();
        setting.setId("headline-setting");
        setting.setWrapText(true);
        viewModel.headlineProperty().addListener((obs, old, h) -> {
            problem.setText(h == null ? "" : h.problem());
            explanation.setText(h == null ? "" : h.explanation());
            setting.setText(h == null || h.setting() == null ? "" : "Change: " + h.setting());
            problem.pseudoClassStateChanged(PseudoClass.getPseudoClass("critical"),
                    h != null && h.severity() == Headline.Severity.CRITICAL);
            problem.pseudoClassStateChanged(PseudoClass.getPseudoClass("warning"),
                    h != null && h.severity() == Headline.Severity.WARNING);
        });
        setting.managedProperty().bind(setting.textProperty().isNotEmpty());
        explanation.managedProperty().bind(explanation.textProperty().isNotEmpty());
        VBox box = new VBox(4, problem, explanation, setting);
        box.setPadding(new Insets(8));
        box.getStyleClass().add("headline");
        return box;
    }

    private HBox toolbar() {
        Label thresholdLabel = new Label("Stuck after (s):");
        Spinner<Integer> threshold = new Spinner<>(1, 3600,
                (int) viewModel.thresholdProperty().get().toSeconds());
        threshold.setId("threshold");
        threshold.setEditable(true);
        threshold.setPrefWidth(90);
        threshold.valueProperty().addListener((obs, old, s) ->
                viewModel.thresholdProperty().set(java.time.Duration.ofSeconds(s)));

        Button copy = new Button("Copy thread");
        copy.setId("copy-thread");
        copy.disableProperty().bind(viewModel.selectedSampleProperty().isNull());
        copy.setOnAction(e -> viewModel.selectedThreadText().ifPresent(text -> {
            ClipboardContent content = new ClipboardContent();
            content.putString(text);
            Clipboard.getSystemClipboard().setContent(content);
        }));

        Button export = new Button("Export thread dump…");
        export.setId("export-dump");
        export.setTooltip(new javafx.scene.control.Tooltip("Save a full jstack-style dump of the target's threads (Ctrl+E)"));
        this.exportButton = export;
        export.disableProperty().bind(viewModel.exportingProperty());
        export.setOnAction(e -> {
            File file = saveDialog.apply(getScene() == null ? null : getScene().getWindow());
            if (file != null) {
                viewModel.exportDump(file.toPath());
            }
        });

        showConnectionButton.setId("show-connection");
        showConnectionButton.setVisible(false);
        showConnectionButton.managedProperty().bind(showConnectionButton.visibleProperty());
        showConnectionButton.disableProperty().bind(javafx.beans.binding.Bindings.createBooleanBinding(
                () -> viewModel.selectedHeldConnection().isEmpty(), viewModel.selectedSampleProperty()));
        showConnectionButton.setOnAction(e -> viewModel.selectedHeldConnection().ifPresent(held -> {
            if (showConnection != null) {
                showConnection.accept(held.pool(), held.connectionId());
            }
        }));

        Label status = new Label();
        status.setId("threads-status");
        // While the shown threads are an earlier read carried between paced reads, the label says when
        // they were read (the durations stand still at that read); an export's outcome follows it.
        status.textProperty().bind(javafx.beans.binding.Bindings.createStringBinding(() -> {
            String asOf = viewModel.asOfProperty().get();
            String outcome = viewModel.statusProperty().get();
            if (asOf == null) {
                return outcome;
            }
            return outcome == null || outcome.isEmpty() ? asOf : asOf + " · " + outcome;
        }, viewModel.asOfProperty(), viewModel.statusProperty()));
        javafx.scene.control.Tooltip statusTip = new javafx.scene.control.Tooltip();
        statusTip.textProperty().bind(status.textProperty());
        statusTip.setWrapText(true);
        statusTip.setMaxWidth(480);
        status.setTooltip(statusTip);
        status.setMinWidth(0);
        Region spacer = new Region();
        HBox.setHgrow(spacer, Priority.ALWAYS);
        filter.setId("thread-filter");
        filter.setPromptText("Filter threads (Ctrl+F)");
        filter.setPrefColumnCount(12);
        filter.setMinWidth(100);
        // The controls keep their size; the status text gives way (ellipsis, whole in its tooltip).
        for (Region r : new Region[]{thresholdLabel, threshold, copy, showConnectionButton, export}) {
            r.setMinWidth(Region.USE_PREF_SIZE);
        }
        HBox bar = new HBox(8, filter, thresholdLabel, threshold, copy, showConnectionButton, export, spacer, status);
        bar.setPadding(new Insets(6, 8, 6, 8));
        bar.setStyle("-fx-alignment: center-left;");
        return bar;
    }

    /** Re-lays the tree after a refresh: moves existing items, adds new ones, restores the selection. */
    private void relayout() {
        relayingOut = true;
        try {
            relayoutTree();
        } finally {
            relayingOut = false;
        }
    }

    private void relayoutTree() {
        Long selectedId = viewModel.selectedThreadIdProperty().get();
        ThreadRow selectedRow = selectedId == null ? null : viewModel.row(selectedId);
        String text = filter.getText();
        String needle = text == null || text.isBlank() ? null : text.strip().toLowerCase(java.util.Locale.ROOT);
        List<TreeItem<ThreadRow>> groupList = new ArrayList<>();
        Map<Long, TreeItem<ThreadRow>> keep = new HashMap<>();
        for (ThreadGroupModel group : viewModel.groups()) {
            TreeItem<ThreadRow> groupItem = groupItems.computeIfAbsent(group.category(), c -> newGroupItem(group));
            if (!groupItem.isExpanded() && group.rows().contains(selectedRow)) {
                groupItem.setExpanded(true); // the selected thread moved into a closed group: follow it
            }
            // A closed group gets no children: "Other" holds idle threads by the thousand, and moving
            // thousands of tree items on every refresh is what would make the FX thread slow.
            List<TreeItem<ThreadRow>> children = new ArrayList<>(groupItem.isExpanded() ? group.rows().size() : 0);
            if (groupItem.isExpanded()) {
                for (ThreadRow row : group.rows()) {
                    if (needle != null && !row.matches(needle)) {
                        continue;
                    }
                    TreeItem<ThreadRow> item = threadItems.get(row.threadId());
                    if (item == null) {
                        item = new TreeItem<>(row);
                    }
                    keep.put(row.threadId(), item);
                    children.add(item);
                }
            }
            if (!groupItem.getChildren().equals(children)) {
                restoringSelection = true;
                try {
                    groupItem.getChildren().setAll(children);
                } finally {
                    restoringSelection = false;
                }
            }
            groupList.add(groupItem);
        }
        threadItems.clear();
        threadItems.putAll(keep);
        restoringSelection = true;
        try {
            if (!root.getChildren().equals(groupList)) {
                root.getChildren().setAll(groupList);
            }
            if (!table.getSortOrder().isEmpty()) {
                sortChildren();
            }
            restoreSelection();
        } finally {
            restoringSelection = false;
        }
    }

    private TreeItem<ThreadRow> newGroupItem(ThreadGroupModel group) {
        TreeItem<ThreadRow> item = new TreeItem<>(group.header()) {
            @Override
            public boolean isLeaf() {
                return false; // keeps the disclosure arrow on closed groups, which hold no children
            }
        };
        item.setExpanded(group.category() != ThreadCategory.OTHER);
        item.expandedProperty().addListener((obs, was, open) -> {
            if (!relayingOut) {
                relayout();
            }
        });
        return item;
    }

    private void restoreSelection() {
        Long id = viewModel.selectedThreadIdProperty().get();
        TreeItem<ThreadRow> item = id == null ? null : threadItems.get(id);
        TreeItem<ThreadRow> current = table.getSelectionModel().getSelectedItem();
        if (item == null) {
            if (current != null && id != null) {
                table.getSelectionModel().clearSelection();
            }
            return;
        }
        if (current != item) {
            table.getSelectionModel().select(item);
        }
    }

    /** Ctrl+F to the filter, Escape clears it, Ctrl+C copies the selected threads as text lines, Ctrl+E exports. */
    private void installKeys() {
        addEventHandler(javafx.scene.input.KeyEvent.KEY_PRESSED, e -> {
            if (FIND.match(e)) {
                filter.requestFocus();
                filter.selectAll();
                e.consume();
            } else if (EXPORT.match(e) && exportButton != null && !exportButton.isDisabled()) {
                exportButton.fire(); // the same save dialog and background write as the button
                e.consume();
            }
        });
        filter.addEventHandler(javafx.scene.input.KeyEvent.KEY_PRESSED, e -> {
            if (e.getCode() == javafx.scene.input.KeyCode.ESCAPE) {
                filter.clear();
                table.requestFocus();
                e.consume();
            }
        });
        table.addEventHandler(javafx.scene.input.KeyEvent.KEY_PRESSED, e -> {
            if (COPY.match(e)) {
                String text = selectedRowsText();
                if (text != null) {
                    ClipboardContent content = new ClipboardContent();
                    content.putString(text);
                    Clipboard.getSystemClipboard().setContent(content);
                }
                e.consume();
            }
        });
    }

    /** The header and one line per selected thread, in on-screen order; null when no thread is selected. */
    String selectedRowsText() {
        List<TreeItem<ThreadRow>> selected = new ArrayList<>(table.getSelectionModel().getSelectedItems());
        selected.removeIf(item -> item == null || item.getValue() == null || item.getValue().isGroup());
        if (selected.isEmpty()) {
            return null;
        }
        selected.sort(java.util.Comparator.comparingInt(table::getRow));
        StringBuilder sb = new StringBuilder(COPY_HEADER).append('\n');
        for (TreeItem<ThreadRow> item : selected) {
            sb.append(item.getValue().line()).append('\n');
        }
        return sb.toString();
    }

    private void sortWithinGroups() {
        relayingOut = true;
        restoringSelection = true;
        try {
            sortChildren();
            restoreSelection();
        } finally {
            restoringSelection = false;
            relayingOut = false;
        }
    }

    /** Orders each group's threads by the table's sort order. */
    private void sortChildren() {
        java.util.Comparator<ThreadRow> order = null;
        for (TreeTableColumn<ThreadRow, ?> column : table.getSortOrder()) {
            java.util.Comparator<ThreadRow> c = rowOrder.get(column);
            if (c == null) {
                continue;
            }
            if (column.getSortType() == TreeTableColumn.SortType.DESCENDING) {
                c = c.reversed();
            }
            order = order == null ? c : order.thenComparing(c);
        }
        if (order == null) {
            return;
        }
        java.util.Comparator<ThreadRow> byRow = order;
        for (TreeItem<ThreadRow> group : root.getChildren()) {
            if (group.getChildren().size() > 1) {
                javafx.collections.FXCollections.sort(group.getChildren(), (a, b) -> byRow.compare(a.getValue(), b.getValue()));
            }
        }
    }

    private TreeTableColumn<ThreadRow, String> column(String title, double width,
                                                      Function<ThreadRow, ? extends javafx.beans.value.ObservableValue<String>> property,
                                                      java.util.Comparator<ThreadRow> order) {
        TreeTableColumn<ThreadRow, String> column = new TreeTableColumn<>(title);
        column.setPrefWidth(width);
        rowOrder.put(column, order != null ? order : java.util.Comparator.comparing(
                (ThreadRow r) -> String.valueOf(property.apply(r).getValue()), String.CASE_INSENSITIVE_ORDER));
        column.setCellValueFactory(cell -> cell.getValue() == null || cell.getValue().getValue() == null
                ? null : property.apply(cell.getValue().getValue()));
        return column;
    }

    private static File chooseDumpFile(Window owner) {
        FileChooser chooser = new FileChooser();
        chooser.setTitle("Export thread dump");
        chooser.setInitialFileName("threads-" + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"))
                + ".txt");
        chooser.getExtensionFilters().add(new FileChooser.ExtensionFilter("Thread dump (jstack format)", "*.txt", "*.tdump"));
        return chooser.showSaveDialog(owner);
    }

    /** Marks stuck threads and group headers for styling; follows the row's stuck flag as it ticks. */
    private static final class ThreadTreeRow extends TreeTableRow<ThreadRow> {
        private final javafx.beans.value.ChangeListener<Boolean> stuckListener =
                (obs, old, stuck) -> pseudoClassStateChanged(STUCK, stuck);

        @Override
        protected void updateItem(ThreadRow row, boolean empty) {
            ThreadRow previous = getItem();
            if (previous != null) {
                previous.stuckProperty().removeListener(stuckListener);
            }
            super.updateItem(row, empty);
            boolean present = !empty && row != null;
            pseudoClassStateChanged(GROUP, present && row.isGroup());
            pseudoClassStateChanged(STUCK, present && row.stuckProperty().get());
            if (present) {
                row.stuckProperty().addListener(stuckListener);
            }
        }
    }
}
