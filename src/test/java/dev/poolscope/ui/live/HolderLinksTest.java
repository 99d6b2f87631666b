package dev.poolscope.ui.live;

import dev.poolscope.live.ConnectionRow;
import dev.poolscope.live.ConnectionState;
import dev.poolscope.live.TargetSnapshot;
import dev.poolscope.live.threads.ThreadCategory;
import dev.poolscope.live.threads.ThreadSample;
import dev.poolscope.ui.LivePanel;
import dev.poolscope.testing.MutableClock;
import dev.poolscope.ui.app.PoolScopeApp;
import dev.poolscope.ui.SameThreadTaskExecutor;
import dev.poolscope.ui.TestData;
import dev.poolscope.ui.threads.ThreadsView;
import dev.poolscope.ui.threads.ThreadsViewModel;
import javafx.scene.Scene;
import javafx.scene.control.Hyperlink;
import javafx.scene.control.TabPane;
import javafx.scene.control.TextArea;
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
import static org.assertj.core.api.Assertions.assertThat;

/** The connection table and the threads panel point at each other: holder thread and held connection. */
@ExtendWith(ApplicationExtension.class)
class HolderLinksTest {

    private static final Instant T0 = Instant.parse("2026-11-25T03:12:04Z");
    private final MutableClock clock = new MutableClock(T0);
    private LiveViewModel vm;
    private ThreadsViewModel threads;
    private LiveView view;

    @Start
    void start(Stage stage) {
        vm = new LiveViewModel(TestData.target(4242L, "pid 4242"), new SameThreadTaskExecutor(), clock);
        threads = new ThreadsViewModel(clock, Runnable::run, Runnable::run);
        LivePanel panel = new LivePanel("Threads", context -> {
            context.snapshots().addListener((obs, old, s) -> threads.apply(s.threads()));
            ThreadsView threadsView = new ThreadsView(threads);
            threadsView.setHeadlineShown(false); // as the app's ThreadsPanel does: the live view shows it
            return threadsView;
        });
        view = new LiveView(vm, List.of(panel), null, () -> { }, () -> { });
        Scene scene = new Scene(view, 1280, 800);
        scene.getStylesheets().add(PoolScopeApp.STYLESHEET);
        stage.setScene(scene);
        stage.show();
    }

    static ConnectionRow held(String id, long threadId, List<String> stack) {
        return new ConnectionRow(id, ConnectionState.IN_USE, null, 75_000L, 600_000L, true,
                "http-nio-8080-exec-" + threadId, threadId, stack);
    }

    static ThreadSample holder(long id, String connectionId) {
        return new ThreadSample(id, "http-nio-8080-exec-" + id, "RUNNABLE", ThreadCategory.SOCKET_IO, 75_000L,
                false, "orders", connectionId, null, null,
                List.of("sun.nio.ch.NioSocketImpl.read(NioSocketImpl.java:350)"));
    }

    static TargetSnapshot snapshot() {
        List<ThreadSample> all = new ArrayList<>();
        all.add(holder(77, "conn-3"));
        // Enough other threads that the holder's row is off screen until the panel scrolls to it.
        for (long i = 1000; i < 1200; i++) {
            all.add(new ThreadSample(i, "worker-" + i, "WAITING", ThreadCategory.SOCKET_IO, 80_000L + i, false,
                    "orders", null, null, null, List.of("java.lang.Object.wait(Native Method)")));
        }
        return new TargetSnapshot(T0, TestData.target(4242L, "pid 4242"), List.of(TestData.pool("orders", List.of(
                idle("conn-1", 252_000, 1_200_000),
                held("conn-3", 77, List.of("com.example.OrderRepository.findOpen(OrderRepository.java:42)",
                        "com.example.OrderService.list(OrderService.java:17)")),
                idle("conn-4", 9_000, 300_000)))), all);
    }

    @Test
    void theBorrowerLinkSelectsTheHolderInTheThreadsPanelAndTheDetailShowsTheBorrowStack(FxRobot robot) {
        robot.interact(() -> vm.apply(snapshot()));

        robot.clickOn(robot.lookup(".borrower-link").queryAs(Hyperlink.class));

        assertThat(threads.selectedThreadIdProperty().get()).isEqualTo(77L);
        TabPane tabs = robot.lookup("#live-panels").queryAs(TabPane.class);
        assertThat(tabs.getSelectionModel().getSelectedItem().getText()).isEqualTo("Threads");
        assertThat(view.table().getSelectionModel().getSelectedItem().id()).isEqualTo("conn-3");
        String detail = robot.lookup("#connection-detail-text").queryAs(TextArea.class).getText();
        assertThat(detail).contains("http-nio-8080-exec-77").contains("at com.example.OrderRepository.findOpen(OrderRepository.java:42)");
    }

    @Test
    void showConnectionOnTheHolderThreadSelectsItsRowInTheTable(FxRobot robot) {
        robot.interact(() -> vm.apply(snapshot()));
        robot.interact(() -> view.table().getSelectionModel().select(0));
        assertThat(view.table().getSelectionModel().getSelectedItem().id()).isNotEqualTo("conn-3");

        robot.interact(() -> threads.selectThread(77));
        robot.clickOn("#show-connection");

        assertThat(view.table().getSelectionModel().getSelectedItem().id()).isEqualTo("conn-3");
        assertThat(vm.selectedConnectionIdProperty().get()).isEqualTo("conn-3");
    }

    @Test
    void aShortBorrowSaysWhyThereIsNoStack(FxRobot robot) {
        robot.interact(() -> vm.apply(new TargetSnapshot(T0, TestData.target(4242L, "pid 4242"),
                List.of(TestData.pool("orders", List.of(held("conn-9", 5, List.of())))), List.of())));
        robot.interact(() -> view.table().getSelectionModel().select(0));

        assertThat(robot.lookup("#connection-detail-text").queryAs(TextArea.class).getText())
                .contains("held less than the probe's stack threshold (1 s)");
    }

    @Test
    void theBannerFollowsTheThreadsPanelsStuckThreshold(FxRobot robot) {
        robot.interact(() -> vm.apply(snapshot()));
        javafx.scene.control.Label problem = robot.lookup("#live-headline-problem").queryAs(javafx.scene.control.Label.class);
        assertThat(problem.getText()).contains("stuck in socket reads");

        robot.interact(() -> threads.thresholdProperty().set(java.time.Duration.ofHours(1)));

        assertThat(problem.getText()).startsWith("No stuck threads");
    }
}
