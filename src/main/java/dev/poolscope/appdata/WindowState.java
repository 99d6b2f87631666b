package dev.poolscope.appdata;

import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * The main window's geometry, remembered across runs: position and size (of the normal, not the
 * maximized, window), whether it was maximized, and the screen it was on. {@link #fitTo} turns a
 * saved state into one that is visible on the screens present now (a monitor may have gone, the
 * resolution may have changed). Pure logic: the UI maps JavaFX's Stage and Screens to and from it.
 */
public record WindowState(double x, double y, double width, double height, boolean maximized, String screenName) {

    /** Smallest size the window is restored to (the screens need this much to be usable). */
    public static final double MIN_WIDTH = 800;
    public static final double MIN_HEIGHT = 500;
    /** Size on first start, shrunk to the screen if it is smaller. */
    public static final double DEFAULT_WIDTH = 1280;
    public static final double DEFAULT_HEIGHT = 800;
    /** A window must show this many px of itself across and down on a screen to stay where it was. */
    static final double MIN_VISIBLE = 120;

    static final Settings.Key<Double> X = Settings.Key.ofDouble("window.x", 0);
    static final Settings.Key<Double> Y = Settings.Key.ofDouble("window.y", 0);
    static final Settings.Key<Double> WIDTH = Settings.Key.ofDouble("window.width", DEFAULT_WIDTH);
    static final Settings.Key<Double> HEIGHT = Settings.Key.ofDouble("window.height", DEFAULT_HEIGHT);
    static final Settings.Key<Boolean> MAXIMIZED = Settings.Key.ofBoolean("window.maximized", false);
    static final Settings.Key<String> SCREEN = Settings.Key.ofString("window.screen", "");

    /** The default window: centred on {@code primary}, DEFAULT size or the screen's if smaller. */
    public static WindowState centeredOn(ScreenArea primary) {
        double w = Math.min(DEFAULT_WIDTH, primary.width());
        double h = Math.min(DEFAULT_HEIGHT, primary.height());
        return new WindowState(primary.x() + (primary.width() - w) / 2, primary.y() + (primary.height() - h) / 2,
                w, h, false, primary.name());
    }

    /**
     * A state that fits the current screens ({@code screens.get(0)} is the primary): stays on the
     * saved screen if that is still there (by name, else by the largest overlap) and at least
     * {@link #MIN_VISIBLE} px of the window would be visible; otherwise it is centred on the primary.
     * The size is clamped between the minimum and the screen, and the window is moved so that it
     * lies wholly on its screen (a title bar above the top edge cannot be grabbed).
     */
    public WindowState fitTo(List<ScreenArea> screens) {
        if (screens.isEmpty()) {
            throw new IllegalArgumentException("There is always at least one screen");
        }
        ScreenArea primary = screens.get(0);
        if (!isSane()) {
            return centeredOn(primary);
        }
        Optional<ScreenArea> byName = screens.stream().filter(s -> s.name().equals(screenName)).findFirst();
        Optional<ScreenArea> target = byName.filter(this::showsEnoughOn)
                .or(() -> screens.stream()
                        .filter(this::showsEnoughOn)
                        .max(Comparator.comparingDouble(s -> s.overlap(x, y, width, height))));
        if (target.isEmpty()) {
            // Off every screen (a monitor is gone): keep the size the user chose, centred on the primary.
            double w = clamp(width, Math.min(MIN_WIDTH, primary.width()), primary.width());
            double h = clamp(height, Math.min(MIN_HEIGHT, primary.height()), primary.height());
            return new WindowState(primary.x() + (primary.width() - w) / 2, primary.y() + (primary.height() - h) / 2,
                    w, h, maximized, primary.name());
        }
        ScreenArea s = target.get();
        double w = clamp(width, Math.min(MIN_WIDTH, s.width()), s.width());
        double h = clamp(height, Math.min(MIN_HEIGHT, s.height()), s.height());
        double nx = clamp(x, s.x(), s.maxX() - w);
        double ny = clamp(y, s.y(), s.maxY() - h);
        return new WindowState(nx, ny, w, h, maximized, s.name());
    }

    /** At least MIN_VISIBLE px of the window (all of a smaller one) in both directions are on {@code s}. */
    private boolean showsEnoughOn(ScreenArea s) {
        double w = Math.min(s.maxX(), x + width) - Math.max(s.x(), x);
        double h = Math.min(s.maxY(), y + height) - Math.max(s.y(), y);
        return w >= Math.min(MIN_VISIBLE, width) && h >= Math.min(MIN_VISIBLE, height);
    }

    private boolean isSane() {
        return Double.isFinite(x) && Double.isFinite(y) && Double.isFinite(width) && Double.isFinite(height)
                && width > 0 && height > 0;
    }

    private static double clamp(double value, double min, double max) {
        return Math.max(min, Math.min(max, value));
    }

    /** The saved state, or empty on first start (or if it was never saved completely). */
    public static Optional<WindowState> readFrom(Settings settings) {
        if (settings.raw(X.name()).isEmpty() || settings.raw(Y.name()).isEmpty()) {
            return Optional.empty();
        }
        WindowState state = new WindowState(settings.get(X), settings.get(Y), settings.get(WIDTH), settings.get(HEIGHT),
                settings.get(MAXIMIZED), settings.get(SCREEN));
        return state.isSane() ? Optional.of(state) : Optional.empty();
    }

    /** Puts this state into {@code settings}; the caller saves (once, when the window closes). */
    public void writeTo(Settings settings) {
        settings.set(X, x);
        settings.set(Y, y);
        settings.set(WIDTH, width);
        settings.set(HEIGHT, height);
        settings.set(MAXIMIZED, maximized);
        settings.set(SCREEN, screenName == null ? "" : screenName);
    }
}
