package dev.poolscope.ui;

import javafx.scene.Node;

import java.util.Objects;
import java.util.function.Function;

/**
 * An extra area of the live view (the threads panel), created once per connection as a tab
 * under the connection table.
 *
 * @param title the tab label, e.g. "Threads"
 * @param view  makes the panel from what the live view knows about the connection
 */
public record LivePanel(String title, Function<LiveContext, Node> view) {
    public LivePanel {
        Objects.requireNonNull(title);
        Objects.requireNonNull(view);
    }
}
