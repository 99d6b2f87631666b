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
import org.junit.jupiter.params.provider.CsvSource;

import java.lang.management.ManagementFactory;
import java.lang.management.RuntimeMXBean;
import java.lang.management.ThreadMXBean;
import java.nio.file.Paths;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Issue 11 item 1 for pools other than HikariCP: the on-call engineer attaches after threads
 * borrowed, so no borrow hook saw them; the driver's own lock names the one inside a statement.
 * Real child JVMs (DBCP2 2.14, Tomcat JDBC 11), the embedded PostgreSQL, pgjdbc 42.5.6 (the
 * synchronized executor, found through the monitors threads hold) and the current pgjdbc (its
 * ResourceLock). Late-attach pattern of {@link LateAttachHoldersIT}: borrow, start pg_sleep, then
 * attach the probe. Each pool is revealed by its own housekeeping run (every 500 ms), as nobody
 * borrows after the probe loads.
 */
@ExtendWith(SharedDatabase.class)
class LateAttachOtherPoolsIT {

    private static final Duration STEP = Duration.ofSeconds(20);
    private static final JvmConnector connector = new JvmConnector();

    @BeforeAll
    static void needsTheProbeJarAndTheOldDriver() {
        assertThat(TargetJvm.PROBE_JAR).exists();
        assertThat(Paths.get(TargetJvm.PGJDBC_42_5)).exists();
    }

    @AfterAll
    static void closeConnector() {
        connector.close();
    }

    @ParameterizedTest(name = "{0} on pgjdbc {1}")
    @CsvSource({"DBCP2, 42.5.6", "TomcatJDBC, 42.5.6", "DBCP2, current"})
    void aThreadInAStatementOnAConnectionBorrowedBeforeTheProbeIsNamedByTheDriversLock(String kind, String driver)
            throws Exception {
        List<String> jars = new ArrayList<>("DBCP2".equals(kind)
                ? List.of("org.apache.commons.dbcp2.BasicDataSource", "org.apache.commons.pool2.ObjectPool",
                        "org.apache.commons.logging.Log")
                : List.of("org.apache.tomcat.jdbc.pool.DataSource", "org.apache.juli.logging.Log"));
        jars.add("current".equals(driver) ? "org.postgresql.Driver" : TargetJvm.PGJDBC_42_5);
        try (TargetJvm target = TargetJvm.running(OtherPoolsWorkload.class, jars, kind, "late-" + kind,
                String.valueOf(OtherPoolsWorkload.TIMEOUT_MILLIS), "500", SharedDatabase.jdbcUrlWithCredentials())) {
            target.awaitLine("READY", Duration.ofSeconds(30));
            target.send("QUERY reporter SELECT pg_sleep(60)");
            target.awaitLine("QUERYING reporter", STEP);
            target.send("HOLD idler");
            target.awaitLine("HELD idler", STEP);
            // The connector refuses JVMs younger than 2 s (attaching to a starting JVM can crash it).
            java.time.Instant started = ProcessHandle.of(target.pid()).orElseThrow().info().startInstant().orElseThrow();
            await().atMost(STEP).until(() -> java.time.Instant.now().isAfter(started.plusMillis(2500)));

            try (TargetConnection c = connector.attach(target.pid(), true)) {
                RuntimeMXBean runtime = ManagementFactory.newPlatformMXBeanProxy(c.mbeans(),
                        ManagementFactory.RUNTIME_MXBEAN_NAME, RuntimeMXBean.class);
                assertThat(runtime.getClassPath()).as("the driver under test is the one loaded")
                        .contains("current".equals(driver) ? "postgresql-42.7" : "postgresql-42.5.6.jar");
                ThreadMXBean threads = ManagementFactory.newPlatformMXBeanProxy(c.mbeans(),
                        ManagementFactory.THREAD_MXBEAN_NAME, ThreadMXBean.class);
                ProbeSnapshotReader reader = new ProbeSnapshotReader(Clock.systemUTC(), true);
                await().atMost(STEP).untilAsserted(() -> {
                    List<PoolSnapshot> pools = reader.read(c).pools();
                    assertThat(pools).hasSize(1);
                    assertThat(pools.get(0).kind()).isEqualTo(kind);
                    List<ConnectionRow> held = pools.get(0).connections().stream()
                            .filter(r -> r.state() == ConnectionState.IN_USE).toList();
                    assertThat(held).hasSize(2);
                    ConnectionRow querying = held.stream().filter(r -> "driver_lock".equals(r.holderSource()))
                            .findFirst().orElseThrow(() -> new AssertionError("no driver_lock holder in " + held));
                    assertThat(querying.borrowerThread()).isEqualTo("reporter");
                    assertThat(querying.borrowerThreadId()).isNotNull();
                    assertThat(threads.getThreadInfo(querying.borrowerThreadId()).getThreadName())
                            .as("the exact thread").isEqualTo("reporter");
                    assertThat(querying.runningStatement()).contains("pg_sleep");
                    ConnectionRow idle = held.stream().filter(r -> r != querying).findFirst().orElseThrow();
                    assertThat(idle.holderSource()).as("no statement: nothing names its holder").isNotEqualTo("driver_lock");
                    assertThat(idle.borrowerThread()).isNull();
                });
            }
        }
    }
}
