package dev.poolscope.probe;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The probe's thread census over this JVM's own ThreadMXBean: categories, cap, stuck times, memory bound. */
class ThreadCensusTest {

    private final Object lock = new Object();
    private final CountDownLatch release = new CountDownLatch(1);
    private final List<Thread> started = new ArrayList<>();

    @AfterEach
    void releaseThreads() throws InterruptedException {
        release.countDown();
        for (Thread t : started) {
            t.join(5000);
        }
    }

    @Test
    void blockedThreadsAreCountedExactlyAndListedUpToTheCapWithTheRestCountedAsNotShown() throws Exception {
        holdLock();
        Thread a = blockedOnLock("census-blocked-a");
        Thread b = blockedOnLock("census-blocked-b");
        ThreadCensus census = new ThreadCensus(ManagementFactory.getThreadMXBean(), HashSet::new, 1);

        ThreadSummary s = census.read();

        assertThat(s.getBlocked()).isGreaterThanOrEqualTo(2);
        assertThat(s.getTotalThreads())
                .isEqualTo(s.getAwaitingConnection() + s.getSocketIo() + s.getBlocked() + s.getOther());
        assertThat(s.getThreads()).hasSize(1);
        assertThat(s.getNotShown()).isEqualTo(s.getBlocked() + s.getAwaitingConnection() + s.getSocketIo() - 1);
        assertThat(s.getThreads()[0].getStack()).isNotEmpty();
        assertThat(List.of(a.getId(), b.getId())).contains(s.getThreads()[0].getId());
    }

    @Test
    void aStateSeenAtTheFirstReadHasNoStartBoundAndOneThatAppearsLaterIsBoundedByTheReadBefore() throws Exception {
        holdLock();
        Thread early = blockedOnLock("census-early");
        ThreadCensus census = new ThreadCensus(ManagementFactory.getThreadMXBean(), HashSet::new, 100);
        ThreadSummary first = census.read();
        Thread late = blockedOnLock("census-late");

        ThreadSummary second = census.read();

        ThreadSummaryEntry e = entry(second, early.getId());
        assertThat(e.getNotSeenSinceEpochMillis()).isEqualTo(-1);
        assertThat(e.getSameSinceEpochMillis()).isEqualTo(first.getCapturedAtEpochMillis());
        ThreadSummaryEntry l = entry(second, late.getId());
        assertThat(l.getNotSeenSinceEpochMillis()).isEqualTo(first.getCapturedAtEpochMillis());
        assertThat(l.getSameSinceEpochMillis()).isEqualTo(second.getCapturedAtEpochMillis());
        assertThat(l.getCategory()).isEqualTo("blocked");
    }

    @Test
    void holdersAreListedThoughNotInTroubleAndTrackingForgetsThreadsThatEnded() throws Exception {
        CountDownLatch parked = new CountDownLatch(1);
        Thread holder = start("census-holder", () -> {
            parked.countDown();
            awaitLatch(release);
        });
        parked.await();
        Set<Long> holders = new HashSet<>(List.of(holder.getId()));
        ThreadCensus census = new ThreadCensus(ManagementFactory.getThreadMXBean(), () -> holders, 100);

        ThreadSummaryEntry e = entry(census.read(), holder.getId());
        assertThat(e.getCategory()).isEqualTo("other");
        assertThat(e.isHoldsConnection()).isTrue();

        release.countDown();
        holder.join(5000);
        ThreadSummary after = census.read();
        assertThat(census.trackedThreads()).isLessThanOrEqualTo(after.getTotalThreads());
        assertThat(Arrays.stream(after.getThreads()).noneMatch(t -> t.getId() == holder.getId())).isTrue();
    }

    private static ThreadSummaryEntry entry(ThreadSummary s, long id) {
        return Arrays.stream(s.getThreads()).filter(t -> t.getId() == id).findFirst()
                .orElseThrow(() -> new AssertionError("thread " + id + " not listed"));
    }

    private void holdLock() throws InterruptedException {
        CountDownLatch held = new CountDownLatch(1);
        start("census-lock-owner", () -> {
            synchronized (lock) {
                held.countDown();
                awaitLatch(release);
            }
        });
        held.await();
    }

    private Thread blockedOnLock(String name) {
        Thread t = start(name, () -> {
            synchronized (lock) {
                lock.notifyAll();
            }
        });
        await().until(() -> t.getState() == Thread.State.BLOCKED);
        return t;
    }

    private Thread start(String name, Runnable r) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        started.add(t);
        t.start();
        return t;
    }

    private static void awaitLatch(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
