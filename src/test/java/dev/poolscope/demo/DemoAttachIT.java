package dev.poolscope.demo;

import dev.poolscope.attach.JvmConnector;
import dev.poolscope.attach.TargetConnection;
import dev.poolscope.live.ConnectionRow;
import dev.poolscope.live.ConnectionState;
import dev.poolscope.live.PoolSnapshot;
import dev.poolscope.live.ProbeSnapshotReader;
import dev.poolscope.attach.ProbeStatus;
import dev.poolscope.live.TargetSnapshot;
import dev.poolscope.live.report.SnapshotJson;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The "done when", end to end: the demo target runs, PoolScope attaches for real, loads
 * the probe, and sees both pools with per-connection states and idle ages that grow in real time.
 */
class DemoAttachIT {

    private static DemoHandle demo;
    private static final JvmConnector connector = new JvmConnector();

    @BeforeAll
    static void startDemo() {
        demo = DemoLauncher.start(msg -> { });
        // PoolScope refuses to attach to a JVM younger than 2 s (that can crash it); wait that moment out.
        await().atMost(Duration.ofSeconds(10)).until(() -> connector.listLocal().stream()
                .anyMatch(j -> j.pid() == demo.servicePid() && j.attachable()));
    }

    @AfterAll
    static void stopDemo() {
        connector.close();
        if (demo != null) {
            demo.close();
            assertThat(demo.isAlive()).isFalse();
        }
    }

    @Test
    void attachingLoadsTheProbeAndShowsBothPoolsWithConnectionDetails() throws Exception {
        long start = System.nanoTime();
        try (TargetConnection c = connector.attach(demo.servicePid(), true)) {
            long attachMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            System.out.println("attach with probe took " + attachMillis + " ms");
            assertThat(c.info().probe()).as(c.info().probeMessage()).isEqualTo(ProbeStatus.LOADED);
            ProbeSnapshotReader reader = new ProbeSnapshotReader();
            await().atMost(Duration.ofSeconds(10)).until(() -> reader.read(c).pools().size() == 2);
            TargetSnapshot first = reader.read(c);
            assertThat(first.pools()).extracting(PoolSnapshot::name).containsExactly("orders-db", "reporting (read-only)");
            PoolSnapshot orders = first.pools().get(0);
            assertThat(orders.version()).isEqualTo("6.3.3");
            assertThat(orders.config().maximumPoolSize()).isEqualTo(10);
            assertThat(orders.config().idleTimeoutMillis()).isEqualTo(600_000L);
            assertThat(orders.connections()).hasSize(orders.total());
            assertThat(orders.total()).isEqualTo(10);
            assertThat(orders.connections()).allSatisfy(r -> assertThat(r.id()).isNotBlank());
            assertThat(orders.connections()).filteredOn(r -> r.state() == ConnectionState.IDLE)
                    .allSatisfy(r -> assertThat(r.idleMillis()).isNotNull().isGreaterThanOrEqualTo(0L));

            // Idle ages grow with wall-clock time while a connection stays idle.
            await().atMost(Duration.ofSeconds(5)).pollDelay(Duration.ofMillis(1500)).untilAsserted(() -> {
                TargetSnapshot later = reader.read(c);
                long elapsed = Duration.between(first.capturedAt(), later.capturedAt()).toMillis();
                PoolSnapshot laterOrders = later.pools().get(0);
                boolean grew = false;
                for (ConnectionRow before : orders.connections()) {
                    for (ConnectionRow after : laterOrders.connections()) {
                        // Idle longer than the time between the reads: it stayed idle, so its age grew by exactly that time.
                        if (before.id().equals(after.id()) && before.idleMillis() != null && after.idleMillis() != null
                                && after.idleMillis() > elapsed + 500) {
                            long growth = after.idleMillis() - before.idleMillis();
                            assertThat(Math.abs(growth - elapsed)).as("idle age growth vs wall clock").isLessThan(500);
                            grew = true;
                        }
                    }
                }
                assertThat(grew).as("some connection stayed idle across both reads").isTrue();
            });
            assertThat(SnapshotJson.write(reader.read(c))).contains("\"orders-db\"").contains("\"idleMillis\"");
        }
    }

    @Test
    void aOneShotSnapshotLinksAThreadWaitingOnTheDatabaseToItsConnectionWithAnExactDuration() throws Exception {
        try (TargetConnection c = connector.attach(demo.servicePid(), true)) {
            // The demo's export job holds a connection for a 12 s pg_sleep every 15 s of its busy phase.
            await().atMost(Duration.ofSeconds(75)).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
                // A fresh reader each time, like `poolscope snapshot`: the duration must come from the probe.
                TargetSnapshot s = new ProbeSnapshotReader().read(c);
                ConnectionRow held = s.pools().stream().flatMap(p -> p.connections().stream())
                        .filter(r -> "order-export".equals(r.borrowerThread()) && r.inUseMillis() != null
                                && r.inUseMillis() > 1_500)
                        .findFirst().orElseThrow(() -> new AssertionError("export not holding a connection yet"));
                dev.poolscope.live.threads.ThreadSample export = s.threads().stream()
                        .filter(t -> t.name().equals("order-export")).findFirst().orElseThrow();
                assertThat(export.category()).isEqualTo(dev.poolscope.live.threads.ThreadCategory.SOCKET_IO);
                assertThat(export.pool()).isEqualTo("orders-db");
                assertThat(export.connectionId()).isEqualTo(held.id());
                assertThat(export.id()).isEqualTo(held.borrowerThreadId());
                assertThat(export.stuckLowerBound()).as("the probe knows when the borrow began").isFalse();
                assertThat(export.stuckMillis()).isNotNull();
                assertThat(Math.abs(export.stuckMillis() - held.inUseMillis())).isLessThan(1_000L);
                assertThat(held.runningStatement()).isEqualTo("SELECT pg_sleep(12)");
                assertThat(held.borrowStack()).anyMatch(f -> f.contains("DemoService"));
            });
        }
    }

    @Test
    void theCliSnapshotPrintsJsonForTheDemo() throws Exception {
        Process p = new ProcessBuilder(Paths.get(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), "dev.poolscope.Main",
                "snapshot", "--pid", Long.toString(demo.servicePid()), "--json").redirectErrorStream(true).start();
        String out;
        try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            out = String.join("\n", r.lines().toList());
        }
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
        assertThat(out).contains("\"probe\": \"loaded\"").contains("\"name\": \"orders-db\"").contains("\"state\": \"idle\"");
        assertThat(List.of(out.split("\n"))).anyMatch(l -> l.contains("\"idleMillis\": ") && !l.contains("null"));
    }
}
