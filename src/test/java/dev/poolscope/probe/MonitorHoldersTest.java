package dev.poolscope.probe;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Real threads of this JVM, each holding a monitor while blocked in a read on a real socket that
 * never answers (as a driver that synchronizes its execute does on a hung connection).
 */
class MonitorHoldersTest {

    private final List<AutoCloseable> open = new ArrayList<>();

    @AfterEach
    void closeSockets() throws Exception {
        for (AutoCloseable c : open) {
            c.close(); // ends the blocked reads, so the threads leave their monitors
        }
    }

    @Test
    void theThreadHoldingAConnectionsMonitorWhileBlockedInAReadIsNamedWithItsId() throws Exception {
        Object lock = new Object();
        Thread reader = readWhileHolding(lock, "hung-reader");
        Map<Object, Object> locks = new IdentityHashMap<>(Map.of("entry-1", lock, "entry-2", new Object()));

        Map<Object, MonitorHolders.Holder> found = new MonitorHolders().find(locks, Map.of(), System.nanoTime());

        assertThat(found).containsOnlyKeys("entry-1");
        assertThat(found.get("entry-1").threadId).isEqualTo(reader.getId());
        assertThat(found.get("entry-1").threadName).isEqualTo("hung-reader");
    }

    @Test
    void anUnheldLockIsLookedForAtMostOncePerIntervalWhileAKnownHolderIsRecheckedEveryTime() throws Exception {
        Object held = new Object();
        readWhileHolding(held, "holder");
        Map<Object, Object> locks = new IdentityHashMap<>();
        locks.put("held", held);
        locks.put("not-in-a-statement", new Object());
        MonitorHolders monitors = new MonitorHolders(ManagementFactory.getThreadMXBean(), 60_000);
        long t0 = System.nanoTime();

        Map<Object, MonitorHolders.Holder> first = monitors.find(locks, Map.of(), t0);
        Map<Object, MonitorHolders.Holder> second = monitors.find(locks, first, t0 + 1_000_000_000L);

        assertThat(monitors.sweeps()).as("no second sweep within the interval").isEqualTo(1);
        assertThat(second).containsOnlyKeys("held");
        monitors.find(locks, second, t0 + 61_000_000_000L);
        assertThat(monitors.sweeps()).as("swept again once the interval passed").isEqualTo(2);
    }

    @Test
    void aHolderThatLeftItsMonitorIsDroppedAtTheNextRecheck() throws Exception {
        Object lock = new Object();
        Socket socket = new Socket();
        Thread reader = readWhileHolding(lock, "leaves", socket);
        Map<Object, Object> locks = new IdentityHashMap<>(Map.of("entry", lock));
        MonitorHolders monitors = new MonitorHolders(ManagementFactory.getThreadMXBean(), 60_000);
        Map<Object, MonitorHolders.Holder> found = monitors.find(locks, Map.of(), System.nanoTime());
        assertThat(found).containsOnlyKeys("entry");

        socket.close();
        reader.join(10_000);

        assertThat(monitors.find(locks, found, System.nanoTime())).isEmpty();
    }

    @Test
    void aCostlySweepPushesTheNextOneBackToFiftyTimesItsDuration() {
        long second = 1_000_000_000L;
        assertThat(MonitorHolders.gapAfter(4_000_000L, second)).as("4 ms sweep: the 1 s interval").isEqualTo(second);
        assertThat(MonitorHolders.gapAfter(40_000_000L, second)).as("40 ms sweep: 2 s, so at most 2 % of a core")
                .isEqualTo(2 * second);
    }

    @Test
    void aHolderIsLookedForAgainOneSecondLaterByDefault() throws Exception {
        Object lock = new Object();
        Map<Object, Object> locks = new IdentityHashMap<>(Map.of("entry", lock));
        MonitorHolders monitors = new MonitorHolders();
        long t0 = System.nanoTime();
        assertThat(monitors.find(locks, Map.of(), t0)).as("not in a statement yet").isEmpty();

        readWhileHolding(lock, "hangs-later");
        assertThat(monitors.find(locks, Map.of(), t0 + 500_000_000L)).as("within the second: not looked for").isEmpty();
        assertThat(monitors.find(locks, Map.of(), t0 + 1_500_000_000L)).as("1.5 s later (past the 1 s interval, allowing a 30 ms first sweep): found").containsOnlyKeys("entry");
    }

    @Test
    void noLocksCostNothing() {
        MonitorHolders monitors = new MonitorHolders();
        assertThat(monitors.find(Map.of(), Map.of(), System.nanoTime())).isEmpty();
        assertThat(monitors.sweeps()).isZero();
    }

    private Thread readWhileHolding(Object lock, String name) throws Exception {
        return readWhileHolding(lock, name, new Socket());
    }

    /** A thread that takes {@code lock}'s monitor and then blocks reading a socket whose peer never writes. */
    private Thread readWhileHolding(Object lock, String name, Socket client) throws Exception {
        ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
        open.add(server);
        open.add(client);
        client.connect(server.getLocalSocketAddress());
        Socket peer = server.accept();
        open.add(peer);
        Thread t = new Thread(() -> {
            synchronized (lock) {
                try (InputStream in = client.getInputStream()) {
                    in.read();
                } catch (Exception closed) {
                    // the test closed the socket: leave the monitor
                }
            }
        }, name);
        t.setDaemon(true);
        t.start();
        await().until(() -> t.getState() == Thread.State.RUNNABLE
                && ManagementFactory.getThreadMXBean().getThreadInfo(new long[] {t.getId()}, true, false)[0]
                .getLockedMonitors().length == 1);
        return t;
    }
}
