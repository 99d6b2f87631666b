package dev.poolscope.bench;

import com.sun.tools.attach.VirtualMachine;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

import javax.management.MBeanServer;
import javax.management.ObjectName;
import javax.management.openmbean.CompositeData;
import javax.sql.DataSource;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * What the probe's borrow/return hooks add to each other library's own getConnection+close, the
 * sibling of {@link BorrowOverheadBench} (HikariCP): DBCP2, Tomcat JDBC, c3p0, Agroal, Vibur, Druid
 * and Oracle UCP over H2 in memory (so the pool's own cost dominates), 8 connections, no validation
 * on borrow, otherwise each library's defaults. Each (library, mode) runs in its own fork:
 * {@code plain} is the pool alone; {@code probe} attaches the PoolScope probe jar to the fork (Attach
 * API, as the app does) before the library's classes load, and the setup checks that the pool is
 * instrumented and the teardown that the probe counted the borrows.
 *
 * <p>The libraries come from the test class path (the system class loader, where the agent also
 * puts its hook classes, so they are visible to the pools' classes). Needs
 * {@code target/poolscope-probe.jar} (run after {@code package}); docs/benchmarks.md has the command.
 */
@State(Scope.Benchmark)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Djdk.attach.allowAttachSelf=true", "-Xmx256m"})
public class OtherPoolsBorrowBench {

    private static final int POOL_SIZE = 8;
    private static final String URL = "jdbc:h2:mem:bench;DB_CLOSE_DELAY=-1";

    @Param({"DBCP2", "TomcatJDBC", "c3p0", "Agroal", "Vibur", "Druid", "UCP"})
    public String library;

    @Param({"plain", "probe"})
    public String mode;

    private DataSource dataSource;
    private AutoCloseable closer;
    private ObjectName probeName;
    private long borrowsBefore;

    @Setup(Level.Trial)
    public void startPool() throws Exception {
        Set<ObjectName> before = Set.of();
        if ("probe".equals(mode)) {
            attachProbe();
            before = ManagementFactory.getPlatformMBeanServer().queryNames(new ObjectName("dev.poolscope:type=PoolProbe,*"), null);
        }
        dataSource = BenchPools.create(library, URL, POOL_SIZE);
        closer = BenchPools.closer(dataSource);
        // fill the pool, so no borrow in the measurement opens a connection
        List<Connection> all = new ArrayList<>();
        for (int i = 0; i < POOL_SIZE; i++) {
            all.add(dataSource.getConnection());
        }
        for (Connection c : all) {
            c.close();
        }
        if ("probe".equals(mode)) {
            probeName = awaitPoolProbe(before);
            borrowsBefore = borrowCount();
        }
    }

    @TearDown(Level.Trial)
    public void stopPool() throws Exception {
        if ("probe".equals(mode)) {
            long counted = borrowCount() - borrowsBefore;
            if (counted <= 0) {
                throw new IllegalStateException("the probe counted no borrows of the " + library + " pool: it measured nothing");
            }
            System.out.println("probe counted " + counted + " " + library + " borrows; lease records held now: "
                    + ManagementFactory.getPlatformMBeanServer().getAttribute(probeName, "LeasesHeld"));
        }
        closer.close();
    }

    /** One thread: sampled per call, so JMH reports p50 (and the mean). */
    @Benchmark
    @BenchmarkMode(Mode.SampleTime)
    @Threads(1)
    public void borrow1() throws SQLException {
        dataSource.getConnection().close();
    }

    /** Eight threads on the eight connections of the pool: throughput, where shared writes show. */
    @Benchmark
    @BenchmarkMode(Mode.Throughput)
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    @Threads(8)
    public void borrow8() throws SQLException {
        dataSource.getConnection().close();
    }

    private static void attachProbe() throws Exception {
        Path jar = Paths.get(System.getProperty("poolscope.probe.jar", "target/poolscope-probe.jar")).toAbsolutePath();
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException("no probe jar at " + jar + ": run ./mvnw package first");
        }
        VirtualMachine vm = VirtualMachine.attach(Long.toString(ProcessHandle.current().pid()));
        try {
            vm.loadAgent(jar.toString(), "scanIntervalMillis=2000");
        } finally {
            vm.detach();
        }
    }

    /** The pool's probe MBean (the one new since the attach), instrumented; waits ≤ 20 s for the scanner. */
    private ObjectName awaitPoolProbe(Set<ObjectName> before) throws Exception {
        MBeanServer server = ManagementFactory.getPlatformMBeanServer();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (true) {
            Set<ObjectName> now = new java.util.HashSet<>(server.queryNames(new ObjectName("dev.poolscope:type=PoolProbe,*"), null));
            now.removeAll(before);
            if (now.size() == 1) {
                ObjectName name = now.iterator().next();
                if (!Boolean.TRUE.equals(server.getAttribute(name, "Instrumented"))) {
                    ObjectName agent = new ObjectName("dev.poolscope:type=ProbeAgent");
                    throw new IllegalStateException("the " + library + " pool was not instrumented; probe instrumentation: "
                            + server.getAttribute(agent, "Instrumentation") + "; messages: "
                            + java.util.Arrays.toString((String[]) server.getAttribute(agent, "Messages")));
                }
                return name;
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the probe registered " + now + " for the " + library + " pool within 20 s");
            }
            dataSource.getConnection().close(); // a borrow reveals the pool to the scanner
            Thread.sleep(50); // a setup step, not a test: there is nothing to await with
        }
    }

    private long borrowCount() throws Exception {
        CompositeData snapshot = (CompositeData) ManagementFactory.getPlatformMBeanServer().getAttribute(probeName, "Snapshot");
        return (Long) ((CompositeData) snapshot.get("borrow")).get("count");
    }
}
