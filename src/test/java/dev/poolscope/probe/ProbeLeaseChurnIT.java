package dev.poolscope.probe;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import javax.management.MBeanServerConnection;
import javax.management.ObjectName;
import javax.management.openmbean.CompositeData;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Connections retired by maxLifetime and soft eviction while four threads borrow from a pool of
 * two: the probe's own records (leases, waiters) stay bounded by pool size and waiting threads the
 * whole time, and none is left once the borrowing stops. The scanner's prune is held off, so the
 * release hooks alone must keep it so; nobody reads a Snapshot during the churn.
 */
@ExtendWith(SharedDatabase.class)
class ProbeLeaseChurnIT {

    private static final String POOL = "churn";
    private static final Duration STEP = Duration.ofSeconds(20);
    private static final int POOL_SIZE = 2; // ProbeWorkload's pool
    private static final int BORROWERS = 4;
    private static final int SECONDS = 8;

    @Test
    void probeRecordsStayBoundedByPoolSizeAndWaitersThroughChurn() throws Exception {
        try (TargetJvm target = TargetJvm.onClassPath("6.3.3", SharedDatabase.jdbcUrlWithCredentials(), POOL)) {
            target.awaitLine("POOLREADY", STEP);
            MBeanServerConnection jmx = target.attach(true, "leaseSlots=32,scanIntervalMillis=600000");
            ObjectName pool = TargetJvm.poolName(POOL);
            await().atMost(STEP).until(() -> jmx.isRegistered(pool));
            CompositeData before = (CompositeData) jmx.getAttribute(pool, "Snapshot");
            long countBefore = borrowCount(before);

            target.send("CHURN " + SECONDS + " " + BORROWERS);
            AtomicInteger maxLeases = new AtomicInteger();
            AtomicInteger maxWaiters = new AtomicInteger();
            AtomicInteger samples = new AtomicInteger();
            await().atMost(Duration.ofSeconds(SECONDS + 20)).pollInterval(Duration.ofMillis(50)).until(() -> {
                maxLeases.accumulateAndGet((Integer) jmx.getAttribute(pool, "LeasesHeld"), Math::max);
                maxWaiters.accumulateAndGet((Integer) jmx.getAttribute(pool, "WaitersTracked"), Math::max);
                samples.incrementAndGet();
                return target.transcript().contains("CHURNED ");
            });
            String[] churned = target.awaitLine("CHURNED ", STEP).split(" ");
            long borrows = Long.parseLong(churned[1]);
            System.out.printf("churn: %d borrows, %s failures, %d samples, max leases held %d, max waiters %d%n",
                    borrows, churned[2], samples.get(), maxLeases.get(), maxWaiters.get());

            assertThat(samples.get()).as("samples during the churn").isGreaterThan(20);
            assertThat(borrows).as("borrows during the churn").isGreaterThan(100);
            assertThat(maxLeases.get()).isBetween(1, POOL_SIZE);
            assertThat(maxWaiters.get()).isLessThanOrEqualTo(BORROWERS);
            assertThat(jmx.getAttribute(pool, "LeasesHeld")).isEqualTo(0);
            assertThat(jmx.getAttribute(pool, "WaitersTracked")).isEqualTo(0);
            assertThat((String[]) jmx.getAttribute(pool, "Unreadable"))
                    .noneMatch(message -> message.contains("not tracked"));
            CompositeData after = (CompositeData) jmx.getAttribute(pool, "Snapshot");
            assertThat(borrowCount(after) - countBefore).isEqualTo(borrows);
            assertThat(connectionIds(after)).as("every connection was retired and replaced")
                    .doesNotContainAnyElementsOf(connectionIds(before));
        }
    }

    private static long borrowCount(CompositeData snapshot) {
        return (Long) ((CompositeData) snapshot.get("borrow")).get("count");
    }

    private static List<Object> connectionIds(CompositeData snapshot) {
        return Arrays.stream((CompositeData[]) snapshot.get("connections")).map(c -> c.get("id")).toList();
    }
}
