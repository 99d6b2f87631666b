package dev.poolscope.probe;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import javax.management.MBeanServerConnection;
import javax.management.ObjectName;
import javax.management.openmbean.CompositeData;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;

/**
 * Borrow waits, waiters, timeouts and holders' stacks measured by the real probe in a child JVM
 * whose pool (2 connections, connectionTimeout 2 s) the test exhausts on purpose; and the
 * read-only mode when instrumentation is turned off.
 */
@ExtendWith(SharedDatabase.class)
class ProbeBorrowStatsIT {

    private static final String POOL = "billing";
    private static final Duration STEP = Duration.ofSeconds(20);

    @Test
    void waitsOnAnExhaustedPoolAreMeasuredAndTimeoutsCountedApart() throws Exception {
        try (TargetJvm target = TargetJvm.onClassPath("6.3.3", SharedDatabase.jdbcUrlWithCredentials(), POOL)) {
            target.awaitLine("POOLREADY", STEP);
            MBeanServerConnection jmx = target.attach(true);
            ObjectName pool = TargetJvm.poolName(POOL);
            await().atMost(STEP).until(() -> jmx.isRegistered(pool));
            assertThat((Long) borrow(jmx).get("count")).as("borrows before the probe are not counted").isZero();

            target.send("HOLD holder-1");
            target.awaitLine("HELD holder-1", STEP);
            target.send("HOLD holder-2");
            long holder2HeldAt = TargetJvm.lastNumber(target.awaitLine("HELD holder-2", STEP));
            target.send("WAIT waiter-1");
            await().atMost(STEP).untilAsserted(() -> {
                CompositeData[] waiters = (CompositeData[]) borrow(jmx).get("waiters");
                assertThat(waiters).extracting(w -> w.get("threadName")).containsExactly("waiter-1");
                assertThat((Long) waiters[0].get("waitingMillis")).isGreaterThanOrEqualTo(700L);
            });
            CompositeData whileWaiting = snapshot(jmx);
            assertThat(whileWaiting.get("pending")).isEqualTo(1);
            assertThat(((CompositeData) whileWaiting.get("borrow")).get("waiting")).isEqualTo(1);
            CompositeData waiter = ((CompositeData[]) ((CompositeData) whileWaiting.get("borrow")).get("waiters"))[0];
            assertThat((Long) waiter.get("waitingSinceEpochMillis"))
                    .isCloseTo((Long) whileWaiting.get("capturedAtEpochMillis") - (Long) waiter.get("waitingMillis"), within(1L));

            target.send("RELEASE holder-1");
            long waitedMillis = TargetJvm.lastNumber(target.awaitLine("GOT waiter-1", STEP));
            CompositeData stats = borrow(jmx);
            assertThat(stats.get("count")).isEqualTo(3L);
            assertThat((Double) stats.get("maxMillis")).isCloseTo(waitedMillis, within(100.0));
            assertThat((Double) stats.get("p99Millis")).isCloseTo(waitedMillis, within(waitedMillis * 0.04 + 100));
            assertThat((Double) stats.get("p50Millis")).isLessThan(50.0);
            assertThat((CompositeData[]) stats.get("waiters")).isEmpty();
            CompositeData lastMinute = (CompositeData) stats.get("lastMinute");
            assertThat(lastMinute.get("count")).isEqualTo(3L);
            assertThat((Long) lastMinute.get("spanMillis")).isPositive().isLessThanOrEqualTo(60_000L);
            assertThat((Double) lastMinute.get("maxMillis")).isEqualTo((Double) stats.get("maxMillis"));

            target.send("HOLD holder-3");
            target.awaitLine("HELD holder-3", STEP);
            target.send("WAIT waiter-2");
            long timedOutAfter = TargetJvm.lastNumber(target.awaitLine("TIMEOUT waiter-2", STEP));
            assertThat(timedOutAfter).isGreaterThanOrEqualTo(1900L);
            stats = borrow(jmx);
            assertThat(stats.get("timeouts")).isEqualTo(1L);
            assertThat(((CompositeData) stats.get("lastMinute")).get("timeouts")).isEqualTo(1L);
            assertThat(stats.get("failures")).isEqualTo(0L);
            assertThat(stats.get("count")).as("timed-out waits are counted apart").isEqualTo(4L);
            assertThat(stats.get("waiting")).isEqualTo(0);

            // holder-2 has held its connection for seconds, past the 1 s stack threshold.
            CompositeData heldLong = Arrays.stream((CompositeData[]) snapshot(jmx).get("connections"))
                    .filter(c -> "holder-2".equals(c.get("borrowerThreadName"))).findFirst().orElseThrow();
            assertThat((Long) heldLong.get("inUseMillis")).isGreaterThan(1000L);
            assertThat((String[]) heldLong.get("borrowStack"))
                    .anyMatch(frame -> frame.contains("ProbeWorkload$PoolHolder"));
            // holder-2 parks on a latch right after taking its connection; the scanner (every 2 s,
            // holders of more than 1 s) notes when it first saw it there.
            assertThat(heldLong.get("borrowerThreadState")).isEqualTo("WAITING");
            assertThat((String) heldLong.get("borrowerTopFrame")).contains("park");
            assertThat((Long) heldLong.get("borrowerStateSinceEpochMillis"))
                    .isBetween(holder2HeldAt, holder2HeldAt + 1_000L + 2_000L + 500L);
        }
    }

    @Test
    void withInstrumentationTurnedOffStatesAndIdleAgesStillWork() throws Exception {
        try (TargetJvm target = TargetJvm.onClassPath("7.1.0", SharedDatabase.jdbcUrlWithCredentials(), POOL)) {
            long firstRelease = TargetJvm.lastNumber(target.awaitLine("RELEASED ", STEP));
            long lastRelease = TargetJvm.lastNumber(target.awaitLine("RELEASED ", STEP));
            target.awaitLine("POOLREADY", STEP);
            MBeanServerConnection jmx = target.attach(true, "instrument=false");
            ObjectName pool = TargetJvm.poolName(POOL);
            await().atMost(STEP).until(() -> jmx.isRegistered(pool));
            assertThat((String) jmx.getAttribute(TargetJvm.agentName(), "Instrumentation")).startsWith("refused: ");
            assertThat(jmx.getAttribute(pool, "Instrumented")).isEqualTo(false);
            assertThat((String[]) jmx.getAttribute(pool, "Unreadable"))
                    .anyMatch(s -> s.startsWith("borrower thread, in-use time and borrow waits"));

            target.send("HOLD holder-1");
            target.awaitLine("HELD holder-1", STEP);
            CompositeData snapshot = snapshot(jmx);
            long captured = (Long) snapshot.get("capturedAtEpochMillis");
            List<CompositeData> connections = List.of((CompositeData[]) snapshot.get("connections"));
            assertThat(connections).extracting(c -> c.get("state")).containsExactlyInAnyOrder("idle", "in_use");
            CompositeData held = connections.stream().filter(c -> "in_use".equals(c.get("state"))).findFirst().orElseThrow();
            assertThat(held.get("inUseMillis")).isEqualTo(-1L);
            assertThat(held.get("borrowerThreadName")).isEqualTo("");
            CompositeData idle = connections.stream().filter(c -> "idle".equals(c.get("state"))).findFirst().orElseThrow();
            // Which of the two idle connections holder-1 got is HikariCP's choice: the other one's idle
            // age matches its own release, within 500 ms.
            long idleMillis = (Long) idle.get("idleMillis");
            assertThat(Math.min(Math.abs(idleMillis - (captured - firstRelease)), Math.abs(idleMillis - (captured - lastRelease))))
                    .isLessThanOrEqualTo(500L);
            assertThat(((CompositeData) snapshot.get("borrow")).get("count")).isEqualTo(0L);

            target.send("RELEASE holder-1");
            target.send("CLOSE");
            target.awaitLine("CLOSED", STEP);
            ObjectName agent = TargetJvm.agentName();
            jmx.invoke(agent, "rescan", new Object[0], new String[0]);
            assertThat(jmx.isRegistered(pool)).as("a closed pool is unregistered").isFalse();
            assertThat((String[]) jmx.getAttribute(agent, "Pools")).isEmpty();
        }
    }

    @Test
    void theStatementRunningOnAHeldConnectionIsShownWithoutItsParameters() throws Exception {
        try (TargetJvm target = TargetJvm.onClassPath("5.1.0", SharedDatabase.jdbcUrlWithCredentials(), POOL)) {
            target.awaitLine("POOLREADY", STEP);
            MBeanServerConnection jmx = target.attach(true);
            await().atMost(STEP).until(() -> jmx.isRegistered(TargetJvm.poolName(POOL)));
            target.send("HOLD idle-holder");
            target.awaitLine("HELD idle-holder", STEP);
            target.send("SLEEPQ reporter");
            target.awaitLine("QUERYING reporter", STEP);
            // Shown once held past the 1 s stack threshold; the parameter value (30) never leaves the target.
            await().atMost(STEP).untilAsserted(() -> {
                List<CompositeData> connections = List.of((CompositeData[]) snapshot(jmx).get("connections"));
                CompositeData running = connections.stream().filter(c -> "reporter".equals(c.get("borrowerThreadName")))
                        .findFirst().orElseThrow();
                assertThat((String) running.get("runningStatement")).isEqualTo("SELECT pg_sleep(?) /* report */");
                CompositeData parked = connections.stream().filter(c -> "idle-holder".equals(c.get("borrowerThreadName")))
                        .findFirst().orElseThrow();
                assertThat((Long) parked.get("inUseMillis")).isGreaterThan(1000L);
                assertThat(parked.get("runningStatement")).as("held, but no statement in flight").isEqualTo("");
            });
            target.send("RELEASE idle-holder");
        }
    }

    private static CompositeData snapshot(MBeanServerConnection jmx) throws Exception {
        return (CompositeData) jmx.getAttribute(TargetJvm.poolName(POOL), "Snapshot");
    }

    private static CompositeData borrow(MBeanServerConnection jmx) throws Exception {
        return (CompositeData) snapshot(jmx).get("borrow");
    }
}
