package dev.poolscope.probe;

import dev.poolscope.attach.JvmConnector;
import dev.poolscope.attach.TargetConnection;
import dev.poolscope.demo.EmbeddedDatabase;
import dev.poolscope.lab.middlebox.FaultHook;
import dev.poolscope.lab.middlebox.TcpProxy;
import dev.poolscope.live.ProbeSnapshotReader;
import dev.poolscope.live.TargetSnapshot;
import dev.poolscope.live.report.SnapshotJson;
import dev.poolscope.live.report.SnapshotText;
import dev.poolscope.live.threads.StuckPolicy;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import javax.management.MBeanServerConnection;
import javax.management.openmbean.CompositeData;
import java.lang.management.ManagementFactory;
import java.lang.management.RuntimeMXBean;
import java.lang.management.ThreadMXBean;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The on-call engineer attaches after the incident began (issue 11): threads borrowed their
 * connections before the probe was loaded, so no borrow hook saw them, and only the driver's own
 * lock can say who is inside a statement. Real child JVMs, real HikariCP 6.3.3, the embedded
 * PostgreSQL, the lab's relay, and pgjdbc both with its ResourceLock (42.6+) and with the
 * synchronized executor of older versions (42.5.6, found through the monitors threads hold).
 */
@ExtendWith(SharedDatabase.class)
class LateAttachHoldersIT {

    private static final String POOL = "late";
    private static final Duration STEP = Duration.ofSeconds(20);
    private static final Duration THRESHOLD = Duration.ofSeconds(1);
    private static final JvmConnector connector = new JvmConnector();

    @BeforeAll
    static void needsTheProbeJarAndTheOldDriver() {
        assertThat(TargetJvm.PROBE_JAR).exists();
        assertThat(java.nio.file.Paths.get(TargetJvm.PGJDBC_42_5)).exists();
    }

    @AfterAll
    static void closeConnector() {
        connector.close();
    }

    @Test
    void aThreadInAStatementOnPgjdbcBefore42_6BorrowedBeforeTheProbeIsNamedByTheExecutorsMonitor() throws Exception {
        try (TargetJvm target = TargetJvm.onClassPathWithDriver("6.3.3", TargetJvm.PGJDBC_42_5,
                SharedDatabase.jdbcUrlWithCredentials(), POOL)) {
            target.awaitLine("POOLREADY", STEP);
            target.send("SLEEPQ reporter");
            target.awaitLine("QUERYING reporter", STEP);
            target.send("HOLD idler");
            target.awaitLine("HELD idler", STEP);
            MBeanServerConnection jmx = target.attach(true);
            assertThat(ManagementFactory.newPlatformMXBeanProxy(jmx, ManagementFactory.RUNTIME_MXBEAN_NAME,
                    RuntimeMXBean.class).getClassPath()).as("the old driver is the one loaded").contains("postgresql-42.5.6.jar");
            ThreadMXBean threads = ManagementFactory.newPlatformMXBeanProxy(jmx, ManagementFactory.THREAD_MXBEAN_NAME,
                    ThreadMXBean.class);
            await().atMost(STEP).until(() -> jmx.isRegistered(TargetJvm.poolName(POOL)));
            await().atMost(STEP).untilAsserted(() -> {
                List<CompositeData> held = connections(jmx).stream().filter(c -> "in_use".equals(c.get("state"))).toList();
                assertThat(held).hasSize(2);
                assertThat(held).allSatisfy(c -> assertThat(c.get("inUseMillis")).isEqualTo(-1L));
                CompositeData querying = held.stream().filter(c -> "driver_lock".equals(c.get("holderSource")))
                        .findFirst().orElseThrow();
                assertThat(querying.get("borrowerThreadName")).isEqualTo("reporter");
                long id = (Long) querying.get("borrowerThreadId");
                assertThat(threads.getThreadInfo(id).getThreadName()).as("the exact thread").isEqualTo("reporter");
                assertThat((String) querying.get("runningStatement")).contains("pg_sleep");
                CompositeData idle = held.stream().filter(c -> c != querying).findFirst().orElseThrow();
                assertThat(idle.get("holderSource")).as("no statement: nothing names its holder").isEqualTo("");
                assertThat(idle.get("borrowerThreadName")).isEqualTo("");
            });
        }
    }

    /**
     * "Once it has been loaded, a thread that then hangs is dated within about a second": a thread
     * that borrowed before the probe, holding its connection outside any statement, then enters one
     * (pgjdbc 42.5.6: the executor's monitor). The scanner's holder search runs every second while
     * such a connection has no holder, so it is named well within 2.5 s (the earlier 5 s search
     * interval missed that more often than not), and its in-use lower bound has kept growing.
     */
    @Test
    void aHolderOlderThanTheProbeThatEntersAStatementAfterTheProbeLoadedIsNamedWithinAboutASecond() throws Exception {
        try (TargetJvm target = TargetJvm.onClassPathWithDriver("6.3.3", TargetJvm.PGJDBC_42_5,
                SharedDatabase.jdbcUrlWithCredentials(), POOL)) {
            target.awaitLine("POOLREADY", STEP);
            target.send("HOLD late-query");
            target.awaitLine("HELD late-query", STEP);
            MBeanServerConnection jmx = target.attach(true);
            await().atMost(STEP).until(() -> jmx.isRegistered(TargetJvm.poolName(POOL)));
            await().atMost(STEP).untilAsserted(() -> {
                List<CompositeData> held = connections(jmx).stream().filter(c -> "in_use".equals(c.get("state"))).toList();
                assertThat(held).hasSize(1);
                assertThat(held.get(0).get("holderSource")).as("outside any statement").isEqualTo("");
                assertThat((Long) held.get(0).get("inUseAtLeastMillis")).isGreaterThanOrEqualTo(0L);
            });
            Thread.sleep(1_500); // a few holder searches with nothing to find, so the next one is on its own pace

            target.send("EXEC late-query SELECT pg_sleep(30)");
            target.awaitLine("QUERYING late-query", STEP);
            long entered = System.nanoTime();
            await().atMost(Duration.ofMillis(2_500)).pollInterval(Duration.ofMillis(100)).untilAsserted(() -> {
                CompositeData c = connections(jmx).stream().filter(x -> "in_use".equals(x.get("state"))).findFirst()
                        .orElseThrow();
                assertThat(c.get("holderSource")).isEqualTo("driver_lock");
                assertThat(c.get("borrowerThreadName")).isEqualTo("late-query");
                assertThat((Long) c.get("inUseAtLeastMillis")).as("seen in use since the probe's first look")
                        .isGreaterThanOrEqualTo(1_500L);
            });
            System.out.println("holder named " + (System.nanoTime() - entered) / 1_000_000 + " ms after QUERYING");
        }
    }

    /**
     * HikariCP's leak detection as a holder and borrow-site source for borrows older than the probe
     * (leakDetectionThreshold 2 s): HikariCP keeps each borrow's ProxyLeakTask (borrower's name, the
     * stack at the borrow) on the housekeeper's queue until it fires at the threshold. A borrow made
     * just before the probe loads is found there (read without the queue's lock) and named by it; one
     * held past the threshold before the probe loaded has no task left, and says so; a borrow after
     * the probe loaded keeps the probe's own record.
     */
    @Test
    void hikariLeakTasksNameTheHolderAndBorrowSiteOfABorrowJustBeforeTheProbeLoaded() throws Exception {
        try (TargetJvm target = TargetJvm.onClassPath(List.of("-XX:TieredStopAtLevel=1",
                "-Dpoolscope.workload.leakDetectionMillis=2000"), "6.3.3", SharedDatabase.jdbcUrlWithCredentials(), POOL)) {
            target.awaitLine("POOLREADY", STEP);
            target.send("HOLD early");
            target.awaitLine("HELD early", STEP);
            Thread.sleep(2_500); // past the threshold: its leak task has fired and left the queue
            target.send("HOLDVIA report-job");
            target.awaitLine("HELD report-job", STEP);
            long borrowed = System.nanoTime();
            MBeanServerConnection jmx = target.attach(true);
            System.out.println("probe loaded " + (System.nanoTime() - borrowed) / 1_000_000 + " ms after the borrow"
                    + " (must be under the 2000 ms threshold for its task to be in the queue)");
            await().atMost(STEP).until(() -> jmx.isRegistered(TargetJvm.poolName(POOL)));
            ThreadMXBean threads = ManagementFactory.newPlatformMXBeanProxy(jmx, ManagementFactory.THREAD_MXBEAN_NAME,
                    ThreadMXBean.class);
            await().atMost(STEP).untilAsserted(() -> {
                List<CompositeData> held = connections(jmx).stream().filter(c -> "in_use".equals(c.get("state"))).toList();
                assertThat(held).hasSize(2);
                CompositeData job = held.stream().filter(c -> "report-job".equals(c.get("borrowerThreadName")))
                        .findFirst().orElseThrow(() -> new AssertionError("report-job not named: " + held));
                assertThat(job.get("holderSource")).isEqualTo("leak_detection");
                assertThat(job.get("inUseMillis")).as("the borrow was not seen by the probe").isEqualTo(-1L);
                assertThat(threads.getThreadInfo((Long) job.get("borrowerThreadId")).getThreadName()).isEqualTo("report-job");
                assertThat(job.get("borrowSiteSource")).isEqualTo("leak_detection");
                String[] site = (String[]) job.get("borrowSite");
                assertThat(site[0]).as("HikariCP's own task-making frames cut").contains("HikariPool.getConnection");
                assertThat(String.join("\n", site)).contains("ProbeWorkload$PoolHolder.borrowForReportJob");
                CompositeData early = held.stream().filter(c -> c != job).findFirst().orElseThrow();
                assertThat(early.get("holderSource")).as("outside any statement, task gone").isEqualTo("");
                assertThat((String[]) early.get("borrowSite")).isEmpty();
                assertThat((String) early.get("borrowSiteUnknownReason")).contains("leak-detection task")
                        .contains("leakDetectionThreshold");
            });
            target.send("RELEASE early");
            target.awaitLine("RELEASED_BY early", STEP);
            target.send("HOLD after-probe");
            target.awaitLine("HELD after-probe", STEP);
            await().atMost(STEP).untilAsserted(() -> {
                CompositeData after = connections(jmx).stream().filter(c -> "after-probe".equals(c.get("borrowerThreadName")))
                        .findFirst().orElseThrow();
                assertThat(after.get("holderSource")).as("the probe's own borrow record wins").isEqualTo("borrow");
                assertThat(after.get("borrowSiteSource")).isNotEqualTo("leak_detection");
            });
        }
    }

    /**
     * The first test: the relay goes silent (stops forwarding both ways, no FIN or RST) after
     * the threads borrowed and sent their queries, and only then is the probe loaded.
     */
    @ParameterizedTest(name = "pgjdbc {0}")
    @ValueSource(strings = {"current", "42.5.6"})
    void readersHungOnARelayThatWentSilentBeforeTheProbeLoadedAreLinkedAndFlaggedAsLowerBounds(String driver)
            throws Exception {
        EmbeddedDatabase db = SharedDatabase.database();
        try (TcpProxy relay = TcpProxy.start("late-attach", new InetSocketAddress("127.0.0.1", db.port()), FaultHook.NONE)) {
            String url = "jdbc:postgresql://127.0.0.1:" + relay.port() + "/" + EmbeddedDatabase.DATABASE
                    + "?user=" + EmbeddedDatabase.USER + "&ApplicationName=poolscope-it";
            try (TargetJvm target = "current".equals(driver) ? TargetJvm.onClassPath("6.3.3", url, POOL)
                    : TargetJvm.onClassPathWithDriver("6.3.3", TargetJvm.PGJDBC_42_5, url, POOL)) {
                target.awaitLine("POOLREADY", STEP);
                for (String reader : List.of("reader-1", "reader-2")) {
                    target.send("HOLD " + reader);
                    target.awaitLine("HELD " + reader, STEP);
                    target.send("EXEC " + reader + " SELECT pg_sleep(60)");
                    target.awaitLine("QUERYING " + reader, STEP);
                }
                assertThat(relay.dropAllSilently()).as("both pooled connections go silent").isEqualTo(2);
                // How long the incident has run before the on-call engineer attaches: longer than the stuck
                // threshold, so the pool's own bound (borrowed at most this long ago) cannot clear the threads.
                Thread.sleep(THRESHOLD.toMillis() + 500);

                try (TargetConnection app = attached(target)) {
                    ProbeSnapshotReader reader = new ProbeSnapshotReader(Clock.systemUTC(), true, false);
                    reader.setStuckPolicy(new StuckPolicy(THRESHOLD));
                    await().atMost(STEP).untilAsserted(() -> {
                        TargetSnapshot snap = reader.read(app);
                        Map<String, Object> json = SnapshotJson.toMap(snap);
                        List<Map<String, Object>> held = inUse(json);
                        assertThat(held).hasSize(2);
                        for (Map<String, Object> c : held) {
                            assertThat(c.get("holderSource")).as(c.toString()).isEqualTo("driver_lock");
                            assertThat(c.get("inUseMillis")).as("the borrow was not seen: no exact time").isNull();
                            assertThat((Long) c.get("inUseAtMostMillis")).isGreaterThan(THRESHOLD.toMillis());
                            Map<String, Object> t = thread(json, (String) c.get("borrowerThread"));
                            assertThat(t.get("category")).isEqualTo("socket_io");
                            assertThat(t.get("pool")).isEqualTo(POOL);
                            assertThat(t.get("connectionId")).as("the hung reader is linked to its connection")
                                    .isEqualTo(c.get("id"));
                            assertThat(t.get("stuckLowerBound")).isEqualTo(true);
                            assertThat(t.get("stuckAtMostMillis")).as("already hung when PoolScope first looked").isNull();
                        }
                        assertThat(held).extracting(c -> c.get("borrowerThread"))
                                .containsExactlyInAnyOrder("reader-1", "reader-2");
                        Map<?, ?> headline = (Map<?, ?>) json.get("headline");
                        assertThat(headline.get("severity")).as(headline.toString()).isNotEqualTo("ok");
                        assertThat((String) headline.get("problem")).doesNotContain("none for longer than")
                                .doesNotContain("No stuck threads");
                        System.out.println("first look, pgjdbc " + driver + ": " + headline.get("severity") + ": "
                                + headline.get("problem"));
                    });
                    // Watching settles it: still there past the threshold, they are stuck, given as "≥" (sampled).
                    await().atMost(STEP).untilAsserted(() -> {
                        TargetSnapshot snap = reader.read(app);
                        Map<String, Object> json = SnapshotJson.toMap(snap);
                        Map<?, ?> headline = (Map<?, ?>) json.get("headline");
                        // Warning, not critical: the relay's own kernel acknowledged every byte, so the kernel
                        // view rightly says the connection is alive (a userspace relay cannot fake a dead peer).
                        assertThat(headline.get("severity")).as(headline.toString()).isIn("warning", "critical");
                        assertThat((String) headline.get("problem")).contains("stuck in socket reads for ≥");
                        for (String name : List.of("reader-1", "reader-2")) {
                            assertThat(thread(json, name).get("stuck")).isEqualTo(true);
                            assertThat(thread(json, name).get("stuckAtMostMillis")).isNull();
                        }
                        String text = SnapshotText.write(snap);
                        assertThat(text).contains("≥");
                        System.out.println("watched, pgjdbc " + driver + ":\n" + text);
                    });
                }
            }
        }
    }

    private static TargetConnection attached(TargetJvm target) throws Exception {
        await().atMost(STEP).until(() -> connector.listLocal().stream()
                .anyMatch(j -> j.pid() == target.pid() && j.attachable()));
        TargetConnection c = connector.attach(target.pid(), true);
        await().atMost(STEP).until(() -> !new ProbeSnapshotReader(Clock.systemUTC(), false).read(c).pools().isEmpty());
        return c;
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> inUse(Map<String, Object> json) {
        List<Map<String, Object>> pools = (List<Map<String, Object>>) json.get("pools");
        return pools.stream().flatMap(p -> ((List<Map<String, Object>>) p.get("connections")).stream())
                .filter(c -> "in_use".equals(c.get("state"))).toList();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> thread(Map<String, Object> json, String name) {
        return ((List<Map<String, Object>>) json.get("threads")).stream().filter(t -> name.equals(t.get("name")))
                .findFirst().orElseThrow(() -> new AssertionError("no thread " + name + " in the snapshot"));
    }

    private static List<CompositeData> connections(MBeanServerConnection jmx) throws Exception {
        CompositeData snap = (CompositeData) jmx.getAttribute(TargetJvm.poolName(POOL), "Snapshot");
        return List.of((CompositeData[]) snap.get("connections"));
    }
}
