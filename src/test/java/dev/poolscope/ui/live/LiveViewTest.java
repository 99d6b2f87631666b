package dev.poolscope.ui.live;

import dev.poolscope.live.BorrowStats;
import dev.poolscope.live.ConnectionRow;
import dev.poolscope.live.ConnectionState;
import dev.poolscope.live.PoolSnapshot;
import dev.poolscope.attach.ProbeStatus;
import dev.poolscope.attach.TargetInfo;
import dev.poolscope.live.TargetSnapshot;
import dev.poolscope.testing.MutableClock;
import dev.poolscope.ui.app.PoolScopeApp;
import dev.poolscope.ui.SameThreadTaskExecutor;
import dev.poolscope.ui.Screenshots;
import dev.poolscope.ui.TestData;
import javafx.scene.Scene;
import javafx.scene.control.Label;
import javafx.scene.control.TableRow;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static dev.poolscope.ui.TestData.idle;
import static dev.poolscope.ui.TestData.inUse;
import static org.assertj.core.api.Assertions.assertThat;

@ExtendWith(ApplicationExtension.class)
class LiveViewTest {

    private static final Instant T0 = Instant.parse("2026-11-25T03:12:04Z");
    private final MutableClock clock = new MutableClock(T0);
    private LiveViewModel vm;
    private LiveView view;

    @Start
    void start(Stage stage) {
        vm = new LiveViewModel(TestData.target(4242L, "pid 4242"), new SameThreadTaskExecutor(), clock);
        view = new LiveView(vm, List.of(), null, () -> { }, () -> { });
        Scene scene = new Scene(view, 1280, 720);
        scene.getStylesheets().add(PoolScopeApp.STYLESHEET);
        stage.setScene(scene);
        stage.show();
    }

    private static TargetSnapshot first() {
        return TestData.snapshot(T0, TestData.pool("orders", List.of(
                idle("conn-1", 252_000, 1_200_000),
                idle("conn-2", 40_000, 900_000),
                inUse("conn-3", 2_300, 600_000, "http-nio-8080-exec-7"),
                idle("conn-4", 9_000, 300_000))));
    }

    /** One second later: conn-4 has become the longest idle, conn-1 was borrowed. */
    private static TargetSnapshot second() {
        return TestData.snapshot(T0.plusSeconds(1), TestData.pool("orders", List.of(
                inUse("conn-1", 150, 1_201_000, "http-nio-8080-exec-2"),
                idle("conn-2", 41_000, 901_000),
                inUse("conn-3", 3_300, 601_000, "http-nio-8080-exec-7"),
                idle("conn-4", 600_000, 301_000))));
    }

    private List<String> shownOrder() {
        return view.table().getItems().stream().map(ConnectionItem::id).toList();
    }

    @Test
    void rowsAreSortedByIdleAgeLongestFirst(FxRobot robot) {
        robot.interact(() -> vm.apply(first()));

        assertThat(shownOrder()).containsExactly("conn-1", "conn-2", "conn-4", "conn-3");
    }

    @Test
    void selectionAndSortSurviveTwoSnapshots(FxRobot robot) {
        robot.interact(() -> vm.apply(first()));
        TableRow<?> conn2 = robot.lookup(".table-row-cell").match((TableRow<?> r) ->
                r.getItem() instanceof ConnectionItem item && item.id().equals("conn-2")).query();
        robot.clickOn(conn2);
        assertThat(view.table().getSelectionModel().getSelectedItem().id()).isEqualTo("conn-2");

        robot.interact(() -> vm.apply(second()));

        assertThat(shownOrder()).containsExactly("conn-4", "conn-2", "conn-1", "conn-3");
        assertThat(view.table().getSelectionModel().getSelectedItems()).extracting(ConnectionItem::id)
                .containsExactly("conn-2");
        assertThat(view.table().getSortOrder()).containsExactly(view.table().idleColumn);
    }

    @Test
    void idleAgeIsShownAgainstIdleTimeout(FxRobot robot) {
        robot.interact(() -> vm.apply(first()));

        assertThat(robot.lookup("#connection-table .label").queryAllAs(Label.class))
                .extracting(Label::getText)
                .contains("4m 12s / 10m", "20m 00s / 30m", "in use", "idle");
    }

    @Test
    void exitedTargetShowsAFrozenBannerWithReconnect(FxRobot robot) {
        robot.interact(() -> vm.apply(first()));
        robot.interact(() -> vm.applyFailure("Connection to pid 4242 lost: the target exited or closed JMX.", true));

        Label banner = robot.lookup("#live-banner-text").queryAs(Label.class);
        assertThat(banner.isVisible()).isTrue();
        assertThat(banner.getText()).startsWith("Target exited — data frozen at ");
        assertThat(robot.lookup("#live-reconnect").query().isVisible()).isTrue();
        assertThat(shownOrder()).hasSize(4);
    }

    @Test
    void probeNotesOfThePoolAreShownAsAnInfoLine(FxRobot robot) {
        PoolSnapshot noHook = new PoolSnapshot("orders", "HikariCP", "3.4.5", 0, 2, 2, 0, TestData.CONFIG,
                BorrowStats.waitingOnly(0),
                List.of(new ConnectionRow("c1", ConnectionState.IDLE, 1_000L, null, 5_000L, false, null, null)),
                false, List.of("in-use time and borrower thread not available: the borrow hook was refused"));
        robot.interact(() -> vm.apply(TestData.snapshot(T0, noHook)));

        Label notes = robot.lookup("#pool-notes").queryAs(Label.class);
        assertThat(notes.isVisible()).isTrue();
        assertThat(notes.getText()).contains("the borrow hook was refused");
    }

    @Test
    void withoutTheProbeAnEmptyPoolListSaysWhy(FxRobot robot) {
        TargetInfo failed = new TargetInfo(4242L, "demo-service", "21.0.2", "pid 4242", ProbeStatus.FAILED,
                "the target refused the probe (agent JAR not found or no Agent-Class attribute)");
        robot.interact(() -> vm.apply(new TargetSnapshot(T0, failed, List.of(), List.of())));

        Label none = robot.lookup("#no-pools").queryAs(Label.class);
        assertThat(none.isVisible()).isTrue();
        assertThat(none.getText()).contains("registerMbeans=true");
        assertThat(robot.lookup("#probe-note").queryAs(Label.class).getText())
                .startsWith("Probe failed to load: the target refused the probe");
        robot.interact(() -> {
            try {
                Screenshots.save(view.getScene().getRoot(), "live-view-probe-failed");
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
    }

    /** Not a check: leaves target/screenshots/live-view.png for a person to look at. */
    @Test
    void rendersTheLiveViewForAPerson(FxRobot robot) throws Exception {
        robot.interact(() -> vm.apply(first()));
        clock.advance(Duration.ofMillis(400));
        robot.interact(() -> vm.apply(second()));
        WaitForAsyncUtils.waitForFxEvents();
        robot.interact(() -> {
            try {
                assertThat(Screenshots.save(view.getScene().getRoot(), "live-view")).exists();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
    }
}
