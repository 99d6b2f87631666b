package dev.poolscope.ui.live;

import javafx.scene.control.SplitPane;

import java.util.Arrays;

/**
 * Where the live view's dividers are (pool overview | connections | threads), as fractions of the
 * split's height: the same for every live view of the session, and saved with the window so the
 * next start opens as the user left it. FX thread only.
 */
public final class LiveLayout {

    /** The overview (settings, charts) takes this much at first, or less on a small window. */
    static final double OVERVIEW_HEIGHT = 190;
    /**
     * What the connections and threads need to show five rows each with the threads toolbar: the
     * overview gets only what is left above this, down to nothing on a 700 px high window.
     */
    static final double EVIDENCE_HEIGHT = 400;
    static final double OVERVIEW_MAX_SHARE = 0.34;
    /**
     * Below this the overview would be its tab strip and a sliver of settings: it gets nothing
     * instead, and "Settings & charts" opens it on demand.
     */
    static final double OVERVIEW_MIN_USEFUL = 120;
    /** Of what is left below the overview, the connections get this share and the threads the rest. */
    static final double CONNECTIONS_SHARE = 0.45;

    private double[] positions;

    /** Positions read from the settings; ignored if they do not fit the split they are applied to. */
    public void restore(double[] saved) {
        positions = saved == null ? null : saved.clone();
    }

    /** The positions to save, or null if the user never saw a live view. */
    public double[] positions() {
        return positions == null ? null : positions.clone();
    }

    void applyTo(SplitPane split) {
        int dividers = split.getItems().size() - 1;
        boolean[] auto = {true};
        if (positions != null && positions.length == dividers && valid(positions)) {
            split.setDividerPositions(positions);
            auto[0] = false;
        }
        // Until the user drags a divider, the split follows the window: the overview gets what the
        // evidence does not need (nothing on a 700 px high window, 190 px on a tall one).
        split.heightProperty().addListener((obs, old, h) -> {
            if (auto[0] && h.doubleValue() > 0) {
                double[] p = initial(h.doubleValue(), dividers);
                // After this layout pass: the split clamps positions set while it is being laid out.
                javafx.application.Platform.runLater(() -> {
                    if (auto[0]) {
                        split.setDividerPositions(p);
                    }
                });
            }
        });
        split.addEventFilter(javafx.scene.input.MouseEvent.MOUSE_PRESSED, e -> {
            if (e.getTarget() instanceof javafx.scene.Node n && isDivider(n)) {
                auto[0] = false;
            }
        });
        for (SplitPane.Divider divider : split.getDividers()) {
            divider.positionProperty().addListener((obs, old, p) -> {
                if (!auto[0]) {
                    positions = split.getDividerPositions();
                }
            });
        }
    }

    private static boolean isDivider(javafx.scene.Node n) {
        for (javafx.scene.Node at = n; at != null; at = at.getParent()) {
            if (at.getStyleClass().contains("split-pane-divider")) {
                return true;
            }
            if (at instanceof SplitPane) {
                return false;
            }
        }
        return false;
    }

    static double[] initial(double height, int dividers) {
        double room = dividers == 1 ? OVERVIEW_HEIGHT : Math.max(0, Math.min(OVERVIEW_HEIGHT, height - EVIDENCE_HEIGHT));
        if (room < OVERVIEW_MIN_USEFUL) {
            room = 0;
        }
        double overview = Math.min(OVERVIEW_MAX_SHARE, room / height);
        if (dividers == 1) {
            return new double[]{overview};
        }
        return new double[]{overview, overview + (1 - overview) * CONNECTIONS_SHARE};
    }

    private static boolean valid(double[] p) {
        double last = 0;
        for (double v : p) {
            if (!(v > last && v < 1)) {
                return false;
            }
            last = v;
        }
        return true;
    }

    @Override
    public String toString() {
        return "LiveLayout" + Arrays.toString(positions);
    }
}
