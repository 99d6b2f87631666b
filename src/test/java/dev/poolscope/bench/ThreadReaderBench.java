package dev.poolscope.bench;

import dev.poolscope.live.threads.ThreadClassifier;
import dev.poolscope.live.threads.ThreadDump;
import dev.poolscope.live.threads.ThreadReader;
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
import org.openjdk.jmh.annotations.Warmup;

import javax.management.remote.JMXConnector;
import javax.management.remote.JMXConnectorFactory;
import javax.management.remote.JMXConnectorServer;
import javax.management.remote.JMXConnectorServerFactory;
import javax.management.remote.JMXServiceURL;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * What one poll of a target with many threads costs, over a real RMI JMX connection on loopback
 * (serialization included, network latency not): {@link ThreadReader#sample()} (shallow read, deep
 * only for threads in trouble) against {@code dumpAllThreads(true, true)}. The target is this JVM,
 * with {@code threads} parked threads 40 frames deep and 50 threads blocked on a monitor.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgs = {"-Xmx1g"})
public class ThreadReaderBench {

    @Param({"5000"})
    public int threads;

    /** Frames read per thread in the first, shallow pass of a sample. */
    @Param({"32"})
    public int shallowDepth;

    private final CountDownLatch release = new CountDownLatch(1);
    private final List<Thread> started = new ArrayList<>();
    private JMXConnectorServer server;
    private JMXConnector client;
    private ThreadReader reader;
    private ThreadMXBean remoteThreads;

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        Object monitor = new Object();
        CountDownLatch holding = new CountDownLatch(1);
        start("bench-holder", () -> {
            synchronized (monitor) {
                holding.countDown();
                awaitRelease();
            }
        });
        holding.await();
        for (int i = 0; i < threads; i++) {
            start("bench-idle-" + i, () -> deep(40, this::awaitRelease));
        }
        for (int i = 0; i < 50; i++) {
            start("bench-blocked-" + i, () -> deep(40, () -> {
                synchronized (monitor) {
                    monitor.hashCode();
                }
            }));
        }
        server = JMXConnectorServerFactory.newJMXConnectorServer(new JMXServiceURL("service:jmx:rmi://127.0.0.1"),
                null, ManagementFactory.getPlatformMBeanServer());
        server.start();
        client = JMXConnectorFactory.connect(server.getAddress());
        reader = new ThreadReader(client.getMBeanServerConnection(), new ThreadClassifier(), Clock.systemUTC(),
                shallowDepth);
        remoteThreads = ManagementFactory.newPlatformMXBeanProxy(client.getMBeanServerConnection(),
                ManagementFactory.THREAD_MXBEAN_NAME, ThreadMXBean.class);
    }

    @TearDown(Level.Trial)
    public void tearDown() throws Exception {
        release.countDown();
        client.close();
        server.stop();
    }

    @Benchmark
    public ThreadDump sample() {
        return reader.sample();
    }

    @Benchmark
    public ThreadInfo[] dumpAllThreads() {
        return remoteThreads.dumpAllThreads(true, true);
    }

    private void start(String name, Runnable body) {
        Thread t = new Thread(body, name);
        t.setDaemon(true);
        started.add(t);
        t.start();
    }

    private static void deep(int depth, Runnable then) {
        if (depth == 0) {
            then.run();
        } else {
            deep(depth - 1, then);
        }
    }

    private void awaitRelease() {
        try {
            release.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
