package dev.poolscope.ui.live;

import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.TextArea;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;

/**
 * The selected connection: who holds it and the stack it was borrowed from (the line of code that
 * keeps it), with "Show thread" jumping to the holder in the threads panel.
 */
final class ConnectionDetail extends BorderPane {

    private final TextArea text = new TextArea();
    private final Button showThread = new Button("Show thread");
    private final Label note = new Label();

    ConnectionDetail(Runnable onShowThread) {
        setId("connection-detail");
        getStyleClass().add("connection-detail-pane");
        Label caption = new Label("SELECTED CONNECTION");
        caption.getStyleClass().add("card-caption");
        showThread.setId("show-thread");
        showThread.setOnAction(e -> onShowThread.run());
        note.getStyleClass().add("muted");
        Region grow = new Region();
        HBox.setHgrow(grow, Priority.ALWAYS);
        HBox head = new HBox(8, caption, grow, note, showThread);
        head.setAlignment(Pos.CENTER_LEFT);
        head.setPadding(new Insets(0, 0, 4, 0));
        text.setId("connection-detail-text");
        text.setEditable(false);
        text.setWrapText(true);
        text.getStyleClass().add("connection-detail");
        setTop(head);
        setCenter(text);
        setPadding(new Insets(0, 0, 0, 10));
        setPrefWidth(360);
        setMinWidth(260);
    }

    void show(String detail, boolean holderKnown, boolean threadsPanelPresent) {
        if (!text.getText().equals(detail)) {
            text.setText(detail);
        }
        showThread.setVisible(threadsPanelPresent);
        showThread.setDisable(!holderKnown);
    }

    /** Says why a jump did not happen, e.g. the thread ended since the last sample. */
    void note(String message) {
        note.setText(message == null ? "" : message);
    }
}
