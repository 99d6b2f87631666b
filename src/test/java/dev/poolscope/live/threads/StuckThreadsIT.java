package dev.poolscope.live.threads;

import dev.poolscope.live.headline.HeadlineWriter;
import dev.poolscope.demo.EmbeddedDatabase;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Real child JVMs with HikariCP pools against the embedded PostgreSQL: threads queued on an
 * exhausted pool, a thread in pg_sleep, a thread reading from a connection whose peer went silent,
 * and a monitor deadlock; read over JMX after attaching like PoolScope does, without the probe.
 */
class StuckThreadsIT {

    private static EmbeddedDatabase database;
    private static ChildTarget child;

    @BeforeAll
    static void start() throws Exception {
        database = EmbeddedDatabase.start();
        child = new ChildTarget(database, Path.of(System.getProperty("java.home")), "HikariCP-6.3.3.jar");
    }

    @AfterAll
    static void stop() throws Exception {
        if (child != null) {
            child.close();
        }
        if (database != null) {
            database.close();
        }
    }

    private static Map<String, ThreadSample> byName(ThreadAnalysis a) {
        return a.threads().stream().collect(Collectors.toMap(ThreadSample::name, t -> t, (x, y) -> x));
    }

    private static boolean allInPlace(ThreadAnalysis a) {
        Map<String, ThreadSample> t = byName(a);
        return hasCategory(t, "holder-1", ThreadCategory.SOCKET_IO)
                && hasCategory(t, "silent-reader", ThreadCategory.SOCKET_IO)
                && hasCategory(t, "waiter-1", ThreadCategory.AWAITING_CONNECTION)
                && hasCategory(t, "waiter-2", ThreadCategory.AWAITING_CONNECTION)
                && hasCategory(t, "waiter-3", ThreadCategory.AWAITING_CONNECTION)
                && !a.deadlocks().isEmpty();
    }

    private static boolean hasCategory(Map<String, ThreadSample> threads, String name, ThreadCategory category) {
        ThreadSample t = threads.get(name);
        return t != null && t.category() == category;
    }

    @Test
    void classifiesTheChildsThreadsAndDurationsGrowBetweenSamples() throws Exception {
        ThreadReader reader = new ThreadReader(child.mbeans(), new ThreadClassifier(), Clock.systemUTC());
        // A short threshold, so that the two samples a second apart already count as stuck.
        ThreadAnalyzer analyzer = new ThreadAnalyzer(new ThreadClassifier(),
                new StuckTracker(Clock.systemUTC(), new StuckPolicy(Duration.ofMillis(500))));

        ThreadAnalysis[] first = new ThreadAnalysis[1];
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
                .until(() -> allInPlace(first[0] = analyzer.analyze(reader.sample(), null)));
        ThreadAnalysis second = await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(300))
                .until(() -> analyzer.analyze(reader.sample(), null),
                        a -> a.sampledAt().toEpochMilli() - first[0].sampledAt().toEpochMilli() >= 1_000);

        Map<String, ThreadSample> before = byName(first[0]);
        Map<String, ThreadSample> after = byName(second);
        long elapsed = second.sampledAt().toEpochMilli() - first[0].sampledAt().toEpochMilli();
        for (String name : List.of("holder-1", "silent-reader", "waiter-1", "waiter-2", "waiter-3", "deadlock-a")) {
            assertThat(after.get(name).category()).as(name).isEqualTo(before.get(name).category());
            assertThat(after.get(name).stuckMillis() - before.get(name).stuckMillis()).as(name).isEqualTo(elapsed);
            assertThat(after.get(name).stuckLowerBound()).as(name).isTrue();
        }

        ThreadSample holder = after.get("holder-1");
        assertThat(holder.stack()).anyMatch(f -> f.startsWith("org.postgresql.core.PGStream."));
        assertThat(after.get("silent-reader").stack()).anyMatch(f -> f.startsWith("org.postgresql.core."));
        assertThat(after.get("waiter-1").stack()).anyMatch(f -> f.startsWith("com.zaxxer.hikari.pool.HikariPool.getConnection"));

        ThreadSample a = after.get("deadlock-a");
        assertThat(a.category()).isEqualTo(ThreadCategory.BLOCKED);
        assertThat(a.lockOwner()).startsWith("deadlock-b (#");
        assertThat(second.deadlocks()).singleElement()
                .satisfies(g -> assertThat(g.threadNames()).containsExactlyInAnyOrder("deadlock-a", "deadlock-b"));
        // Borrowers do not carry the pool name in their frames (that needs the probe's hints).
        assertThat(after.get("waiter-1").pool()).isNull();

        Headline headline = HeadlineWriter.write(second);
        assertThat(second.stuck(ThreadCategory.SOCKET_IO)).extracting(ThreadSample::name)
                .containsExactlyInAnyOrder("holder-1", "silent-reader");
        assertThat(headline.problem()).startsWith("Deadlock: 2 threads").contains("; 2 stuck in socket I/O")
                .contains("3 waiting for a connection");
    }

    @Test
    void fullDumpOfTheChildIsInJstackFormatWithTheDeadlock() throws Exception {
        ThreadReader reader = new ThreadReader(child.mbeans(), new ThreadClassifier(), Clock.systemUTC());
        await().atMost(Duration.ofSeconds(30)).until(() -> reader.sample().deadlockedIds().size() == 2);
        String dump = JstackFormat.format(reader.fullDump());
        assertThat(dump).contains("Full thread dump OpenJDK")
                .contains("\"holder-1\" #")
                .contains("\tat org.postgresql.core.PGStream.")
                .contains("\"waiter-1\" #")
                .contains("\tat com.zaxxer.hikari.pool.HikariPool.getConnection(HikariPool.java:")
                .contains("Found one Java-level deadlock:")
                .contains("  waiting to lock monitor <0x")
                .contains("Found 1 deadlock(s).");
    }

    /**
     * The classifier's frames across HikariCP versions, and, when {@code poolscope.it.otherJavaHome}
     * names another JDK (e.g. 21 or 25, whose SynchronousQueue and socket internals differ), across
     * target JDKs too.
     */
    @ParameterizedTest
    @ValueSource(strings = {"HikariCP-3.4.5.jar", "HikariCP-7.1.0.jar"})
    void recognisesWaitersAndSocketReadsOnOtherHikariVersionsAndJdks(String hikariJar) throws Exception {
        String other = System.getProperty("poolscope.it.otherJavaHome", "");
        Path javaHome = other.isBlank() ? Path.of(System.getProperty("java.home")) : Path.of(other);
        Assumptions.assumeTrue(Files.isExecutable(javaHome.resolve("bin").resolve("java")), "no JDK at " + javaHome);
        try (ChildTarget target = new ChildTarget(database, javaHome, hikariJar)) {
            String vmVersion = java.lang.management.ManagementFactory.newPlatformMXBeanProxy(target.mbeans(),
                    java.lang.management.ManagementFactory.RUNTIME_MXBEAN_NAME,
                    java.lang.management.RuntimeMXBean.class).getVmVersion();
            System.out.println("target JVM " + vmVersion + " with " + hikariJar);
            ThreadReader reader = new ThreadReader(target.mbeans(), new ThreadClassifier(), Clock.systemUTC());
            ThreadAnalyzer analyzer = new ThreadAnalyzer(new ThreadClassifier(),
                    new StuckTracker(Clock.systemUTC(), StuckPolicy.DEFAULT));
            ThreadAnalysis[] last = new ThreadAnalysis[1];
            try {
                await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
                        .until(() -> allInPlace(last[0] = analyzer.analyze(reader.sample(), null)));
            } catch (org.awaitility.core.ConditionTimeoutException e) {
                throw new AssertionError("on " + javaHome + " with " + hikariJar + ": "
                        + byName(last[0]).entrySet().stream().filter(x -> !x.getKey().startsWith("Attach"))
                        .map(x -> x.getKey() + "=" + x.getValue().category() + " " + x.getValue().stack().stream().limit(8).toList())
                        .collect(Collectors.joining("\n")), e);
            }
        }
    }
}
