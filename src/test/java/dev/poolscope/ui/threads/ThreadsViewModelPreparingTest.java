package dev.poolscope.ui.threads;

import dev.poolscope.testing.MutableClock;
import dev.poolscope.live.threads.ThreadCategory;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.Executor;

import static dev.poolscope.ui.threads.Samples.thread;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Refreshes prepared on one executor and applied in steps on another (issue 4), driven by hand: the
 * steps are queued, so a test sees the model between them.
 */
class ThreadsViewModelPreparingTest {

    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-25T03:00:00Z"));
    private final Queue<Runnable> preparing = new ArrayDeque<>();
    private final Queue<Runnable> fx = new ArrayDeque<>();
    private final ThreadsViewModel vm = new ThreadsViewModel(clock, Runnable::run, queue(preparing), queue(fx));

    private static Executor queue(Queue<Runnable> tasks) {
        return tasks::add;
    }

    private static int runAll(Queue<Runnable> tasks) {
        int count = 0;
        for (Runnable task; (task = tasks.poll()) != null; count++) {
            task.run();
        }
        return count;
    }

    @Test
    void nothingChangesUntilThePreparedRefreshIsAppliedAndThenItIsAppliedWhole() {
        vm.apply(List.of(thread(1, ThreadCategory.SOCKET_IO, 70_000L), thread(2, ThreadCategory.OTHER, 0L)));
        assertThat(vm.groups()).isEmpty();
        assertThat(fx).isEmpty();

        runAll(preparing);
        assertThat(vm.groups()).isEmpty(); // prepared, not yet applied
        long revision = vm.revisionProperty().get();
        runAll(fx);

        assertThat(vm.groups()).extracting(ThreadGroupModel::category)
                .containsExactly(ThreadCategory.SOCKET_IO, ThreadCategory.OTHER);
        assertThat(vm.row(1).stuckProperty().get()).isTrue();
        assertThat(vm.headlineProperty().get()).isNotNull();
        assertThat(vm.revisionProperty().get()).isEqualTo(revision + 1);
    }

    @Test
    void theNewestSampleWinsWhenSeveralArriveWhileOneIsPrepared() {
        vm.apply(List.of(thread(1, ThreadCategory.OTHER, 0L)));
        vm.apply(List.of(thread(2, ThreadCategory.OTHER, 0L)));
        vm.apply(List.of(thread(3, ThreadCategory.BLOCKED, 20_000L)));

        runAll(preparing);
        runAll(fx);

        assertThat(vm.row(1)).isNull();
        assertThat(vm.row(2)).isNull();
        assertThat(vm.groups()).singleElement().satisfies(g -> assertThat(g.rows())
                .extracting(ThreadRow::threadId).containsExactly(3L));
        assertThat(vm.revisionProperty().get()).isEqualTo(1);
    }

    @Test
    void aRefreshPreparedBeforeANewerSampleArrivedIsNotApplied() {
        vm.apply(List.of(thread(1, ThreadCategory.OTHER, 0L)));
        runAll(preparing);
        vm.apply(List.of(thread(2, ThreadCategory.OTHER, 0L)));
        runAll(fx); // the older result: dropped

        assertThat(vm.row(1)).isNull();
        runAll(preparing);
        runAll(fx);
        assertThat(vm.row(2)).isNotNull();
        assertThat(vm.revisionProperty().get()).isEqualTo(1);
    }

    @Test
    void fiveThousandRowsAreAppliedInSeveralFxTasksAndRowsAreKeptByIdAcrossRefreshes() {
        List<dev.poolscope.live.threads.ThreadSample> samples = new java.util.ArrayList<>();
        for (int i = 0; i < 5_000; i++) {
            samples.add(thread(i, i < 1_000 ? ThreadCategory.AWAITING_CONNECTION : ThreadCategory.OTHER, (long) i));
        }
        vm.apply(samples);
        runAll(preparing);
        int tasks = runAll(fx);
        assertThat(tasks).isGreaterThanOrEqualTo(5);
        ThreadRow row = vm.row(4_321);

        vm.apply(samples);
        runAll(preparing);
        runAll(fx);

        assertThat(vm.row(4_321)).isSameAs(row);
        assertThat(vm.groups()).extracting(g -> g.rows().size()).containsExactly(1_000, 4_000);
    }
}
