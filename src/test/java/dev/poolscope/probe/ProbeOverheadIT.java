package dev.poolscope.probe;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import javax.management.MBeanServerConnection;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The probe's added cost per uncontended getConnection+close, measured in one real child JVM before
 * and after attaching (same pool, same JIT-warmed code path apart from the hooks). Not a JMH
 * benchmark: the figure goes to target/probe-overhead.txt; the bound asserted is loose because
 * this machine is shared, the target in issue 4 is 200 ns at p50.
 */
@ExtendWith(SharedDatabase.class)
class ProbeOverheadIT {

    private static final Duration STEP = Duration.ofSeconds(60);
    private static final int CALLS = 200_000;
    private static final int ROUNDS = 5;

    @Test
    void hooksAddLittleToAnUncontendedBorrow() throws Exception {
        try (TargetJvm target = TargetJvm.onClassPathFullyCompiled("5.1.0", SharedDatabase.jdbcUrlWithCredentials(), "bench")) {
            target.awaitLine("POOLREADY", STEP);
            long before = bestP50(target);
            MBeanServerConnection jmx = target.attach(true);
            await().atMost(STEP).until(() -> jmx.isRegistered(TargetJvm.poolName("bench")));
            long after = bestP50(target);
            String report = String.format("getConnection+close p50 per call (best of %d rounds of %d calls): "
                    + "without probe %d ns, with probe %d ns, added %d ns%n", ROUNDS, CALLS, before, after, after - before);
            System.out.print(report);
            Path out = Paths.get("target", "probe-overhead.txt");
            Files.writeString(out, report);
            assertThat(after - before).as(report).isLessThan(1_000L);
        }
    }

    private static long bestP50(TargetJvm target) throws Exception {
        long best = Long.MAX_VALUE;
        for (int i = 0; i < ROUNDS; i++) {
            target.send("BENCH " + CALLS);
            String[] parts = target.awaitLine("BENCH ", STEP).split(" ");
            best = Math.min(best, Long.parseLong(parts[1]));
        }
        return best;
    }
}
