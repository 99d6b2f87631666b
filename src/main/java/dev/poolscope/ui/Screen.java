package dev.poolscope.ui;

import javafx.scene.Node;

import java.util.Objects;
import java.util.function.Supplier;

/**
 * A top-level screen contributed from outside the shell (the lab), shown as one more entry in
 * the navigation. The node is created on first use, on the FX thread, and then kept.
 *
 * @param title the navigation label, e.g. "Lab"
 */
public record Screen(String title, Supplier<Node> view) {
    public Screen {
        Objects.requireNonNull(title);
        Objects.requireNonNull(view);
    }
}
