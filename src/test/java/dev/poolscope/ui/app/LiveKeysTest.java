package dev.poolscope.ui.app;

import dev.poolscope.live.TargetSnapshot;
import dev.poolscope.live.threads.ThreadCategory;
import dev.poolscope.live.threads.ThreadSample;
import dev.poolscope.testing.MutableClock;
import dev.poolscope.ui.SameThreadTaskExecutor;
import dev.poolscope.ui.TestData;
import dev.poolscope.ui.live.ConnectionItem;
import dev.poolscope.ui.live.LiveView;
import dev.poolscope.ui.live.LiveViewModel;
import dev.poolscope.ui.threads.ThreadRow;
import javafx.scene.Scene;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;
import javafx.scene.control.TreeItem;
import javafx.scene.control.TreeTableView;
import javafx.scene.input.Clipboard;
import javafx.scene.input.KeyCode;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

import static dev.poolscope.ui.TestData.idle;
import static dev.poolscope.ui.TestData.inUse;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Issue 14 item 5: the live view's keyboard with the real threads panel. Ctrl+F filters
 * connections or threads (whichever has the focus), Ctrl+C copies the selected rows as text, and
 * the threads table sorts by a clicked column.
 */
@ExtendWith(ApplicationExtension.class)
class LiveKeysTest {


    private static final Instant T0 = Instant.parse("2026-11-25T03:12:04Z");
    private final MutableClock clock = new MutableClock(T0);
    private LiveViewModel vm;

    @Start
    void start(Stage stage) {
        vm = LiveViewStage.show(stage, clock);
    }

    private static ThreadSample waiter(long id, long stuckMillis) {
        return new ThreadSample(id, "http-nio-8080-exec-" + id, "TIMED_WAITING", ThreadCategory.AWAITING_CONNECTION,
                stuckMillis, false, "orders", null, null, null,
                List.of("com.zaxxer.hikari.pool.HikariPool.getConnection(HikariPool.java:162)",
                        "com.example.orders.OrderService.place" + id + "(OrderService.java:42)"));
    }

    private static TargetSnapshot snapshot() {
        return new TargetSnapshot(T0, TestData.target(4242L, "pid 4242"),
                List.of(TestData.pool("orders", List.of(
                        idle("conn-1", 252_000, 1_200_000),
                        idle("conn-2", 41_000, 900_000),
                        inUse("conn-3", 2_300, 600_000, "http-nio-8080-exec-3")))),
                // In the view-model's order: longest in the same place first.
                List.of(waiter(7, 3_000), waiter(8, 9_000), waiter(9, 1_000)));
    }

    private static <T> T onFx(Callable<T> work) {
        return dev.poolscope.ui.FxThread.read(work);
    }

    private List<String> connectionIds(FxRobot robot) {
        TableView<ConnectionItem> table = robot.lookup("#connection-table").queryAs(TableView.class);
        return onFx(() -> table.getItems().stream().map(ConnectionItem::id).toList());
    }

    private List<String> threadNames(FxRobot robot) {
        TreeTableView<ThreadRow> table = robot.lookup("#threads-table").queryAs(TreeTableView.class);
        return onFx(() -> {
            List<String> names = new ArrayList<>();
            for (TreeItem<ThreadRow> group : table.getRoot().getChildren()) {
                for (TreeItem<ThreadRow> item : group.getChildren()) {
                    names.add(item.getValue().nameProperty().get());
                }
            }
            return names;
        });
    }

    private void ctrl(FxRobot robot, KeyCode key) {
        robot.press(KeyCode.CONTROL).type(key).release(KeyCode.CONTROL);
    }

    private static String clipboard() {
        return onFx(() -> Clipboard.getSystemClipboard().getString());
    }

    private void loaded(FxRobot robot) {
        robot.interact(() -> vm.apply(snapshot()));
        await().atMost(Duration.ofSeconds(5)).until(() -> threadNames(robot).size() == 3);
    }

    @Test
    void ctrlFFiltersTheConnectionsAndEscapeClearsTheFilter(FxRobot robot) {
        loaded(robot);
        robot.clickOn("#connection-table");

        ctrl(robot, KeyCode.F);
        TextField filter = robot.lookup("#connection-filter").queryAs(TextField.class);
        assertThat(filter.isFocused()).isTrue();
        robot.write("exec-3");

        assertThat(connectionIds(robot)).containsExactly("conn-3");
        // A refresh keeps the filter.
        robot.interact(() -> vm.apply(snapshot()));
        assertThat(connectionIds(robot)).containsExactly("conn-3");

        robot.type(KeyCode.ESCAPE);
        assertThat(filter.getText()).isEmpty();
        assertThat(connectionIds(robot)).hasSize(3);
    }

    @Test
    void ctrlCCopiesTheSelectedConnectionsAsTextLines(FxRobot robot) {
        loaded(robot);
        TableView<ConnectionItem> table = robot.lookup("#connection-table").queryAs(TableView.class);
        robot.interact(() -> {
            table.getSelectionModel().clearSelection();
            table.getSelectionModel().selectIndices(0, 1);
        });
        robot.clickOn("#connection-filter"); // focus elsewhere first: Ctrl+C belongs to the focused table
        robot.interact(table::requestFocus);

        ctrl(robot, KeyCode.C);

        // Sorted by idle age, longest first, as on screen.
        assertThat(clipboard()).isEqualTo("Pool\tConnection\tState\tIdle\tIn use\tBorrower thread\tAge\n"
                + "orders\tconn-1\tidle\t4m 12s\t–\t\t20m 00s / 30m\n"
                + "orders\tconn-2\tidle\t41 s\t–\t\t15m 00s / 30m\n");
    }

    @Test
    void ctrlFInTheThreadsPanelFiltersThreadsByNameOrStackFrameAndCtrlCCopiesThem(FxRobot robot) {
        loaded(robot);
        robot.clickOn("#threads-table");

        ctrl(robot, KeyCode.F);
        TextField filter = robot.lookup("#thread-filter").queryAs(TextField.class);
        assertThat(filter.isFocused()).isTrue();
        assertThat(robot.lookup("#connection-filter").queryAs(TextField.class).isFocused()).isFalse();
        robot.write("place8"); // a frame of thread 8's stack, not in its name
        assertThat(threadNames(robot)).containsExactly("http-nio-8080-exec-8");

        TreeTableView<ThreadRow> table = robot.lookup("#threads-table").queryAs(TreeTableView.class);
        robot.interact(() -> {
            table.requestFocus();
            table.getSelectionModel().clearSelection();
            table.getSelectionModel().select(table.getRoot().getChildren().get(0).getChildren().get(0));
        });
        ctrl(robot, KeyCode.C);

        assertThat(clipboard()).isEqualTo("Thread\tState\tSame place for\tPool\tConnection\tWaiting for\n"
                + "http-nio-8080-exec-8\tTIMED_WAITING\t9.0 s\torders\t\ta connection from orders\n");
    }

    @Test
    void clickingSamePlaceForSortsThreadsByTheirDurationBothWays(FxRobot robot) {
        loaded(robot);
        assertThat(threadNames(robot)).containsExactly("http-nio-8080-exec-8", "http-nio-8080-exec-7", "http-nio-8080-exec-9");

        robot.clickOn("Same place for");
        assertThat(threadNames(robot)).containsExactly("http-nio-8080-exec-9", "http-nio-8080-exec-7", "http-nio-8080-exec-8");
        // A refresh keeps the user's order.
        robot.interact(() -> vm.apply(snapshot()));
        await().atMost(Duration.ofSeconds(5)).until(() -> threadNames(robot)
                .equals(List.of("http-nio-8080-exec-9", "http-nio-8080-exec-7", "http-nio-8080-exec-8")));

        robot.clickOn("Same place for");
        assertThat(threadNames(robot)).containsExactly("http-nio-8080-exec-8", "http-nio-8080-exec-7", "http-nio-8080-exec-9");
        robot.clickOn("Thread");
        assertThat(threadNames(robot)).containsExactly("http-nio-8080-exec-7", "http-nio-8080-exec-8", "http-nio-8080-exec-9");
    }
}
