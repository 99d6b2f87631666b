package dev.poolscope.live.threads;

import dev.poolscope.testing.MutableClock;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class StuckTrackerTest {

    private static final Instant T0 = Instant.parse("2026-11-25T03:00:00Z");

    private final MutableClock clock = new MutableClock(T0);
    private final StuckTracker tracker = new StuckTracker(clock, StuckPolicy.DEFAULT);
    private final ThreadClassifier classifier = new ThreadClassifier();

    private ClassifiedThread thread(long id, String name, String... frames) {
        Classification c = classifier.classify(name, Thread.State.RUNNABLE, Frames.stack(frames), null, -1, null);
        return new ClassifiedThread(id, name, "RUNNABLE", c, List.of(frames));
    }

    private ThreadSample only(ThreadAnalysis a, long id) {
        return a.threads().stream().filter(t -> t.id() == id).findFirst().orElseThrow();
    }

    @Test
    void sampledDurationGrowsWhileTheThreadStaysAtTheSameFrameAndIsALowerBound() {
        ClassifiedThread reader = thread(7, "req-7", Frames.PG_READ_JDK17);
        ThreadSample first = only(tracker.update(List.of(reader), Set.of(), null), 7);
        clock.advance(Duration.ofSeconds(4));
        ThreadSample second = only(tracker.update(List.of(reader), Set.of(), null), 7);
        clock.advance(Duration.ofSeconds(8));
        ThreadAnalysis third = tracker.update(List.of(reader), Set.of(), null);

        assertThat(first.stuckMillis()).isZero();
        assertThat(second.stuckMillis()).isEqualTo(4_000);
        assertThat(only(third, 7).stuckMillis()).isEqualTo(12_000);
        assertThat(only(third, 7).stuckLowerBound()).isTrue();
        assertThat(third.stuck()).extracting(ThreadSample::id).containsExactly(7L);
    }

    @Test
    void aStateAlreadyThereAtTheFirstSampleHasNoUpperBoundAndOneSeenToBeginHasTheGapBetweenSamples() {
        ClassifiedThread reader = thread(7, "req-7", Frames.PG_READ_JDK17);
        ThreadSample atAttach = only(tracker.update(List.of(reader, thread(8, "req-8", Frames.HIKARI_WAIT)),
                Set.of(), null), 7);
        clock.advance(Duration.ofSeconds(3));
        ThreadAnalysis next = tracker.update(List.of(reader, thread(8, "req-8", Frames.PG_READ_JDK17),
                thread(9, "req-9", Frames.PG_READ_JDK17)), Set.of(), null);

        assertThat(atAttach.stuckAtMostMillis()).as("began before PoolScope looked: unbounded").isNull();
        assertThat(only(next, 7).stuckAtMostMillis()).isNull();
        assertThat(only(next, 7).mayExceed(10_000)).isTrue();
        // req-8 moved into the read between the samples, req-9 appeared: both began within the last 3 s.
        assertThat(only(next, 8).stuckMillis()).isZero();
        assertThat(only(next, 8).stuckAtMostMillis()).isEqualTo(3_000);
        assertThat(only(next, 9).stuckAtMostMillis()).isEqualTo(3_000);
        assertThat(only(next, 9).mayExceed(10_000)).isFalse();
    }

    @Test
    void movingToAnotherFrameRestartsTheClock() {
        tracker.update(List.of(thread(7, "req-7", Frames.PG_READ_JDK17)), Set.of(), null);
        clock.advance(Duration.ofSeconds(30));
        ThreadSample moved = only(tracker.update(List.of(thread(7, "req-7", Frames.HIKARI_WAIT)), Set.of(), null), 7);
        assertThat(moved.category()).isEqualTo(ThreadCategory.AWAITING_CONNECTION);
        assertThat(moved.stuckMillis()).isZero();
    }

    @Test
    void thresholdIsAdjustable() {
        ClassifiedThread waiter = thread(3, "req-3", Frames.HIKARI_WAIT);
        tracker.update(List.of(waiter), Set.of(), null);
        clock.advance(Duration.ofSeconds(5));
        assertThat(tracker.update(List.of(waiter), Set.of(), null).stuck()).isEmpty();
        tracker.setPolicy(new StuckPolicy(Duration.ofSeconds(2)));
        assertThat(tracker.update(List.of(waiter), Set.of(), null).stuck()).hasSize(1);
    }

    @Test
    void otherThreadsAreNeverStuck() {
        ClassifiedThread idle = thread(1, "pool-1-thread-1", "jdk.internal.misc.Unsafe.park", "com.example.Idle.run");
        tracker.update(List.of(idle), Set.of(), null);
        clock.advance(Duration.ofHours(1));
        ThreadAnalysis a = tracker.update(List.of(idle), Set.of(), null);
        assertThat(only(a, 1).stuckMillis()).isEqualTo(3_600_000);
        assertThat(a.stuck()).isEmpty();
    }

    @Test
    void threadsThatAreGoneAreForgotten() {
        tracker.update(List.of(thread(1, "a", Frames.HIKARI_WAIT), thread(2, "b", Frames.HIKARI_WAIT)), Set.of(), null);
        tracker.update(List.of(thread(2, "b", Frames.HIKARI_WAIT)), Set.of(), null);
        assertThat(tracker.trackedThreads()).isEqualTo(1);
    }

    @Test
    void probeHintsGiveExactDurationsPoolAndConnectionOnTheFirstSample() {
        long targetNow = 1_000_000_000L;
        ProbeThreadHints hints = new ProbeThreadHints(targetNow,
                Map.of(3L, new ProbeThreadHints.BorrowWait("orders-db", targetNow - 42_000)),
                Map.of(7L, new ProbeThreadHints.HeldConnection("orders-db", "conn-5", targetNow - 600_000)));
        ThreadAnalysis a = tracker.update(List.of(thread(3, "req-3", Frames.HIKARI_WAIT),
                thread(7, "req-7", Frames.PG_READ_JDK17)), Set.of(), hints);

        ThreadSample waiter = only(a, 3);
        assertThat(waiter.stuckMillis()).isEqualTo(42_000);
        assertThat(waiter.stuckLowerBound()).isFalse();
        assertThat(waiter.pool()).isEqualTo("orders-db");
        ThreadSample reader = only(a, 7);
        assertThat(reader.stuckMillis()).isEqualTo(600_000);
        assertThat(reader.stuckLowerBound()).isFalse();
        assertThat(reader.connectionId()).isEqualTo("conn-5");
    }

    @Test
    void aQueryStartedAfterAnEarlierSampleIsCountedFromItsBorrowWhenTheBorrowCameAfterThatSample() {
        long targetNow = 1_000_000_000L;
        long lastSampleWithout = targetNow - 2_000; // the sample before did not see the thread reading
        ClassifiedThread reader = thread(7, "export", Frames.PG_READ_JDK17);
        ProbeThreadHints borrowedSince = new ProbeThreadHints(targetNow, Map.of(),
                Map.of(7L, new ProbeThreadHints.HeldConnection("orders-db", "conn-5", targetNow - 1_500)));
        ThreadSample exact = StuckTracker.toSample(reader, targetNow - 1_000, lastSampleWithout, targetNow, borrowedSince);
        assertThat(exact.stuckMillis()).isEqualTo(1_500);
        assertThat(exact.stuckLowerBound()).isFalse();

        // Borrowed long before the sample that saw it elsewhere: the wait began later, so only the samples bound it.
        ProbeThreadHints borrowedLongAgo = new ProbeThreadHints(targetNow, Map.of(),
                Map.of(7L, new ProbeThreadHints.HeldConnection("orders-db", "conn-5", targetNow - 60_000)));
        ThreadSample bounded = StuckTracker.toSample(reader, targetNow - 1_000, lastSampleWithout, targetNow, borrowedLongAgo);
        assertThat(bounded.stuckMillis()).isEqualTo(1_000);
        assertThat(bounded.stuckLowerBound()).isTrue();
        assertThat(bounded.stuckAtMostMillis()).isEqualTo(2_000);
    }

    @Test
    void aHolderNamedByTheDriversLockIsLinkedButItsReadSeenAtTheFirstSampleStaysAnOpenLowerBound() {
        long targetNow = 1_000_000_000L;
        // Borrowed before the probe: the driver's lock names the thread, nothing dates the borrow.
        ProbeThreadHints hints = new ProbeThreadHints(targetNow, Map.of(),
                Map.of(7L, new ProbeThreadHints.HeldConnection("orders-db", "conn-5", null)));
        tracker.update(List.of(thread(7, "req-7", Frames.PG_READ_JDK17)), Set.of(), hints);
        clock.advance(Duration.ofSeconds(3));
        ThreadSample reader = only(tracker.update(List.of(thread(7, "req-7", Frames.PG_READ_JDK17)), Set.of(), hints), 7);
        assertThat(reader.pool()).isEqualTo("orders-db");
        assertThat(reader.connectionId()).isEqualTo("conn-5");
        assertThat(reader.stuckMillis()).isEqualTo(3_000);
        assertThat(reader.stuckLowerBound()).isTrue();
        assertThat(reader.stuckAtMostMillis()).as("already reading at the first look: no upper bound").isNull();
    }

    @Test
    void aSocketReadSeenToBeginIsTimedBySamplingEvenWhenTheConnectionWasHeldLonger() {
        long targetNow = 1_000_000_000L;
        ProbeThreadHints hints = new ProbeThreadHints(targetNow, Map.of(),
                Map.of(7L, new ProbeThreadHints.HeldConnection("orders-db", "conn-5", targetNow - 600_000)));
        tracker.update(List.of(thread(7, "req-7", "com.example.Report.render", "java.lang.Thread.run")), Set.of(), hints);
        clock.advance(Duration.ofSeconds(3));
        ThreadSample reader = only(tracker.update(List.of(thread(7, "req-7", Frames.PG_READ_JDK17)), Set.of(), hints), 7);
        assertThat(reader.stuckMillis()).isZero();
        assertThat(reader.stuckLowerBound()).isTrue();
        assertThat(reader.connectionId()).isEqualTo("conn-5");
    }

    @Test
    void deadlockedThreadsAreGroupedByTheirWaitForEdges() {
        ClassifiedThread a = new ClassifiedThread(1, "a", "BLOCKED", classifier.classify("a", Thread.State.BLOCKED,
                Frames.stack("com.example.A.x"), "java.lang.Object@1", 2, "b"), List.of());
        ClassifiedThread b = new ClassifiedThread(2, "b", "BLOCKED", classifier.classify("b", Thread.State.BLOCKED,
                Frames.stack("com.example.A.y"), "java.lang.Object@2", 1, "a"), List.of());
        ClassifiedThread c = new ClassifiedThread(5, "c", "BLOCKED", classifier.classify("c", Thread.State.BLOCKED,
                Frames.stack("com.example.B.x"), "java.lang.Object@3", 6, "d"), List.of());
        ClassifiedThread d = new ClassifiedThread(6, "d", "BLOCKED", classifier.classify("d", Thread.State.BLOCKED,
                Frames.stack("com.example.B.y"), "java.lang.Object@4", 5, "c"), List.of());
        ThreadAnalysis analysis = tracker.update(List.of(a, b, c, d), Set.of(1L, 2L, 5L, 6L), null);
        assertThat(analysis.deadlocks()).extracting(DeadlockGroup::threadNames)
                .containsExactly(List.of("a", "b"), List.of("c", "d"));
    }
}
