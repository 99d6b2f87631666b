package dev.poolscope.ui.threads;

import dev.poolscope.live.ThreadPacing;
import dev.poolscope.live.threads.StuckPolicy;
import dev.poolscope.live.threads.ThreadAnalysis;
import dev.poolscope.live.threads.ThreadCategory;
import dev.poolscope.testing.MutableClock;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;

import static dev.poolscope.ui.threads.Samples.thread;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Between paced thread reads the poller carries the last read again with every pool read. The panel
 * must then stand still at what that read saw and say when it was taken, not restart each duration
 * from the read's value at every poll as if just observed.
 */
class ThreadsCarriedReadTest {

    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-25T03:00:00Z"));
    private final ThreadsViewModel vm = new ThreadsViewModel(clock, Runnable::run, Runnable::run);
    private final ThreadPacing pacing = new ThreadPacing(clock.instant(), 784, 39_200);

    private ThreadAnalysis readAt(Instant sampledAt, long stuckMillis) {
        return new ThreadAnalysis(sampledAt, List.of(thread(1, ThreadCategory.SOCKET_IO, stuckMillis)), List.of(), Set.of(),
                StuckPolicy.DEFAULT);
    }

    @Test
    void aCarriedReadFreezesDurationsAndSaysWhenItWasRead() {
        Instant read = clock.instant();
        ThreadAnalysis first = readAt(read, 8_000L);
        vm.apply(first, pacing);
        ThreadRow row = vm.row(1);
        assertThat(row.durationProperty().get()).isEqualTo("≥ 8.0 s");
        assertThat(vm.asOfProperty().get()).isNull();

        // Three polls later, still the same read: the duration stays what the read saw.
        for (int poll = 0; poll < 3; poll++) {
            clock.advance(Duration.ofSeconds(1));
            vm.apply(first.withPolicy(StuckPolicy.DEFAULT), pacing);
            vm.tick();
        }
        assertThat(row.durationProperty().get()).isEqualTo("≥ 8.0 s");
        assertThat(vm.asOfProperty().get())
                .startsWith("Threads as of 03:00:00 (3.0 s ago)")
                .contains("read every ≥ 39 s, as reading them takes 784 ms")
                .endsWith("F5 reads them now.");

        clock.advance(Duration.ofSeconds(10));
        vm.tick();
        assertThat(row.durationProperty().get()).isEqualTo("≥ 8.0 s");
        assertThat(vm.asOfProperty().get()).startsWith("Threads as of 03:00:00 (13 s ago)");
    }

    @Test
    void aNewReadIsLiveAgainAndTicksFromWhereItArrived() {
        vm.apply(readAt(clock.instant(), 8_000L), pacing);
        clock.advance(Duration.ofSeconds(40));
        vm.apply(readAt(clock.instant().minusSeconds(40), 8_000L), pacing); // carried
        assertThat(vm.asOfProperty().get()).isNotNull();

        vm.apply(readAt(clock.instant(), 48_500L), pacing); // the next read
        assertThat(vm.asOfProperty().get()).isNull();
        assertThat(vm.row(1).durationProperty().get()).isEqualTo("≥ 48 s");
        clock.advance(Duration.ofSeconds(2));
        vm.tick();
        assertThat(vm.row(1).durationProperty().get()).isEqualTo("≥ 50 s");
    }
}
