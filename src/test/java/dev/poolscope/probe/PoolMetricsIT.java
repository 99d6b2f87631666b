package dev.poolscope.probe;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import javax.management.Attribute;
import javax.management.MBeanServerConnection;
import javax.management.ObjectName;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The flat PoolMetrics MBean that exporters read, against a real pool (2 connections) in a child
 * JVM whose state the test sets: held connections, a waiter, a connection held past the threshold.
 */
@ExtendWith(SharedDatabase.class)
class PoolMetricsIT {

    private static final String POOL = "orders";
    private static final Duration STEP = Duration.ofSeconds(20);

    @Test
    void figuresFollowThePoolsKnownStateAndHeldThresholdComesFromTheProbeOptions() throws Exception {
        try (TargetJvm target = TargetJvm.onClassPath("6.3.3", SharedDatabase.jdbcUrlWithCredentials(), POOL)) {
            target.awaitLine("POOLREADY", STEP);
            MBeanServerConnection jmx = target.attach(true, "stuckThresholdMillis=700");
            ObjectName metrics = new ObjectName("dev.poolscope:type=PoolMetrics,pool=" + ObjectName.quote(POOL));
            await().atMost(STEP).until(() -> jmx.isRegistered(metrics));
            Map<String, Object> idle = read(jmx, metrics);
            assertThat(idle.get("ActiveConnections")).isEqualTo(0);
            assertThat(idle.get("MaxConnections")).isEqualTo(2);
            assertThat(idle.get("HeldThresholdSeconds")).isEqualTo(0.7);
            assertThat(idle.get("LongestHeldSeconds")).isEqualTo(0.0);
            assertThat((Double) idle.get("WaitP99Seconds")).as("no borrow since the probe loaded").isNaN();
            assertThat(idle.get("Instrumented")).isEqualTo(true);

            target.send("HOLD holder-1");
            target.awaitLine("HELD holder-1", STEP);
            target.send("HOLD holder-2");
            target.awaitLine("HELD holder-2", STEP);
            target.send("WAIT waiter-1");
            await().atMost(STEP).untilAsserted(() -> {
                Map<String, Object> busy = read(jmx, metrics);
                assertThat(busy.get("ActiveConnections")).isEqualTo(2);
                assertThat(busy.get("IdleConnections")).isEqualTo(0);
                assertThat(busy.get("PendingRequests")).isEqualTo(1);
                assertThat(busy.get("ProbeWaiting")).isEqualTo(1);
                assertThat(busy.get("HeldPastThreshold")).isEqualTo(2);
                assertThat((Double) busy.get("LongestHeldSeconds")).isGreaterThan(0.7);
            });
            target.send("RELEASE holder-1");
            target.awaitLine("GOT waiter-1", STEP);
            Map<String, Object> after = read(jmx, metrics);
            assertThat(after.get("BorrowsTotal")).isEqualTo(3L);
            assertThat(after.get("WaitCountLastMinute")).isEqualTo(3L);
            assertThat((Double) after.get("WaitMaxSeconds")).isGreaterThan(0.0);
            assertThat(after.get("TimeoutsTotal")).isEqualTo(0L);
        }
    }

    private static Map<String, Object> read(MBeanServerConnection jmx, ObjectName name) throws Exception {
        String[] names = {"ActiveConnections", "IdleConnections", "MaxConnections", "PendingRequests", "ProbeWaiting",
            "HeldPastThreshold", "HeldThresholdSeconds", "LongestHeldSeconds", "WaitP99Seconds", "WaitMaxSeconds",
            "WaitCountLastMinute", "BorrowsTotal", "TimeoutsTotal", "Instrumented"};
        Map<String, Object> values = new HashMap<>();
        for (Object a : jmx.getAttributes(name, names)) {
            values.put(((Attribute) a).getName(), ((Attribute) a).getValue());
        }
        assertThat(values).containsOnlyKeys(names);
        return values;
    }
}
