package dev.poolscope.ui.app;

import dev.poolscope.live.TargetSnapshot;
import dev.poolscope.live.threads.ThreadCategory;
import dev.poolscope.live.threads.ThreadSample;
import dev.poolscope.testing.MutableClock;
import dev.poolscope.ui.SameThreadTaskExecutor;
import dev.poolscope.ui.TestData;
import dev.poolscope.ui.live.LiveView;
import dev.poolscope.ui.live.LiveViewModel;
import dev.poolscope.ui.threads.ThreadRow;
import javafx.scene.Node;
import javafx.scene.Scene;
import javafx.scene.control.Label;
import javafx.scene.control.TreeItem;
import javafx.scene.control.TreeTableView;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Callable;

import static dev.poolscope.ui.TestData.inUse;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Issue 14 item 2: stale data (paused, not responding, target gone) is marked as such in the live
 * view with the real threads panel, its ticking durations stand still, and the headline is the last
 * known state, not a claim about now.
 */
@ExtendWith(ApplicationExtension.class)
class StaleDataTest {


    private static final Instant T0 = Instant.parse("2026-11-25T03:12:04Z");
    private final MutableClock clock = new MutableClock(T0);
    private LiveViewModel vm;

    @Start
    void start(Stage stage) {
        vm = LiveViewStage.show(stage, clock);
    }

    private static TargetSnapshot snapshot() {
        ThreadSample idleWorker = new ThreadSample(1, "worker-1", "WAITING", ThreadCategory.OTHER, null, false,
                null, null, null, null, List.of("java.lang.Object.wait(Native Method)"));
        ThreadSample waiter = new ThreadSample(7, "http-nio-8080-exec-7", "TIMED_WAITING",
                ThreadCategory.AWAITING_CONNECTION, 2_000L, false, "orders", null, null, null,
                List.of("com.zaxxer.hikari.pool.HikariPool.getConnection(HikariPool.java:162)"));
        return new TargetSnapshot(T0, TestData.target(4242L, "pid 4242"),
                List.of(TestData.pool("orders", List.of(inUse("c1", 10_000, 60_000, "http-nio-8080-exec-3")))),
                List.of(idleWorker, waiter));
    }

    private String samePlaceFor(FxRobot robot) {
        return dev.poolscope.ui.FxThread.read(() -> {
            TreeTableView<ThreadRow> table = robot.lookup("#threads-table").queryAs(TreeTableView.class);
            for (TreeItem<ThreadRow> group : table.getRoot().getChildren()) {
                for (TreeItem<ThreadRow> item : group.getChildren()) {
                    if (Long.valueOf(7).equals(item.getValue().threadId())) {
                        return item.getValue().durationProperty().get();
                    }
                }
            }
            return null;
        });
    }

    private static boolean hasPseudoClass(Node node, String name) {
        return node.getPseudoClassStates().stream().anyMatch(p -> p.getPseudoClassName().equals(name));
    }

    /** Colored as a claim about now: ok, warning or critical. */
    private static boolean severityShown(Node headline) {
        return hasPseudoClass(headline, "ok") || hasPseudoClass(headline, "warning") || hasPseudoClass(headline, "critical");
    }

    @Test
    void whilePausedTheSamePlaceForDurationStopsCountingAndTheViewSaysAsOfWhen(FxRobot robot) {
        robot.interact(() -> vm.apply(snapshot()));
        await().atMost(Duration.ofSeconds(5)).until(() -> "2.0 s".equals(samePlaceFor(robot)));
        // Live, the duration ticks on with the clock (the panel's ticker runs once a second).
        clock.advance(Duration.ofSeconds(10));
        await().atMost(Duration.ofSeconds(5)).until(() -> "12 s".equals(samePlaceFor(robot)));

        robot.clickOn("#pause");
        clock.advance(Duration.ofSeconds(60));
        robot.interact(vm::tick);

        // Two of the panel's ticks go by: the duration is the one observed at 03:12:04, the time the
        // banner names, and does not count on with the minute that passed.
        await().during(Duration.ofMillis(2_200)).atMost(Duration.ofSeconds(4)).until(() -> "2.0 s".equals(samePlaceFor(robot)));
        Label banner = robot.lookup("#live-banner-text").queryAs(Label.class);
        assertThat(banner.isVisible()).isTrue();
        assertThat(banner.getText()).isEqualTo("Paused — every figure below is as of 03:12:04 (1m 10s ago). Resume (Space) to refresh.");
        assertThat(hasPseudoClass(robot.lookup("#live-view").query(), "stale")).isTrue();
        assertThat(robot.lookup("#live-split").query().getOpacity()).isLessThan(1.0);
    }

    @Test
    void aTargetThatStopsAnsweringTurnsTheHeadlineIntoTheLastKnownStateWithoutItsSeverityColor(FxRobot robot) {
        robot.interact(() -> vm.apply(snapshot()));
        Node headline = robot.lookup("#live-headline").query();
        await().atMost(Duration.ofSeconds(5)).until(() -> headline.isVisible() && severityShown(headline));

        clock.advance(Duration.ofSeconds(8));
        robot.interact(() -> vm.applyFailure("The last read got no answer within 5 s; still trying.", false));

        assertThat(severityShown(headline)).isFalse();
        assertThat(hasPseudoClass(headline, "stale")).isTrue();
        assertThat(robot.lookup("#live-headline-severity").queryAs(Label.class).getText()).isEqualTo("LAST KNOWN");
        assertThat(robot.lookup("#live-headline-problem").queryAs(Label.class).getText()).startsWith("Last known (03:12:04): ");
        assertThat(robot.lookup("#live-banner-text").queryAs(Label.class).getText())
                .isEqualTo("Target not responding — every figure below is as of 03:12:04 (8.0 s ago). Still trying.");
        // The status bar names the state but carries no second, disagreeing counter.
        assertThat(vm.statusProperty().get()).endsWith(" · not responding").doesNotContainPattern("\\d s");

        // Data again: live, unmarked, in its severity color.
        robot.interact(() -> vm.apply(snapshot()));
        await().atMost(Duration.ofSeconds(5)).until(() -> severityShown(headline));
        assertThat(hasPseudoClass(robot.lookup("#live-view").query(), "stale")).isFalse();
        assertThat(robot.lookup("#live-banner").query().isVisible()).isFalse();
    }

    @Test
    void anExitedTargetKeepsItsLastKnownHeadlineMarkedAndTheDurationsFrozen(FxRobot robot) {
        robot.interact(() -> vm.apply(snapshot()));
        await().atMost(Duration.ofSeconds(5)).until(() -> "2.0 s".equals(samePlaceFor(robot)));

        clock.advance(Duration.ofSeconds(3));
        robot.interact(() -> vm.applyFailure("Connection to pid 4242 lost: the target exited.", true));
        clock.advance(Duration.ofSeconds(120));

        await().during(Duration.ofMillis(1_500)).atMost(Duration.ofSeconds(3)).until(() -> "2.0 s".equals(samePlaceFor(robot)));
        assertThat(robot.lookup("#live-headline-severity").queryAs(Label.class).getText()).isEqualTo("LAST KNOWN");
        robot.interact(vm::tick);
        assertThat(robot.lookup("#live-banner-text").queryAs(Label.class).getText())
                .isEqualTo("Target exited at 03:12:07 — every figure below is as of 03:12:04 (2m 03s ago).");
    }
}
