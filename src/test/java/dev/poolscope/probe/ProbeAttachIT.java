package dev.poolscope.probe;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import javax.management.MBeanServerConnection;
import javax.management.ObjectName;
import javax.management.openmbean.CompositeData;
import java.time.Duration;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;

/**
 * Loads the real probe jar into real child JVMs running real HikariCP versions against one embedded
 * PostgreSQL, and checks what its MBeans say against the pattern {@link ProbeWorkload} made.
 */
@ExtendWith(SharedDatabase.class)
class ProbeAttachIT {

    /** Name with the characters ObjectName quoting must survive. */
    private static final String POOL = "orders-db: primary, \"eu\"=1";
    private static final Duration STEP = Duration.ofSeconds(20);
    private static final long TOLERANCE_MILLIS = 500;

    private static String jdbcUrl() {
        return SharedDatabase.jdbcUrlWithCredentials();
    }

    @ParameterizedTest(name = "HikariCP {0} on the class path")
    @ValueSource(strings = {"3.4.5", "4.0.3", "5.1.0", "6.3.3", "7.1.0"})
    void attachedProbeShowsIdleAgesHolderAndConfigOnTheClassPath(String version) throws Exception {
        try (TargetJvm target = TargetJvm.onClassPath(version, jdbcUrl(), POOL)) {
            checkKnownPattern(target, version, false);
        }
    }

    @ParameterizedTest(name = "HikariCP {0} on the module path")
    @ValueSource(strings = {"5.1.0", "7.1.0"})
    void attachedProbeReadsNamedHikariModules(String version) throws Exception {
        try (TargetJvm target = TargetJvm.onModulePath(version, jdbcUrl(), POOL)) {
            checkKnownPattern(target, version, false);
        }
    }

    @Test
    void poolCreatedAfterAttachInANamedModuleIsFoundAndInstrumented() throws Exception {
        try (TargetJvm target = TargetJvm.onModulePath("7.1.0", jdbcUrl(), POOL, "lazy")) {
            target.awaitLine("READY", STEP);
            MBeanServerConnection jmx = target.attach(true);
            await().atMost(STEP).untilAsserted(() -> assertThat(messages(jmx))
                    .anyMatch(m -> m.startsWith("no HikariCP pool found in this JVM yet")));
            target.send("START");
            Pattern pattern = Pattern.read(target);
            await().atMost(STEP).until(() -> jmx.isRegistered(TargetJvm.poolName(POOL)));
            checkIdleAndHeld(target, jmx, pattern);
            assertThat(messages(jmx)).noneMatch(m -> m.startsWith("no HikariCP pool found"));
        }
    }

    @Test
    void probeGivenAtStartupKnowsExactConnectionAges() throws Exception {
        try (TargetJvm target = TargetJvm.withJavaAgent("4.0.3", jdbcUrl(), POOL)) {
            Pattern pattern = Pattern.read(target);
            MBeanServerConnection jmx = target.attach(false);
            await().atMost(STEP).until(() -> jmx.isRegistered(TargetJvm.poolName(POOL)));
            assertThat(jmx.getAttribute(TargetJvm.agentName(), "Instrumentation")).isEqualTo("active");
            CompositeData snapshot = snapshot(jmx);
            long captured = (Long) snapshot.get("capturedAtEpochMillis");
            for (CompositeData c : connections(snapshot)) {
                assertThat((Boolean) c.get("ageExact")).as("age exact").isTrue();
                // Opened between pool start and the first release.
                assertThat((Long) c.get("ageMillis"))
                        .isBetween(captured - pattern.releasedAt[0] - TOLERANCE_MILLIS,
                                captured - pattern.poolStartAt + TOLERANCE_MILLIS);
            }
            checkIdleAndHeld(target, jmx, pattern);
        }
    }

    @Test
    void loadingTheProbeTwiceIsCountedAndChangesNothing() throws Exception {
        try (TargetJvm target = TargetJvm.onClassPath("6.3.3", jdbcUrl(), POOL)) {
            Pattern pattern = Pattern.read(target);
            MBeanServerConnection jmx = target.attach(true);
            await().atMost(STEP).until(() -> jmx.isRegistered(TargetJvm.poolName(POOL)));
            target.loadProbeAgain();
            ObjectName agent = TargetJvm.agentName();
            assertThat(jmx.getAttribute(agent, "LoadCount")).isEqualTo(2);
            assertThat(jmx.getAttribute(agent, "Instrumentation")).isEqualTo("active");
            assertThat(messages(jmx)).anyMatch(m -> m.contains("loaded 2 times"));
            assertThat(jmx.queryNames(new ObjectName("dev.poolscope:type=PoolProbe,*"), null)).hasSize(1);
            long borrowsBefore = (Long) borrow(snapshot(jmx)).get("count");
            checkIdleAndHeld(target, jmx, pattern);
            // One getConnection, counted once: a second transformer would count it twice.
            assertThat((Long) borrow(snapshot(jmx)).get("count")).isEqualTo(borrowsBefore + 1);
        }
    }

    @Test
    void jvmWithoutHikariSaysSoAndStaysHealthy() throws Exception {
        try (TargetJvm target = TargetJvm.withoutHikari()) {
            target.awaitLine("READY", STEP);
            MBeanServerConnection jmx = target.attach(true);
            ObjectName agent = TargetJvm.agentName();
            await().atMost(STEP).until(() -> jmx.isRegistered(agent));
            jmx.invoke(agent, "rescan", new Object[0], new String[0]);
            assertThat((String[]) jmx.getAttribute(agent, "Pools")).isEmpty();
            assertThat(messages(jmx)).anyMatch(m -> m.startsWith("no HikariCP pool found in this JVM yet"));
            assertThat(jmx.getAttribute(agent, "Instrumentation")).isEqualTo("active");
            assertThat(jmx.getAttribute(agent, "LoadCount")).isEqualTo(1);
        }
    }

    // ---- the known pattern ----

    /** Two connections returned 1 s apart before the probe came; later one is held by "order-worker-7". */
    private record Pattern(long poolStartAt, long[] releasedAt) {
        static Pattern read(TargetJvm target) throws InterruptedException {
            long start = TargetJvm.lastNumber(target.awaitLine("POOLSTART ", STEP));
            long first = TargetJvm.lastNumber(target.awaitLine("RELEASED ", STEP));
            long second = TargetJvm.lastNumber(target.awaitLine("RELEASED ", STEP));
            target.awaitLine("POOLREADY", STEP);
            return new Pattern(start, new long[] {first, second});
        }
    }

    private void checkKnownPattern(TargetJvm target, String version, boolean exactAges) throws Exception {
        Pattern pattern = Pattern.read(target);
        target.awaitLine("READY", STEP);
        long attachStart = System.nanoTime();
        MBeanServerConnection jmx = target.attach(true);
        ObjectName pool = TargetJvm.poolName(POOL);
        await().atMost(STEP).pollInterval(Duration.ofMillis(20)).until(() -> jmx.isRegistered(pool));
        // Attach + load probe + start JMX agent + connect + pool found, as the app will do it.
        System.out.printf("HikariCP %s: attach to pool MBean in %d ms%n", version,
                (System.nanoTime() - attachStart) / 1_000_000L);

        assertThat(jmx.getAttribute(TargetJvm.agentName(), "Instrumentation")).isEqualTo("active");
        assertThat((String[]) jmx.getAttribute(TargetJvm.agentName(), "Pools")).containsExactly(POOL);
        assertThat(jmx.getAttribute(pool, "PoolName")).isEqualTo(POOL);
        assertThat(jmx.getAttribute(pool, "Kind")).isEqualTo("HikariCP");
        assertThat(jmx.getAttribute(pool, "LibraryVersion")).isEqualTo(version);
        assertThat(jmx.getAttribute(pool, "Instrumented")).isEqualTo(true);
        assertThat((String[]) jmx.getAttribute(pool, "Unreadable")).isEmpty();

        CompositeData snapshot = snapshot(jmx);
        CompositeData config = (CompositeData) snapshot.get("config");
        assertThat(config.get("maximumPoolSize")).isEqualTo(2);
        assertThat(config.get("minimumIdle")).isEqualTo(2);
        assertThat(config.get("maxLifetimeMillis")).isEqualTo(600_000L);
        assertThat(config.get("idleTimeoutMillis")).isEqualTo(300_000L);
        assertThat(config.get("connectionTimeoutMillis")).isEqualTo(2000L);
        assertThat(config.get("validationTimeoutMillis")).isEqualTo(1000L);
        assertThat(config.get("aliveBypassWindowMillis")).isEqualTo(500L);
        // The user is kept (it tells which account the pool logs in as); the password never leaves the target.
        assertThat(config.get("jdbcUrl")).isEqualTo(SharedDatabase.database().jdbcUrl()
                + "?user=postgres&password=****&ApplicationName=poolscope-it");
        if (version.startsWith("3.")) {
            assertThat(config.get("keepaliveTimeMillis")).isEqualTo(-1L);
        } else {
            assertThat((Long) config.get("keepaliveTimeMillis")).isGreaterThanOrEqualTo(0L);
        }

        long captured = (Long) snapshot.get("capturedAtEpochMillis");
        for (CompositeData c : connections(snapshot)) {
            assertThat((Boolean) c.get("ageExact")).isEqualTo(exactAges);
            // Estimated from HikariCP's end-of-life schedule: within maxLifetime's 2.5% variance / 2.
            assertThat((Long) c.get("ageMillis")).isCloseTo(captured - pattern.poolStartAt, within(7_500L + TOLERANCE_MILLIS));
        }
        // Attached after the pool's start-up borrows: their returns have no lease, so no use time.
        assertThat(jmx.getAttribute(metricsName(), "UseCountTotal")).isEqualTo(0L);
        checkIdleAndHeld(target, jmx, pattern);
    }

    private static ObjectName metricsName() throws Exception {
        return new ObjectName("dev.poolscope:type=PoolMetrics,pool=" + ObjectName.quote(POOL));
    }

    /** Idle ages against the two releases; then a held connection's holder and in-use time. */
    private void checkIdleAndHeld(TargetJvm target, MBeanServerConnection jmx, Pattern pattern) throws Exception {
        CompositeData snapshot = snapshot(jmx);
        long captured = (Long) snapshot.get("capturedAtEpochMillis");
        assertThat(snapshot.get("idle")).isEqualTo(2);
        assertThat(snapshot.get("active")).isEqualTo(0);
        assertThat(snapshot.get("total")).isEqualTo(2);
        List<Long> idleAges = Arrays.stream(connections(snapshot)).map(c -> (Long) c.get("idleMillis")).sorted().toList();
        assertThat(idleAges.get(0)).isCloseTo(captured - pattern.releasedAt[1], within(TOLERANCE_MILLIS));
        assertThat(idleAges.get(1)).isCloseTo(captured - pattern.releasedAt[0], within(TOLERANCE_MILLIS));
        for (CompositeData c : connections(snapshot)) {
            assertThat(c.get("state")).isEqualTo("idle");
            assertThat(c.get("inUseMillis")).isEqualTo(-1L);
            assertThat((Long) c.get("lastAccessedEpochMillis")).isCloseTo(captured - (Long) c.get("idleMillis"), within(1L));
        }

        long usesBefore = (Long) jmx.getAttribute(metricsName(), "UseCountTotal");
        double useSecondsBefore = (Double) jmx.getAttribute(metricsName(), "UseSecondsTotal");
        target.send("HOLD order-worker-7");
        long heldAt = TargetJvm.lastNumber(target.awaitLine("HELD order-worker-7", STEP));
        snapshot = snapshot(jmx);
        captured = (Long) snapshot.get("capturedAtEpochMillis");
        assertThat(snapshot.get("active")).isEqualTo(1);
        CompositeData held = Arrays.stream(connections(snapshot)).filter(c -> "in_use".equals(c.get("state")))
                .findFirst().orElseThrow();
        CompositeData idle = Arrays.stream(connections(snapshot)).filter(c -> "idle".equals(c.get("state")))
                .findFirst().orElseThrow();
        assertThat(held.get("borrowerThreadName")).isEqualTo("order-worker-7");
        assertThat((Long) held.get("borrowerThreadId")).isPositive();
        assertThat((Long) held.get("inUseMillis")).isCloseTo(captured - heldAt, within(TOLERANCE_MILLIS));
        assertThat((Long) held.get("borrowedAtEpochMillis")).isCloseTo(heldAt, within(TOLERANCE_MILLIS));
        assertThat(held.get("idleMillis")).isEqualTo(-1L);
        long idleAge = (Long) idle.get("idleMillis");
        assertThat(Math.min(Math.abs(idleAge - (captured - pattern.releasedAt[0])),
                Math.abs(idleAge - (captured - pattern.releasedAt[1])))).isLessThanOrEqualTo(TOLERANCE_MILLIS);
        String heldId = (String) held.get("id");

        target.send("RELEASE order-worker-7");
        long releasedAt = TargetJvm.lastNumber(target.awaitLine("RELEASED_BY order-worker-7", STEP));
        snapshot = snapshot(jmx);
        captured = (Long) snapshot.get("capturedAtEpochMillis");
        CompositeData returned = Arrays.stream(connections(snapshot)).filter(c -> heldId.equals(c.get("id")))
                .findFirst().orElseThrow(() -> new AssertionError("connection id " + heldId + " not stable"));
        assertThat(returned.get("state")).isEqualTo("idle");
        assertThat(returned.get("borrowerThreadName")).isEqualTo("");
        assertThat((Long) returned.get("idleMillis")).isCloseTo(captured - releasedAt, within(TOLERANCE_MILLIS));
        // Use time of that hold: the return path of this HikariCP version (5.x+ hands over its clock).
        assertThat(jmx.getAttribute(metricsName(), "UseCountTotal")).isEqualTo(usesBefore + 1);
        assertThat((Double) jmx.getAttribute(metricsName(), "UseSecondsTotal") - useSecondsBefore)
                .isCloseTo((releasedAt - heldAt) / 1000.0, within(TOLERANCE_MILLIS / 1000.0));
    }

    // ---- JMX reading, open types only ----

    private static CompositeData snapshot(MBeanServerConnection jmx) throws Exception {
        return (CompositeData) jmx.getAttribute(TargetJvm.poolName(POOL), "Snapshot");
    }

    private static CompositeData[] connections(CompositeData snapshot) {
        CompositeData[] connections = (CompositeData[]) snapshot.get("connections");
        Arrays.sort(connections, Comparator.comparing(c -> (String) c.get("id")));
        return connections;
    }

    private static CompositeData borrow(CompositeData snapshot) {
        return (CompositeData) snapshot.get("borrow");
    }

    private static List<String> messages(MBeanServerConnection jmx) throws Exception {
        return List.of((String[]) jmx.getAttribute(TargetJvm.agentName(), "Messages"));
    }
}
