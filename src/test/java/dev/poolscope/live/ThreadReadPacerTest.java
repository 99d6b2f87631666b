package dev.poolscope.live;

import dev.poolscope.testing.MutableClock;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

class ThreadReadPacerTest {

    private static final Instant T0 = Instant.parse("2026-12-03T12:00:00Z");
    private final MutableClock clock = new MutableClock(T0);
    private final ThreadReadPacer pacer = new ThreadReadPacer(clock);

    /** A thread read that starts now and takes {@code millis} on the fake clock. */
    private void read(long millis) {
        Instant started = clock.instant();
        clock.advance(Duration.ofMillis(millis));
        pacer.readEnded(started);
    }

    @Test
    void theFirstPollAlwaysReadsThreads() {
        assertThat(pacer.due()).isTrue();
        assertThat(pacer.pacing()).isNull();
    }

    @Test
    void theFirstReadIsColdSoTheSecondFollowsAtTheNextPollWhateverItCost() {
        read(2_400);
        assertThat(pacer.minGapMillis()).isZero();
        assertThat(pacer.due()).isTrue();
        assertThat(pacer.pacing().describe(Duration.ofSeconds(1))).isNull();
    }

    @Test
    void aCheapReadIsDueAgainAtTheNextOneSecondPoll() {
        read(2_400);
        read(10); // the demo service: ~10 ms, so 50 × 10 ms = 500 ms < 1 s
        clock.advance(Duration.ofMillis(990));
        assertThat(pacer.due()).isTrue();
        assertThat(pacer.pacing().spacedAt(Duration.ofSeconds(1))).isFalse();
        assertThat(pacer.pacing().describe(Duration.ofSeconds(1))).isNull();
    }

    @Test
    void anExpensiveReadIsNotRepeatedBeforeFiftyTimesItsCostFromItsStart() {
        read(1_000);
        read(400);
        assertThat(pacer.minGapMillis()).isEqualTo(20_000);
        clock.advance(Duration.ofMillis(20_000 - 400 - 1));
        assertThat(pacer.due()).isFalse();
        clock.advance(Duration.ofMillis(1));
        assertThat(pacer.due()).isTrue();
    }

    @Test
    void theGapFollowsTheLastReadsCost() {
        read(1_000);
        read(400);
        clock.advance(Duration.ofSeconds(20));
        read(40); // the target shed threads
        assertThat(pacer.minGapMillis()).isEqualTo(2_000);
        clock.advance(Duration.ofMillis(1_960));
        assertThat(pacer.due()).isTrue();
    }

    @Test
    void aSpacedReadIsDescribedWithItsGapAndCost() {
        read(1_000);
        Instant second = clock.instant();
        read(410);
        ThreadPacing pacing = pacer.pacing();
        assertThat(pacing.lastReadAt()).isEqualTo(second);
        assertThat(pacing.readMillis()).isEqualTo(410);
        assertThat(pacing.describe(Duration.ofSeconds(1))).isEqualTo("threads every ≥ 20 s (reading them takes 410 ms)");
        // At an interval longer than the gap, threads follow the interval and nothing is said.
        assertThat(pacing.describe(Duration.ofSeconds(30))).isNull();
    }

    @Test
    void oneReadSlowedByTheSchedulerDoesNotSpaceTheNextOnesWhenRecentReadsWereCheap() {
        read(1_000);
        read(10);
        clock.advance(Duration.ofSeconds(1));
        read(343); // the machine was busy: wall time, not the read's own cost
        assertThat(pacer.minGapMillis()).isEqualTo(500);
        assertThat(pacer.pacing().readMillis()).isEqualTo(10);
    }

    @Test
    void aTargetThatGrewThreadsIsSpacedOnceEveryRecentReadIsExpensive() {
        read(1_000);
        read(10);
        for (int i = 0; i < ThreadReadPacer.RECENT; i++) {
            clock.advance(Duration.ofSeconds(30));
            read(400);
        }
        assertThat(pacer.minGapMillis()).isEqualTo(20_000);
    }
}
