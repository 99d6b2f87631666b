package dev.poolscope.ui.threads;

import dev.poolscope.live.threads.ThreadCategory;
import dev.poolscope.live.threads.ThreadSample;
import dev.poolscope.testing.MutableClock;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class ThreadsViewModelLinksTest {

    private final ThreadsViewModel vm = new ThreadsViewModel(new MutableClock(Instant.parse("2026-11-25T03:12:04Z")),
            Runnable::run, Runnable::run);

    @Test
    void aThreadSelectedFromOutsideOffersTheConnectionItHolds() {
        ThreadSample holder = new ThreadSample(77, "http-7", "RUNNABLE", ThreadCategory.SOCKET_IO, 70_000L, false,
                "orders-db", "conn-3", null, null, List.of("sun.nio.ch.NioSocketImpl.read(NioSocketImpl.java:350)"));
        vm.apply(List.of(holder, Samples.thread(5, ThreadCategory.AWAITING_CONNECTION, 12_000L)));

        assertThat(vm.selectThread(77)).isTrue();
        assertThat(vm.selectedThreadIdProperty().get()).isEqualTo(77L);
        assertThat(vm.selectedHeldConnection()).contains(new ThreadsViewModel.HeldConnection("orders-db", "conn-3"));

        // A waiter holds nothing.
        assertThat(vm.selectThread(5)).isTrue();
        assertThat(vm.selectedHeldConnection()).isEmpty();
    }

    @Test
    void aThreadNotInTheSampleIsNotSelected() {
        vm.apply(List.of(Samples.thread(5, ThreadCategory.OTHER, null)));
        vm.selectedThreadIdProperty().set(5L);

        assertThat(vm.selectThread(999)).isFalse();
        assertThat(vm.selectedThreadIdProperty().get()).isEqualTo(5L);
    }
}
