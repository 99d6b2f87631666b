package dev.poolscope.ui.app;

import dev.poolscope.live.TargetSnapshot;
import dev.poolscope.live.threads.ThreadCategory;
import dev.poolscope.live.threads.ThreadSample;
import dev.poolscope.testing.MutableClock;
import dev.poolscope.ui.SameThreadTaskExecutor;
import dev.poolscope.ui.TestData;
import dev.poolscope.ui.live.LiveView;
import dev.poolscope.ui.live.LiveViewModel;
import javafx.scene.Scene;
import javafx.scene.control.TabPane;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Issue 13: a headline that names a setting to change leads to the Doctor panel in one click. */
@ExtendWith(ApplicationExtension.class)
class HeadlineDoctorLinkTest {

    private static final Instant T0 = Instant.parse("2026-11-25T03:12:04Z");
    private final MutableClock clock = new MutableClock(T0);
    private LiveViewModel vm;

    @Start
    void start(Stage stage) {
        vm = new LiveViewModel(TestData.target(4242L, "pid 4242"), new SameThreadTaskExecutor(), clock,
                java.time.ZoneOffset.UTC);
        LiveView view = new LiveView(vm, List.of(ThreadsPanel.create(clock), DoctorPanel.create(SameThreadTaskExecutor::new)),
                null, () -> { }, () -> { });
        Scene scene = new Scene(view, 1280, 800);
        scene.getStylesheets().add(PoolScopeApp.STYLESHEET);
        stage.setScene(scene);
        stage.show();
    }

    @Test
    void anExhaustedPoolsHeadlineOpensTheDoctorTab(FxRobot robot) {
        ThreadSample waiter = new ThreadSample(7, "http-nio-8080-exec-7", "TIMED_WAITING", ThreadCategory.AWAITING_CONNECTION,
                15_000L, false, "orders", null, null, null,
                List.of("com.zaxxer.hikari.pool.HikariPool.getConnection(HikariPool.java:162)"));
        robot.interact(() -> vm.apply(new TargetSnapshot(T0, TestData.target(4242L, "pid 4242"),
                List.of(TestData.pool("orders", List.of(TestData.inUse("c1", 60_000, 600_000, "worker-1")))),
                List.of(waiter))));
        TabPane tabs = robot.lookup("#live-panels").queryAs(TabPane.class);
        assertThat(tabs.getSelectionModel().getSelectedItem().getText()).isEqualTo("Threads");

        robot.clickOn("#live-headline-doctor");

        assertThat(tabs.getSelectionModel().getSelectedItem().getText()).isEqualTo("Doctor");
    }

    @Test
    void anOkHeadlineHasNoDoctorLink(FxRobot robot) {
        robot.interact(() -> vm.apply(new TargetSnapshot(T0, TestData.target(4242L, "pid 4242"),
                List.of(TestData.pool("orders", List.of(TestData.idle("c1", 1_000, 600_000)))),
                List.of(new ThreadSample(1, "worker-1", "WAITING", ThreadCategory.OTHER, null, false, null, null, null,
                        null, List.of("java.lang.Object.wait(Native Method)"))))));
        assertThat(robot.lookup("#live-headline-doctor").query().isVisible()).isFalse();
    }
}
