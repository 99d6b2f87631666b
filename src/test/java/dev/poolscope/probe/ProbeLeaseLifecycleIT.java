package dev.poolscope.probe;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import javax.management.MBeanServerConnection;
import javax.management.ObjectName;
import javax.management.openmbean.CompositeData;
import java.time.Duration;
import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Connections broken while borrowed leave HikariCP through {@code closeConnection}, never through
 * {@code recycle}: the probe must release their leases there, with no reader pruning for it.
 */
@ExtendWith(SharedDatabase.class)
class ProbeLeaseLifecycleIT {

    private static final String POOL = "failover";
    private static final Duration STEP = Duration.ofSeconds(20);
    /** A lease table of 32 slots (the smallest), so a few seconds of breaks would overflow it if leases leaked. */
    private static final int LEASE_SLOTS = 32;
    /** Three times the table. */
    private static final int BREAKS = 96;

    @Test
    void leasesOfConnectionsBrokenWhileBorrowedAreReleasedWithoutAReader() throws Exception {
        try (TargetJvm target = TargetJvm.onClassPath("6.3.3", SharedDatabase.jdbcUrlWithCredentials(), POOL)) {
            target.awaitLine("POOLREADY", STEP);
            // The scanner's prune is pushed past the test's end: this checks the release hook alone.
            MBeanServerConnection jmx = target.attach(true, "leaseSlots=" + LEASE_SLOTS + ",scanIntervalMillis=600000");
            ObjectName pool = TargetJvm.poolName(POOL);
            await().atMost(STEP).until(() -> jmx.isRegistered(pool));

            // Nobody reads the Snapshot during the storm, so the reader's prune cannot help.
            target.send("BREAK " + BREAKS);
            assertThat(target.awaitLine("BROKEN ", Duration.ofSeconds(60))).isEqualTo("BROKEN " + BREAKS);
            assertThat((String[]) jmx.getAttribute(pool, "Unreadable"))
                    .noneMatch(message -> message.contains("not tracked"));
            assertThat(jmx.getAttribute(pool, "LeaseSlots")).isEqualTo(LEASE_SLOTS);
            assertThat(jmx.getAttribute(pool, "LeasesHeld")).isEqualTo(0);

            target.send("HOLD after-storm");
            target.awaitLine("HELD after-storm", STEP);
            CompositeData snapshot = (CompositeData) jmx.getAttribute(pool, "Snapshot");
            assertThat(((CompositeData) snapshot.get("borrow")).get("count")).isEqualTo(BREAKS + 1L);
            assertThat(Arrays.stream((CompositeData[]) snapshot.get("connections"))
                    .filter(c -> "in_use".equals(c.get("state"))))
                    .extracting(c -> c.get("borrowerThreadName")).containsExactly("after-storm");
            target.send("RELEASE after-storm");
        }
    }
}
