package dev.poolscope.ui.app;

import dev.poolscope.appdata.AppData;
import dev.poolscope.appdata.ScreenArea;
import dev.poolscope.appdata.Settings;
import dev.poolscope.appdata.WindowState;
import dev.poolscope.ui.shell.ShellViewModel;
import javafx.stage.Screen;
import javafx.stage.Stage;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Remembers the window's size, position, monitor and the page it showed (Attach or one of the extra
 * screens such as the Lab), across runs. Reading happens before the window exists, off the FX thread
 * (in {@code Application.init}); writing happens on a non-daemon writer thread, so the FX thread
 * never waits on the disk and the JVM still finishes the write before it exits.
 */
final class WindowMemory {

    private static final Logger LOG = Logger.getLogger(WindowMemory.class.getName());
    /** -1 = the start page; n >= 0 = the n-th extra screen. The Live page needs a target, so it is not restored. */
    static final Settings.Key<Integer> LAST_PAGE = Settings.Key.ofInt("window.page", -1);
    /** The live view's dividers as fractions, "0.21,0.56"; empty until the user has seen a live view. */
    static final Settings.Key<String> LIVE_DIVIDERS = Settings.Key.ofString("live.dividers", "");

    private final AppData appData;
    private final ExecutorService writer = Executors.newSingleThreadExecutor(r -> new Thread(r, "poolscope-settings-writer"));

    WindowMemory(AppData appData) {
        this.appData = appData;
    }

    /** Places the stage where it was last time, pulled back onto a screen that still exists. */
    void restore(Stage stage, ShellViewModel shell) {
        List<ScreenArea> screens = Screen.getScreens().stream()
                .map(s -> ScreenArea.of(s.getVisualBounds().getMinX(), s.getVisualBounds().getMinY(),
                        s.getVisualBounds().getWidth(), s.getVisualBounds().getHeight()))
                .toList();
        ScreenArea primary = screens.stream().filter(a -> a.name().equals(nameOf(Screen.getPrimary()))).findFirst()
                .orElse(screens.get(0));
        List<ScreenArea> primaryFirst = new java.util.ArrayList<>(screens);
        primaryFirst.remove(primary);
        primaryFirst.add(0, primary);
        WindowState state = WindowState.readFrom(appData.state()).map(s -> s.fitTo(primaryFirst))
                .orElseGet(() -> defaultState(primary));
        stage.setX(state.x());
        stage.setY(state.y());
        stage.setWidth(state.width());
        stage.setHeight(state.height());
        stage.setMaximized(state.maximized());
        shell.liveLayout().restore(parseDividers(appData.state().get(LIVE_DIVIDERS)));
        int page = appData.state().get(LAST_PAGE);
        if (page >= 0 && page < shell.services().screens().size()) {
            shell.pageProperty().set(new ShellViewModel.Extra(page));
        }
    }

    /** Room for the pool tiles, the connection table and the threads panel, within the screen. */
    private static WindowState defaultState(ScreenArea primary) {
        double[] size = PoolScopeApp.firstWindowSize(primary.width(), primary.height());
        double w = size[0];
        double h = size[1];
        return new WindowState(primary.x() + (primary.width() - w) / 2, primary.y() + (primary.height() - h) / 2, w, h,
                false, primary.name());
    }

    /** Captures the state on the FX thread (cheap) and writes it on the writer thread. */
    void save(Stage stage, ShellViewModel shell) {
        boolean maximized = stage.isMaximized();
        // Keep the normal bounds of a maximized window: un-maximizing next time should restore them.
        WindowState state = new WindowState(stage.getX(), stage.getY(), stage.getWidth(), stage.getHeight(), maximized,
                screenNameOf(stage));
        int page = shell.pageProperty().get() instanceof ShellViewModel.Extra extra ? extra.index() : -1;
        double[] dividers = shell.liveLayout().positions();
        writer.execute(() -> {
            try {
                if (!maximized) {
                    state.writeTo(appData.state());
                } else {
                    WindowState.readFrom(appData.state())
                            .map(old -> new WindowState(old.x(), old.y(), old.width(), old.height(), true, state.screenName()))
                            .orElse(state).writeTo(appData.state());
                }
                appData.state().set(LAST_PAGE, page);
                if (dividers != null) {
                    appData.state().set(LIVE_DIVIDERS, formatDividers(dividers));
                }
                appData.state().save();
            } catch (IOException | RuntimeException e) {
                LOG.log(Level.WARNING, "Could not save the window position: " + e.getMessage());
            }
        });
        writer.shutdown();
    }

    static double[] parseDividers(String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        try {
            return java.util.Arrays.stream(text.split(",")).mapToDouble(Double::parseDouble).toArray();
        } catch (NumberFormatException e) {
            return null; // a hand-edited file: fall back to the default layout
        }
    }

    static String formatDividers(double[] positions) {
        return java.util.Arrays.stream(positions).mapToObj(p -> String.format(java.util.Locale.ROOT, "%.4f", p))
                .collect(java.util.stream.Collectors.joining(","));
    }

    private static String screenNameOf(Stage stage) {
        List<Screen> on = Screen.getScreensForRectangle(stage.getX(), stage.getY(), stage.getWidth(), stage.getHeight());
        return nameOf(on.isEmpty() ? Screen.getPrimary() : on.get(0));
    }

    private static String nameOf(Screen s) {
        var b = s.getVisualBounds();
        return ScreenArea.of(b.getMinX(), b.getMinY(), b.getWidth(), b.getHeight()).name();
    }
}
