package dev.poolscope.ui.live;

import dev.poolscope.live.TargetSnapshot;
import dev.poolscope.live.ThreadPacing;
import dev.poolscope.testing.MutableClock;
import dev.poolscope.ui.SameThreadTaskExecutor;
import dev.poolscope.ui.TestData;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Issue 10: the live view's status line says when threads are read less often than pools. */
class LiveStatusThreadPacingTest {

    private static final Instant T0 = Instant.parse("2026-12-03T12:00:00Z");
    private final MutableClock clock = new MutableClock(T0);
    private final LiveViewModel vm = new LiveViewModel(TestData.target(4242L, "pid 4242"), new SameThreadTaskExecutor(),
            clock, ZoneOffset.UTC);

    private static TargetSnapshot paced(long readMillis) {
        return new TargetSnapshot(T0, TestData.target(4242L, "pid 4242"), List.of(), List.of(), null, null, null,
                new ThreadPacing(T0.minusSeconds(5), readMillis, 50 * readMillis));
    }

    @Test
    void slowThreadReadsAreNamedWithTheirGapAndCost() {
        vm.apply(paced(410));
        assertThat(vm.statusProperty().get()).endsWith("· threads every ≥ 20 s (reading them takes 410 ms)");
    }

    @Test
    void cheapThreadReadsAddNothingToTheStatus() {
        vm.apply(paced(10));
        assertThat(vm.statusProperty().get()).doesNotContain("threads every");
    }

    @Test
    void aLongerIntervalThanTheGapAddsNothingEither() {
        vm.intervalProperty().set(Duration.ofSeconds(30));
        vm.apply(paced(410));
        assertThat(vm.statusProperty().get()).doesNotContain("threads every");
    }
}
