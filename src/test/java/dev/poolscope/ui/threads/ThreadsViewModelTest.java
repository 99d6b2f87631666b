package dev.poolscope.ui.threads;

import dev.poolscope.testing.MutableClock;
import dev.poolscope.live.threads.ThreadCategory;
import dev.poolscope.live.threads.ThreadSample;
import dev.poolscope.live.threads.Headline;
import dev.poolscope.live.BorrowStats;
import dev.poolscope.live.ConnectionRow;
import dev.poolscope.live.ConnectionState;
import dev.poolscope.live.PoolConfig;
import dev.poolscope.live.PoolSnapshot;
import dev.poolscope.live.TcpView;
import dev.poolscope.live.diagnosis.Diagnoses;
import dev.poolscope.live.diagnosis.ServerTruth;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static dev.poolscope.ui.threads.Samples.thread;
import static org.assertj.core.api.Assertions.assertThat;

class ThreadsViewModelTest {

    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-25T03:00:00Z"));
    private final ThreadsViewModel vm = new ThreadsViewModel(clock, Runnable::run, Runnable::run);

    @Test
    void groupsWithStuckThreadsComeFirstAndStuckThreadsLeadTheirGroup() {
        vm.apply(List.of(
                thread(1, ThreadCategory.OTHER, 500_000L),
                thread(2, ThreadCategory.AWAITING_CONNECTION, 2_000L),
                thread(3, ThreadCategory.SOCKET_IO, 70_000L),
                thread(4, ThreadCategory.AWAITING_CONNECTION, 30_000L),
                thread(5, ThreadCategory.AWAITING_CONNECTION, 12_000L)));

        assertThat(vm.groups()).extracting(ThreadGroupModel::category).containsExactly(
                ThreadCategory.SOCKET_IO, ThreadCategory.AWAITING_CONNECTION, ThreadCategory.OTHER);
        assertThat(vm.groups().get(1).rows()).extracting(ThreadRow::threadId).containsExactly(4L, 5L, 2L);
        assertThat(vm.groups().get(1).header().nameProperty().get())
                .isEqualTo("Waiting for a connection (3, 2 stuck)");
        assertThat(vm.headlineProperty().get().severity()).isEqualTo(Headline.Severity.CRITICAL);
    }

    /**
     * The live view's banner shows this headline: a read on a connection whose kernel view saw every
     * byte acknowledged is a query the server is working on or waiting for, not a hang without a
     * cause (as it was shown while the panel wrote its headline without the diagnoses).
     */
    @Test
    void theHeadlineTakesItsCauseFromTheConnectionsDiagnosesAlsoAfterAThresholdChange() {
        ThreadSample reader = new ThreadSample(1, "order-export", "RUNNABLE", ThreadCategory.SOCKET_IO, 11_000L, false,
                "orders-db", "c3", null, null, List.of("sun.nio.ch.Net.poll(Native Method)"));
        ConnectionRow c3 = new ConnectionRow("c3", ConnectionState.IN_USE, null, 11_000L, 60_000L, true, "order-export",
                1L, List.of(), "SELECT pg_sleep(12)", 4106, 43896,
                new TcpView("established", 0L, 0L, "none", null, 0, 0), null);
        PoolSnapshot pool = new PoolSnapshot("orders-db", "HikariCP", "6.3.3", 1, 0, 1, 0, PoolConfig.UNKNOWN,
                BorrowStats.waitingOnly(0), List.of(c3), true, List.of());

        vm.apply(List.of(reader));
        assertThat(vm.headlineProperty().get().explanation()).startsWith("No kernel or server evidence");

        vm.setDiagnoses(Diagnoses.of(List.of(pool), ServerTruth.notAsked(ServerTruth.NO_CREDENTIALS), 0));
        vm.apply(List.of(reader));
        Headline h = vm.headlineProperty().get();
        assertThat(h.severity()).isEqualTo(Headline.Severity.WARNING);
        assertThat(h.problem()).contains("the kernel saw every byte acknowledged, so the connection is alive, not dropped");
        assertThat(h.explanation()).doesNotContain("No kernel or server evidence");

        vm.thresholdProperty().set(Duration.ofSeconds(5));
        assertThat(vm.headlineProperty().get().problem()).contains("so the connection is alive, not dropped");
    }

    @Test
    void selectionIsKeptByThreadIdAcrossRefreshesEvenWhenTheThreadChangesGroup() {
        vm.apply(List.of(thread(1, ThreadCategory.OTHER, 0L), thread(2, ThreadCategory.OTHER, 0L)));
        vm.selectedThreadIdProperty().set(2L);
        ThreadRow before = vm.row(2);

        vm.apply(List.of(thread(1, ThreadCategory.OTHER, 0L), thread(2, ThreadCategory.SOCKET_IO, 15_000L)));

        assertThat(vm.selectedThreadIdProperty().get()).isEqualTo(2L);
        assertThat(vm.row(2)).isSameAs(before);
        assertThat(vm.selectedSampleProperty().get().category()).isEqualTo(ThreadCategory.SOCKET_IO);
        assertThat(vm.stackTextProperty().get()).contains("\"thread-2\" #2").contains("\tat com.example.Frame2.run");
    }

    @Test
    void durationsTickBetweenSamplesAndCrossTheThreshold() {
        vm.apply(List.of(thread(1, ThreadCategory.SOCKET_IO, 8_000L)));
        ThreadRow row = vm.row(1);
        assertThat(row.durationProperty().get()).isEqualTo("≥ 8.0 s");
        assertThat(row.stuckProperty().get()).isFalse();

        clock.advance(Duration.ofSeconds(3));
        vm.tick();

        assertThat(row.durationProperty().get()).isEqualTo("≥ 11 s");
        assertThat(row.stuckProperty().get()).isTrue();
        assertThat(vm.groups().get(0).header().nameProperty().get()).isEqualTo("Database socket I/O (1, 1 stuck)");
    }

    @Test
    void changingTheThresholdReclassifiesStuckThreads() {
        vm.apply(List.of(thread(1, ThreadCategory.BLOCKED, 5_000L)));
        assertThat(vm.row(1).stuckProperty().get()).isFalse();
        vm.thresholdProperty().set(Duration.ofSeconds(2));
        assertThat(vm.row(1).stuckProperty().get()).isTrue();
        assertThat(vm.headlineProperty().get().problem()).startsWith("1 thread blocked on locks for ≥ 5.0 s");
    }

    @Test
    void aHeadlineFromTheCallerIsShownAsGiven() {
        Headline given = new Headline(Headline.Severity.WARNING, "pool orders-db is exhausted (20/20)", "", null);
        vm.apply(List.of(thread(1, ThreadCategory.AWAITING_CONNECTION, 1_000L)), given);
        assertThat(vm.headlineProperty().get()).isSameAs(given);
    }

    @Test
    void threadsThatEndAreDroppedAndTheirSelectionSaysSo() {
        vm.apply(List.of(thread(1, ThreadCategory.OTHER, 0L)));
        vm.selectedThreadIdProperty().set(1L);
        vm.apply(List.<ThreadSample>of());
        assertThat(vm.row(1)).isNull();
        assertThat(vm.groups()).isEmpty();
        assertThat(vm.stackTextProperty().get()).isEqualTo("Thread #1 has ended.");
        assertThat(vm.selectedThreadText()).isEmpty();
    }

    @Test
    void exportWritesTheDumpAndReportsWhere(@TempDir Path dir) throws Exception {
        vm.setDumpSource(() -> "2026-11-25 03:00:00\nFull thread dump:\n\n\"main\" #1 prio=5\n");
        Path file = dir.resolve("dump.txt");
        vm.exportDump(file);
        assertThat(Files.readString(file)).contains("\"main\" #1");
        assertThat(vm.statusProperty().get()).isEqualTo("Thread dump saved to " + file + " (1 threads).");
        assertThat(vm.exportingProperty().get()).isFalse();
    }

    @Test
    void exportFailureBecomesAMessage(@TempDir Path dir) {
        vm.setDumpSource(() -> {
            throw new java.io.IOException("Connection refused to host: 10.0.0.5");
        });
        vm.exportDump(dir.resolve("dump.txt"));
        assertThat(vm.statusProperty().get())
                .isEqualTo("Could not export the thread dump: Connection refused to host: 10.0.0.5");
    }

    @Test
    void aGroupCountingThreadsTheProbeDidNotListSaysSoBesideAShortTitle() {
        List<ThreadSample> listed = List.of(thread(7, ThreadCategory.OTHER, 0L));
        vm.apply(new dev.poolscope.live.threads.ThreadAnalysis(clock.instant(), listed, List.of(), java.util.Set.of(),
                dev.poolscope.live.threads.StuckPolicy.DEFAULT,
                new dev.poolscope.live.threads.ThreadTotals(dev.poolscope.live.threads.ThreadTotals.PROBE, 5003, 0, 0, 0, 5003, 500, 0)));

        ThreadRow header = vm.groups().get(0).header();
        assertThat(header.nameProperty().get()).isEqualTo("Other (5003)");
        assertThat(header.waitingForProperty().get())
                .isEqualTo("5002 of 5003 counted in the target by the probe, not listed; Export thread dump lists every thread");
    }

    @Test
    void aGroupListingEveryThreadItCountsHasNoNote() {
        vm.apply(List.of(thread(1, ThreadCategory.OTHER, 0L), thread(2, ThreadCategory.OTHER, 0L)));

        assertThat(vm.groups().get(0).header().nameProperty().get()).isEqualTo("Other (2)");
        assertThat(vm.groups().get(0).header().waitingForProperty().get()).isEmpty();
        assertThat(ThreadsViewModel.unlistedNote(24, 0)).startsWith("all 24 counted in the target by the probe");
    }
}
