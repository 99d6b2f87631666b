package dev.poolscope.bench;

import dev.poolscope.it.ManyThreadsTarget;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * The watched service of the process benchmarks ({@link WatchCostBench}, {@link GuiWatchCostBench}):
 * a {@link ManyThreadsTarget} JVM on the test class path, killed on close, and how its CPU is read.
 * Public for {@link #load()}, which the probe package's process benchmarks write beside their figures too.
 */
public final class ThreadsTarget implements AutoCloseable {

    static final String JAVA = Paths.get(System.getProperty("java.home"), "bin", "java").toString();

    private final Process process;

    private ThreadsTarget(Process process) {
        this.process = process;
    }

    /** Starts it and returns once all {@code threads} are parked. */
    static ThreadsTarget start(int threads) throws Exception {
        Process p = new ProcessBuilder(JAVA, "-Xmx256m", "-Xss256k", "-cp", System.getProperty("java.class.path"),
                ManyThreadsTarget.class.getName(), Integer.toString(threads)).redirectErrorStream(true).start();
        CompletableFuture<Void> ready = new CompletableFuture<>();
        Thread t = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                String l;
                while ((l = r.readLine()) != null) {
                    if (l.startsWith("READY")) {
                        ready.complete(null);
                    }
                }
            } catch (IOException ignored) {
                // killed
            }
        }, "target-output");
        t.setDaemon(true);
        t.start();
        ready.get(60, TimeUnit.SECONDS);
        return new ThreadsTarget(p);
    }

    long pid() {
        return process.pid();
    }

    @Override
    public void close() throws Exception {
        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
    }

    /** utime + stime of the whole process (all threads), as the kernel counts it in /proc/PID/stat. */
    static long cpuNanos(long pid) {
        return ProcessHandle.of(pid).orElseThrow().info().totalCpuDuration().orElseThrow().toNanos();
    }

    /** The share of one core the process used over the next {@code millis}. */
    static double cpuShare(long pid, long millis) throws InterruptedException {
        long cpu0 = cpuNanos(pid);
        long t0 = System.nanoTime();
        Thread.sleep(millis);
        return (double) (cpuNanos(pid) - cpu0) / (System.nanoTime() - t0);
    }

    /** The machine's load average, "1m 5m 15m", written beside every figure. */
    public static String load() throws IOException {
        String[] f = Files.readString(Paths.get("/proc/loadavg")).split(" ");
        return f[0] + " " + f[1] + " " + f[2];
    }
}
