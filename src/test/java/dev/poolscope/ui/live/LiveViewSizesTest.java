package dev.poolscope.ui.live;

import dev.poolscope.live.ConnectionRow;
import dev.poolscope.live.TargetSnapshot;
import dev.poolscope.live.threads.ThreadCategory;
import dev.poolscope.live.threads.ThreadSample;
import dev.poolscope.testing.MutableClock;
import dev.poolscope.ui.LivePanel;
import dev.poolscope.ui.app.PoolScopeApp;
import dev.poolscope.ui.SameThreadTaskExecutor;
import dev.poolscope.ui.Screenshots;
import dev.poolscope.ui.TestData;
import dev.poolscope.ui.threads.ThreadsView;
import dev.poolscope.ui.threads.ThreadsViewModel;
import javafx.geometry.Bounds;
import javafx.scene.Node;
import javafx.scene.Scene;
import javafx.scene.control.Control;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static dev.poolscope.ui.TestData.idle;
import static dev.poolscope.ui.TestData.inUse;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The evidence keeps its room at every window size the app supports: with the headline at its
 * longest, the connection table shows at least five rows, the threads panel five rows, and the
 * threads toolbar is inside the window. The scene is the window minus the shell's navigation and
 * status bar (80 px, measured in the real window).
 */
@ExtendWith(ApplicationExtension.class)
class LiveViewSizesTest {


    private static final double SHELL_CHROME = 80;
    private static final Instant T0 = Instant.parse("2026-11-25T03:12:04Z");
    private final MutableClock clock = new MutableClock(T0);
    private LiveViewModel vm;
    private ThreadsViewModel threads;
    private Stage stage;

    @Start
    void start(Stage stage) {
        this.stage = stage;
        vm = new LiveViewModel(TestData.target(4242L, "pid 4242"), new SameThreadTaskExecutor(), clock);
        threads = new ThreadsViewModel(clock, Runnable::run, Runnable::run);
        LivePanel panel = new LivePanel("Threads", context -> {
            context.snapshots().addListener((obs, old, s) -> threads.apply(s.threads()));
            ThreadsView view = new ThreadsView(threads);
            view.setHeadlineShown(false);
            return view;
        });
        LiveView view = new LiveView(vm, List.of(panel), null, () -> { }, () -> { });
        Scene scene = new Scene(view, 1024, 700 - SHELL_CHROME);
        scene.getStylesheets().add(PoolScopeApp.STYLESHEET);
        stage.setScene(scene);
        stage.show();
    }

    @Test
    void at1024x700() throws Exception {
        assertEvidenceFits(1024, 700);
    }

    @Test
    void at1325x828() throws Exception {
        assertEvidenceFits(1325, 828);
    }

    @Test
    void at1920x1080() throws Exception {
        assertEvidenceFits(1920, 1080);
    }

    private void assertEvidenceFits(double width, double height, FxRobot... unused) throws Exception {
        FxRobot robot = new FxRobot();
        robot.interact(() -> {
            stage.setWidth(width);
            stage.setHeight(height - SHELL_CHROME);
            vm.apply(longestHeadline());
        });
        robot.interact(() -> { });
        robot.interact(() -> { }); // the split's dividers follow the first layout pass

        Scene scene = stage.getScene();
        Control table = robot.lookup("#connection-table").queryAs(Control.class);
        Control threadTable = robot.lookup("#threads-table").queryAs(Control.class);
        Node toolbar = robot.lookup("#export-dump").query();
        robot.interact(() -> {
            try {
                Screenshots.save(scene.getRoot(), "live-" + (int) width + "x" + (int) height);
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });

        assertThat(rowsShown(table, 28)).as("connection rows at %sx%s", width, height).isGreaterThanOrEqualTo(5);
        assertThat(rowsShown(threadTable, 24)).as("thread rows at %sx%s", width, height).isGreaterThanOrEqualTo(5);
        // The server's words sit beside the tiles, not on a line of their own, and hide no tile.
        Node server = robot.lookup("#live-server-line").query();
        Bounds serverBounds = server.localToScene(server.getLayoutBounds());
        for (Node card : robot.lookup(".pool-card").queryAll()) {
            Bounds c = card.localToScene(card.getLayoutBounds());
            assertThat(c.getWidth()).as("pool tile laid out").isGreaterThan(100);
            assertThat(c.getMaxX()).as("pool tile left of the server line").isLessThanOrEqualTo(serverBounds.getMinX());
            assertThat(serverBounds.getMinY()).as("server line beside the tiles").isLessThan(c.getMaxY());
        }
        Bounds button = toolbar.localToScene(toolbar.getLayoutBounds());
        assertThat(button.getMaxY()).as("threads toolbar inside the window").isLessThanOrEqualTo(scene.getHeight());
        assertThat(button.getMaxX()).isLessThanOrEqualTo(scene.getWidth());
    }

    /** Rows the table has room for: its height below the column header, in rows of the fixed cell size. */
    private static double rowsShown(Control table, double rowHeight) {
        Node header = table.lookup(".column-header-background");
        double headerHeight = header == null ? 0 : header.getLayoutBounds().getHeight();
        return Math.floor((table.getHeight() - headerHeight) / rowHeight);
    }

    /** Many connections and threads, and a critical headline with its cause and setting. */
    private static TargetSnapshot longestHeadline() {
        List<ConnectionRow> rows = new ArrayList<>();
        rows.add(inUse("conn-1", 95_000, 600_000, "http-nio-8080-exec-7"));
        for (int i = 2; i <= 20; i++) {
            rows.add(idle("conn-" + i, 9_000 + i, 300_000));
        }
        List<ThreadSample> sample = new ArrayList<>();
        for (long id = 1; id <= 12; id++) {
            sample.add(new ThreadSample(id, "http-nio-8080-exec-" + id, "RUNNABLE", ThreadCategory.SOCKET_IO,
                    95_000L, false, "orders", id == 1 ? "conn-1" : null, null, null,
                    List.of("sun.nio.ch.NioSocketImpl.read(NioSocketImpl.java:350)",
                            "org.postgresql.core.PGStream.receiveChar(PGStream.java:455)")));
        }
        for (long id = 100; id < 140; id++) {
            sample.add(new ThreadSample(id, "worker-" + id, "WAITING", ThreadCategory.AWAITING_CONNECTION, 30_000L,
                    false, "orders", null, null, null, List.of("com.zaxxer.hikari.pool.HikariPool.getConnection(HikariPool.java:162)")));
        }
        return new TargetSnapshot(T0, TestData.target(4242L, "pid 4242"),
                List.of(TestData.pool("orders", rows), TestData.pool("reporting (read-only)",
                        List.of(idle("rep-1", 4_000, 200_000)))), sample);
    }
}
