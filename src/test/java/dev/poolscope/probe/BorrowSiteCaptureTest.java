package dev.poolscope.probe;

import org.junit.jupiter.api.Test;

import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * When borrows record their stack: armed by a long hold, sampled, bounded by a window and a budget,
 * re-armed no sooner than the cool-down; and why a lease has no borrow site. Times are nanoTime
 * values passed in, so no test waits.
 */
class BorrowSiteCaptureTest {

    private static final long MS = 1_000_000L;
    /** An arbitrary, negative start: nanoTime may be negative, and only differences count. */
    private static final long T0 = -5_000_000_000_000L;

    /** Window 60 s, one stack per 20 ms, 3 stacks per window, re-armed at most every 10 min. */
    private final BorrowSiteCapture capture = new BorrowSiteCapture(60_000, 20, 3, 600_000);

    @Test
    void unarmedNoBorrowIsSampled() {
        for (long t = 0; t < 100; t++) {
            assertThat(capture.tryTake(T0 + t * 30 * MS)).isFalse();
        }
        assertThat(capture.armedForHeldMillis()).isEqualTo(-1);
    }

    @Test
    void aLongHoldArmsCaptureAndTheNextBorrowIsSampled() {
        assertThat(capture.armFor(1_200, T0)).isTrue();
        assertThat(capture.armed(T0)).isTrue();
        assertThat(capture.armedForHeldMillis()).isEqualTo(1_200);
        assertThat(capture.tryTake(T0 + MS)).isTrue();
    }

    @Test
    void whileArmedAtMostOneBorrowPerGapIsSampled() {
        capture.armFor(1_000, T0);
        assertThat(capture.tryTake(T0)).isTrue();
        assertThat(capture.tryTake(T0 + 5 * MS)).as("5 ms later: inside the 20 ms gap").isFalse();
        assertThat(capture.tryTake(T0 + 19 * MS)).isFalse();
        assertThat(capture.tryTake(T0 + 20 * MS)).isTrue();
    }

    @Test
    void theBudgetEndsTheWindowEarly() {
        capture.armFor(1_000, T0);
        assertThat(capture.tryTake(T0)).isTrue();
        assertThat(capture.tryTake(T0 + 20 * MS)).isTrue();
        assertThat(capture.tryTake(T0 + 40 * MS)).as("the third and last of the budget").isTrue();
        assertThat(capture.armed(T0 + 40 * MS)).isFalse();
        assertThat(capture.tryTake(T0 + 60 * MS)).isFalse();
        assertThat(capture.tryTake(T0 + 10_000 * MS)).isFalse();
    }

    @Test
    void theWindowEndsAfterItsTimeEvenWithBudgetLeft() {
        capture.armFor(1_000, T0);
        assertThat(capture.tryTake(T0 + 59_999 * MS)).isTrue();
        assertThat(capture.tryTake(T0 + 60_000 * MS)).isFalse();
        assertThat(capture.armed(T0 + 60_000 * MS)).isFalse();
    }

    @Test
    void captureIsNotReArmedWhileArmedNorWithinTheCoolDown() {
        assertThat(capture.armFor(1_000, T0)).isTrue();
        assertThat(capture.armFor(5_000, T0 + 1_000 * MS)).as("already armed").isFalse();
        assertThat(capture.armFor(5_000, T0 + 61_000 * MS)).as("window over, cool-down not").isFalse();
        assertThat(capture.tryTake(T0 + 61_000 * MS)).isFalse();
        assertThat(capture.armFor(5_000, T0 + 600_000 * MS)).as("10 min after the last arming").isTrue();
        assertThat(capture.tryTake(T0 + 600_001 * MS)).isTrue();
    }

    @Test
    void concurrentBorrowsNeverTakeMoreThanTheBudget() throws Exception {
        BorrowSiteCapture noGap = new BorrowSiteCapture(60_000, 0, 100, 600_000);
        noGap.armFor(1_000, 0);
        java.util.concurrent.atomic.AtomicInteger taken = new java.util.concurrent.atomic.AtomicInteger();
        Thread[] threads = new Thread[8];
        for (int i = 0; i < threads.length; i++) {
            threads[i] = new Thread(() -> {
                for (long t = 1; t <= 10_000; t++) {
                    if (noGap.tryTake(t)) {
                        taken.incrementAndGet();
                    }
                }
            });
            threads[i].start();
        }
        for (Thread t : threads) {
            t.join();
        }
        assertThat(taken.get()).isBetween(1, 100);
        assertThat(noGap.armed(10_001)).isFalse();
    }

    @Test
    void theReasonSaysWhetherTheBorrowCameBeforeDuringOrAfterTheWindow() {
        assertThat(capture.notCapturedReason(T0, 1_000)).startsWith("borrowed before borrow-site capture was armed (")
                .contains("held past 1000 ms");
        capture.armFor(1_000, T0 + 10_000 * MS);
        assertThat(capture.notCapturedReason(T0, 1_000)).startsWith("borrowed before borrow-site capture was armed");
        assertThat(capture.notCapturedReason(T0 + 10_005 * MS, 1_000))
                .isEqualTo("not sampled: while armed, capture takes at most one stack per 20 ms per pool");
        assertThat(capture.notCapturedReason(T0 + 70_000 * MS, 1_000)).startsWith("borrowed after borrow-site capture had stopped");
    }

    @Test
    void theCallerStackStartsAtTheCallerNotInTheProbe() {
        StackTraceElement[] stack = BorrowSiteCapture.callerStack();
        assertThat(stack[0].getMethodName()).isEqualTo("theCallerStackStartsAtTheCallerNotInTheProbe");
        assertThat(stack.length).isLessThanOrEqualTo(BorrowSiteCapture.MAX_FRAMES);
        assertThat(Arrays.stream(stack).map(StackTraceElement::getClassName))
                .doesNotContain(BorrowSiteCapture.class.getName());
    }
}
