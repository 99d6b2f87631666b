package dev.poolscope.ui.app;

import dev.poolscope.ui.Screen;
import dev.poolscope.ui.FxTaskExecutor;
import dev.poolscope.ui.AppServices;
import dev.poolscope.ui.app.AppWiring;
import dev.poolscope.ui.shell.ShellView;
import dev.poolscope.ui.shell.ShellViewModel;
import javafx.application.Application;
import javafx.scene.Scene;
import javafx.scene.image.Image;
import javafx.stage.Stage;

import java.util.List;
import java.util.Objects;

/** The JavaFX application: composes the services (see {@link AppWiring}), builds the shell, shows the start page. */
public final class PoolScopeApp extends Application {

    /** The smallest window the live view and the lab are laid out for. */
    static final double MIN_WIDTH = 960;
    static final double MIN_HEIGHT = 600;
    public static final String STYLESHEET = Objects.requireNonNull(
            PoolScopeApp.class.getResource("/dev/poolscope/ui/poolscope.css"), "poolscope.css missing").toExternalForm();

    private FxTaskExecutor executor;
    private ShellViewModel shell;
    private AppServices services;
    private dev.poolscope.appdata.AppData appData;
    private WindowMemory windowMemory;
    private Stage stage;

    public static void launchApp(String[] args) {
        Application.launch(PoolScopeApp.class, args);
    }

    /** Runs on the launcher thread, before the FX thread exists: file work belongs here, not in start(). */
    @Override
    public void init() {
        appData = dev.poolscope.appdata.AppData.open(dev.poolscope.appdata.AppDirs.forCurrentUser());
    }

    @Override
    public void start(Stage stage) {
        this.stage = stage;
        executor = new FxTaskExecutor();
        services = AppWiring.standard();
        shell = new ShellViewModel(services, executor);
        windowMemory = new WindowMemory(appData);
        var screen = javafx.stage.Screen.getPrimary().getVisualBounds();
        double[] first = firstWindowSize(screen.getWidth(), screen.getHeight());
        stage.setScene(createScene(shell, first[0], first[1]));
        windowMemory.restore(stage, shell);
        for (int size : new int[]{16, 32, 64, 256}) {
            var icon = PoolScopeApp.class.getResource("/dev/poolscope/ui/icon-" + size + ".png");
            if (icon != null) {
                stage.getIcons().add(new Image(icon.toExternalForm()));
            }
        }
        // The window title says what is connected, like the status bar, for the task switcher.
        stage.titleProperty().bind(javafx.beans.binding.Bindings.createStringBinding(() ->
                shell.liveProperty().get() == null ? "PoolScope"
                        : "PoolScope — " + dev.poolscope.ui.live.LiveViewModel.targetLabel(shell.liveProperty().get().target()),
                shell.liveProperty()));
        stage.setMinWidth(MIN_WIDTH);
        stage.setMinHeight(MIN_HEIGHT);
        stage.show();
        shell.start().refresh();
        List<String> raw = getParameters().getRaw();
        int pidAt = raw.indexOf("--pid");
        if (pidAt >= 0 && pidAt + 1 < raw.size() && raw.get(pidAt + 1).matches("\\d{1,10}")) {
            // `poolscope gui --pid N [--yes]`: the start page shows that JVM; --yes attaches to it.
            shell.start().openPid(Long.parseLong(raw.get(pidAt + 1)), raw.contains("--yes"));
        }
        if (raw.contains("--demo")) {
            // `poolscope gui --demo`: the start page's "Start the demo", for a one-command first look.
            shell.start().startDemo();
        }
    }

    /**
     * The window's size on a first start (later starts restore the user's): 92 % of a large screen,
     * at most 1440x940, but the whole of a small one. On a 1024x700 screen, 92 % would be below the
     * window's minimum and would take the evidence its last rows for a margin nobody uses.
     */
    static double[] firstWindowSize(double screenWidth, double screenHeight) {
        boolean small = screenWidth < MIN_WIDTH / 0.92 + 1 || screenHeight < 760;
        double share = small ? 1.0 : 0.92;
        return new double[]{Math.min(1440, screenWidth * share), Math.min(940, screenHeight * share)};
    }

    /** For tests of the restored page: shows the n-th extra screen (0 = the Lab). */
    void showPageForTest(int extraIndex) {
        shell.pageProperty().set(new ShellViewModel.Extra(extraIndex));
    }

    /** For tests: the extra screen shown, or -1 for the start page. */
    int pageIndexForTest() {
        return shell.pageProperty().get() instanceof ShellViewModel.Extra e ? e.index() : -1;
    }

    /** The window content for a shell view-model; tests use it to show the real shell. */
    public static Scene createScene(ShellViewModel shell, double width, double height) {
        Scene scene = new Scene(new ShellView(shell), width, height);
        scene.getStylesheets().add(STYLESHEET);
        return scene;
    }

    @Override
    public void stop() {
        if (windowMemory != null && stage != null) {
            windowMemory.save(stage, shell);
        }
        if (shell != null) {
            shell.close();
        }
        if (executor != null) {
            executor.close();
        }
        if (services != null && services.connector() instanceof AutoCloseable closeable) {
            try {
                closeable.close();
            } catch (Exception e) {
                // Exiting anyway; the connector's threads are daemons.
            }
        }
    }
}
