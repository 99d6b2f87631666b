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
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

import dev.poolscope.doctor.Doctor;
import dev.poolscope.doctor.Finding;
import dev.poolscope.doctor.OsTcpSettings;
import dev.poolscope.doctor.PathIdleTimeout;
import dev.poolscope.doctor.Severity;

import javax.management.MBeanServerConnection;
import javax.management.ObjectName;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A real Oracle UCP pool (ucp11 23.x, with its ojdbc11 on the class path) over the real embedded
 * PostgreSQL through pgjdbc, in one child JVM shared by the tests, which run in order: the pool is
 * full and idle before the probe loads, is found at UCP's own replace-bad-connections timer without
 * a borrow, then shows holders, a waiter named with the pool and exact wait, idle ages after a
 * return, UCP's own settings (and the doctor's findings on them), and a borrow timeout counted as a
 * timeout. {@link UcpPoolIT} runs these steps once per UCP version.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
abstract class UcpPoolSteps {

    private static final Duration STEP = Duration.ofSeconds(15);
    private static final String POOL = "ucp-orders";
    /** UCP's timeoutCheckInterval in the target (whole seconds): its timers run this often. */
    private static final int CHECK_INTERVAL_MILLIS = 1000;
    /** The UCP of the test class path (the pom's ucp11 and ojdbc11). */
    static final List<String> CLASS_PATH_UCP = List.of("oracle.ucp.jdbc.PoolDataSourceFactory", "oracle.jdbc.OracleDriver");

    private final List<java.nio.file.Path> jars;
    private final List<String> libraryClasses;
    private final String version;
    private final boolean hasBackgroundValidation;
    private final JvmConnector connector = new JvmConnector();
    private TargetJvm target;
    private TargetConnection connection;
    private final ProbeSnapshotReader reader = new ProbeSnapshotReader(Clock.systemUTC(), true, false);

    /**
     * @param jars                    UCP's jars when not the class path's (another version, from it-libs)
     * @param ucpClasses              classes whose jars come from the test class path (empty for another version)
     * @param version                 what LibraryVersion starts with
     * @param hasBackgroundValidation whether this UCP has backgroundValidationInterval (23.26 does, 23.6 not)
     */
    UcpPoolSteps(List<java.nio.file.Path> jars, List<String> ucpClasses, String version, boolean hasBackgroundValidation) {
        this.jars = jars;
        this.libraryClasses = new java.util.ArrayList<>(List.of("org.postgresql.Driver"));
        this.libraryClasses.addAll(ucpClasses);
        this.version = version;
        this.hasBackgroundValidation = hasBackgroundValidation;
    }

    @BeforeAll
    void startTargetAndAttach() throws Exception {
        target = TargetJvm.running(OtherPoolsWorkload.class, jars, libraryClasses, "UCP", POOL,
                String.valueOf(OtherPoolsWorkload.TIMEOUT_MILLIS), String.valueOf(CHECK_INTERVAL_MILLIS),
                SharedDatabase.jdbcUrlWithCredentials());
        target.awaitLine("READY", Duration.ofSeconds(30));
        target.awaitAttachable();
        connection = connector.attach(target.pid(), true);
    }

    @AfterAll
    void stop() throws Exception {
        if (connection != null) {
            connection.close();
        }
        connector.close();
        if (target != null) {
            target.close();
        }
    }

    @Test
    @Order(1)
    void idlePoolIsFoundAtItsReplaceBadConnectionsTimerWithoutABorrow() throws Exception {
        await().atMost(Duration.ofMillis(5L * CHECK_INTERVAL_MILLIS)).untilAsserted(() -> {
            TargetSnapshot s = reader.read(connection);
            assertThat(s.pools()).hasSize(1);
            PoolSnapshot p = s.pools().get(0);
            assertThat(p.kind()).isEqualTo("UCP");
            assertThat(p.name()).isEqualTo(POOL);
            assertThat(p.total()).isEqualTo(2);
            assertThat(p.idle()).isEqualTo(2);
            assertThat(p.active()).isZero();
            assertThat(p.borrow().count()).isZero();
            assertThat(p.connections()).hasSize(2).allSatisfy(r -> {
                assertThat(r.state()).isEqualTo(ConnectionState.IDLE);
                assertThat(r.borrowerThread()).isNull();
                assertThat(r.idleMillis()).isNotNull().isNotNegative();
                assertThat(r.ageMillis()).isNotNull().isNotNegative();
                // the physical connection UCP pools is pgjdbc's: its backend is known
                assertThat(r.backendPid()).isNotNull();
            });
        });
    }

    @Test
    @Order(2)
    void heldConnectionsShowTheirHoldersAndAWaiterIsNamedWithThePool() throws Exception {
        long heldAt = System.currentTimeMillis();
        target.send("HOLD alice");
        target.awaitLine("HELD alice", STEP);
        target.send("HOLD bob");
        target.awaitLine("HELD bob", STEP);
        long waitFrom = System.currentTimeMillis();
        target.send("WAIT carol");

        await().atMost(STEP).untilAsserted(() -> {
            TargetSnapshot s = reader.read(connection);
            PoolSnapshot p = s.pools().get(0);
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
            assertThat(p.pending()).isEqualTo(1); // UCP's own count of borrow requests in progress
            ThreadSample carol = s.threads().stream().filter(t -> t.name().equals("carol")).findFirst().orElseThrow();
            assertThat(carol.category()).isEqualTo(ThreadCategory.AWAITING_CONNECTION);
            assertThat(carol.pool()).isEqualTo(POOL);
            // observed at the borrow: exact, not a sampled lower bound
            assertThat(carol.stuckLowerBound()).isFalse();
            assertThat(carol.stuckMillis()).isNotNull().isBetween(0L, System.currentTimeMillis() - waitFrom);
        });

        target.send("RELEASE alice");
        target.awaitLine("GOT carol", STEP);
        long returnedBy = System.currentTimeMillis();
        await().atMost(STEP).untilAsserted(() -> {
            PoolSnapshot p = reader.read(connection).pools().get(0);
            assertThat(p.active()).isEqualTo(1);
            assertThat(p.idle()).isEqualTo(1);
            assertThat(p.borrow().waiting()).isZero();
            assertThat(p.borrow().count()).isEqualTo(3);
            ConnectionRow held = p.connections().stream().filter(r -> r.state() == ConnectionState.IN_USE)
                    .findFirst().orElseThrow();
            assertThat(held.borrowerThread()).isEqualTo("bob");
            ConnectionRow idle = p.connections().stream().filter(r -> r.state() == ConnectionState.IDLE)
                    .findFirst().orElseThrow();
            assertThat(idle.borrowerThread()).isNull();
            // UCP's clock ticks every 60 ms: its idle-since may trail the return by that much
            assertThat(idle.idleMillis()).isNotNull().isBetween(0L, System.currentTimeMillis() - returnedBy + 1000);
        });
    }

    @Test
    @Order(3)
    void ucpSettingsAreReportedUnderTheirOwnNames() throws Exception {
        MBeanServerConnection mbs = connection.mbeans();
        ObjectName name = TargetJvm.poolName(POOL);
        assertThat(mbs.getAttribute(name, "Kind")).isEqualTo("UCP");
        assertThat((String) mbs.getAttribute(name, "LibraryVersion")).startsWith(version);
        List<String> settings = Arrays.asList((String[]) mbs.getAttribute(name, "LibraryConfig"));
        assertThat(settings).contains("maxPoolSize=2", "validateConnectionOnBorrow=true",
                "SQLForValidateConnection=SELECT 1", "secondsToTrustIdleConnection=0",
                "maxConnectionReuseTime=3600", "inactiveConnectionTimeout=600", "timeoutCheckInterval=1",
                "abandonedConnectionTimeout=0", "timeToLiveConnectionTimeout=0",
                "connectionWaitDuration=PT10S");
        PoolSnapshot p = reader.read(connection).pools().get(0);
        assertThat(p.libraryConfig()).containsEntry("validateConnectionOnBorrow", "true");
        assertThat(p.config().connectionTimeoutMillis()).isEqualTo((long) OtherPoolsWorkload.TIMEOUT_MILLIS);
        assertThat(p.config().connectionTestQuery()).isEqualTo("SELECT 1");
        assertThat(p.config().idleTimeoutMillis()).isEqualTo(600_000L);
        assertThat(p.config().maxLifetimeMillis()).isEqualTo(3_600_000L);
        assertThat(p.config().jdbcUrl()).startsWith("jdbc:postgresql://");
        assertThat(p.config().jdbcUrl()).doesNotContain("hunter2");
        assertThat(settings).noneMatch(v -> v.contains("hunter2"));
        assertThat(settings).contains(hasBackgroundValidation ? "backgroundValidationInterval=0"
                : "backgroundValidationInterval=(not readable in this version)");

        // The doctor on the real pool behind an AWS NLB (350 s): reuse 3600 s and inactive 600 s are
        // too long, validation on borrow is on; the fix is background validation where UCP has it.
        List<Finding> findings = new Doctor().examineAll(List.of(p), OsTcpSettings.notRead("not read in this test"),
                new PathIdleTimeout(350_000, "test: an AWS NLB"));
        assertThat(findings).extracting(Finding::setting).doesNotContain("validateConnectionOnBorrow",
                "secondsToTrustIdleConnection", "keepaliveTime");
        Finding idle = findings.stream().filter(f -> f.severity() == Severity.CRITICAL).findFirst().orElseThrow();
        if (hasBackgroundValidation) {
            assertThat(idle.asLibraryProperty()).isEqualTo("backgroundValidationInterval=60");
        } else {
            assertThat(idle.asLibraryProperty()).isEqualTo("maxConnectionReuseTime=55");
            assertThat(idle.why()).contains("backgroundValidationInterval is not in this UCP version");
        }
        assertThat(idle.why()).contains("maxConnectionReuseTime 1h").contains("inactiveConnectionTimeout 10m");
    }

    @Test
    @Order(4)
    void borrowTimeoutIsCountedAsATimeout() throws Exception {
        target.send("BORROW_TIMEOUT 1000");
        target.awaitLine("TIMEOUT_SET", STEP);
        target.send("HOLD dave"); // bob still holds the other one
        target.awaitLine("HELD dave", STEP);
        target.send("WAIT erin");
        long waited = TargetJvm.lastNumber(target.awaitLine("TIMEOUT erin", STEP));
        assertThat(waited).isGreaterThanOrEqualTo(900L);
        await().atMost(STEP).untilAsserted(() -> {
            PoolSnapshot p = reader.read(connection).pools().get(0);
            assertThat(p.borrow().count()).isEqualTo(4);
            assertThat(p.borrow().timeouts()).isEqualTo(1);
            assertThat(p.borrow().failures()).isZero();
            assertThat(p.borrow().waiting()).isZero();
            assertThat(p.connections()).extracting(ConnectionRow::borrowerThread)
                    .containsExactlyInAnyOrder("bob", "dave");
        });
    }

    /**
     * UCP takes back connections borrowed and unused for abandonedConnectionTimeout (checked every
     * timeoutCheckInterval): the probe's leases of bob's and dave's connections end with it, so no
     * holder is left on a connection that went back to the pool.
     */
    @Test
    @Order(5)
    void connectionsUcpReclaimsAsAbandonedEndTheirLeases() throws Exception {
        MBeanServerConnection mbs = connection.mbeans();
        ObjectName name = TargetJvm.poolName(POOL);
        assertThat((Integer) mbs.getAttribute(name, "LeasesHeld")).isEqualTo(2);
        target.send("ABANDON 1");
        target.awaitLine("ABANDON_SET", STEP);
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            PoolSnapshot p = reader.read(connection).pools().get(0);
            assertThat(p.active()).isZero();
            assertThat(p.connections()).allSatisfy(r -> assertThat(r.borrowerThread()).isNull());
            assertThat((Integer) mbs.getAttribute(name, "LeasesHeld")).isZero();
        });
    }
}
