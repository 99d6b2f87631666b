package dev.poolscope.live.threads;

import dev.poolscope.live.headline.HeadlineWriter;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.locks.ReentrantLock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Real threads of this JVM in known situations, read through a real MBeanServerConnection (the
 * platform MBean server) the way a target is read over JMX.
 */
class ThreadReaderTest {

    private final List<Thread> started = new ArrayList<>();
    private final List<AutoCloseable> closeables = new ArrayList<>();
    private final CountDownLatch release = new CountDownLatch(1);

    private ThreadReader reader() throws IOException {
        return new ThreadReader(ManagementFactory.getPlatformMBeanServer(), new ThreadClassifier(), Clock.systemUTC());
    }

    private Thread start(String name, Runnable body) {
        Thread t = new Thread(body, name);
        t.setDaemon(true);
        started.add(t);
        t.start();
        return t;
    }

    @AfterEach
    void stopThreads() throws Exception {
        release.countDown();
        for (AutoCloseable c : closeables) {
            c.close();
        }
        for (Thread t : started) {
            t.interrupt();
            t.join(5_000);
        }
    }

    private void awaitState(Thread t, Thread.State state) {
        await().atMost(Duration.ofSeconds(10)).until(() -> t.getState() == state);
    }

    private static ThreadSample sample(ThreadAnalysis a, String name) {
        return a.threads().stream().filter(t -> t.name().equals(name)).findFirst().orElseThrow();
    }

    private ThreadAnalysis analyze(ThreadDump dump) {
        return new ThreadAnalyzer(new ThreadClassifier(), new StuckTracker(Clock.systemUTC(), StuckPolicy.DEFAULT))
                .analyze(dump, null);
    }

    private void holdMonitor(Object lock) {
        synchronized (lock) {
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private static void recurseThenLock(int depth, Object lock) {
        if (depth > 0) {
            recurseThenLock(depth - 1, lock);
            return;
        }
        synchronized (lock) {
            lock.hashCode();
        }
    }

    @Test
    void threadBlockedOnAMonitorIsBlockedWithItsOwnerAndFullStack() throws Exception {
        Object lock = new Object();
        Thread holder = start("test-monitor-holder", () -> holdMonitor(lock));
        awaitState(holder, Thread.State.WAITING);
        Thread blocked = start("test-monitor-blocked", () -> recurseThenLock(100, lock));
        awaitState(blocked, Thread.State.BLOCKED);

        ThreadDump dump = reader().sample();
        ThreadAnalysis a = analyze(dump);

        ThreadSample b = sample(a, "test-monitor-blocked");
        assertThat(b.category()).isEqualTo(ThreadCategory.BLOCKED);
        assertThat(b.state()).isEqualTo("BLOCKED");
        assertThat(b.lockInfo()).startsWith("java.lang.Object@");
        assertThat(b.lockOwner()).isEqualTo("test-monitor-holder (#" + holder.getId() + ")");
        // Blocked threads are re-read in full although the first pass cut stacks at 16 frames.
        assertThat(b.stack().size()).isGreaterThan(100);
        assertThat(dump.truncatedIds()).doesNotContain(blocked.getId());
        assertThat(sample(a, "test-monitor-holder").category()).isEqualTo(ThreadCategory.OTHER);
    }

    @Test
    void targetThreadsSamplesAndExportsThroughOneObject() throws Exception {
        Object lock = new Object();
        Thread holder = start("test-facade-holder", () -> holdMonitor(lock));
        awaitState(holder, Thread.State.WAITING);
        Thread blocked = start("test-facade-blocked", () -> recurseThenLock(0, lock));
        awaitState(blocked, Thread.State.BLOCKED);
        TargetThreads threads = new TargetThreads(ManagementFactory.getPlatformMBeanServer(), Clock.systemUTC(),
                StuckPolicy.DEFAULT);

        assertThat(sample(threads.sample(null), "test-facade-blocked").category()).isEqualTo(ThreadCategory.BLOCKED);
        assertThat(threads.dumpSource().jstackDump()).contains("\"test-facade-blocked\" #" + blocked.getId());
    }

    @Test
    void deepStacksOfOtherThreadsAreCutAndSaySo() throws Exception {
        Thread idle = start("test-deep-idle", () -> deepThenPark(60));
        awaitState(idle, Thread.State.WAITING);

        ThreadDump dump = reader().sample();
        ThreadSample s = sample(analyze(dump), "test-deep-idle");

        assertThat(s.category()).isEqualTo(ThreadCategory.OTHER);
        assertThat(s.stack()).hasSize(ThreadReader.DEFAULT_SHALLOW_DEPTH);
        assertThat(dump.truncatedIds()).contains(idle.getId());
    }

    private void deepThenPark(int depth) {
        if (depth > 0) {
            deepThenPark(depth - 1);
        } else {
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Test
    void lockDeadlockIsDetectedAndGrouped() throws Exception {
        // ReentrantLock rather than monitors so the test can end the deadlock (lockInterruptibly); the
        // monitor deadlock runs in a child JVM in StuckThreadsIT.
        ReentrantLock first = new ReentrantLock();
        ReentrantLock second = new ReentrantLock();
        CountDownLatch bothHoldOne = new CountDownLatch(2);
        Thread a = start("test-deadlock-a", () -> lockBoth(first, second, bothHoldOne));
        Thread b = start("test-deadlock-b", () -> lockBoth(second, first, bothHoldOne));

        await().atMost(Duration.ofSeconds(10)).until(() -> reader().sample().deadlockedIds().size() >= 2);
        ThreadDump dump = reader().sample();
        ThreadAnalysis analysis = analyze(dump);

        assertThat(dump.deadlockedIds()).contains(a.getId(), b.getId());
        assertThat(analysis.deadlocks()).anySatisfy(g ->
                assertThat(g.threadNames()).containsExactly("test-deadlock-a", "test-deadlock-b"));
        ThreadSample sa = sample(analysis, "test-deadlock-a");
        assertThat(sa.category()).isEqualTo(ThreadCategory.BLOCKED);
        assertThat(sa.lockOwner()).isEqualTo("test-deadlock-b (#" + b.getId() + ")");
        assertThat(HeadlineWriter.write(analysis).problem()).startsWith("Deadlock: 2 threads");
    }

    private static void lockBoth(ReentrantLock one, ReentrantLock two, CountDownLatch bothHoldOne) {
        try {
            one.lockInterruptibly();
            try {
                bothHoldOne.countDown();
                bothHoldOne.await();
                two.lockInterruptibly();
                two.unlock();
            } finally {
                one.unlock();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Test
    void socketReadWithoutJdbcDriverIsOther() throws Exception {
        ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
        closeables.add(server);
        Socket client = new Socket(InetAddress.getLoopbackAddress(), server.getLocalPort());
        closeables.add(client);
        Socket accepted = server.accept(); // never writes: the client's read never returns
        closeables.add(accepted);
        Thread readerThread = start("test-socket-reader", () -> {
            try (InputStream in = client.getInputStream()) {
                in.read();
            } catch (IOException expectedOnClose) {
                // closing the socket in @AfterEach ends the read
            }
        });
        await().atMost(Duration.ofSeconds(10)).until(() -> {
            StackTraceElement[] st = readerThread.getStackTrace();
            return st.length > 0 && st[0].getClassName().startsWith("sun.nio.ch");
        });

        ThreadSample s = sample(analyze(reader().sample()), "test-socket-reader");
        assertThat(s.category()).isEqualTo(ThreadCategory.OTHER);
        assertThat(new ThreadClassifier().classify(threadInfo(readerThread)).detail())
                .isEqualTo("socket read (not under a JDBC driver)");
    }

    private static ThreadInfo threadInfo(Thread t) {
        return ManagementFactory.getThreadMXBean().getThreadInfo(new long[]{t.getId()}, true, false)[0];
    }

    @Test
    void fullDumpIsInJstackFormatWithLocksAndDeadlocks() throws Exception {
        Object monitor = new Object();
        Thread holder = start("test-dump-holder", () -> holdMonitor(monitor));
        awaitState(holder, Thread.State.WAITING);
        Thread blocked = start("test-dump-blocked", () -> recurseThenLock(0, monitor));
        awaitState(blocked, Thread.State.BLOCKED);
        ReentrantLock first = new ReentrantLock();
        ReentrantLock second = new ReentrantLock();
        CountDownLatch bothHoldOne = new CountDownLatch(2);
        start("test-dump-dl-a", () -> lockBoth(first, second, bothHoldOne));
        start("test-dump-dl-b", () -> lockBoth(second, first, bothHoldOne));
        await().atMost(Duration.ofSeconds(10)).until(() -> reader().sample().deadlockedIds().size() >= 2);

        ThreadDump dump = reader().fullDump();
        String text = JstackFormat.format(dump);

        String monitorId = String.format("<0x%016x>", System.identityHashCode(monitor));
        assertThat(text).startsWith(dump.capturedAt().toString().substring(0, 10))
                .contains("Full thread dump " + dump.vmDescription())
                .contains("\"test-dump-holder\" #" + holder.getId() + " daemon prio=5\n"
                        + "   java.lang.Thread.State: WAITING (parking)\n")
                .contains("\t- locked " + monitorId + " (a java.lang.Object)")
                .contains("\"test-dump-blocked\" #" + blocked.getId())
                .contains("\t- waiting to lock " + monitorId + " (a java.lang.Object)")
                .contains("   Locked ownable synchronizers:\n\t- <0x")
                .contains("Found one Java-level deadlock:")
                .contains("waiting for ownable synchronizer <0x")
                .contains("which is held by \"test-dump-dl-b\"")
                .contains("Found 1 deadlock(s).");
        assertThat(text).contains("\tat " + ThreadReaderTest.class.getName() + ".holdMonitor(ThreadReaderTest.java:");
    }
}
