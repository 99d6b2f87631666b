package dev.poolscope.appdata;

import java.util.Locale;
import java.util.Objects;

/**
 * The usable area of one screen (JavaFX: {@code Screen.getVisualBounds()}, which leaves out task
 * bars and docks), in the same coordinates as window positions. {@code name} identifies the screen
 * across runs; JavaFX has no screen names, so {@link #of} derives one from the geometry.
 */
public record ScreenArea(String name, double x, double y, double width, double height) {

    public ScreenArea {
        Objects.requireNonNull(name, "name");
        if (!(width > 0 && height > 0)) {
            throw new IllegalArgumentException("A screen has a positive size: " + width + "x" + height);
        }
    }

    /** A screen named by its geometry, e.g. "1920x1080@0,0". */
    public static ScreenArea of(double x, double y, double width, double height) {
        return new ScreenArea(String.format(Locale.ROOT, "%.0fx%.0f@%.0f,%.0f", width, height, x, y), x, y, width, height);
    }

    public double maxX() {
        return x + width;
    }

    public double maxY() {
        return y + height;
    }

    /** Area of the overlap with the rectangle, 0 if none. */
    double overlap(double rx, double ry, double rw, double rh) {
        double w = Math.min(maxX(), rx + rw) - Math.max(x, rx);
        double h = Math.min(maxY(), ry + rh) - Math.max(y, ry);
        return w > 0 && h > 0 ? w * h : 0;
    }
}
