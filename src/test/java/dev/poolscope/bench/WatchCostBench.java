package dev.poolscope.bench;

import dev.poolscope.it.ManyThreadsTarget;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Issue 10, "cost of being watched" and "one-shot", measured on real processes (not JMH: the costs are
 * whole processes' CPU and wall times). For each thread count a {@link ManyThreadsTarget} child JVM:
 * <ol>
 *   <li>its own CPU time (utime + stime, {@code ProcessHandle.info().totalCpuDuration()}, i.e.
 *       /proc/PID/stat) over {@code unwatchedSeconds} with nobody watching;</li>
 *   <li>the same while {@code poolscope watch --interval 1} (the shaded jar, probe loaded with --yes)
 *       runs against it, from its first paced screen to the screen after the next thread read, so the window
 *       holds one whole thread-read period (one thread read and the pool reads between); then with
 *       {@code --threads-every-poll} (threads on every poll, as before the pacing) over a fixed window;</li>
 *   <li>wall time of the whole process {@code poolscope snapshot --pid} against {@code jcmd PID
 *       Thread.print}: the first call of each (jcmd first, on a fresh child), then repeats.</li>
 * </ol>
 * Run: {@code ./mvnw -B -q package -DskipTests && ./mvnw -B -q -Pbench test-compile exec:exec@watch-cost
 * -Dwatch.args=500,5000}; figures go to stdout and
 * target/watch-cost.txt. {@code -Dwatch.args="500,5000 one-shot JAR1,JAR2"} measures only the one-shot, once
 * per jar (e.g. main's build and this one), each on its own fresh child: a probe already loaded by one
 * jar's snapshot would stay loaded for the next. An entry that does not end in .jar is run as a launcher
 * ({@code target/installer/image/PoolScope/bin/PoolScope}: the installed CLI, with its CDS archive).
 */
public final class WatchCostBench {

    private static final Path DEFAULT_JAR = Paths.get("target/poolscope.jar");
    private static final String JAVA = Paths.get(System.getProperty("java.home"), "bin", "java").toString();
    private static final Pattern THREADS_AS_OF = Pattern.compile("threads as of (\\d\\d:\\d\\d:\\d\\d)");
    private static final String HEADER = "poolscope watch · ";
    private static final int UNWATCHED_SECONDS = 30;
    private static final int FIXED_WINDOW_SECONDS = 30;
    private static final int REPEATS = 3;

    private final StringBuilder report = new StringBuilder();

    public static void main(String[] args) throws Exception {
        WatchCostBench bench = new WatchCostBench();
        boolean oneShotOnly = args.length > 1 && "one-shot".equals(args[1]);
        List<Path> jars = new ArrayList<>();
        for (String j : (args.length > 2 ? args[2] : DEFAULT_JAR.toString()).split(",")) {
            jars.add(Paths.get(j.trim()));
        }
        for (String n : (args.length == 0 ? "500,5000" : args[0]).split(",")) {
            if (oneShotOnly) {
                for (Path jar : jars) {
                    try (ThreadsTarget target = ThreadsTarget.start(Integer.parseInt(n.trim()))) {
                        Thread.sleep(3000);
                        bench.line("== %s threads, %s", n.trim(), jar);
                        bench.oneShot(target, jar);
                    }
                }
            } else {
                bench.measure(Integer.parseInt(n.trim()));
            }
        }
        Files.writeString(Paths.get("target/watch-cost.txt"), bench.report);
    }

    private void measure(int threads) throws Exception {
        try (ThreadsTarget target = ThreadsTarget.start(threads)) {
            Thread.sleep(3000); // past start-up work (JIT, class loading) and watch's 2 s attach guard
            line("== %d threads, pid %d, load %s", threads, target.pid(), ThreadsTarget.load());
            double idle = ThreadsTarget.cpuShare(target.pid(), UNWATCHED_SECONDS * 1000L);
            line("unwatched: %.2f %% of one core over %d s", idle * 100, UNWATCHED_SECONDS);
            watched(target, idle, false);
            watched(target, idle, true);
        }
        try (ThreadsTarget target = ThreadsTarget.start(threads)) {
            Thread.sleep(3000);
            oneShot(target, DEFAULT_JAR);
        }
    }

    /** @param everyPoll with --threads-every-poll: threads read on every poll, as before the pacing */
    private void watched(ThreadsTarget target, double idle, boolean everyPoll) throws Exception {
        List<String> command = new ArrayList<>(List.of(JAVA, "-jar", DEFAULT_JAR.toString(), "watch", "--pid",
                Long.toString(target.pid()), "--yes", "--no-clear", "--interval", "1"));
        if (everyPoll) {
            command.add("--threads-every-poll");
        }
        Process watch = new ProcessBuilder(command).redirectErrorStream(true).start();
        StringBuffer out = pump(watch);
        try {
            // The first read is cold and never sets the spacing (ThreadReadPacer): wait for the screen after
            // the second, or 5 screens without pacing (threads read on every poll).
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (count(out) < 5 && !THREADS_AS_OF.matcher(lastHeader(out)).find()) {
                check(System.nanoTime() < deadline && watch.isAlive(), "no screens from watch: " + out);
                Thread.sleep(20);
            }
            String first = lastHeader(out);
            Matcher m = THREADS_AS_OF.matcher(first);
            long cpu0 = ThreadsTarget.cpuNanos(target.pid());
            long client0 = ThreadsTarget.cpuNanos(watch.pid());
            long t0 = System.nanoTime();
            String how;
            if (m.find()) {
                String asOf = m.group(1);
                long limit = t0 + TimeUnit.SECONDS.toNanos(600);
                while (THREADS_AS_OF.matcher(lastHeader(out)).results().noneMatch(r -> !r.group(1).equals(asOf))) {
                    check(System.nanoTime() < limit && watch.isAlive(), "no second thread read within 600 s");
                    Thread.sleep(20);
                }
                how = "one thread-read period (" + first.substring(first.indexOf("threads every"), first.indexOf(", threads as of")) + ")";
            } else {
                Thread.sleep(FIXED_WINDOW_SECONDS * 1000L);
                how = "threads read on every poll; fixed window";
            }
            long wall = System.nanoTime() - t0;
            double share = (double) (ThreadsTarget.cpuNanos(target.pid()) - cpu0) / wall;
            double client = (double) (ThreadsTarget.cpuNanos(watch.pid()) - client0) / wall;
            line("watched (watch --interval 1%s): %.2f %% of one core over %.1f s, %s; %d screens; load %s",
                    everyPoll ? " --threads-every-poll" : "", share * 100, wall / 1e9, how, count(out), ThreadsTarget.load());
            line("  added by watching: %.2f %% of one core (%.1f x unwatched); watch's own CPU: %.2f %% of one core",
                    (share - idle) * 100, idle > 0 ? share / idle : Double.NaN, client * 100);
        } finally {
            watch.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }

    private void oneShot(ThreadsTarget target, Path jar) throws Exception {
        String pid = Long.toString(target.pid());
        List<String> jcmd = List.of(Paths.get(System.getProperty("java.home"), "bin", "jcmd").toString(), pid, "Thread.print");
        // A path that is not a jar is a launcher, such as the installer image's bin/PoolScope.
        List<String> snapshot = jar.toString().endsWith(".jar")
                ? List.of(JAVA, "-jar", jar.toString(), "snapshot", "--pid", pid, "--yes")
                : List.of(jar.toString(), "snapshot", "--pid", pid, "--yes");
        line("one-shot, fresh child pid %s, load %s (jcmd first, then snapshot)", pid, ThreadsTarget.load());
        long jFirst = wallMillis(jcmd);
        List<Long> jRepeat = new ArrayList<>();
        for (int i = 0; i < REPEATS; i++) {
            jRepeat.add(wallMillis(jcmd));
        }
        long sFirst = wallMillis(snapshot);
        List<Long> sRepeat = new ArrayList<>();
        for (int i = 0; i < REPEATS; i++) {
            sRepeat.add(wallMillis(snapshot));
        }
        long jMed = median(jRepeat);
        long sMed = median(sRepeat);
        line("  jcmd Thread.print: first %d ms, repeated %s ms (median %d)", jFirst, jRepeat, jMed);
        line("  snapshot --pid:    first %d ms, repeated %s ms (median %d)", sFirst, sRepeat, sMed);
        line("  ratio snapshot/jcmd: first %.2f x, repeated (medians) %.2f x; load %s",
                (double) sFirst / jFirst, (double) sMed / jMed, ThreadsTarget.load());
    }

    private static long wallMillis(List<String> command) throws Exception {
        long t0 = System.nanoTime();
        Process p = new ProcessBuilder(command).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        check(p.waitFor(120, TimeUnit.SECONDS), "no exit within 120 s: " + command);
        long ms = (System.nanoTime() - t0) / 1_000_000;
        check(p.exitValue() == 0, "exit " + p.exitValue() + ": " + command);
        return ms;
    }

    private static long median(List<Long> values) {
        List<Long> sorted = new ArrayList<>(values);
        sorted.sort(null);
        return sorted.get(sorted.size() / 2);
    }




    private static int count(StringBuffer out) {
        int n = 0;
        for (int i = out.indexOf(HEADER); i >= 0; i = out.indexOf(HEADER, i + 1)) {
            n++;
        }
        return n;
    }

    private static String lastHeader(StringBuffer out) {
        int i = out.lastIndexOf(HEADER);
        int end = out.indexOf("\n", i);
        return end < 0 ? "" : out.substring(i, end);
    }

    private static StringBuffer pump(Process p) {
        StringBuffer out = new StringBuffer();
        Thread t = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                r.lines().forEach(l -> out.append(l).append('\n'));
            } catch (IOException ignored) {
                // killed
            }
        }, "watch-output");
        t.setDaemon(true);
        t.start();
        return out;
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
