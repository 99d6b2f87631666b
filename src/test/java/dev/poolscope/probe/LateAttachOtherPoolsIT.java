package dev.poolscope.probe;

import dev.poolscope.attach.JvmConnector;
import dev.poolscope.attach.TargetConnection;
import dev.poolscope.live.ConnectionRow;
import dev.poolscope.live.ConnectionState;
import dev.poolscope.live.PoolSnapshot;
import dev.poolscope.live.ProbeSnapshotReader;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.lang.management.ManagementFactory;
import java.lang.management.RuntimeMXBean;
import java.lang.management.ThreadMXBean;
import java.nio.file.Paths;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Issue 11 item 1 for pools other than HikariCP: the on-call engineer attaches after threads
 * borrowed, so no borrow hook saw them; the driver's own lock names the one inside a statement.
 * One real child JVM per driver runs a pool of each of DBCP2 2.14, Tomcat JDBC 11, Agroal, c3p0,
 * Vibur, Druid and Oracle UCP (the versions of the test class path) on the embedded PostgreSQL: pgjdbc 42.5.6 (the
 * synchronized executor, found through the monitors threads hold) and the current pgjdbc (its
 * ResourceLock). Late-attach pattern of {@link LateAttachHoldersIT}: in every pool one thread
 * borrows and starts pg_sleep and another holds a connection outside any statement; then the probe
 * is attached. Each pool is revealed by its own housekeeping run (every 500 ms; c3p0 and UCP 1 s), as nobody
 * borrows after the probe loads. Every in-use connection also has its backend pid, local port and
 * kernel TCP view (Druid's sit under its DruidStatementConnection and, with the stat filter,
 * ConnectionProxyImpl wrappers).
 */
@ExtendWith(SharedDatabase.class)
class LateAttachOtherPoolsIT {

    private static final Duration STEP = Duration.ofSeconds(30);
    private static final JvmConnector connector = new JvmConnector();
    private static final List<String> KINDS = List.of("DBCP2", "TomcatJDBC", "Agroal", "c3p0", "Vibur", "Druid", "UCP");

    @BeforeAll
    static void needsTheProbeJarAndTheOldDriver() {
        assertThat(TargetJvm.PROBE_JAR).exists();
        assertThat(Paths.get(TargetJvm.PGJDBC_42_5)).exists();
    }

    @AfterAll
    static void closeConnector() {
        connector.close();
    }

    @ParameterizedTest(name = "every library on pgjdbc {0}")
    @ValueSource(strings = {"42.5.6", "current"})
    void aThreadInAStatementOnAConnectionBorrowedBeforeTheProbeIsNamedByTheDriversLock(String driver) throws Exception {
        boolean old = !"current".equals(driver);
        Set<String> jars = new LinkedHashSet<>();
        List<String> args = new ArrayList<>(List.of("POOLS"));
        for (String kind : KINDS) {
            for (String jar : "UCP".equals(kind) ? UcpPoolSteps.CLASS_PATH_UCP : OtherPoolsIT.JARS.get(kind)) {
                if (!(old && jar.equals("org.postgresql.Driver"))) {
                    jars.add(jar);
                }
            }
            // c3p0's test period and UCP's timeout check interval are whole seconds
            int housekeeping = "c3p0".equals(kind) || "UCP".equals(kind) ? 1000 : 500;
            args.add(kind + ",late-" + kind + "," + OtherPoolsWorkload.TIMEOUT_MILLIS + "," + housekeeping + ","
                    + SharedDatabase.jdbcUrlWithCredentials());
        }
        if (old) {
            jars.add(TargetJvm.PGJDBC_42_5);
        }
        try (TargetJvm target = TargetJvm.running(OtherPoolsWorkload.class, new ArrayList<>(jars), args.toArray(String[]::new))) {
            target.awaitLine("READY", Duration.ofSeconds(60));
            for (String kind : KINDS) {
                target.send("QUERY_IN late-" + kind + " reporter-" + kind + " SELECT pg_sleep(60)");
                target.awaitLine("QUERYING reporter-" + kind, STEP);
                target.send("HOLD late-" + kind + " idler-" + kind);
                target.awaitLine("HELD idler-" + kind, STEP);
            }
            target.awaitAttachable(); // the connector refuses JVMs younger than 2 s (attaching can crash them)

            try (TargetConnection c = connector.attach(target.pid(), true)) {
                RuntimeMXBean runtime = ManagementFactory.newPlatformMXBeanProxy(c.mbeans(),
                        ManagementFactory.RUNTIME_MXBEAN_NAME, RuntimeMXBean.class);
                assertThat(runtime.getClassPath()).as("the driver under test is the one loaded")
                        .contains(old ? "postgresql-42.5.6.jar" : "postgresql-42.7");
                ThreadMXBean threads = ManagementFactory.newPlatformMXBeanProxy(c.mbeans(),
                        ManagementFactory.THREAD_MXBEAN_NAME, ThreadMXBean.class);
                ProbeSnapshotReader reader = new ProbeSnapshotReader(Clock.systemUTC(), true);
                await().atMost(STEP).untilAsserted(() -> {
                    List<PoolSnapshot> pools = reader.read(c).pools();
                    assertThat(pools).extracting(PoolSnapshot::kind).containsExactlyInAnyOrderElementsOf(KINDS);
                    List<String> failed = new ArrayList<>();
                    for (PoolSnapshot pool : pools) {
                        try {
                            assertHolders(pool, threads);
                        } catch (AssertionError e) {
                            failed.add(e.getMessage());
                        }
                    }
                    assertThat(failed).as("pools whose late holders are wrong").isEmpty();
                });
            }
        }
    }

    private static void assertHolders(PoolSnapshot pool, ThreadMXBean threads) {
                        String kind = pool.kind();
                        List<ConnectionRow> held = pool.connections().stream()
                                .filter(r -> r.state() == ConnectionState.IN_USE).toList();
                        assertThat(held).as(kind + ": both connections in use").hasSize(2);
                        ConnectionRow querying = held.stream().filter(r -> "driver_lock".equals(r.holderSource()))
                                .findFirst().orElseThrow(() -> new AssertionError(kind + ": no driver_lock holder in " + held));
                        assertThat(querying.borrowerThread()).as(kind).isEqualTo("reporter-" + kind);
                        assertThat(querying.borrowerThreadId()).as(kind).isNotNull();
                        assertThat(threads.getThreadInfo(querying.borrowerThreadId()).getThreadName())
                                .as(kind + ": the exact thread").isEqualTo("reporter-" + kind);
                        assertThat(querying.runningStatement()).as(kind).contains("pg_sleep");
                        // The connection's own socket and backend, under the library's wrappers (Druid's included).
                        for (ConnectionRow row : held) {
                            assertThat(row.backendPid()).as(kind + " " + row.id() + ": backend pid").isNotNull();
                            assertThat(row.localPort()).as(kind + " " + row.id() + ": local port").isNotNull();
                            assertThat(row.tcp()).as(kind + " " + row.id() + ": kernel TCP view, " + row.tcpUnavailableReason())
                                    .isNotNull();
                        }
                        ConnectionRow idle = held.stream().filter(r -> r != querying).findFirst().orElseThrow();
                        assertThat(idle.holderSource()).as(kind + ": no statement, so nothing names its holder")
                                .isNotEqualTo("driver_lock");
                        assertThat(idle.borrowerThread()).as(kind).isNull();
    }
}
