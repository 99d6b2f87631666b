package dev.poolscope.doctor.path;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The search's planning against a simulated path that drops flows idle longer than a fixed time. */
class BoundarySearchTest {

    /** Runs the search with each round taking its longest idle time, as the real finder does. */
    private static BoundarySearch simulate(long maxMillis, long dropAfterMillis) {
        BoundarySearch search = new BoundarySearch(maxMillis, 10, 4);
        long clock = 0;
        List<Long> plan;
        while (!(plan = search.nextRound(clock)).isEmpty()) {
            long roundEnd = 0;
            for (long idle : plan) {
                if (search.alreadyKnownDropped(idle)) {
                    continue;
                }
                boolean dropped = dropAfterMillis > 0 && idle > dropAfterMillis;
                search.record(new IdleProbe(search.round(), idle, idle,
                        dropped ? ProbeOutcome.NO_ANSWER : ProbeOutcome.ANSWERED, dropped ? 1_000 : 2, null));
                roundEnd = idle + (dropped ? 1_000 : 0);
            }
            clock += roundEnd;
        }
        return search;
    }

    @Test
    void firstRoundSpreadsIdleTimesEvenlyUpToMax() {
        assertThat(new BoundarySearch(10_000, 4, 4).nextRound(0)).containsExactly(2_500L, 5_000L, 7_500L, 10_000L);
    }

    @Test
    void boundaryEarlyInTheBudgetIsRefinedBelowTheFirstRoundsSpacing() {
        BoundarySearch search = simulate(10_000, 3_000);
        assertThat(search.lowMillis()).isLessThanOrEqualTo(3_000);
        assertThat(search.highMillis()).isGreaterThan(3_000);
        assertThat(search.highMillis() - search.lowMillis()).isEqualTo(200); // 1 s interval split in 5
        assertThat(search.round()).isEqualTo(2);
    }

    @Test
    void boundaryLateInTheBudgetKeepsTheFirstRoundsIntervalRatherThanOverrunMax() {
        BoundarySearch search = simulate(10_000, 6_500);
        assertThat(search.lowMillis()).isEqualTo(6_000);
        assertThat(search.highMillis()).isEqualTo(7_000);
        assertThat(search.round()).isEqualTo(1);
    }

    @Test
    void pathThatNeverDropsHasNoUpperBoundAndTheLongestAnsweredIdleAsLowerBound() {
        BoundarySearch search = simulate(10_000, 0);
        assertThat(search.highMillis()).isNull();
        assertThat(search.lowMillis()).isEqualTo(10_000);
        assertThat(search.consistent()).isTrue();
    }

    @Test
    void dropAtTheShortestIdleLeavesTheLowerBoundUnknownUntilARefinementAnswers() {
        BoundarySearch search = new BoundarySearch(10_000, 10, 4);
        search.nextRound(0);
        search.record(new IdleProbe(1, 1_000, 1_000, ProbeOutcome.ERROR, 3, "reset"));
        assertThat(search.lowMillis()).isNull();
        assertThat(search.nextRound(2_000)).containsExactly(200L, 400L, 600L, 800L);
    }

    @Test
    void laterIdleTimesAreKnownDroppedOnceAShorterOneDropped() {
        BoundarySearch search = new BoundarySearch(10_000, 10, 4);
        search.nextRound(0);
        search.record(new IdleProbe(1, 4_000, 4_010, ProbeOutcome.NO_ANSWER, 1_000, null));
        assertThat(search.alreadyKnownDropped(5_000)).isTrue();
        assertThat(search.alreadyKnownDropped(3_000)).isFalse();
    }

    @Test
    void anAnswerLongerThanADropMarksThePathInconsistent() {
        BoundarySearch search = new BoundarySearch(10_000, 10, 4);
        search.nextRound(0);
        search.record(new IdleProbe(1, 4_000, 4_000, ProbeOutcome.NO_ANSWER, 1_000, null));
        search.record(new IdleProbe(1, 5_000, 5_000, ProbeOutcome.ANSWERED, 2, null));
        assertThat(search.consistent()).isFalse();
        assertThat(search.highMillis()).isEqualTo(4_000);
    }

    @Test
    void resultJsonGivesTheTimeoutAsABoundPairWithResolution() {
        PathTimeoutResult r = new PathTimeoutResult("drop_found", 3_000L, 3_200L, 10_000, 1_000, 9_000, true,
                List.of(new IdleProbe(2, 3_200, 3_201, ProbeOutcome.NO_ANSWER, 1_000, null)));
        assertThat(r.toJsonMap()).containsEntry("resolutionMillis", 200L).containsEntry("noDropUpToMillis", null);
        assertThat(r.toJsonMap().get("idleTimeoutMillis")).isEqualTo(java.util.Map.of("low", 3_000L, "high", 3_200L));
        assertThat(r.summary()).contains("more than 3000 ms, at most 3200 ms");
    }
}
