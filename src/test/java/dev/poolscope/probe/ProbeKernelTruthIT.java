package dev.poolscope.probe;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import javax.management.MBeanServerConnection;
import javax.management.openmbean.CompositeData;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The kernel's and the driver's view of each connection, read by the real probe in a child JVM
 * against a real PostgreSQL: the backend pid pgjdbc keeps is the server's pid for the socket's
 * local port, and a connection running a long query has all its data acknowledged.
 */
@ExtendWith(SharedDatabase.class)
class ProbeKernelTruthIT {

    private static final String POOL = "kernel";
    private static final Duration STEP = Duration.ofSeconds(20);

    @Test
    void aLongQuerysConnectionIsEstablishedWithItsDataAcknowledgedAndItsBackendPidIsTheServers() throws Exception {
        try (TargetJvm target = TargetJvm.onClassPath("6.3.3", SharedDatabase.jdbcUrlWithCredentials(), POOL)) {
            target.awaitLine("POOLREADY", STEP);
            MBeanServerConnection jmx = target.attach(true);
            await().atMost(STEP).until(() -> jmx.isRegistered(TargetJvm.poolName(POOL)));
            target.send("SLEEPQ reporter");
            target.awaitLine("QUERYING reporter", STEP);
            await().atMost(STEP).untilAsserted(() -> {
                CompositeData running = connections(jmx).stream()
                        .filter(c -> "reporter".equals(c.get("borrowerThreadName"))).findFirst().orElseThrow();
                assertThat(running.get("runningStatement")).isEqualTo("SELECT pg_sleep(?) /* report */");
                assertThat(running.get("tcpUnavailableReason")).isEqualTo("");
                assertThat(running.get("tcpState")).isEqualTo("established");
                assertThat(running.get("tcpSendQueueBytes")).as("the query was acknowledged").isEqualTo(0L);
                assertThat(running.get("tcpTimer")).isNotEqualTo("retransmit");
                assertThat(running.get("tcpRetransmits")).isEqualTo(0);
                assertThat(running.get("remotePort")).isEqualTo(SharedDatabase.database().port());
                int pid = (Integer) running.get("backendPid");
                int port = (Integer) running.get("localPort");
                assertThat(serverPidForClientPort(port)).isEqualTo(pid);
                assertThat(serverStateOf(pid)).isEqualTo("active");
            });
            for (CompositeData c : connections(jmx)) {
                assertThat(c.get("tcpState")).as("every pooled connection is mapped to its socket").isEqualTo("established");
            }
        }
    }

    @Test
    void aLocalTargetsSocketsGetSsTimesSoAQuietPeerIsDatedAndTheJsonCarriesThem() throws Exception {
        try (TargetJvm target = TargetJvm.onClassPath("6.3.3", SharedDatabase.jdbcUrlWithCredentials(), POOL);
             dev.poolscope.attach.JvmConnector connector = new dev.poolscope.attach.JvmConnector(Duration.ofSeconds(10),
                     java.time.Clock.systemUTC(), () -> java.util.Optional.of(TargetJvm.PROBE_JAR))) {
            target.awaitLine("POOLREADY", STEP);
            java.time.Instant started = ProcessHandle.of(target.pid()).orElseThrow().info().startInstant().orElseThrow();
            await().atMost(STEP).until(() -> java.time.Instant.now().isAfter(started.plusMillis(2500)));
            try (dev.poolscope.attach.TargetConnection c = connector.attach(target.pid(), true)) {
                await().atMost(STEP).until(() -> c.mbeans().isRegistered(TargetJvm.poolName(POOL)));
                target.send("SLEEPQ reporter");
                target.awaitLine("QUERYING reporter", STEP);
                long queried = System.currentTimeMillis();
                dev.poolscope.live.ProbeSnapshotReader reader = new dev.poolscope.live.ProbeSnapshotReader(java.time.Clock.systemUTC(), false);
                await().atMost(STEP).untilAsserted(() -> {
                    dev.poolscope.live.TargetSnapshot snap = reader.read(c);
                    dev.poolscope.live.ConnectionRow row = snap.pools().get(0).connections().stream()
                            .filter(r -> "reporter".equals(r.borrowerThread())).findFirst().orElseThrow();
                    dev.poolscope.live.TcpView tcp = row.tcp();
                    assertThat(tcp).isNotNull();
                    assertThat(tcp.lastTimesUnavailableReason()).isNull();
                    // The server has not answered the pg_sleep yet: nothing received since the query went out.
                    long sinceQuery = System.currentTimeMillis() - queried;
                    assertThat(tcp.lastReceiveMillis()).isNotNull().isGreaterThanOrEqualTo(Math.min(sinceQuery, 1000) - 200);
                    assertThat(sinceQuery).isGreaterThan(1000);
                    assertThat(tcp.lastSendMillis()).isNotNull();
                    assertThat(tcp.lastAckMillis()).isNotNull();
                    String json = dev.poolscope.live.report.SnapshotJson.write(snap);
                    assertThat(json).contains("\"lastReceiveMillis\": " + tcp.lastReceiveMillis());
                });
            }
        }
    }

    @Test
    void aBorrowOlderThanTheProbeIsBoundedByWhatTheProbeSawAndByThePoolsLastUse() throws Exception {
        try (TargetJvm target = TargetJvm.onClassPath("6.3.3", SharedDatabase.jdbcUrlWithCredentials(), POOL)) {
            target.awaitLine("POOLREADY", STEP);
            target.send("HOLD early");
            long heldAt = TargetJvm.lastNumber(target.awaitLine("HELD early", STEP));
            MBeanServerConnection jmx = target.attach(true);
            await().atMost(STEP).until(() -> jmx.isRegistered(TargetJvm.poolName(POOL)));
            CompositeData snap = snapshot(jmx);
            CompositeData held = inUse(snap);
            long atLeast = (Long) held.get("inUseAtLeastMillis");
            // The borrow ended before "HELD" was printed: it has lasted at least captured - heldAt.
            long lasted = (Long) snap.get("capturedAtEpochMillis") - heldAt;
            assertThat(held.get("inUseMillis")).as("not measured, so not given as exact").isEqualTo(-1L);
            assertThat(atLeast).isBetween(0L, lasted);
            assertThat((Long) held.get("inUseAtMostMillis")).isGreaterThanOrEqualTo(lasted);
            assertThat(idle(snap).get("idleSince")).isEqualTo("return");
            await().atMost(STEP).pollDelay(Duration.ofMillis(1200)).untilAsserted(() -> {
                CompositeData later = snapshot(jmx);
                long laterAtLeast = (Long) inUse(later).get("inUseAtLeastMillis");
                assertThat(laterAtLeast).isGreaterThanOrEqualTo(atLeast + 1000)
                        .isLessThanOrEqualTo((Long) later.get("capturedAtEpochMillis") - heldAt);
            });
        }
    }

    @Test
    void aThreadInAStatementBorrowedBeforeTheProbeIsNamedByTheDriversLockAndAHolderOutsideAnyIsNot() throws Exception {
        try (TargetJvm target = TargetJvm.onClassPath("6.3.3", SharedDatabase.jdbcUrlWithCredentials(), POOL)) {
            target.awaitLine("POOLREADY", STEP);
            target.send("SLEEPQ reporter");
            target.awaitLine("QUERYING reporter", STEP);
            target.send("HOLD idler");
            target.awaitLine("HELD idler", STEP);
            MBeanServerConnection jmx = target.attach(true);
            await().atMost(STEP).until(() -> jmx.isRegistered(TargetJvm.poolName(POOL)));
            await().atMost(STEP).untilAsserted(() -> {
                List<CompositeData> held = connections(jmx).stream().filter(c -> "in_use".equals(c.get("state"))).toList();
                assertThat(held).hasSize(2);
                assertThat(held).allSatisfy(c -> assertThat(c.get("inUseMillis")).isEqualTo(-1L));
                CompositeData querying = held.stream().filter(c -> "driver_lock".equals(c.get("holderSource")))
                        .findFirst().orElseThrow();
                assertThat(querying.get("borrowerThreadName")).isEqualTo("reporter");
                assertThat((Long) querying.get("borrowerThreadId")).isPositive();
                assertThat(querying.get("runningStatement")).isEqualTo("SELECT pg_sleep(?) /* report */");
                CompositeData idle = held.stream().filter(c -> c != querying).findFirst().orElseThrow();
                assertThat(idle.get("holderSource")).as("no statement: nothing names its holder").isEqualTo("");
                assertThat(idle.get("borrowerThreadName")).isEqualTo("");
            });
        }
    }

    private static CompositeData snapshot(MBeanServerConnection jmx) throws Exception {
        return (CompositeData) jmx.getAttribute(TargetJvm.poolName(POOL), "Snapshot");
    }

    private static CompositeData inUse(CompositeData snap) {
        return List.of((CompositeData[]) snap.get("connections")).stream()
                .filter(c -> "in_use".equals(c.get("state"))).findFirst().orElseThrow();
    }

    private static CompositeData idle(CompositeData snap) {
        return List.of((CompositeData[]) snap.get("connections")).stream()
                .filter(c -> "idle".equals(c.get("state"))).findFirst().orElseThrow();
    }

    private static List<CompositeData> connections(MBeanServerConnection jmx) throws Exception {
        CompositeData snap = (CompositeData) jmx.getAttribute(TargetJvm.poolName(POOL), "Snapshot");
        return List.of((CompositeData[]) snap.get("connections"));
    }

    private static Integer serverPidForClientPort(int port) throws Exception {
        return query("SELECT pid FROM pg_stat_activity WHERE client_port = ?", port);
    }

    private static String serverStateOf(int pid) throws Exception {
        try (Connection c = DriverManager.getConnection(SharedDatabase.jdbcUrlWithCredentials());
             PreparedStatement ps = c.prepareStatement("SELECT state FROM pg_stat_activity WHERE pid = ?")) {
            ps.setInt(1, pid);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getString(1) : null;
            }
        }
    }

    private static Integer query(String sql, int arg) throws Exception {
        try (Connection c = DriverManager.getConnection(SharedDatabase.jdbcUrlWithCredentials());
             PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setInt(1, arg);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getInt(1) : null;
            }
        }
    }
}
