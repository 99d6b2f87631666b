package dev.poolscope.ui.live;

import javafx.scene.Node;
import javafx.scene.control.ButtonBase;
import javafx.scene.control.ChoiceBox;
import javafx.scene.control.ComboBoxBase;
import javafx.scene.control.Spinner;
import javafx.scene.control.TextField;
import javafx.scene.control.TextInputControl;
import javafx.scene.input.Clipboard;
import javafx.scene.input.ClipboardContent;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyCodeCombination;
import javafx.scene.input.KeyCombination;
import javafx.scene.input.KeyEvent;

/**
 * The live view's keyboard, as VisualVM and JMC have it (issue 14 item 5): F5 or Ctrl+R reads now,
 * Space pauses and resumes, Ctrl+F goes to the connection filter (the threads panel takes Ctrl+F
 * itself while it has the focus), Ctrl+C on the connection table copies the selected rows as text,
 * Escape in the filter clears it. "Ctrl" is Cmd on macOS (the shortcut modifier).
 */
final class LiveKeys {

    private static final KeyCombination F5 = new KeyCodeCombination(KeyCode.F5);
    private static final KeyCombination REFRESH = new KeyCodeCombination(KeyCode.R, KeyCombination.SHORTCUT_DOWN);
    private static final KeyCombination FIND = new KeyCodeCombination(KeyCode.F, KeyCombination.SHORTCUT_DOWN);
    private static final KeyCombination COPY = new KeyCodeCombination(KeyCode.C, KeyCombination.SHORTCUT_DOWN);
    private static final KeyCombination SPACE = new KeyCodeCombination(KeyCode.SPACE);

    private LiveKeys() {
    }

    static void install(Node view, LiveViewModel viewModel, ConnectionTable table, TextField filter) {
        // A filter, not a handler: a focused table would otherwise take Space for its own selection.
        view.addEventFilter(KeyEvent.KEY_PRESSED, e -> {
            if (F5.match(e) || REFRESH.match(e)) {
                viewModel.refreshNow();
                e.consume();
            } else if (SPACE.match(e) && !typesOrPresses(view.getScene() == null ? null : view.getScene().getFocusOwner())
                    && viewModel.stateProperty().get() != LiveState.GONE) {
                viewModel.pausedProperty().set(!viewModel.pausedProperty().get());
                e.consume();
            }
        });
        view.addEventHandler(KeyEvent.KEY_PRESSED, e -> {
            if (FIND.match(e)) {
                filter.requestFocus();
                filter.selectAll();
                e.consume();
            }
        });
        table.addEventHandler(KeyEvent.KEY_PRESSED, e -> {
            if (COPY.match(e) && !table.getSelectionModel().getSelectedItems().isEmpty()) {
                ClipboardContent content = new ClipboardContent();
                content.putString(ConnectionRowText.copy(viewModel.selectedPoolProperty().get(),
                        java.util.List.copyOf(table.getSelectionModel().getSelectedItems())));
                Clipboard.getSystemClipboard().setContent(content);
                e.consume();
            }
        });
        filter.addEventHandler(KeyEvent.KEY_PRESSED, e -> {
            if (e.getCode() == KeyCode.ESCAPE) {
                filter.clear();
                table.requestFocus();
                e.consume();
            }
        });
    }

    /** Where Space already means something: typing, or pressing a button, a spinner, a choice box. */
    private static boolean typesOrPresses(Node focused) {
        return focused instanceof TextInputControl || focused instanceof ButtonBase || focused instanceof Spinner
                || focused instanceof ChoiceBox || focused instanceof ComboBoxBase;
    }
}
