package dev.poolscope.live.threads;

import com.sun.tools.attach.VirtualMachine;
import dev.poolscope.demo.EmbeddedDatabase;
import dev.poolscope.live.ThreadCategory;
import dev.poolscope.live.ThreadSample;
import dev.poolscope.live.threads.target.StuckTargetMain;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import javax.management.MBeanServerConnection;
import javax.management.remote.JMXConnector;
import javax.management.remote.JMXConnectorFactory;
import javax.management.remote.JMXServiceURL;
import java.io.BufferedReader;
import java.io.File;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A real child JVM with HikariCP pools against the embedded PostgreSQL, threads queued on an
 * exhausted pool, a thread in pg_sleep, a thread reading from a connection whose peer went silent,
 * and a monitor deadlock; read over JMX after attaching like PoolScope does, without the probe.
 */
class StuckThreadsIT {

    private static EmbeddedDatabase database;
    private static SilentProxy proxy;
    private static Process child;
    private static JMXConnector jmx;
    private static final List<String> childOutput = new CopyOnWriteArrayList<>();

    @BeforeAll
    static void startChild() throws Exception {
        database = EmbeddedDatabase.start();
        proxy = new SilentProxy(database.port());
        String proxied = "jdbc:postgresql://127.0.0.1:" + proxy.port() + "/" + EmbeddedDatabase.DATABASE;

        Path libs = Path.of(System.getProperty("poolscope.itlibs", "target/it-libs"));
        String classpath;
        try (Stream<Path> jars = Files.list(libs)) {
            classpath = Stream.concat(
                    Stream.of(Path.of(StuckTargetMain.class.getProtectionDomain().getCodeSource().getLocation().toURI())),
                    jars.filter(p -> {
                        String n = p.getFileName().toString();
                        return n.equals("HikariCP-6.3.3.jar") || n.startsWith("postgresql-") || n.startsWith("slf4j-");
                    })).map(Path::toString).collect(Collectors.joining(File.pathSeparator));
        }
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        child = new ProcessBuilder(java, "-Xmx128m", "-cp", classpath, StuckTargetMain.class.getName(),
                database.jdbcUrl(), proxied).redirectErrorStream(true).start();
        Thread output = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                    childOutput.add(line);
                }
            } catch (Exception ended) {
                // child exited
            }
        }, "stuck-target-output");
        output.setDaemon(true);
        output.start();

        await().atMost(Duration.ofSeconds(60)).until(() -> childOutput.contains("PROXY-READY") || !child.isAlive());
        assertThat(child.isAlive()).as("child output: %s", childOutput).isTrue();
        proxy.silence();
        OutputStream stdin = child.getOutputStream();
        stdin.write("GO\n".getBytes(StandardCharsets.UTF_8));
        stdin.flush();

        VirtualMachine vm = VirtualMachine.attach(Long.toString(child.pid()));
        String address;
        try {
            address = vm.startLocalManagementAgent();
        } finally {
            vm.detach();
        }
        jmx = JMXConnectorFactory.connect(new JMXServiceURL(address));
    }

    @AfterAll
    static void stopChild() throws Exception {
        if (jmx != null) {
            jmx.close();
        }
        if (child != null) {
            child.destroyForcibly().waitFor();
        }
        if (proxy != null) {
            proxy.close();
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
        MBeanServerConnection mbeans = jmx.getMBeanServerConnection();
        ThreadReader reader = new ThreadReader(mbeans, new ThreadClassifier(), Clock.systemUTC());
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
        // HikariCP's adder threads name their pool; borrowers do not (that needs the probe's hints).
        assertThat(after.get("waiter-1").pool()).isNull();

        Headline headline = HeadlineWriter.write(second);
        assertThat(second.stuck(ThreadCategory.SOCKET_IO)).extracting(ThreadSample::name)
                .containsExactlyInAnyOrder("holder-1", "silent-reader");
        assertThat(headline.problem()).startsWith("Deadlock: 2 threads").contains("; 2 stuck in socket I/O")
                .contains("3 waiting for a connection");
    }

    @Test
    void fullDumpOfTheChildIsInJstackFormatWithTheDeadlock() throws Exception {
        ThreadReader reader = new ThreadReader(jmx.getMBeanServerConnection(), new ThreadClassifier(), Clock.systemUTC());
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
}
