package dev.poolscope.probe;

import dev.poolscope.attach.JvmConnector;
import dev.poolscope.attach.TargetConnection;
import dev.poolscope.live.ConnectionRow;
import dev.poolscope.live.ConnectionState;
import dev.poolscope.live.PoolSnapshot;
import dev.poolscope.live.ProbeSnapshotReader;
import dev.poolscope.live.TargetSnapshot;
import dev.poolscope.live.threads.ThreadCategory;
import dev.poolscope.live.threads.ThreadSample;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import javax.management.MBeanServerConnection;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Pools of other libraries in real child JVMs (real jars), found and read by the real
 * probe loaded through the app's own attach path, and read back by the app's
 * {@link ProbeSnapshotReader}: kind, name, counts, the holders of borrowed connections observed at
 * the borrow, a waiter on the exhausted pool classified as awaiting a connection, and idle ages
 * after a return. The pools exist (and are full) before the probe loads.
 *
 * <p>All run against the shared embedded PostgreSQL through pgjdbc, as a service would; none of
 * these libraries needs H2 (the workload still accepts an H2 URL). Oracle UCP has its own class,
 * {@link UcpPoolIT}, with one child JVM for all its steps.
 */
@ExtendWith(SharedDatabase.class)
class OtherPoolsIT {

    private static final Duration STEP = Duration.ofSeconds(15);
    private static final JvmConnector connector = new JvmConnector();

    @AfterAll
    static void closeConnector() {
        connector.close();
    }

    @Test
    void dbcp2PoolShowsHoldersWaiterAndIdleAges() throws Exception {
        PoolSnapshot pool = exercise("DBCP2", "orders", pgName("DBCP2"), DBCP2_JARS, "maxTotal=2", "testOnBorrow=true");
        assertThat(pool.config().connectionTimeoutMillis()).isEqualTo((long) OtherPoolsWorkload.TIMEOUT_MILLIS);
        assertThat(pool.config().connectionTestQuery()).isEqualTo("SELECT 1");
    }

    @Test
    void tomcatJdbcPoolShowsHoldersWaiterAndIdleAges() throws Exception {
        PoolSnapshot pool = exercise("TomcatJDBC", "billing", "billing", TOMCAT_JARS, "maxActive=2", "testWhileIdle=true");
        assertThat(pool.config().connectionTimeoutMillis()).isEqualTo((long) OtherPoolsWorkload.TIMEOUT_MILLIS);
    }

    @Test
    void agroalPoolShowsHoldersWaiterAndIdleAges() throws Exception {
        PoolSnapshot pool = exercise("Agroal", "stock", pgName("Agroal"), AGROAL_JARS, "maxSize=2", "reapTimeout=PT10M");
        assertThat(pool.config().connectionTimeoutMillis()).isEqualTo((long) OtherPoolsWorkload.TIMEOUT_MILLIS);
    }

    @Test
    void c3p0PoolShowsHoldersWaiterAndIdleAges() throws Exception {
        PoolSnapshot pool = exercise("c3p0", "ledger", pgName("c3p0"), C3P0_JARS,
                "maxPoolSize=2", "testConnectionOnCheckout=true", "preferredTestQuery=SELECT 1");
        assertThat(pool.config().connectionTimeoutMillis()).isEqualTo((long) OtherPoolsWorkload.TIMEOUT_MILLIS);
        assertThat(pool.config().connectionTestQuery()).isEqualTo("SELECT 1");
    }

    @Test
    void c3p0BorrowTimeoutIsCountedAsATimeout() throws Exception {
        timesOut("c3p0", "t4", pgName("c3p0"), C3P0_JARS);
    }

    @Test
    void idleC3p0PoolIsFoundAtItsIdleTestRunWithoutABorrow() throws Exception {
        // c3p0's idleConnectionTestPeriod is whole seconds: the workload sets 1 s
        foundWithoutBorrow("c3p0", "idle4", pgName("c3p0"), C3P0_JARS, 1000);
    }

    @Test
    void viburPoolShowsHoldersWaiterAndIdleAges() throws Exception {
        PoolSnapshot pool = exercise("Vibur", "payments", "payments", VIBUR_JARS,
                "poolMaxSize=2", "poolEnableConnectionTracking=true", "testConnectionQuery=SELECT 1");
        assertThat(pool.config().connectionTimeoutMillis()).isEqualTo((long) OtherPoolsWorkload.TIMEOUT_MILLIS);
    }

    @Test
    void viburBorrowTimeoutIsCountedAsATimeout() throws Exception {
        timesOut("Vibur", "t5", "t5", VIBUR_JARS);
    }

    @Test
    void idleViburPoolIsFoundAtItsReducerSampleWithoutABorrow() throws Exception {
        foundWithoutBorrow("Vibur", "idle5", "idle5", VIBUR_JARS, HOUSEKEEPING_MILLIS);
    }

    @Test
    void druidPoolShowsHoldersWaiterAndIdleAges() throws Exception {
        PoolSnapshot pool = exercise("Druid", "audit", "audit", DRUID_JARS,
                "maxActive=2", "testOnBorrow=true", "removeAbandoned=true");
        assertThat(pool.config().connectionTimeoutMillis()).isEqualTo((long) OtherPoolsWorkload.TIMEOUT_MILLIS);
        assertThat(pool.config().connectionTestQuery()).isEqualTo("SELECT 1");
    }

    @Test
    void druidBorrowTimeoutIsCountedAsATimeout() throws Exception {
        timesOut("Druid", "t6", "t6", DRUID_JARS);
    }

    @Test
    void idleDruidPoolIsFoundAtItsDestroyTaskRunWithoutABorrow() throws Exception {
        foundWithoutBorrow("Druid", "idle6", "idle6", DRUID_JARS, HOUSEKEEPING_MILLIS);
    }

    private static final List<String> DRUID_JARS = List.of("org.postgresql.Driver", "com.alibaba.druid.pool.DruidDataSource");

    /**
     * Vibur's default (no connection tracking) lists no borrowed connections: the counts stay
     * exact, the rows are absent and the snapshot says why, and the return hook still ends the lease.
     */
    @Test
    void untrackedViburPoolCountsBorrowedConnectionsAndSaysWhyTheirRowsAreMissing() throws Exception {
        try (TargetJvm target = TargetJvm.running(OtherPoolsWorkload.class, VIBUR_JARS,
                args("ViburUntracked", "plain", OtherPoolsWorkload.TIMEOUT_MILLIS, 0))) {
            target.awaitLine("READY", Duration.ofSeconds(30));
            java.time.Instant started = ProcessHandle.of(target.pid()).orElseThrow().info().startInstant().orElseThrow();
            await().atMost(STEP).until(() -> java.time.Instant.now().isAfter(started.plusMillis(2500)));
            try (TargetConnection c = connector.attach(target.pid(), true)) {
                ProbeSnapshotReader reader = new ProbeSnapshotReader(Clock.systemUTC(), false);
                target.send("HOLD alice");
                target.awaitLine("HELD alice", STEP);
                target.send("HOLD bob");
                target.awaitLine("HELD bob", STEP);
                await().atMost(STEP).untilAsserted(() -> {
                    PoolSnapshot p = reader.read(c).pools().get(0);
                    assertThat(p.kind()).isEqualTo("Vibur");
                    assertThat(p.active()).isEqualTo(2);
                    assertThat(p.idle()).isZero();
                    assertThat(p.total()).isEqualTo(2);
                    assertThat(p.connections()).noneMatch(r -> r.state() == ConnectionState.IN_USE);
                    assertThat(p.unreadable()).anyMatch(u -> u.contains("poolEnableConnectionTracking=true"));
                });
                target.send("RELEASE alice");
                target.awaitLine("RELEASED_BY alice", STEP);
                await().atMost(STEP).untilAsserted(() -> {
                    PoolSnapshot p = reader.read(c).pools().get(0);
                    assertThat(p.active()).isEqualTo(1);
                    assertThat(p.idle()).isEqualTo(1);
                    assertThat(p.connections()).filteredOn(r -> r.state() == ConnectionState.IDLE).hasSize(1)
                            .allSatisfy(r -> assertThat(r.idleMillis()).isNotNull());
                });
            }
        }
    }

    private static final List<String> VIBUR_JARS = List.of("org.postgresql.Driver", "org.vibur.dbcp.ViburDBCPDataSource",
            "org.vibur.objectpool.ConcurrentPool", "org.slf4j.Logger");

    private static final List<String> C3P0_JARS = List.of("org.postgresql.Driver", "com.mchange.v2.c3p0.ComboPooledDataSource",
            "com.mchange.v2.log.MLogger");

    private static final List<String> DBCP2_JARS = List.of("org.postgresql.Driver", "org.apache.commons.dbcp2.BasicDataSource",
            "org.apache.commons.pool2.ObjectPool", "org.apache.commons.logging.Log");
    private static final List<String> TOMCAT_JARS = List.of("org.postgresql.Driver", "org.apache.tomcat.jdbc.pool.DataSource",
            "org.apache.juli.logging.Log");
    private static final List<String> AGROAL_JARS = List.of("org.postgresql.Driver", "io.agroal.pool.ConnectionPool",
            "io.agroal.api.AgroalDataSource");

    @Test
    void dbcp2BorrowTimeoutIsCountedAsATimeout() throws Exception {
        timesOut("DBCP2", "t1", pgName("DBCP2"), DBCP2_JARS);
    }

    @Test
    void tomcatJdbcBorrowTimeoutIsCountedAsATimeout() throws Exception {
        timesOut("TomcatJDBC", "t2", "t2", TOMCAT_JARS);
    }

    @Test
    void agroalBorrowTimeoutIsCountedAsATimeout() throws Exception {
        timesOut("Agroal", "t3", pgName("Agroal"), AGROAL_JARS);
    }

    /** The workload's arguments, with the PostgreSQL URL (its user, and a password the probe must hide). */
    private static String[] args(String kind, String poolName, int timeoutMillis, int housekeepingMillis) {
        return new String[] {kind, poolName, String.valueOf(timeoutMillis), String.valueOf(housekeepingMillis),
                SharedDatabase.jdbcUrlWithCredentials()};
    }

    /** The name the probe gives a pool without one of its own on the shared PostgreSQL (credentials and parameters dropped). */
    private static String pgName(String kind) {
        return kind + " " + SharedDatabase.database().jdbcUrl().substring("jdbc:".length());
    }

    /** The interval of each library's own background task in the discovery tests. */
    private static final int HOUSEKEEPING_MILLIS = 500;

    @Test
    void idleDbcp2PoolIsFoundAtItsEvictorRunWithoutABorrow() throws Exception {
        foundWithoutBorrow("DBCP2", "idle1", pgName("DBCP2"), DBCP2_JARS, HOUSEKEEPING_MILLIS);
    }

    @Test
    void idleTomcatJdbcPoolIsFoundAtItsCleanerRunWithoutABorrow() throws Exception {
        foundWithoutBorrow("TomcatJDBC", "idle2", "idle2", TOMCAT_JARS, HOUSEKEEPING_MILLIS);
    }

    @Test
    void idleAgroalPoolIsFoundAtItsValidationRunWithoutABorrow() throws Exception {
        foundWithoutBorrow("Agroal", "idle3", pgName("Agroal"), AGROAL_JARS, HOUSEKEEPING_MILLIS);
    }

    /**
     * The pool is full and idle before the probe loads and nobody borrows after: only the library's
     * own housekeeping task (every 500 ms) can reveal it. Listed within a few of its intervals
     * (the scanner registers a new pool at once), with both connections idle and no borrow seen.
     */
    private void foundWithoutBorrow(String kind, String poolName, String expectedName, List<String> libraries,
                                    int intervalMillis) throws Exception {
        try (TargetJvm target = TargetJvm.running(OtherPoolsWorkload.class, libraries,
                args(kind, poolName, OtherPoolsWorkload.TIMEOUT_MILLIS, intervalMillis))) {
            target.awaitLine("READY", Duration.ofSeconds(30));
            java.time.Instant started = ProcessHandle.of(target.pid()).orElseThrow().info().startInstant().orElseThrow();
            await().atMost(STEP).until(() -> java.time.Instant.now().isAfter(started.plusMillis(2500)));
            try (TargetConnection c = connector.attach(target.pid(), true)) {
                ProbeSnapshotReader reader = new ProbeSnapshotReader(Clock.systemUTC(), false);
                await().atMost(Duration.ofMillis(Math.max(5000L, 4L * intervalMillis))).untilAsserted(() -> {
                    TargetSnapshot s = reader.read(c);
                    assertThat(s.pools()).hasSize(1);
                    PoolSnapshot p = s.pools().get(0);
                    assertThat(p.kind()).isEqualTo(kind);
                    assertThat(p.name()).isEqualTo(expectedName);
                    assertThat(p.total()).isEqualTo(2);
                    assertThat(p.idle()).isEqualTo(2);
                    assertThat(p.active()).isZero();
                    assertThat(p.borrow().count()).isZero();
                    assertThat(p.connections()).allSatisfy(r -> assertThat(r.borrowerThread()).isNull());
                });
                assertThat(Arrays.asList((String[]) c.mbeans().getAttribute(
                        new javax.management.ObjectName(ProbeRuntime.AGENT_NAME), "Messages")))
                        .anyMatch(m -> m.startsWith("pools of other libraries (") && m.contains("cannot list"));
            }
        }
    }

    /** Both connections held, a third borrow gives up after the pool's 1 s timeout. */
    private void timesOut(String kind, String poolName, String expectedName, List<String> libraries) throws Exception {
        try (TargetJvm target = TargetJvm.running(OtherPoolsWorkload.class, libraries, args(kind, poolName, 1000, 0))) {
            target.awaitLine("READY", Duration.ofSeconds(30));
            java.time.Instant started = ProcessHandle.of(target.pid()).orElseThrow().info().startInstant().orElseThrow();
            await().atMost(STEP).until(() -> java.time.Instant.now().isAfter(started.plusMillis(2500)));
            try (TargetConnection c = connector.attach(target.pid(), true)) {
                ProbeSnapshotReader reader = new ProbeSnapshotReader(Clock.systemUTC(), false);
                target.send("HOLD alice");
                target.awaitLine("HELD alice", STEP);
                target.send("HOLD bob");
                target.awaitLine("HELD bob", STEP);
                target.send("WAIT carol");
                long waited = TargetJvm.lastNumber(target.awaitLine("TIMEOUT carol", STEP));
                assertThat(waited).isGreaterThanOrEqualTo(900L);
                await().atMost(STEP).untilAsserted(() -> {
                    PoolSnapshot p = reader.read(c).pools().get(0);
                    assertThat(p.name()).isEqualTo(expectedName);
                    assertThat(p.borrow().count()).isEqualTo(2);
                    assertThat(p.borrow().timeouts()).isEqualTo(1);
                    assertThat(p.borrow().failures()).isZero();
                    assertThat(p.borrow().waiting()).isZero();
                });
            }
        }
    }

    /**
     * alice and bob hold both connections, carol waits; alice returns hers, carol gets it and
     * returns it. Returns the last snapshot (bob holding, one idle).
     */
    private PoolSnapshot exercise(String kind, String dbName, String expectedName, List<String> libraries,
                                  String... libraryConfig) throws Exception {
        try (TargetJvm target = TargetJvm.running(OtherPoolsWorkload.class, libraries,
                args(kind, dbName, OtherPoolsWorkload.TIMEOUT_MILLIS, 0))) {
            target.awaitLine("READY", Duration.ofSeconds(30));
            // The connector refuses JVMs younger than 2 s (attaching to a starting JVM can crash it).
            java.time.Instant started = ProcessHandle.of(target.pid()).orElseThrow().info().startInstant().orElseThrow();
            await().atMost(STEP).until(() -> java.time.Instant.now().isAfter(started.plusMillis(2500)));
            try (TargetConnection c = connector.attach(target.pid(), true)) {
                ProbeSnapshotReader reader = new ProbeSnapshotReader(Clock.systemUTC(), true);
                long heldAt = System.currentTimeMillis();
                target.send("HOLD alice");
                target.awaitLine("HELD alice", STEP);
                // The first borrow after the probe loaded reveals the pool.
                await().atMost(STEP).until(() -> !reader.read(c).pools().isEmpty());
                target.send("HOLD bob");
                target.awaitLine("HELD bob", STEP);
                target.send("WAIT carol");

                await().atMost(STEP).untilAsserted(() -> {
                    TargetSnapshot s = reader.read(c);
                    assertThat(s.pools()).hasSize(1);
                    PoolSnapshot p = s.pools().get(0);
                    assertThat(p.kind()).isEqualTo(kind);
                    assertThat(p.name()).isEqualTo(expectedName);
                    assertThat(p.instrumented()).isTrue();
                    assertThat(p.config().maximumPoolSize()).isEqualTo(OtherPoolsWorkload.MAX);
                    assertThat(p.total()).isEqualTo(2);
                    assertThat(p.active()).isEqualTo(2);
                    assertThat(p.idle()).isZero();
                    assertThat(p.connections()).extracting(ConnectionRow::borrowerThread)
                            .containsExactlyInAnyOrder("alice", "bob");
                    assertThat(p.connections()).allSatisfy(r -> {
                        assertThat(r.state()).isEqualTo(ConnectionState.IN_USE);
                        assertThat(r.inUseMillis()).isNotNull().isBetween(0L, System.currentTimeMillis() - heldAt);
                    });
                    assertThat(p.borrow().waiting()).isEqualTo(1);
                    ThreadSample carol = s.threads().stream().filter(t -> t.name().equals("carol")).findFirst()
                            .orElseThrow();
                    assertThat(carol.category()).isEqualTo(ThreadCategory.AWAITING_CONNECTION);
                });

                target.send("RELEASE alice");
                target.awaitLine("GOT carol", STEP); // before or after alice's RELEASED_BY line
                long returnedBy = System.currentTimeMillis();

                PoolSnapshot[] last = new PoolSnapshot[1];
                await().atMost(STEP).untilAsserted(() -> {
                    PoolSnapshot p = reader.read(c).pools().get(0);
                    assertThat(p.active()).isEqualTo(1);
                    assertThat(p.idle()).isEqualTo(1);
                    assertThat(p.borrow().waiting()).isZero();
                    ConnectionRow held = p.connections().stream().filter(r -> r.state() == ConnectionState.IN_USE)
                            .findFirst().orElseThrow();
                    assertThat(held.borrowerThread()).isEqualTo("bob");
                    ConnectionRow idle = p.connections().stream().filter(r -> r.state() == ConnectionState.IDLE)
                            .findFirst().orElseThrow();
                    assertThat(idle.borrowerThread()).isNull();
                    assertThat(p.config().jdbcUrl()).doesNotContain("hunter2");
                    assertThat(idle.idleMillis()).isNotNull()
                            .isBetween(0L, System.currentTimeMillis() - returnedBy + 1000);
                    last[0] = p;
                });

                MBeanServerConnection mbs = c.mbeans();
                javax.management.ObjectName name = TargetJvm.poolName(expectedName);
                assertThat(mbs.getAttribute(name, "Kind")).isEqualTo(kind);
                assertThat(Arrays.asList((String[]) mbs.getAttribute(name, "LibraryConfig"))).contains(libraryConfig);
                assertThat((String) mbs.getAttribute(name, "LibraryVersion")).isNotEqualTo("unknown");
                // The app reads the library's own settings too (snapshot text and JSON show them).
                for (String setting : libraryConfig) {
                    String[] kv = setting.split("=", 2);
                    assertThat(last[0].libraryConfig()).containsEntry(kv[0], kv[1]);
                }
                return last[0];
            }
        }
    }
}
