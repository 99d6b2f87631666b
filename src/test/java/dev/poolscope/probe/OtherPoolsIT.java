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
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;

import javax.management.MBeanServerConnection;
import java.time.Clock;
import java.time.Duration;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

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
 *
 * <p>One child JVM per library holds all of that library's test pools (exercise, timeout, idle, and
 * Vibur's untracked one), each on its own database so that pools named from their URL keep distinct
 * names, and the probe is loaded once. The tests do not share a pool or a thread name. The pool that
 * must be found without a borrow is checked first ({@code @Order(1)}), before anything in its JVM
 * borrows; pool assertions pick the pool by name, and the list must hold each name at most once and
 * only this JVM's pools.
 */
@ExtendWith(SharedDatabase.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class OtherPoolsIT {

    private static final Duration STEP = Duration.ofSeconds(15);
    private final JvmConnector connector = new JvmConnector();
    private final Map<String, Target> targets = new HashMap<>();

    /** A library's child JVM with the probe loaded, and the names of the pools it runs. */
    private record Target(TargetJvm jvm, TargetConnection connection, List<String> poolNames) {
    }

    /** One pool of a library's JVM: its database (and poolName), borrow timeout and housekeeping interval. */
    private record Pool(String kind, String db, int timeoutMillis, int housekeepingMillis) {
        String spec() {
            return kind + "," + db + "," + timeoutMillis + "," + housekeepingMillis + "," + url(db);
        }
    }

    /** Each library's classes, resolved to their jars on the test class path (with the current pgjdbc). */
    static final Map<String, List<String>> JARS = Map.of(
            "DBCP2", List.of("org.postgresql.Driver", "org.apache.commons.dbcp2.BasicDataSource",
                    "org.apache.commons.pool2.ObjectPool", "org.apache.commons.logging.Log"),
            "TomcatJDBC", List.of("org.postgresql.Driver", "org.apache.tomcat.jdbc.pool.DataSource",
                    "org.apache.juli.logging.Log"),
            "Agroal", List.of("org.postgresql.Driver", "io.agroal.pool.ConnectionPool", "io.agroal.api.AgroalDataSource"),
            "c3p0", List.of("org.postgresql.Driver", "com.mchange.v2.c3p0.ComboPooledDataSource",
                    "com.mchange.v2.log.MLogger"),
            "Vibur", List.of("org.postgresql.Driver", "org.vibur.dbcp.ViburDBCPDataSource",
                    "org.vibur.objectpool.ConcurrentPool", "org.slf4j.Logger"),
            "Druid", List.of("org.postgresql.Driver", "com.alibaba.druid.pool.DruidDataSource"));

    /** The interval of each library's own background task in the discovery tests. */
    private static final int HOUSEKEEPING_MILLIS = 500;
    /** c3p0's idleConnectionTestPeriod is whole seconds: the workload sets 1 s. */
    private static final int C3P0_HOUSEKEEPING_MILLIS = 1000;

    /** Each library's pools: exercise, 1 s timeout, idle with housekeeping (and Vibur's and Druid's untracked). */
    private static List<Pool> poolsOf(String kind) {
        return switch (kind) {
            case "DBCP2" -> trio(kind, "orders", "t1", "idle1", HOUSEKEEPING_MILLIS);
            case "TomcatJDBC" -> trio(kind, "billing", "t2", "idle2", HOUSEKEEPING_MILLIS);
            case "Agroal" -> trio(kind, "stock", "t3", "idle3", HOUSEKEEPING_MILLIS);
            case "c3p0" -> trio(kind, "ledger", "t4", "idle4", C3P0_HOUSEKEEPING_MILLIS);
            case "Vibur" -> {
                List<Pool> p = new ArrayList<>(trio(kind, "payments", "t5", "idle5", HOUSEKEEPING_MILLIS));
                p.add(new Pool("ViburUntracked", "plain", OtherPoolsWorkload.TIMEOUT_MILLIS, 0));
                yield p;
            }
            case "Druid" -> {
                List<Pool> p = new ArrayList<>(trio(kind, "audit", "t6", "idle6", HOUSEKEEPING_MILLIS));
                p.add(new Pool("DruidUntracked", "plainaudit", OtherPoolsWorkload.TIMEOUT_MILLIS, 0));
                yield p;
            }
            default -> throw new IllegalArgumentException(kind);
        };
    }

    private static List<Pool> trio(String kind, String exercise, String timeout, String idle, int housekeeping) {
        return List.of(new Pool(kind, exercise, OtherPoolsWorkload.TIMEOUT_MILLIS, 0), new Pool(kind, timeout, 1000, 0),
                new Pool(kind, idle, OtherPoolsWorkload.TIMEOUT_MILLIS, housekeeping));
    }

    /** The library's JVM, started (all pools full and idle) and attached with the probe at first use. */
    private Target target(String kind) throws Exception {
        Target t = targets.get(kind);
        if (t != null) {
            return t;
        }
        List<Pool> pools = poolsOf(kind);
        List<String> args = new ArrayList<>(List.of("POOLS"));
        List<String> names = new ArrayList<>();
        for (Pool p : pools) {
            createDatabase(p.db());
            args.add(p.spec());
            names.add(expectedName(p.kind().startsWith("Vibur") ? "Vibur" : p.kind(), p.db()));
        }
        TargetJvm jvm = TargetJvm.running(OtherPoolsWorkload.class, JARS.get(kind), args.toArray(String[]::new));
        try {
            jvm.awaitLine("READY", Duration.ofSeconds(30));
            jvm.awaitAttachable(); // the connector refuses JVMs younger than 2 s (attaching can crash them)
            t = new Target(jvm, connector.attach(jvm.pid(), true), names);
        } catch (Exception | AssertionError e) {
            jvm.close();
            throw e;
        }
        targets.put(kind, t);
        return t;
    }

    @AfterAll
    void stopTargets() throws Exception {
        for (Target t : targets.values()) {
            t.connection().close();
            t.jvm().close();
        }
        connector.close();
    }

    /** The pool listed under {@code name}, asserting the list names it once and holds only this JVM's pools. */
    private static PoolSnapshot pool(TargetSnapshot s, Target t, String name) {
        List<String> listed = s.pools().stream().map(PoolSnapshot::name).toList();
        assertThat(listed).doesNotHaveDuplicates();
        assertThat(t.poolNames()).containsAll(listed);
        return s.pools().stream().filter(p -> p.name().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no pool " + name + " in " + listed));
    }

    @Test
    @Order(1)
    void idleDbcp2PoolIsFoundAtItsEvictorRunWithoutABorrow() throws Exception {
        foundWithoutBorrow("DBCP2", "idle1", HOUSEKEEPING_MILLIS);
    }

    @Test
    @Order(1)
    void idleTomcatJdbcPoolIsFoundAtItsCleanerRunWithoutABorrow() throws Exception {
        foundWithoutBorrow("TomcatJDBC", "idle2", HOUSEKEEPING_MILLIS);
    }

    @Test
    @Order(1)
    void idleAgroalPoolIsFoundAtItsValidationRunWithoutABorrow() throws Exception {
        foundWithoutBorrow("Agroal", "idle3", HOUSEKEEPING_MILLIS);
    }

    @Test
    @Order(1)
    void idleC3p0PoolIsFoundAtItsIdleTestRunWithoutABorrow() throws Exception {
        foundWithoutBorrow("c3p0", "idle4", C3P0_HOUSEKEEPING_MILLIS);
    }

    @Test
    @Order(1)
    void idleViburPoolIsFoundAtItsReducerSampleWithoutABorrow() throws Exception {
        foundWithoutBorrow("Vibur", "idle5", HOUSEKEEPING_MILLIS);
    }

    @Test
    @Order(1)
    void idleDruidPoolIsFoundAtItsDestroyTaskRunWithoutABorrow() throws Exception {
        foundWithoutBorrow("Druid", "idle6", HOUSEKEEPING_MILLIS);
    }

    @Test
    @Order(2)
    void dbcp2PoolShowsHoldersWaiterAndIdleAges() throws Exception {
        PoolSnapshot pool = exercise("DBCP2", "orders", "maxTotal=2", "testOnBorrow=true");
        assertThat(pool.config().connectionTimeoutMillis()).isEqualTo((long) OtherPoolsWorkload.TIMEOUT_MILLIS);
        assertThat(pool.config().connectionTestQuery()).isEqualTo("SELECT 1");
    }

    @Test
    @Order(2)
    void tomcatJdbcPoolShowsHoldersWaiterAndIdleAges() throws Exception {
        PoolSnapshot pool = exercise("TomcatJDBC", "billing", "maxActive=2", "testWhileIdle=true");
        assertThat(pool.config().connectionTimeoutMillis()).isEqualTo((long) OtherPoolsWorkload.TIMEOUT_MILLIS);
    }

    @Test
    @Order(2)
    void agroalPoolShowsHoldersWaiterAndIdleAges() throws Exception {
        PoolSnapshot pool = exercise("Agroal", "stock", "maxSize=2", "reapTimeout=PT10M");
        assertThat(pool.config().connectionTimeoutMillis()).isEqualTo((long) OtherPoolsWorkload.TIMEOUT_MILLIS);
    }

    @Test
    @Order(2)
    void c3p0PoolShowsHoldersWaiterAndIdleAges() throws Exception {
        PoolSnapshot pool = exercise("c3p0", "ledger",
                "maxPoolSize=2", "testConnectionOnCheckout=true", "preferredTestQuery=SELECT 1");
        assertThat(pool.config().connectionTimeoutMillis()).isEqualTo((long) OtherPoolsWorkload.TIMEOUT_MILLIS);
        assertThat(pool.config().connectionTestQuery()).isEqualTo("SELECT 1");
    }

    @Test
    @Order(2)
    void viburPoolShowsHoldersWaiterAndIdleAges() throws Exception {
        PoolSnapshot pool = exercise("Vibur", "payments",
                "poolMaxSize=2", "poolEnableConnectionTracking=true", "testConnectionQuery=SELECT 1");
        assertThat(pool.config().connectionTimeoutMillis()).isEqualTo((long) OtherPoolsWorkload.TIMEOUT_MILLIS);
    }

    @Test
    @Order(2)
    void druidPoolShowsHoldersWaiterAndIdleAges() throws Exception {
        PoolSnapshot pool = exercise("Druid", "audit", "maxActive=2", "testOnBorrow=true", "removeAbandoned=true");
        assertThat(pool.config().connectionTimeoutMillis()).isEqualTo((long) OtherPoolsWorkload.TIMEOUT_MILLIS);
        assertThat(pool.config().connectionTestQuery()).isEqualTo("SELECT 1");
    }

    @Test
    @Order(3)
    void dbcp2BorrowTimeoutIsCountedAsATimeout() throws Exception {
        timesOut("DBCP2", "t1");
    }

    @Test
    @Order(3)
    void tomcatJdbcBorrowTimeoutIsCountedAsATimeout() throws Exception {
        timesOut("TomcatJDBC", "t2");
    }

    @Test
    @Order(3)
    void agroalBorrowTimeoutIsCountedAsATimeout() throws Exception {
        timesOut("Agroal", "t3");
    }

    @Test
    @Order(3)
    void c3p0BorrowTimeoutIsCountedAsATimeout() throws Exception {
        timesOut("c3p0", "t4");
    }

    @Test
    @Order(3)
    void viburBorrowTimeoutIsCountedAsATimeout() throws Exception {
        timesOut("Vibur", "t5");
    }

    @Test
    @Order(3)
    void druidBorrowTimeoutIsCountedAsATimeout() throws Exception {
        timesOut("Druid", "t6");
    }

    /**
     * Vibur's default (no connection tracking) lists no borrowed connections: the counts stay
     * exact, the rows are absent and the snapshot says why, and the return hook still ends the lease.
     */
    @Test
    @Order(3)
    void untrackedViburPoolCountsBorrowedConnectionsAndSaysWhyTheirRowsAreMissing() throws Exception {
        untrackedPoolCountsBorrowedConnectionsAndSaysWhy("Vibur", "Vibur", "plain", "u", "poolEnableConnectionTracking=true");
    }

    /**
     * Druid without removeAbandoned (its default) keeps no list of borrowed connections: the counts
     * are exact, the rows are absent and the snapshot says why; returned connections are rows again.
     */
    @Test
    @Order(3)
    void druidWithoutRemoveAbandonedCountsBorrowedConnectionsAndSaysWhyTheirRowsAreMissing() throws Exception {
        untrackedPoolCountsBorrowedConnectionsAndSaysWhy("Druid", "DruidUntracked", "plainaudit", "d", "removeAbandoned=true");
    }

    /**
     * Two holders of pool {@code db} (of {@code kind}'s JVM, named as {@code nameKind}); while both
     * hold, exact counts, no in-use rows and the reason naming {@code setting}; after one returns, its
     * connection is an idle row again. Both are released at the end.
     */
    private void untrackedPoolCountsBorrowedConnectionsAndSaysWhy(String kind, String nameKind, String db,
                                                                  String prefix, String setting) throws Exception {
        Target t = target(kind);
        TargetJvm target = t.jvm();
        String name = expectedName(nameKind, db);
        ProbeSnapshotReader reader = new ProbeSnapshotReader(Clock.systemUTC(), false);
        String alice = prefix + "-alice";
        String bob = prefix + "-bob";
        target.send("HOLD " + db + " " + alice);
        target.awaitLine("HELD " + alice, STEP);
        target.send("HOLD " + db + " " + bob);
        target.awaitLine("HELD " + bob, STEP);
        await().atMost(STEP).untilAsserted(() -> {
            PoolSnapshot p = pool(reader.read(t.connection()), t, name);
            assertThat(p.kind()).isEqualTo(kind);
            assertThat(p.active()).isEqualTo(2);
            assertThat(p.idle()).isZero();
            assertThat(p.total()).isEqualTo(2);
            assertThat(p.connections()).noneMatch(r -> r.state() == ConnectionState.IN_USE);
            assertThat(p.unreadable()).anyMatch(u -> u.contains(setting));
        });
        target.send("RELEASE " + alice);
        target.awaitLine("RELEASED_BY " + alice, STEP);
        await().atMost(STEP).untilAsserted(() -> {
            PoolSnapshot p = pool(reader.read(t.connection()), t, name);
            assertThat(p.active()).isEqualTo(1);
            assertThat(p.idle()).isEqualTo(1);
            assertThat(p.connections()).filteredOn(r -> r.state() == ConnectionState.IDLE).hasSize(1)
                    .allSatisfy(r -> assertThat(r.idleMillis()).isNotNull());
        });
        target.send("RELEASE " + bob);
        target.awaitLine("RELEASED_BY " + bob, STEP);
    }

    /** A PostgreSQL URL of database {@code db} carrying credentials (the probe must hide the password). */
    private static String url(String db) {
        String base = SharedDatabase.database().jdbcUrl();
        return base.substring(0, base.lastIndexOf('/') + 1) + db
                + "?user=postgres&password=hunter2&ApplicationName=poolscope-it";
    }

    /** Each pool gets its own database, so the names the probe derives from URLs differ (created once per server). */
    private static void createDatabase(String db) throws Exception {
        try (Connection c = DriverManager.getConnection(SharedDatabase.jdbcUrlWithCredentials());
             Statement st = c.createStatement()) {
            try (ResultSet rs = st.executeQuery("SELECT 1 FROM pg_database WHERE datname = '" + db + "'")) {
                if (rs.next()) {
                    return;
                }
            }
            st.execute("CREATE DATABASE " + db);
        }
    }

    /**
     * The pool's name as the probe gives it: the library's own name, or for DBCP2 (no JMX name),
     * Agroal and c3p0, which have none, the URL without credentials and parameters.
     */
    private static String expectedName(String kind, String db) {
        return switch (kind) {
            case "DBCP2", "Agroal", "c3p0" -> {
                String u = SharedDatabase.database().jdbcUrl();
                yield kind + " " + u.substring("jdbc:".length(), u.lastIndexOf('/') + 1) + db;
            }
            default -> db;
        };
    }

    /**
     * The pool is full and idle before the probe loads and nobody borrows after: only the library's
     * own housekeeping task (every 500 ms) can reveal it. Listed within a few of its intervals
     * (the scanner registers a new pool at once), with both connections idle and no borrow seen.
     */
    private void foundWithoutBorrow(String kind, String db, int intervalMillis) throws Exception {
        Target t = target(kind);
        String name = expectedName(kind, db);
        ProbeSnapshotReader reader = new ProbeSnapshotReader(Clock.systemUTC(), false);
        await().atMost(Duration.ofMillis(Math.max(5000L, 4L * intervalMillis))).untilAsserted(() -> {
            PoolSnapshot p = pool(reader.read(t.connection()), t, name);
            assertThat(p.kind()).isEqualTo(kind);
            assertThat(p.total()).isEqualTo(2);
            assertThat(p.idle()).isEqualTo(2);
            assertThat(p.active()).isZero();
            assertThat(p.borrow().count()).isZero();
            assertThat(p.connections()).allSatisfy(r -> assertThat(r.borrowerThread()).isNull());
        });
        assertThat(Arrays.asList((String[]) t.connection().mbeans().getAttribute(
                new javax.management.ObjectName(ProbeRuntime.AGENT_NAME), "Messages")))
                .anyMatch(m -> m.startsWith("pools of other libraries (") && m.contains("cannot list"));
    }

    /** Both connections held, a third borrow gives up after the pool's 1 s timeout. */
    private void timesOut(String kind, String db) throws Exception {
        Target t = target(kind);
        TargetJvm target = t.jvm();
        String name = expectedName(kind, db);
        ProbeSnapshotReader reader = new ProbeSnapshotReader(Clock.systemUTC(), false);
        target.send("HOLD " + db + " " + db + "-alice");
        target.awaitLine("HELD " + db + "-alice", STEP);
        target.send("HOLD " + db + " " + db + "-bob");
        target.awaitLine("HELD " + db + "-bob", STEP);
        target.send("WAIT " + db + " " + db + "-carol");
        long waited = TargetJvm.lastNumber(target.awaitLine("TIMEOUT " + db + "-carol", STEP));
        assertThat(waited).isGreaterThanOrEqualTo(900L);
        await().atMost(STEP).untilAsserted(() -> {
            PoolSnapshot p = pool(reader.read(t.connection()), t, name);
            assertThat(p.borrow().count()).isEqualTo(2);
            assertThat(p.borrow().timeouts()).isEqualTo(1);
            assertThat(p.borrow().failures()).isZero();
            assertThat(p.borrow().waiting()).isZero();
        });
    }

    /**
     * alice and bob hold both connections, carol waits; alice returns hers, carol gets it and
     * returns it. Returns the last snapshot (bob holding, one idle).
     */
    private PoolSnapshot exercise(String kind, String db, String... libraryConfig) throws Exception {
        Target t = target(kind);
        TargetJvm target = t.jvm();
        TargetConnection c = t.connection();
        String expectedName = expectedName(kind, db);
        ProbeSnapshotReader reader = new ProbeSnapshotReader(Clock.systemUTC(), true);
        long heldAt = System.currentTimeMillis();
        target.send("HOLD " + db + " alice");
        target.awaitLine("HELD alice", STEP);
        // The first borrow after the probe loaded reveals the pool.
        await().atMost(STEP).until(() -> reader.read(c).pools().stream().anyMatch(p -> p.name().equals(expectedName)));
        target.send("HOLD " + db + " bob");
        target.awaitLine("HELD bob", STEP);
        target.send("WAIT " + db + " carol");

        await().atMost(STEP).untilAsserted(() -> {
            TargetSnapshot s = reader.read(c);
            PoolSnapshot p = pool(s, t, expectedName);
            assertThat(p.kind()).isEqualTo(kind);
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
            ThreadSample carol = s.threads().stream().filter(th -> th.name().equals("carol")).findFirst()
                    .orElseThrow();
            assertThat(carol.category()).isEqualTo(ThreadCategory.AWAITING_CONNECTION);
        });

        target.send("RELEASE alice");
        target.awaitLine("GOT carol", STEP); // before or after alice's RELEASED_BY line
        long returnedBy = System.currentTimeMillis();

        PoolSnapshot[] last = new PoolSnapshot[1];
        await().atMost(STEP).untilAsserted(() -> {
            PoolSnapshot p = pool(reader.read(c), t, expectedName);
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
