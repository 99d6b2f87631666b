package dev.poolscope.ui.live;

import dev.poolscope.attach.ProbeStatus;
import dev.poolscope.live.SnapshotListener;
import dev.poolscope.attach.TargetInfo;
import dev.poolscope.live.TargetSnapshot;
import dev.poolscope.testing.MutableClock;
import dev.poolscope.ui.SameThreadTaskExecutor;
import dev.poolscope.ui.TestData;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

import static dev.poolscope.ui.TestData.idle;
import static dev.poolscope.ui.TestData.inUse;
import static dev.poolscope.ui.TestData.pool;
import static dev.poolscope.ui.TestData.snapshot;
import static org.assertj.core.api.Assertions.assertThat;

class LiveViewModelTest {

    private static final Instant T0 = Instant.parse("2026-11-25T03:12:04Z");

    private final MutableClock clock = new MutableClock(T0);
    private final RecordingPolling polling = new RecordingPolling();
    private LiveViewModel vm;

    @BeforeEach
    void setUp() {
        vm = new LiveViewModel(TestData.target(4242L, "pid 4242"), new SameThreadTaskExecutor(), clock, ZoneOffset.UTC);
        vm.start(polling);
    }

    @Test
    void aRefreshUpdatesRowsInPlaceRatherThanReplacingThem() {
        vm.apply(snapshot(T0, pool("orders", List.of(idle("c1", 1_000, 60_000), inUse("c2", 300, 60_000, "http-1")))));
        ConnectionItem c1 = vm.connections().get(0);
        PoolItem orders = vm.pools().get(0);

        vm.apply(snapshot(T0, pool("orders", List.of(idle("c1", 2_000, 61_000), idle("c2", 10, 61_000)))));

        assertThat(vm.connections()).hasSize(2);
        assertThat(vm.connections().get(0)).isSameAs(c1);
        assertThat(c1.row().idleMillis()).isEqualTo(2_000L);
        assertThat(vm.pools().get(0)).isSameAs(orders);
        assertThat(orders.snapshot().idle()).isEqualTo(2);
    }

    @Test
    void connectionsClosedByThePoolLeaveAndNewOnesArrive() {
        vm.apply(snapshot(T0, pool("orders", List.of(idle("c1", 1_000, 60_000), idle("c2", 1_000, 60_000)))));

        vm.apply(snapshot(T0, pool("orders", List.of(idle("c2", 2_000, 61_000), idle("c3", 0, 5)))));

        assertThat(vm.connections()).extracting(ConnectionItem::id).containsExactly("c2", "c3");
    }

    @Test
    void theFirstPoolIsSelectedAndAnotherPoolShowsItsOwnConnections() {
        vm.apply(snapshot(T0, pool("orders", List.of(idle("o1", 1, 1))), pool("reports", List.of(idle("r1", 1, 1), idle("r2", 1, 1)))));
        assertThat(vm.selectedPoolProperty().get()).isEqualTo("orders");
        assertThat(vm.connections()).extracting(ConnectionItem::id).containsExactly("o1");

        vm.selectedPoolProperty().set("reports");

        assertThat(vm.connections()).extracting(ConnectionItem::id).containsExactly("r1", "r2");
    }

    @Test
    void statusSaysWhatIsConnectedAndHowFreshTheDataIs() {
        assertThat(vm.statusProperty().get()).isEqualTo("pid 4242 · demo-service · connected, reading pools…");
        vm.apply(snapshot(T0, pool("orders", List.of())));

        clock.advance(Duration.ofMillis(400));
        vm.tick();

        assertThat(vm.statusProperty().get()).isEqualTo("pid 4242 · demo-service · updated 0.4 s ago");
    }

    @Test
    void aTargetThatStopsAnsweringSaysOnceHowOldItsDataIs() {
        vm.apply(snapshot(T0, pool("orders", List.of(idle("c1", 1, 1)))));
        clock.advance(Duration.ofSeconds(5));
        polling.listener.onFailure("The last read got no answer within 5 s; still trying.", false);

        clock.advance(Duration.ofSeconds(7));
        vm.tick();

        assertThat(vm.stateProperty().get()).isEqualTo(LiveState.NOT_RESPONDING);
        // One figure, in the banner; the status line names the state without a second counter.
        assertThat(vm.statusProperty().get()).isEqualTo("pid 4242 · demo-service · not responding");
        assertThat(vm.bannerProperty().get())
                .isEqualTo("Target not responding — every figure below is as of 03:12:04 (12 s ago). Still trying.");
        assertThat(vm.dataAge().isStale()).isTrue();
        assertThat(vm.connections()).hasSize(1);
    }

    @Test
    void aSnapshotAfterAHangClearsTheBanner() {
        vm.apply(snapshot(T0, pool("orders", List.of())));
        vm.applyFailure("Target not responding for 5 s", false);

        vm.apply(snapshot(T0, pool("orders", List.of())));

        assertThat(vm.stateProperty().get()).isEqualTo(LiveState.LIVE);
        assertThat(vm.bannerProperty().get()).isNull();
    }

    @Test
    void aReconnectIsSaidInWordsOnTheStatusLineOnceLiveAgain() {
        vm.apply(snapshot(T0, pool("orders", List.of())));
        polling.listener.onFailure("pid 4242 not answering since 03:12:04, reconnecting: JMX closed the connection.", false);
        assertThat(vm.failureProperty().get()).contains("reconnecting");

        polling.listener.onReconnected("Reconnected to pid 4242 at 03:12:40; it had not answered since 03:12:04.");
        vm.apply(snapshot(T0, pool("orders", List.of())));

        assertThat(vm.stateProperty().get()).isEqualTo(LiveState.LIVE);
        assertThat(vm.bannerProperty().get()).isNull();
        assertThat(vm.statusProperty().get())
                .endsWith(" · Reconnected to pid 4242 at 03:12:40; it had not answered since 03:12:04.");
    }

    @Test
    void anExitedTargetFreezesTheDataAndStopsPolling() {
        vm.apply(snapshot(T0, pool("orders", List.of(idle("c1", 1_000, 60_000)))));
        clock.advance(Duration.ofSeconds(3));

        polling.listener.onFailure("Connection to pid 4242 lost: the target exited.", true);
        vm.apply(snapshot(T0, pool("orders", List.of())));

        assertThat(vm.stateProperty().get()).isEqualTo(LiveState.GONE);
        assertThat(vm.bannerProperty().get())
                .isEqualTo("Target exited at 03:12:07 — every figure below is as of 03:12:04 (3.0 s ago).");
        assertThat(vm.statusProperty().get()).isEqualTo("pid 4242 · demo-service · target exited at 03:12:07");
        assertThat(vm.connections()).hasSize(1);
        assertThat(polling.closed).isTrue();
    }

    @Test
    void intervalAndPauseReachThePoller() {
        vm.intervalProperty().set(Duration.ofMillis(500));
        vm.pausedProperty().set(true);
        vm.pausedProperty().set(false);

        assertThat(polling.calls).containsExactly("start 1000", "interval 500", "pause", "resume");
    }

    @Test
    void pausedDataSaysWhenItIsFromAndTheAgeGoesOn() {
        vm.apply(snapshot(T0, pool("orders", List.of())));
        clock.advance(Duration.ofSeconds(30));
        vm.pausedProperty().set(true);
        clock.advance(Duration.ofSeconds(12));
        vm.tick();

        assertThat(vm.statusProperty().get()).isEqualTo("pid 4242 · demo-service · paused");
        assertThat(vm.bannerProperty().get())
                .isEqualTo("Paused — every figure below is as of 03:12:04 (42 s ago). Resume (Space) to refresh.");
    }

    @Test
    void whilePausedTheDataAgeClockStandsStillAtTheLastDataAndMovesAgainOnResume() {
        vm.apply(snapshot(T0, pool("orders", List.of())));
        clock.advance(Duration.ofSeconds(30));
        vm.pausedProperty().set(true);
        clock.advance(Duration.ofSeconds(12));

        assertThat(vm.dataAge().clock().instant()).isEqualTo(T0);
        vm.pausedProperty().set(false);
        assertThat(vm.dataAge().clock().instant()).isEqualTo(T0.plusSeconds(42));
        assertThat(vm.bannerProperty().get()).isNull();
    }

    @Test
    void aMissingProbeIsExplained() {
        TargetInfo noProbe = new TargetInfo(4242L, "demo-service", "21.0.2", "pid 4242", ProbeStatus.ABSENT,
                "connected without the probe");
        LiveViewModel withoutProbe = new LiveViewModel(noProbe, new SameThreadTaskExecutor(), clock, ZoneOffset.UTC);

        assertThat(withoutProbe.probeNoteProperty().get())
                .startsWith("Probe not loaded: connected without the probe")
                .contains("per-connection view needs the probe");
        assertThat(vm.probeNoteProperty().get()).isNull();
    }

    @Test
    void aLoadedProbeThatCannotObserveBorrowsSaysWhatIsMissing() {
        TargetInfo limited = new TargetInfo(4242L, "demo-service", "17.0.9", "pid 4242", ProbeStatus.LOADED,
                "the probe runs but does not observe borrows (this JVM does not allow retransforming classes)");
        LiveViewModel withLimitedProbe = new LiveViewModel(limited, new SameThreadTaskExecutor(), clock, ZoneOffset.UTC);

        assertThat(withLimitedProbe.probeNoteProperty().get())
                .isEqualTo("Probe loaded: the probe runs but does not observe borrows (this JVM does not allow retransforming classes)");
    }

    @Test
    void remoteTargetWithoutPidIsNamedByAddress() {
        TargetInfo remote = new TargetInfo(null, null, "17.0.9", "db-host:9010", ProbeStatus.ABSENT, null);
        assertThat(LiveViewModel.targetLabel(remote)).isEqualTo("db-host:9010");
    }

    @Test
    void latestSnapshotIsPublishedForExtraPanels() {
        TargetSnapshot s = snapshot(T0, pool("orders", List.of()));
        vm.apply(s);
        assertThat(vm.latestProperty().get()).isSameAs(s);
    }

    @Test
    void eachSnapshotAddsAHistorySampleAtTheClocksTimeAndOldOnesLeaveAfterTheWindow() {
        vm.apply(snapshot(T0, pool("orders", List.of(inUse("c1", 300, 60_000, "http-1"), idle("c2", 1, 1)))));
        clock.advance(Duration.ofSeconds(1));
        vm.apply(snapshot(T0, pool("orders", List.of(idle("c1", 1, 1), idle("c2", 1, 1)))));

        var history = vm.historyOf("orders");
        assertThat(history.size()).isEqualTo(2);
        assertThat(history.get(0)).isEqualTo(new dev.poolscope.ui.live.history.HistorySample(
                T0.toEpochMilli(), 0.4, 12.0, 0, 1, 1, 2));
        assertThat(history.newest().atMillis()).isEqualTo(T0.plusSeconds(1).toEpochMilli());
        assertThat(history.newest().active()).isZero();

        clock.advance(LiveViewModel.HISTORY_WINDOW.plusSeconds(5));
        vm.apply(snapshot(T0, pool("orders", List.of())));
        assertThat(history.size()).isEqualTo(1);
    }

    @Test
    void chartsUseTheLastMinutesPercentilesWhenTheProbeReportsThem() {
        var b = new dev.poolscope.live.BorrowStats(100, 1, 0.5, 40.0, 900.0, 3, 20.0, 0,
                new dev.poolscope.live.BorrowStats.Window(10, 1, 7.0, 70.0, 700.0, 900.0, 60_000));
        var p = new dev.poolscope.live.PoolSnapshot("orders", "HikariCP", "6.3.3", 4, 0, 4, 2, null, b,
                List.of(), true, List.of());
        var sample = LiveViewModel.sample(p, 5);
        assertThat(sample.waitP50Millis()).isEqualTo(7.0);
        assertThat(sample.waitP99Millis()).isEqualTo(700.0);
        assertThat(sample.waiting()).isEqualTo(3);

        var withoutWindow = new dev.poolscope.live.PoolSnapshot("orders", "HikariCP", "6.3.3", 4, 0, 4, 2, null,
                new dev.poolscope.live.BorrowStats(100, 1, 0.5, 40.0, 900.0, 3), List.of(), true, List.of());
        assertThat(LiveViewModel.sample(withoutWindow, 5).waitP99Millis()).isEqualTo(40.0);
    }

    @Test
    void aPoolThatLeavesTakesItsHistoryWithIt() {
        vm.apply(snapshot(T0, pool("orders", List.of()), pool("reports", List.of())));
        assertThat(vm.historyOf("reports")).isNotNull();
        vm.apply(snapshot(T0, pool("orders", List.of())));
        assertThat(vm.historyOf("reports")).isNull();
    }

    @Test
    void showConnectionSelectsThePoolAndTheRowAndNamesItsHolder() {
        var heldRow = new dev.poolscope.live.ConnectionRow("r2", dev.poolscope.live.ConnectionState.IN_USE, null, 4_000L,
                60_000L, true, "report-1", 55L, List.of("com.example.Reports.run(Reports.java:9)"));
        vm.apply(snapshot(T0, pool("orders", List.of(idle("o1", 1, 1))), pool("reports", List.of(idle("r1", 1, 1), heldRow))));
        assertThat(vm.selectedPoolProperty().get()).isEqualTo("orders");

        assertThat(vm.showConnection("reports", "r2")).isTrue();

        assertThat(vm.selectedPoolProperty().get()).isEqualTo("reports");
        assertThat(vm.selectedConnectionIdProperty().get()).isEqualTo("r2");
        assertThat(vm.selectedHolderThreadId()).isEqualTo(55L);
        assertThat(LiveViewModel.detailText(vm.selectedConnection()))
                .isEqualTo("r2 · in use for 4.0 s by report-1 (#55)\nBorrow site not captured: the target's probe predates"
                        + " borrow-site capture.\nThe holder is now at (not where it borrowed):\n    at com.example.Reports.run(Reports.java:9)");
        assertThat(vm.showConnection("reports", "gone")).isFalse();
        assertThat(vm.showConnection("nope", "r2")).isFalse();
        assertThat(vm.selectedConnectionIdProperty().get()).isEqualTo("r2");
    }

    @Test
    void theDetailShowsTheCapturedBorrowSiteWithItsSourceAndWhereTheHolderIsNowApart() {
        var row = new dev.poolscope.live.ConnectionRow("r2", dev.poolscope.live.ConnectionState.IN_USE, null, 4_000L,
                60_000L, true, "report-1", 55L, List.of("com.example.Idle.park(Idle.java:3)"), null, null, null, null,
                "not read", null, null, null, new dev.poolscope.live.BorrowSite(
                        List.of("com.example.Reports.run(Reports.java:9)"), dev.poolscope.live.BorrowSite.PROBE_CAPTURE, null), "borrow");
        assertThat(LiveViewModel.detailText(row)).isEqualTo("r2 · in use for 4.0 s by report-1 (#55)"
                + "\nBorrowed at (captured by the probe at the borrow):\n    at com.example.Reports.run(Reports.java:9)"
                + "\nThe holder is now at:\n    at com.example.Idle.park(Idle.java:3)");
    }

    @Test
    void aBorrowSiteFromHikarisLeakDetectionIsLabelledWithThatSource() {
        var row = new dev.poolscope.live.ConnectionRow("r3", dev.poolscope.live.ConnectionState.IN_USE, null, null,
                60_000L, false, "report-job", 56L, List.of(), null, null, null, null,
                "not read", 2_000L, 9_000L, null, new dev.poolscope.live.BorrowSite(
                        List.of("com.zaxxer.hikari.pool.HikariPool.getConnection(HikariPool.java:170)",
                                "com.example.Reports.run(Reports.java:9)"), dev.poolscope.live.BorrowSite.LEAK_DETECTION, null),
                "leak_detection");
        assertThat(LiveViewModel.detailText(row)).startsWith("r3 · in use, borrowed before the probe was loaded, for ≥ 2.0 s"
                + " (≤ 9.0 s)\nHeld by report-job (#56), named by HikariCP's leak detection");
        assertThat(LiveViewModel.detailText(row)).contains("\nBorrowed at (taken at the borrow by HikariCP's leak detection):"
                + "\n    at com.zaxxer.hikari.pool.HikariPool.getConnection(HikariPool.java:170)"
                + "\n    at com.example.Reports.run(Reports.java:9)");
    }

    @Test
    void aBorrowSiteNotCapturedIsSaidSoAndTheCurrentPositionIsNotCalledTheBorrowSite() {
        var row = new dev.poolscope.live.ConnectionRow("r2", dev.poolscope.live.ConnectionState.IN_USE, null, 4_000L,
                60_000L, true, "report-1", 55L, List.of("com.example.Idle.park(Idle.java:3)"), null, null, null, null,
                "not read", null, null, null, new dev.poolscope.live.BorrowSite(List.of(), null,
                        "borrowed before borrow-site capture was armed"), "borrow");
        String text = LiveViewModel.detailText(row);
        assertThat(text).contains("Borrow site not captured: borrowed before borrow-site capture was armed.",
                "The holder is now at (not where it borrowed):\n    at com.example.Idle.park(Idle.java:3)");
        assertThat(text).doesNotContain("Borrowed at");
    }

    @Test
    void aRetransmittingConnectionIsADeadPeerInItsRowAndItsEvidenceIsInTheDetailPane() {
        var retransmitting = new dev.poolscope.live.TcpView("established", 61L, 0L, "retransmit", 800L, 4, 0);
        var hung = new dev.poolscope.live.ConnectionRow("c7", dev.poolscope.live.ConnectionState.IN_USE, null, 90_000L,
                120_000L, true, "http-7", 77L, List.of("com.example.Orders.list(Orders.java:3)"), "SELECT 1",
                4711, 50123, retransmitting, null);
        vm.apply(snapshot(T0, pool("orders", List.of(idle("c1", 1, 1), hung))));
        vm.selectedConnectionIdProperty().set("c7");

        assertThat(vm.connections()).filteredOn(i -> i.id().equals("c7")).singleElement()
                .extracting(i -> i.diagnosis().kind()).isEqualTo(dev.poolscope.live.diagnosis.DiagnosisKind.DEAD_PEER);
        assertThat(LiveViewModel.detailText(vm.selectedConnection(), vm.selectedDiagnosis()))
                .contains("\n\nDiagnosis: dead peer — 61 bytes sent and never acknowledged, retransmitted 4 times")
                .contains("\n  • kernel: established, 61 bytes unacknowledged");
    }

        @Test
    void anIdleConnectionHasNoHolderToShow() {
        vm.apply(snapshot(T0, pool("orders", List.of(idle("o1", 3_000, 1)))));
        vm.selectedConnectionIdProperty().set("o1");
        assertThat(vm.selectedHolderThreadId()).isNull();
        assertThat(LiveViewModel.detailText(vm.selectedConnection())).isEqualTo("o1 · idle for 3.0 s\nNot held by any thread.");
    }

    @Test
    void theHeadlineIsWrittenFromTheSnapshotsThreads() {
        var waiter = new dev.poolscope.live.threads.ThreadSample(9, "http-9", "TIMED_WAITING",
                dev.poolscope.live.threads.ThreadCategory.AWAITING_CONNECTION, 30_000L, false, "orders", null, null, null,
                List.of("com.zaxxer.hikari.pool.HikariPool.getConnection(HikariPool.java:181)"));
        polling.listener.onSnapshot(new TargetSnapshot(T0, TestData.target(4242L, "pid 4242"),
                List.of(pool("orders", List.of())), List.of(waiter)));

        var h = vm.headlineProperty().get();
        assertThat(h.severity()).isEqualTo(dev.poolscope.live.threads.Headline.Severity.CRITICAL);
        assertThat(h.problem()).startsWith("1 thread waiting for a connection for > ");
        assertThat(h.setting()).contains("leakDetectionThreshold");

        vm.apply(snapshot(T0, pool("orders", List.of())));
        assertThat(vm.headlineProperty().get()).isNull();
    }

    /** Stands in for the LivePoller: records what the view-model asks of it. */
    private static final class RecordingPolling implements PollingStarter, Polling {
        final List<String> calls = new ArrayList<>();
        SnapshotListener listener;
        boolean closed;

        @Override
        public Polling start(SnapshotListener l, Duration interval) {
            listener = l;
            calls.add("start " + interval.toMillis());
            return this;
        }

        @Override
        public void setInterval(Duration interval) {
            calls.add("interval " + interval.toMillis());
        }

        @Override
        public void pause() {
            calls.add("pause");
        }

        @Override
        public void resume() {
            calls.add("resume");
        }

        @Override
        public void refreshNow() {
            calls.add("refresh");
        }

        @Override
        public void close() {
            closed = true;
        }
    }


    @Test
    void aListenerOnThePoolsStillHearsOfNewPoolsAfterAGarbageCollection() {
        // FXCollections' read-only wrapper listens to its list weakly: a fresh wrapper per call was
        // collected with the listener on it, and the live view's pool tiles then stayed blank.
        List<String> heard = new ArrayList<>();
        vm.pools().addListener((javafx.collections.ListChangeListener<PoolItem>) c -> heard.add("changed"));
        for (int i = 0; i < 3; i++) {
            System.gc();
        }

        vm.apply(snapshot(T0, pool("orders", List.of(idle("c1", 1_000, 60_000)))));

        assertThat(heard).isNotEmpty();
        assertThat(vm.pools()).isSameAs(vm.pools());
        assertThat(vm.connections()).isSameAs(vm.connections());
    }
}
