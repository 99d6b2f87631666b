package dev.poolscope.probe;

import org.junit.jupiter.api.Test;

import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The hook-side bookkeeping, driven directly with stand-in pool and entry objects. */
class BorrowRecorderTest {

    private final AtomicInteger newPools = new AtomicInteger();
    private final BorrowRecorder recorder = new BorrowRecorder(newPools::incrementAndGet);
    private final Object pool = new Object();
    private final Object entry = new Object();

    @Test
    void aBorrowIsMeasuredOnceAndTheHolderRecordedUntilRelease() {
        recorder.borrowStarted(pool);
        recorder.leased(entry);
        recorder.borrowEnded(pool, "proxy");

        PoolTracker tracker = recorder.existingTracker(pool);
        assertThat(newPools).hasValue(1);
        assertThat(tracker.sinceLoad().count).isEqualTo(1);
        Lease lease = tracker.leasesByEntry().get(entry);
        assertThat(lease.threadId).isEqualTo(Thread.currentThread().getId());
        assertThat(lease.threadName).isEqualTo(Thread.currentThread().getName());
        assertThat(tracker.waiters()).isEmpty();

        recorder.released(pool, entry);
        assertThat(tracker.leasesByEntry()).isEmpty();
    }

    @Test
    void aReturnTimedByHikariCpsOwnClockReadIsMeasuredWithThatTime() {
        recorder.borrowStarted(pool);
        recorder.leased(entry);
        recorder.borrowEnded(pool, "proxy");
        PoolTracker tracker = recorder.existingTracker(pool);

        // HikariCP 5.x+ hands over the ClockSource.currentTime() it read for the return (nanoTime here).
        recorder.returned(pool, entry, System.nanoTime() + 5_000_000_000L);

        assertThat(tracker.leasesByEntry()).isEmpty();
        assertThat(tracker.uses()).isEqualTo(1);
        assertThat(tracker.useMicrosTotal()).isBetween(5_000_000L, 6_000_000L);
    }

    @Test
    void withHikariCpsClockReadsTheWaitIsTimedByThemWhenNoValidationRan() {
        long start = System.nanoTime() - 3_000_000L;
        long bagHandedOut = start + 2_000_000L; // getConnection's `now`: a 2 ms wait in the bag
        recorder.borrowStartedAt(pool, start);
        recorder.leasedAt(entry, bagHandedOut - 100_000_000L); // idle 100 ms: under the 500 ms bypass window
        recorder.borrowEndedAt(pool, "proxy", bagHandedOut, 500);

        PoolTracker tracker = recorder.existingTracker(pool);
        assertThat(tracker.sinceLoad().count).isEqualTo(1);
        assertThat(tracker.sinceLoad().maxMillis()).isEqualTo(2.0);
        assertThat(tracker.leasesByEntry().get(entry).sinceNanos).isEqualTo(bagHandedOut);
    }

    @Test
    void afterAValidationTheEndIsReadByTheProbeSoTheWaitIncludesIt() {
        // Idle 10 s, past the 500 ms window: HikariCP validated after `now` (a dead peer can hang there).
        long start = System.nanoTime() - 4_000_000_000L;
        long bagHandedOut = start + 1_000L;
        recorder.borrowStartedAt(pool, start);
        recorder.leasedAt(entry, bagHandedOut - 10_000_000_000L);
        recorder.borrowEndedAt(pool, "proxy", bagHandedOut, 500);

        // The 4 s spent after `now` count: with `now` the wait would read 1 µs.
        assertThat(recorder.existingTracker(pool).sinceLoad().maxMillis()).isGreaterThanOrEqualTo(3_900.0);
    }

    @Test
    void withoutTheEntrysLastAccessTheEndIsReadByTheProbe() {
        // leased(..) without lastAccessed (a hook of an older copy): nothing tells whether HikariCP validated.
        long start = System.nanoTime() - 4_000_000_000L;
        recorder.borrowStartedAt(pool, start);
        recorder.leased(entry);
        recorder.borrowEndedAt(pool, "proxy", start + 1_000L, 500);

        assertThat(recorder.existingTracker(pool).sinceLoad().maxMillis()).isGreaterThanOrEqualTo(3_900.0);
    }

    @Test
    void nestedGetConnectionCallsCountAsOneBorrow() {
        recorder.borrowStarted(pool);
        recorder.borrowStarted(pool);
        recorder.borrowEnded(pool, "inner");
        assertThat(recorder.existingTracker(pool).sinceLoad().count).isZero();
        recorder.borrowEnded(pool, "outer");
        assertThat(recorder.existingTracker(pool).sinceLoad().count).isEqualTo(1);
    }

    @Test
    void anEndWithoutAStartIsIgnored() {
        // getConnection was already running when the probe was loaded.
        recorder.borrowEnded(pool, "proxy");
        recorder.borrowFailed(pool, new SQLException("x"));
        recorder.borrowStarted(pool);
        recorder.borrowEnded(pool, "proxy");
        assertThat(recorder.existingTracker(pool).sinceLoad().count).isEqualTo(1);
    }

    @Test
    void timeoutsAndOtherFailuresAreCountedApartFromWaits() {
        recorder.borrowStarted(pool);
        recorder.borrowFailed(pool, new SQLTransientConnectionException("request timed out"));
        recorder.borrowStarted(pool);
        recorder.borrowFailed(pool, new SQLException("interrupted"));
        PoolTracker tracker = recorder.existingTracker(pool);
        assertThat(tracker.timeouts()).isEqualTo(1);
        assertThat(tracker.failures()).isEqualTo(1);
        assertThat(tracker.sinceLoad().count).isZero();
        assertThat(tracker.waiters()).isEmpty();
    }

    @Test
    void aThreadInsideGetConnectionIsListedAsWaiter() throws Exception {
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch finish = new CountDownLatch(1);
        Thread waiter = new Thread(() -> {
            recorder.borrowStarted(pool);
            started.countDown();
            try {
                finish.await();
            } catch (InterruptedException ignored) {
                Thread.currentThread().interrupt();
            }
            recorder.borrowEnded(pool, "proxy");
        }, "waiter-under-test");
        waiter.start();
        started.await();
        List<PoolTracker.Waiter> waiters = recorder.existingTracker(pool).waiters();
        assertThat(waiters).extracting(w -> w.thread.getName()).containsExactly("waiter-under-test");
        finish.countDown();
        waiter.join();
        await().until(() -> recorder.existingTracker(pool).waiters().isEmpty());
    }

    @Test
    void aLeaseOfAnEntryNoLongerInThePoolIsForgotten() {
        recorder.borrowStarted(pool);
        recorder.leased(entry);
        recorder.borrowEnded(pool, "proxy");
        PoolTracker tracker = recorder.existingTracker(pool);
        tracker.forgetLeasesExcept(new java.util.IdentityHashMap<>(), tracker.leasesByEntry());
        assertThat(tracker.leasesByEntry()).isEmpty();
    }

    @Test
    void aConnectionBorrowedAfterTheReadersCopyKeepsItsHolderThroughThePrune() {
        recorder.borrowStarted(pool);
        PoolTracker tracker = recorder.existingTracker(pool);
        java.util.Map<Object, Lease> copy = tracker.leasesByEntry();
        // created and borrowed between the copy and the prune: the listing of entries missed it
        recorder.leased(entry);
        recorder.borrowEnded(pool, "proxy");
        tracker.forgetLeasesExcept(new java.util.IdentityHashMap<>(), copy);
        assertThat(tracker.leasesByEntry()).containsKey(entry);
    }

    @Test
    void aReleaseFromRecycleAndThenFromCloseConnectionReleasesOnceAndLeavesOthers() {
        Object other = new Object();
        recorder.borrowStarted(pool);
        recorder.leased(entry);
        recorder.borrowEnded(pool, "proxy");
        recorder.borrowStarted(pool);
        recorder.leased(other);
        recorder.borrowEnded(pool, "proxy");
        PoolTracker tracker = recorder.existingTracker(pool);
        recorder.released(pool, entry);
        recorder.released(pool, entry);
        assertThat(tracker.leasesByEntry()).containsOnlyKeys(other);
    }

    @Test
    void slotsOfCollectedEntriesAreReusedSoAPoolsEntriesStayExactAfterChurn() {
        CreationTimes times = new CreationTimes();
        java.lang.ref.WeakReference<Object> lastDropped = null;
        for (int i = 0; i < 100_000; i++) {
            Object dropped = new Object();
            times.put(dropped, i);
            lastDropped = new java.lang.ref.WeakReference<>(dropped);
        }
        java.lang.ref.WeakReference<Object> sentinel = lastDropped;
        await().until(() -> {
            System.gc();
            return sentinel.get() == null;
        });
        Object[] live = new Object[200];
        for (int i = 0; i < live.length; i++) {
            live[i] = new Object();
            times.put(live[i], 1_000_000L + i);
        }
        for (int i = 0; i < live.length; i++) {
            assertThat(times.get(live[i])).isEqualTo(1_000_000L + i);
        }
    }

    @Test
    void creationTimesAreKeptPerEntry() {
        recorder.created(entry);
        assertThat(recorder.createdNanos(entry)).isNotNull();
        assertThat(recorder.createdNanos(new Object())).isNull();
    }

    @Test
    void forgottenPoolsAreNoLongerTracked() {
        recorder.borrowStarted(pool);
        recorder.borrowEnded(pool, "proxy");
        recorder.forget(recorder.existingTracker(pool));
        assertThat(recorder.trackers()).isEmpty();
    }

    @Test
    void concurrentBorrowsAreAllCountedAndLeaveNoStaleSlots() throws Exception {
        int threads = 8;
        int borrowsPerThread = 20_000;
        Object[] entries = new Object[threads];
        Thread[] workers = new Thread[threads];
        for (int t = 0; t < threads; t++) {
            Object own = new Object();
            entries[t] = own;
            workers[t] = new Thread(() -> {
                for (int i = 0; i < borrowsPerThread; i++) {
                    recorder.borrowStarted(pool);
                    recorder.leased(own);
                    recorder.borrowEnded(pool, "proxy");
                    recorder.released(pool, own);
                }
            }, "borrower-" + t);
        }
        for (Thread w : workers) {
            w.start();
        }
        for (Thread w : workers) {
            w.join();
        }
        PoolTracker tracker = recorder.existingTracker(pool);
        assertThat(tracker.sinceLoad().count).isEqualTo((long) threads * borrowsPerThread);
        assertThat(tracker.waiters()).isEmpty();
        assertThat(tracker.waitersUntracked()).isZero();
        assertThat(tracker.leasesByEntry()).isEmpty();
        assertThat(newPools).hasValue(1);
    }

    @Test
    void aPruneWorkingFromAnOldCopyDoesNotDropTheNextLeaseOfTheSameSlot() {
        recorder.borrowStarted(pool);
        recorder.leased(entry);
        recorder.borrowEnded(pool, "proxy");
        PoolTracker tracker = recorder.existingTracker(pool);
        java.util.Map<Object, Lease> copy = tracker.leasesByEntry();
        recorder.released(pool, entry);
        recorder.borrowStarted(pool);
        recorder.leased(entry);
        recorder.borrowEnded(pool, "proxy");

        tracker.forgetLeasesExcept(new java.util.IdentityHashMap<>(), copy);

        assertThat(tracker.leasesByEntry()).containsKey(entry);
        assertThat(tracker.leasesByEntry().get(entry).seq).isNotEqualTo(copy.get(entry).seq);
    }

    @Test
    void onceArmedABorrowRecordsItsCallerAsTheBorrowSiteAndAReleaseDropsIt() {
        borrowFromTheReportJob();
        PoolTracker tracker = recorder.existingTracker(pool);
        assertThat(tracker.leasesByEntry().get(entry).borrowSite).as("capture not armed").isNull();
        recorder.released(pool, entry);

        assertThat(tracker.borrowSites.armFor(1_500, System.nanoTime())).isTrue();
        borrowFromTheReportJob();

        Lease lease = tracker.leasesByEntry().get(entry);
        assertThat(lease.borrowSite[0].getMethodName()).isEqualTo("borrowFromTheReportJob");
        recorder.released(pool, entry);
        assertThat(tracker.leasesByEntry()).isEmpty();
        assertThat(lease.slot.borrowSite).as("a free slot keeps no stack").isNull();
    }

    @Test
    void theScannerArmsCaptureOnlyForAHoldPastTheThresholdWithoutABorrowSite() {
        borrowFromTheReportJob();
        PoolTracker tracker = recorder.existingTracker(pool);
        long since = tracker.leasesByEntry().get(entry).sinceNanos;
        assertThat(tracker.armBorrowSitesIfHeldPast(1_000, since + 999_000_000L)).isFalse();
        assertThat(tracker.armBorrowSitesIfHeldPast(1_000, since + 1_000_000_000L)).isTrue();
        assertThat(tracker.borrowSites.armedForHeldMillis()).isEqualTo(1_000);
    }

    private void borrowFromTheReportJob() {
        recorder.borrowStarted(pool);
        recorder.leased(entry);
        recorder.borrowEnded(pool, "proxy");
    }

    @Test
    void borrowsInSteadyStateAllocateNothing() {
        com.sun.management.ThreadMXBean threads =
                (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
        Object[] entries = {new Object(), new Object(), new Object(), new Object()};
        Runnable borrows = () -> {
            for (int i = 0; i < 50_000; i++) {
                Object e = entries[i & 3];
                recorder.borrowStarted(pool);
                recorder.leased(e);
                recorder.borrowEnded(pool, e);
                recorder.released(pool, e);
            }
        };
        borrows.run(); // first use of each histogram bucket and of the thread's state allocates once
        long before = threads.getThreadAllocatedBytes(Thread.currentThread().getId());
        borrows.run();
        long allocated = threads.getThreadAllocatedBytes(Thread.currentThread().getId()) - before;

        // One object per borrow would be >= 16 bytes x 50,000; allow the measuring call's own few hundred bytes.
        assertThat(allocated).isLessThan(10_000);
        assertThat(recorder.existingTracker(pool).leasesHeld()).isZero();
        assertThat(recorder.existingTracker(pool).leasesUntracked()).isZero();
        assertThat(recorder.existingTracker(pool).uses()).as("each return's use time recorded").isEqualTo(100_000);
    }

    @Test
    void aGetConnectionThatFailsAfterWrappingAnEntryLeavesNoLease() {
        recorder.borrowStarted(pool);
        recorder.leased(entry);
        recorder.borrowFailed(pool, new java.sql.SQLException("closed while wrapping"));
        recorder.borrowStarted(pool);
        recorder.borrowEnded(pool, "proxy");

        assertThat(recorder.existingTracker(pool).leasesByEntry()).isEmpty();
    }
}
