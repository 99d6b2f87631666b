package dev.poolscope.probe;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import javax.management.MBeanServerConnection;
import javax.management.ObjectName;
import javax.management.openmbean.CompositeData;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The borrow site captured at the borrow, in a real child JVM with HikariCP 6.3.3 and the real probe:
 * a first long hold (its site not captured: the probe was not capturing) arms capture, and the next
 * hold, borrowed in a method of its own, shows that method as its borrow site while its holder waits
 * elsewhere; the first hold still says plainly that its site was not captured.
 */
@ExtendWith(SharedDatabase.class)
class ProbeBorrowSiteIT {

    private static final String POOL = "reports";
    private static final Duration STEP = Duration.ofSeconds(20);

    @Test
    void aFirstLongHoldArmsCaptureAndTheNextHoldShowsWhereItBorrowedNotWhereItWaits() throws Exception {
        try (TargetJvm target = TargetJvm.onClassPath("6.3.3", SharedDatabase.jdbcUrlWithCredentials(), POOL)) {
            target.awaitLine("POOLREADY", STEP);
            MBeanServerConnection jmx = target.attach(true, "scanIntervalMillis=200");
            ObjectName pool = TargetJvm.poolName(POOL);
            await().atMost(STEP).until(() -> jmx.isRegistered(pool));
            assertThat((String) jmx.getAttribute(pool, "BorrowSiteCapture")).startsWith("off: not armed yet");

            target.send("HOLD first-holder");
            target.awaitLine("HELD first-holder", STEP);
            // Held past the 1 s stack threshold, seen by the scanner (every 200 ms): capture arms.
            await().atMost(STEP).until(() -> ((String) jmx.getAttribute(pool, "BorrowSiteCapture")).startsWith("armed"));
            CompositeData first = held(jmx, "first-holder");
            assertThat((String[]) first.get("borrowSite")).isEmpty();
            assertThat(first.get("borrowSiteSource")).isEqualTo("");
            assertThat((String) first.get("borrowSiteUnknownReason"))
                    .startsWith("borrowed before borrow-site capture was armed");

            target.send("HOLDVIA report-job");
            target.awaitLine("HELD report-job", STEP);
            AtomicReference<CompositeData> second = new AtomicReference<>();
            // The holder's stack now is shown once held past the 1 s threshold.
            await().atMost(STEP).untilAsserted(() -> {
                second.set(held(jmx, "report-job"));
                assertThat((String[]) second.get().get("borrowStack")).isNotEmpty();
            });
            CompositeData site = second.get();
            assertThat(site.get("borrowSiteSource")).isEqualTo("probe_capture");
            assertThat(site.get("borrowSiteUnknownReason")).isEqualTo("");
            String[] borrowedAt = (String[]) site.get("borrowSite");
            assertThat(borrowedAt[0]).as("the caller of getConnection, probe frames cut")
                    .startsWith("com.zaxxer.hikari.pool.HikariPool.getConnection");
            assertThat(borrowedAt).anyMatch(f -> f.contains("ProbeWorkload$PoolHolder.borrowForReportJob"))
                    .noneMatch(f -> f.contains("awaitReleaseOrder")).noneMatch(f -> f.startsWith("dev.poolscope.probe.Borrow"))
                    .hasSizeLessThanOrEqualTo(BorrowSiteCapture.MAX_FRAMES);
            assertThat((String[]) site.get("borrowStack")).as("where the holder is now")
                    .anyMatch(f -> f.contains("ProbeWorkload$PoolHolder.awaitReleaseOrder"))
                    .noneMatch(f -> f.contains("borrowForReportJob"));
            assertThat((String[]) held(jmx, "first-holder").get("borrowSite")).as("never filled in later").isEmpty();

            target.send("RELEASE report-job");
            target.awaitLine("RELEASED_BY report-job", STEP);
            target.send("RELEASE first-holder");
            target.awaitLine("RELEASED_BY first-holder", STEP);
            await().atMost(STEP).until(() -> (Integer) jmx.getAttribute(pool, "LeasesHeld") == 0);
        }
    }

    private static CompositeData held(MBeanServerConnection jmx, String thread) throws Exception {
        CompositeData snapshot = (CompositeData) jmx.getAttribute(TargetJvm.poolName(POOL), "Snapshot");
        return Arrays.stream((CompositeData[]) snapshot.get("connections"))
                .filter(c -> thread.equals(c.get("borrowerThreadName"))).findFirst().orElseThrow();
    }
}
