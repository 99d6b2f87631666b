package dev.poolscope.ui.live;

import dev.poolscope.live.ConnectionRow;
import dev.poolscope.live.TcpView;
import dev.poolscope.live.threads.ThreadCategory;
import dev.poolscope.live.threads.ThreadSample;
import dev.poolscope.live.TargetSnapshot;
import dev.poolscope.testing.MutableClock;
import dev.poolscope.ui.app.PoolScopeApp;
import dev.poolscope.ui.SameThreadTaskExecutor;
import dev.poolscope.ui.TestData;
import javafx.scene.Node;
import javafx.scene.Scene;
import javafx.scene.chart.LineChart;
import javafx.scene.control.Label;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static dev.poolscope.ui.TestData.idle;
import static dev.poolscope.ui.TestData.inUse;
import static org.assertj.core.api.Assertions.assertThat;

@ExtendWith(ApplicationExtension.class)
class LiveHeadlineTest {

    private static final Instant T0 = Instant.parse("2026-11-25T03:12:04Z");
    private final MutableClock clock = new MutableClock(T0);
    private LiveViewModel vm;
    private LiveView view;

    @Start
    void start(Stage stage) {
        vm = new LiveViewModel(TestData.target(4242L, "pid 4242"), new SameThreadTaskExecutor(), clock);
        view = new LiveView(vm, List.of(), null, () -> { }, () -> { });
        Scene scene = new Scene(view, 1280, 800);
        scene.getStylesheets().add(PoolScopeApp.STYLESHEET);
        stage.setScene(scene);
        stage.show();
    }

    static ThreadSample socketRead(long id, String connectionId, long stuckMillis) {
        return new ThreadSample(id, "http-nio-8080-exec-" + id, "RUNNABLE", ThreadCategory.SOCKET_IO, stuckMillis,
                false, "orders", connectionId, null, null,
                List.of("sun.nio.ch.NioSocketImpl.read(NioSocketImpl.java:350)",
                        "org.postgresql.core.PGStream.receiveChar(PGStream.java:455)"));
    }

    static ThreadSample idleWorker(long id) {
        return new ThreadSample(id, "worker-" + id, "WAITING", ThreadCategory.OTHER, null, false, null, null,
                null, null, List.of("java.lang.Object.wait(Native Method)"));
    }

    private static TargetSnapshot withThreads(List<ThreadSample> threads) {
        return new TargetSnapshot(T0, TestData.target(4242L, "pid 4242"),
                List.of(TestData.pool("orders", List.of(retransmitting("conn-3"), idle("conn-4", 9_000, 300_000)))),
                threads);
    }

    /** In use, its query sent and being retransmitted unacknowledged: the kernel's sign of a dead path. */
    private static ConnectionRow retransmitting(String id) {
        ConnectionRow r = inUse(id, 75_000, 600_000, "http-nio-8080-exec-7");
        return new ConnectionRow(r.id(), r.state(), r.idleMillis(), r.inUseMillis(), r.ageMillis(), r.ageExact(),
                r.borrowerThread(), r.borrowerThreadId(), List.of(), "SELECT 1", 4711, 50_000,
                new TcpView("established", 120L, 0L, "retransmit", 6400L, 7, 0), null);
    }

    @Test
    void socketReadsOnARetransmittingConnectionShowACriticalDeadPeerHeadlineWithCauseAndSetting(FxRobot robot) {
        robot.interact(() -> vm.apply(withThreads(List.of(socketRead(7, "conn-3", 75_000), idleWorker(1)))));

        Node banner = robot.lookup("#live-headline").query();
        assertThat(banner.isVisible()).isTrue();
        assertThat(banner.getPseudoClassStates()).extracting(Object::toString).contains("critical");
        assertThat(robot.lookup("#live-headline-problem").queryAs(Label.class).getText())
                .startsWith("1 thread stuck in socket reads for > ").contains("orders")
                .contains("retransmitted 7 times");
        // Collapsed, the second line is the setting to change; the cause is one click ("More") away.
        Label setting = robot.lookup("#live-headline-setting").queryAs(Label.class);
        assertThat(setting.isVisible()).isTrue();
        assertThat(setting.getText()).startsWith("Change: ").contains("socketTimeout");
        Label explanation = robot.lookup("#live-headline-explanation").queryAs(Label.class);
        assertThat(explanation.isVisible()).isFalse();
        robot.clickOn("#live-headline-more");
        assertThat(explanation.isVisible()).isTrue();
        assertThat(explanation.getText()).contains("firewall");
    }

    @Test
    void theBannerKeepsItsHeightWhenTheHeadlineGrowsSoTheTablesDoNotMove(FxRobot robot) {
        robot.interact(() -> vm.apply(withThreads(List.of(idleWorker(1), idleWorker(2)))));
        Node banner = robot.lookup("#live-headline").query();
        double okHeight = banner.getLayoutBounds().getHeight();
        double okBottom = banner.localToScene(banner.getLayoutBounds()).getMaxY();

        robot.interact(() -> vm.apply(withThreads(List.of(socketRead(7, "conn-3", 75_000), idleWorker(1)))));
        robot.interact(() -> { }); // one more pulse: layout after the new text

        assertThat(banner.getPseudoClassStates()).extracting(Object::toString).contains("critical");
        assertThat(banner.getLayoutBounds().getHeight()).isEqualTo(okHeight);
        assertThat(banner.localToScene(banner.getLayoutBounds()).getMaxY()).isEqualTo(okBottom);
    }

    @Test
    void whenNothingIsWrongTheBannerIsGreenAndShowsOnlyTheSentence(FxRobot robot) {
        robot.interact(() -> vm.apply(withThreads(List.of(socketRead(7, "conn-3", 75_000)))));
        robot.interact(() -> vm.apply(withThreads(List.of(idleWorker(1), idleWorker(2)))));

        Node banner = robot.lookup("#live-headline").query();
        assertThat(banner.getPseudoClassStates()).extracting(Object::toString).contains("ok").doesNotContain("critical");
        assertThat(robot.lookup("#live-headline-problem").queryAs(Label.class).getText()).startsWith("No stuck threads");
        assertThat(robot.lookup("#live-headline-explanation").queryAs(Label.class).isVisible()).isFalse();
        assertThat(robot.lookup("#live-headline-setting").queryAs(Label.class).isVisible()).isFalse();
    }

    @Test
    void withoutThreadsThereIsNoHeadline(FxRobot robot) {
        robot.interact(() -> vm.apply(TestData.snapshot(T0, TestData.pool("orders", List.of(idle("c1", 1, 1))))));
        assertThat(robot.lookup("#live-headline").query().isVisible()).isFalse();
    }

    @Test
    void chartsGainOnePointPerSnapshotForTheSelectedPool(FxRobot robot) {
        for (int i = 0; i < 3; i++) {
            robot.interact(() -> vm.apply(TestData.snapshot(T0, TestData.pool("orders", List.of(idle("c1", 1, 1))))));
            clock.advance(Duration.ofSeconds(1));
        }
        LineChart<?, ?> waits = robot.lookup("#wait-chart").queryAs(LineChart.class);
        LineChart<?, ?> counts = robot.lookup("#count-chart").queryAs(LineChart.class);
        assertThat(waits.getData()).extracting(s -> s.getName()).containsExactly("p50", "p99");
        assertThat(waits.getData().get(1).getData()).hasSize(3);
        assertThat(counts.getData()).extracting(s -> s.getName()).containsExactly("active", "idle", "total", "waiting");
        assertThat(counts.getData().get(2).getData()).allSatisfy(d -> assertThat(((Number) d.getYValue()).intValue()).isEqualTo(1));
    }

    @Test
    void chartsOfAFullFifteenMinuteHistoryRefreshWithinAFrame(FxRobot robot) {
        // 15 min at the fastest refresh (0.5 s) with a wait that varies, so the min/max buckets work.
        robot.interact(() -> {
            for (int i = 0; i < 1_900; i++) {
                var b = new dev.poolscope.live.BorrowStats(i, 0, 0.4, (double) (i * 7919 % 300), 400.0, i % 5);
                var p = new dev.poolscope.live.PoolSnapshot("orders", "HikariCP", "6.3.3", i % 10, 10 - i % 10, 10,
                        i % 5, null, b, List.of(), true, List.of());
                vm.apply(new TargetSnapshot(T0, TestData.target(4242L, "pid 4242"), List.of(p), List.of()));
                clock.advance(Duration.ofMillis(500));
            }
        });
        long[] micros = new long[20];
        robot.interact(() -> {
            for (int i = 0; i < micros.length; i++) {
                var b = new dev.poolscope.live.BorrowStats(i, 0, 0.4, (double) (i * 31 % 300), 400.0, 0);
                var p = new dev.poolscope.live.PoolSnapshot("orders", "HikariCP", "6.3.3", 3, 7, 10, 0, null, b,
                        List.of(), true, List.of());
                clock.advance(Duration.ofMillis(500));
                long t0 = System.nanoTime();
                vm.apply(new TargetSnapshot(T0, TestData.target(4242L, "pid 4242"), List.of(p), List.of()));
                micros[i] = (System.nanoTime() - t0) / 1_000;
            }
        });
        long[] sorted = micros.clone();
        java.util.Arrays.sort(sorted);
        System.out.println("live view apply with charts of a full 15-min history, µs: " + java.util.Arrays.toString(micros));
        assertThat(vm.historyOf("orders").size()).isLessThanOrEqualTo(1_801);
        assertThat(view.charts().series()).allSatisfy(series ->
                assertThat(series.getData().size()).isBetween(100, dev.poolscope.ui.live.history.PoolHistory.MAX_POINTS + 2));
        assertThat(sorted[sorted.length / 2]).as("median µs").isLessThan(16_000);
    }
}
