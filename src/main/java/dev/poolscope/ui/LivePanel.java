package dev.poolscope.ui;

import dev.poolscope.live.TargetSnapshot;
import javafx.beans.value.ObservableValue;
import javafx.scene.Node;

import java.util.Objects;
import java.util.function.Function;

/**
 * An extra area of the live view (the threads panel), created once per connection. It gets the
 * newest snapshot as an observable value that changes on the FX thread; its value is null until
 * the first snapshot arrives.
 *
 * @param title the tab label, e.g. "Threads"
 */
public record LivePanel(String title, Function<ObservableValue<TargetSnapshot>, Node> view) {
    public LivePanel {
        Objects.requireNonNull(title);
        Objects.requireNonNull(view);
    }
}
