package dev.poolscope.bench;

import dev.poolscope.it.ManyThreadsTarget;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.concurrent.TimeUnit;

/**
 * Issue 10, "cost of being watched" by the window: a {@link ManyThreadsTarget} child JVM's own CPU
 * time (utime + stime, as the kernel counts it) with nobody watching, then while PoolScope's real
 * window ({@code gui --pid N --yes}, the shaded jar, in an Xvfb X server) shows its live view at the
 * default 1 s refresh. The window counts from the moment the probe is loaded into the target (its
 * jar is open in the target's file table) plus a warm-up, so the attach itself is not counted: it is
 * the one-shot cost, measured against jcmd by {@link WatchCostBench}.
 *
 * <p>Run: {@code ./mvnw -B -q package -DskipTests && ./mvnw -B -q -Pbench test-compile
 * exec:exec@gui-watch-cost -Dgui.args=500,5000}; figures go to stdout and target/gui-watch-cost.txt.
 * Needs /usr/bin/Xvfb (Debian's xvfb).
 */
public final class GuiWatchCostBench {

    private static final Path JAR = Paths.get("target/poolscope.jar");
    private static final String JAVA = ThreadsTarget.JAVA;
    private static final int UNWATCHED_SECONDS = 30;
    private static final int WARM_UP_SECONDS = 15;
    private static final int WATCHED_SECONDS = 60;

    private final StringBuilder report = new StringBuilder();

    public static void main(String[] args) throws Exception {
        GuiWatchCostBench bench = new GuiWatchCostBench();
        String display = ":" + (150 + (int) (ProcessHandle.current().pid() % 100));
        Process xvfb = new ProcessBuilder("/usr/bin/Xvfb", display, "-screen", "0", "1440x900x24", "-nolisten", "tcp")
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        try {
            Thread.sleep(1000);
            for (String n : (args.length == 0 ? "500,5000" : args[0]).split(",")) {
                bench.measure(Integer.parseInt(n.trim()), display);
            }
        } finally {
            xvfb.destroy();
            xvfb.waitFor(5, TimeUnit.SECONDS);
        }
        Files.writeString(Paths.get("target/gui-watch-cost.txt"), bench.report);
    }

    private void measure(int threads, String display) throws Exception {
        Path appData = Files.createTempDirectory("poolscope-gui-bench-");
        try (ThreadsTarget target = ThreadsTarget.start(threads)) {
            long pid = target.pid();
            Thread.sleep(3000); // past the target's own start-up work
            line("== %d threads, pid %d, load %s", threads, pid, ThreadsTarget.load());
            double idle = ThreadsTarget.cpuShare(pid, UNWATCHED_SECONDS * 1000L);
            line("unwatched: %.2f %% of one core over %d s", idle * 100, UNWATCHED_SECONDS);

            ProcessBuilder pb = new ProcessBuilder(JAVA, "-Dpoolscope.appdata.dir=" + appData, "-jar", JAR.toString(),
                    "gui", "--pid", Long.toString(pid), "--yes").redirectErrorStream(true)
                    .redirectOutput(appData.resolve("gui.log").toFile());
            pb.environment().put("DISPLAY", display);
            Process gui = pb.start();
            try {
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
                while (!probeLoaded(pid)) {
                    check(gui.isAlive(), "the window exited: " + Files.readString(appData.resolve("gui.log")));
                    check(System.nanoTime() < deadline, "the probe was not loaded within 90 s");
                    Thread.sleep(100);
                }
                Thread.sleep(WARM_UP_SECONDS * 1000L); // the first, cold thread reads and the poller's pacing settle
                long cpu0 = ThreadsTarget.cpuNanos(pid);
                long client0 = cpuTreeNanos(gui.toHandle());
                long t0 = System.nanoTime();
                Thread.sleep(WATCHED_SECONDS * 1000L);
                long wall = System.nanoTime() - t0;
                check(gui.isAlive(), "the window exited while watched");
                double share = (double) (ThreadsTarget.cpuNanos(pid) - cpu0) / wall;
                double client = (double) (cpuTreeNanos(gui.toHandle()) - client0) / wall;
                line("watched (gui at the default 1 s refresh): %.2f %% of one core over %.1f s; load %s",
                        share * 100, wall / 1e9, ThreadsTarget.load());
                line("  added by watching: %.2f %% of one core (%.1f x unwatched); the window's own CPU: %.2f %% of one core",
                        (share - idle) * 100, idle > 0 ? share / idle : Double.NaN, client * 100);
            } finally {
                gui.descendants().forEach(ProcessHandle::destroyForcibly);
                gui.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        }
    }

    /** The probe's jar open in the target's file table: the window attached and loaded it. */
    private static boolean probeLoaded(long pid) {
        try (DirectoryStream<Path> fds = Files.newDirectoryStream(Paths.get("/proc", Long.toString(pid), "fd"))) {
            for (Path fd : fds) {
                try {
                    if (Files.readSymbolicLink(fd).toString().contains("poolscope-probe")) {
                        return true;
                    }
                } catch (IOException closedMeanwhile) {
                    // the fd closed between the listing and the read
                }
            }
        } catch (IOException e) {
            return false;
        }
        return false;
    }

    /** The window's CPU: its launcher and the JVM it starts JavaFX in as modules (GuiLauncher). */
    private static long cpuTreeNanos(ProcessHandle root) {
        long sum = root.info().totalCpuDuration().map(java.time.Duration::toNanos).orElse(0L);
        for (ProcessHandle child : root.descendants().toList()) {
            sum += child.info().totalCpuDuration().map(java.time.Duration::toNanos).orElse(0L);
        }
        return sum;
    }


    private static void check(boolean ok, String message) {
        if (!ok) {
            throw new IllegalStateException(message);
        }
    }

    private void line(String format, Object... args) {
        String s = String.format(format, args);
        System.out.println(s);
        report.append(s).append('\n');
    }
}
