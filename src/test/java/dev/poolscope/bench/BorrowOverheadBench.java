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
import java.io.File;
import java.lang.management.ManagementFactory;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Issue 10 goals: what the probe adds to HikariCP's own getConnection+close, next to what
 * HikariCP's Micrometer tracker adds on the same harness. HikariCP over H2 in memory, so the pool's
 * own cost dominates. Each (version, mode) runs in its own fork:
 * <ul>
 * <li>{@code plain}: the pool alone;</li>
 * <li>{@code probe}: the same, after the PoolScope probe jar is attached to the fork (Attach API, as
 *     the app does), with the setup checking that the pool's classes were instrumented and the
 *     teardown that every borrow was counted;</li>
 * <li>{@code micrometer}: HikariCP's own metrics tracker on a SimpleMeterRegistry
 *     ({@code setMetricRegistry}), no probe.</li>
 * </ul>
 * HikariCP, H2, slf4j and Micrometer are loaded in a class loader of their own (parent: the
 * platform loader) so that 4.0.3 and 6.3.3 run the same code; everything crosses it through
 * {@code javax.sql.DataSource}. Needs {@code target/it-libs} and {@code target/poolscope-probe.jar}
 * (run after {@code package}); Micrometer comes with the {@code bench} profile (docs/benchmarks.md).
 */
@State(Scope.Benchmark)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Djdk.attach.allowAttachSelf=true", "-Xmx256m"})
public class BorrowOverheadBench {

    private static final String POOL = "bench";
    private static final int POOL_SIZE = 8;

    @Param({"6.3.3", "4.0.3"})
    public String hikari;

    @Param({"plain", "probe", "micrometer"})
    public String mode;

    private AutoCloseable pool;
    private DataSource dataSource;
    private long borrowsBefore;

    @Setup(Level.Trial)
    public void startPool() throws Exception {
        ClassLoader loader = isolatedLoader(hikari);
        Class<?> configClass = Class.forName("com.zaxxer.hikari.HikariConfig", true, loader);
        Object config = configClass.getConstructor().newInstance();
        call(config, "setPoolName", String.class, POOL);
        call(config, "setDriverClassName", String.class, "org.h2.Driver");
        call(config, "setJdbcUrl", String.class, "jdbc:h2:mem:bench;DB_CLOSE_DELAY=-1");
        call(config, "setMaximumPoolSize", int.class, POOL_SIZE);
        call(config, "setMinimumIdle", int.class, POOL_SIZE);
        if ("micrometer".equals(mode)) {
            Object registry = Class.forName("io.micrometer.core.instrument.simple.SimpleMeterRegistry", true, loader)
                    .getConstructor().newInstance();
            call(config, "setMetricRegistry", Object.class, registry);
        }
        if ("probe".equals(mode)) {
            // Before the pool exists, so the scanner finds it on the first borrow; HikariCP's classes
            // are loaded already (HikariConfig) and so are retransformed, as on a real attach.
            attachProbe();
        }
        Class<?> dsClass = Class.forName("com.zaxxer.hikari.HikariDataSource", true, loader);
        Object ds = dsClass.getConstructor(configClass).newInstance(config);
        pool = (AutoCloseable) ds;
        dataSource = (DataSource) ds;
        List<Connection> all = new ArrayList<>();
        for (int i = 0; i < POOL_SIZE; i++) {
            all.add(dataSource.getConnection());
        }
        for (Connection c : all) {
            c.close();
        }
        if ("probe".equals(mode)) {
            borrowsBefore = probeBorrowCount(true);
        }
    }

    @TearDown(Level.Trial)
    public void stopPool() throws Exception {
        if ("probe".equals(mode)) {
            long counted = probeBorrowCount(false) - borrowsBefore;
            if (counted <= 0) {
                throw new IllegalStateException("the probe counted no borrows: it measured nothing");
            }
            System.out.println("probe counted " + counted + " borrows; lease records held now: "
                    + ManagementFactory.getPlatformMBeanServer().getAttribute(probeName(), "LeasesHeld"));
        }
        pool.close();
    }

    /** One thread: sampled per call, so JMH reports p50 (and the mean). */
    @Benchmark
    @BenchmarkMode({Mode.SampleTime, Mode.AverageTime})
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

    /** The probe's borrow count; with {@code awaitInstrumented}, first waits (≤ 20 s) for the pool's MBean. */
    private static long probeBorrowCount(boolean awaitInstrumented) throws Exception {
        MBeanServer server = ManagementFactory.getPlatformMBeanServer();
        ObjectName name = probeName();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (awaitInstrumented && !server.isRegistered(name)) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the probe did not register pool " + POOL + " within 20 s");
            }
            Thread.sleep(50); // a setup step, not a test: there is nothing to await with
        }
        if (!Boolean.TRUE.equals(server.getAttribute(name, "Instrumented"))) {
            // Say why: the agent's own messages (what it transformed, what it could not).
            ObjectName agent = new ObjectName("dev.poolscope:type=ProbeAgent");
            throw new IllegalStateException("the pool's HikariCP classes were not instrumented; probe instrumentation: "
                    + server.getAttribute(agent, "Instrumentation") + "; messages: "
                    + java.util.Arrays.toString((String[]) server.getAttribute(agent, "Messages")));
        }
        CompositeData snapshot = (CompositeData) server.getAttribute(name, "Snapshot");
        return (Long) ((CompositeData) snapshot.get("borrow")).get("count");
    }

    private static ObjectName probeName() throws Exception {
        return new ObjectName("dev.poolscope:type=PoolProbe,pool=" + ObjectName.quote(POOL));
    }

    private static ClassLoader isolatedLoader(String hikariVersion) throws Exception {
        Path itLibs = Paths.get(System.getProperty("poolscope.itlibs", "target/it-libs"));
        List<URL> urls = new ArrayList<>();
        try (Stream<Path> files = Files.list(itLibs)) {
            for (Path p : (Iterable<Path>) files::iterator) {
                String n = p.getFileName().toString();
                if (n.equals("HikariCP-" + hikariVersion + ".jar") || n.startsWith("slf4j-api-") || n.startsWith("slf4j-nop-")) {
                    urls.add(p.toUri().toURL());
                }
            }
        }
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            String n = Paths.get(entry).getFileName().toString();
            if (n.startsWith("h2-") || n.startsWith("micrometer-") || n.startsWith("HdrHistogram-")
                    || n.startsWith("LatencyUtils-")) {
                urls.add(Paths.get(entry).toUri().toURL());
            }
        }
        if (urls.stream().noneMatch(u -> u.getPath().contains("HikariCP-" + hikariVersion))) {
            throw new IllegalStateException("no HikariCP-" + hikariVersion + ".jar in " + itLibs.toAbsolutePath());
        }
        return new URLClassLoader(urls.toArray(new URL[0]), new ProbeHooksOnly());
    }

    /**
     * The isolated loader's parent: the platform loader, plus the probe's hook classes from the system
     * class loader (where the agent puts them), as an application server's loaders delegate. The probe
     * instruments HikariCP only where its hooks are visible (HikariTransformer.hooksVisibleFrom).
     */
    private static final class ProbeHooksOnly extends ClassLoader {
        ProbeHooksOnly() {
            super(ClassLoader.getPlatformClassLoader());
        }

        @Override
        protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
            if (name.startsWith("dev.poolscope.")) {
                return ClassLoader.getSystemClassLoader().loadClass(name);
            }
            return super.loadClass(name, resolve);
        }
    }

    private static void call(Object target, String method, Class<?> type, Object arg) throws Exception {
        target.getClass().getMethod(method, type).invoke(target, arg);
    }
}
