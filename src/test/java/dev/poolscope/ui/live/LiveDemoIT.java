package dev.poolscope.ui.live;

import dev.poolscope.live.ConnectionState;
import dev.poolscope.ui.app.AppWiring;
import dev.poolscope.ui.FxTaskExecutor;
import dev.poolscope.ui.app.PoolScopeApp;
import dev.poolscope.ui.Screenshots;
import dev.poolscope.ui.shell.ShellViewModel;
import javafx.stage.Stage;
import org.controlsfx.control.StatusBar;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The GUI as a user meets it, with the app's real services: one click on "Start the demo" starts
 * the embedded PostgreSQL and the demo service, attaches with the probe, and the live view fills
 * with the demo's pools and their connections, refreshed every second.
 */
@ExtendWith(ApplicationExtension.class)
class LiveDemoIT {

    static {
        // A larger headless screen (Monocle's default is 1280x800) when this class starts the toolkit,
        // so the screenshot shows the window at the size the app opens on a common desktop.
        System.setProperty("headless.geometry", "1440x940-32");
        System.setProperty("monocle.headless.geometry", "1440x940-32");
    }

    private FxTaskExecutor executor;
    private ShellViewModel shell;

    @Start
    void start(Stage stage) {
        executor = new FxTaskExecutor();
        shell = new ShellViewModel(AppWiring.standard(), executor);
        stage.setScene(PoolScopeApp.createScene(shell,
                Math.min(1440, javafx.stage.Screen.getPrimary().getBounds().getWidth()),
                Math.min(940, javafx.stage.Screen.getPrimary().getBounds().getHeight())));
        stage.show();
    }

    @AfterEach
    void stop() {
        shell.close(); // stops the demo service and its PostgreSQL
        executor.close();
    }

    /** State and banner change together on the FX thread: read them there (FxThread). */
    private static <T> T onFx(java.util.concurrent.Callable<T> read) {
        return dev.poolscope.ui.FxThread.read(read);
    }

    private static void signal(String signal, long pid) throws Exception {
        Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(pid)).inheritIO().start();
        assertThat(kill.waitFor(5, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
        assertThat(kill.exitValue()).isZero();
    }

    @Test
    void startTheDemoShowsItsPoolsConnectionByConnection(FxRobot robot) throws Exception {
        long clicked = System.nanoTime();
        robot.clickOn("#start-demo");

        await().atMost(Duration.ofSeconds(90)).untilAsserted(() -> {
            assertThat(shell.start().demoErrorProperty().get()).isNull();
            LiveViewModel live = shell.liveProperty().get();
            assertThat(live).isNotNull();
            assertThat(live.pools()).isNotEmpty();
            assertThat(live.connections()).isNotEmpty();
        });
        System.out.printf("GUI: click 'Start the demo' -> pools on screen: %d ms%n",
                (System.nanoTime() - clicked) / 1_000_000);
        LiveViewModel first = shell.liveProperty().get();

        // Attaching again to the running demo, as a user would after Disconnect: click to pools on screen.
        robot.clickOn("#disconnect");
        long reattachClicked = System.nanoTime();
        robot.clickOn("#start-demo");
        await().atMost(Duration.ofSeconds(30)).until(() -> shell.liveProperty().get() != null
                && shell.liveProperty().get() != first && !shell.liveProperty().get().pools().isEmpty());
        long reattachMillis = (System.nanoTime() - reattachClicked) / 1_000_000;
        System.out.printf("GUI: click 'Attach to the demo' -> pools on screen: %d ms%n", reattachMillis);
        assertThat(reattachMillis).as("attach through the GUI, click to pools on screen").isLessThan(5_000);

        LiveViewModel live = shell.liveProperty().get();
        await().atMost(Duration.ofSeconds(10)).until(() -> !live.connections().isEmpty());
        // Ages grow between refreshes on the same row objects: rows are updated in place, not rebuilt.
        ConnectionItem tracked = live.connections().get(0);
        long ageBefore = tracked.row().ageMillis();
        int appliedBefore = live.appliedProperty().get();
        await().atMost(Duration.ofSeconds(10)).until(() -> live.appliedProperty().get() >= appliedBefore + 3);
        if (live.connections().contains(tracked)) {
            assertThat(tracked.row().ageMillis()).isGreaterThanOrEqualTo(ageBefore + 1_500);
        }
        assertThat(live.connections()).anyMatch(c -> c.row().state() == ConnectionState.IDLE && c.row().idleMillis() != null);
        assertThat(robot.lookup("#status-bar").queryAs(StatusBar.class).getText()).contains("updated");
        // The threads panel under the table gets the same snapshots: the demo's threads are listed.
        await().atMost(Duration.ofSeconds(10)).until(() ->
                !robot.lookup("#threads-table").queryAs(javafx.scene.control.TreeTableView.class).getRoot().getChildren().isEmpty());
        // The demo holds some connections for seconds: once the probe has seen such a borrow, the
        // table names the borrowing thread and how long it has held the connection.
        await().atMost(Duration.ofSeconds(30)).until(() -> live.connections().stream().anyMatch(c ->
                c.row().state() == ConnectionState.IN_USE && c.row().borrowerThread() != null
                        && c.row().inUseMillis() != null && c.row().inUseMillis() >= 500));

        // The charts have a point per refresh; the headline says whether anything is wrong.
        assertThat(robot.lookup("#count-chart").queryAs(javafx.scene.chart.LineChart.class).getData()).hasSize(4);
        assertThat(live.historyOf(live.selectedPoolProperty().get()).size()).isGreaterThanOrEqualTo(3);
        assertThat(live.headlineProperty().get()).isNotNull();
        // Select the held connection, so the detail pane shows its holder (and borrow stack once held > 1 s).
        robot.interact(() -> live.connections().stream()
                .filter(c -> c.row().state() == ConnectionState.IN_USE && c.row().borrowerThread() != null)
                .max(java.util.Comparator.comparing(c -> c.row().inUseMillis() == null ? 0L : c.row().inUseMillis()))
                .ifPresent(c -> live.showConnection(live.selectedPoolProperty().get(), c.id())));
        robot.interact(() -> {
            try {
                Screenshots.save(robot.lookup("#live-view").query().getScene().getRoot(), "live-demo");
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        assertThat(List.of(live.stateProperty().get())).containsExactly(LiveState.LIVE);

        // The service hangs (SIGSTOP, like a long GC pause or a stopped debugger): "not responding",
        // the data kept; when it runs again, live again.
        long pid = shell.start().demo().servicePid();
        if (!System.getProperty("os.name", "").toLowerCase().startsWith("windows")) {
            signal("STOP", pid);
            try {
                // State and banner change together on the FX thread, in one runnable: read them there,
                // as a pair, or this thread can see the new state before the banner that follows it.
                await().atMost(Duration.ofSeconds(20)).until(() ->
                        onFx(() -> live.stateProperty().get() == LiveState.NOT_RESPONDING));
                String banner = onFx(() -> live.bannerProperty().get());
                // A read has missed its 5 s deadline by now, so the target has been silent at least that long.
                var silent = java.util.regex.Pattern.compile("Target not responding — every figure below is as of "
                        + "\\d\\d:\\d\\d:\\d\\d \\((\\d+)(?:\\.\\d)? s ago\\)").matcher(banner);
                assertThat(silent.find()).as(banner).isTrue();
                assertThat(Integer.parseInt(silent.group(1))).isGreaterThanOrEqualTo(5);
                assertThat(live.connections()).isNotEmpty();
                assertThat(live.statusProperty().get()).endsWith(" · not responding");
                robot.interact(() -> {
                    try {
                        Screenshots.save(robot.lookup("#live-view").query().getScene().getRoot(), "live-demo-not-responding");
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                });
            } finally {
                signal("CONT", pid);
            }
            await().atMost(Duration.ofSeconds(20)).until(() -> onFx(() -> live.stateProperty().get() == LiveState.LIVE));
            assertThat(onFx(() -> live.bannerProperty().get())).isNull();
        }

        // The service dies under the live view: a clear, frozen state, not a stream of errors.
        ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
        await().atMost(Duration.ofSeconds(20)).until(() -> onFx(() -> live.stateProperty().get() == LiveState.GONE));
        assertThat(onFx(() -> live.bannerProperty().get())).startsWith("Target exited at ").contains("every figure below is as of ");
        assertThat(live.connections()).isNotEmpty();
        assertThat(robot.lookup("#live-reconnect").query().isVisible()).isTrue();
        robot.interact(() -> {
            try {
                Screenshots.save(robot.lookup("#live-view").query().getScene().getRoot(), "live-demo-exited");
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
    }
}
