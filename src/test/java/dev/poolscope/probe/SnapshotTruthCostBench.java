package dev.poolscope.probe;

import dev.poolscope.attach.DeadlineRunner;
import dev.poolscope.attach.JvmConnector;
import dev.poolscope.attach.TargetConnection;
import dev.poolscope.bench.ThreadsTarget;
import dev.poolscope.demo.EmbeddedDatabase;
import dev.poolscope.live.ConnectionRow;
import dev.poolscope.live.PoolSnapshot;
import dev.poolscope.live.ProbeSnapshotReader;
import dev.poolscope.live.SocketStats;
import dev.poolscope.live.TargetSnapshot;
import dev.poolscope.live.diagnosis.ServerTruth;
import dev.poolscope.live.server.DbCredentials;
import dev.poolscope.live.server.ServerQuestion;

import javax.management.MBeanServerConnection;
import javax.management.openmbean.CompositeData;
import java.io.File;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * Issue 11: what kernel and server truth add to a snapshot of a 50-connection pool (target: ≤ 100 ms
 * over a snapshot without them). Not JMH and not in the suite: whole processes and real round trips.
 *
 * <p>One child JVM ({@link TargetJvm}, full JIT) runs HikariCP 6.3.3 with maximumPoolSize = minimumIdle
 * = 50 against the embedded PostgreSQL; 10 connections are held by threads, 3 of them in
 * {@code pg_sleep(3600)}. Against that one target, after {@code warmup} rounds:
 * <ol>
 *   <li><b>the CLI as the user runs it</b>: {@code java -jar target/poolscope.jar snapshot --pid PID --yes},
 *       with and without {@code --db-user postgres}, text and {@code --json}; wall time of each whole
 *       process. The variants run in each round, in an order rotated per round so load drift falls
 *       on all of them. Each output is checked: without --db-user it says the server was not asked, with
 *       it that it was; every connection has its kernel view and ss times. A fifth variant runs the text
 *       snapshot with an empty PATH, so ss is not found: its difference to the text one is, in expectation,
 *       a lower bound of the ss step in a fresh CLI JVM (the failed spawn still costs something); at a few
 *       tens of ms it is within the noise of whole-process times on a shared machine;</li>
 *   <li><b>the CLI's steps in this JVM</b> (the same calls: {@link JvmConnector#attach}, a new
 *       {@link ProbeSnapshotReader} per snapshot as {@code CliServices.snapshotSource()} makes, and
 *       {@link ServerQuestion#ask} as {@code DbOptions} calls it), each timed alone: the snapshot read
 *       (pools with the probe's kernel join and ss, threads); the server question; the probe's
 *       {@code Snapshot} attribute of the pool over JMX (the probe's read, kernel join included);
 *       {@code ss -tinH} for the pool's 50 ports ({@link SocketStats}); and {@link KernelTcp#lookup}
 *       of the same 50 sockets on /proc/PID/net/tcp and tcp6 of the target, from this JVM.</li>
 * </ol>
 * The last is an estimate of the kernel join's share of the probe's read: the same code over the same
 * table (this JVM and the target share one network namespace, which is checked), but on this JVM's
 * JIT, not the target's. There is no switch to turn the probe's own kernel join off.
 *
 * <p>Run: {@code ./mvnw -B -q package -DskipTests && ./mvnw -B -q -Pbench test-compile
 * exec:exec@snapshot-truth-cost [-Dtruth.args="20 3 0"]} (repeats, warm-up rounds, extra idle loopback
 * connections held open for a larger socket table, as in {@link ScrapeCostBench}). Figures go to stdout
 * and target/snapshot-truth-cost.txt.
 */
public final class SnapshotTruthCostBench {

    private static final String POOL = "truthcost";
    private static final int POOL_SIZE = 50;
    private static final int HELD = 10;
    private static final int SLEEPING = 3;
    private static final Duration STEP = Duration.ofSeconds(60);
    private static final Path JAR = Paths.get("target/poolscope.jar");
    private static final String JAVA = Paths.get(System.getProperty("java.home"), "bin", "java").toString();

    /** One CLI invocation the user would time. */
    private enum Variant {
        TEXT("snapshot --pid", false, false, false),
        TEXT_DB("snapshot --pid --db-user postgres", false, true, false),
        JSON("snapshot --pid --json", true, false, false),
        JSON_DB("snapshot --pid --json --db-user postgres", true, true, false),
        /** ss not on the PATH: SocketStats's spawn fails at once, so TEXT minus this bounds the ss step from below. */
        TEXT_NO_SS("snapshot --pid, ss not on the PATH", false, false, true);

        final String label;
        final boolean json;
        final boolean db;
        final boolean noSs;

        Variant(String label, boolean json, boolean db, boolean noSs) {
            this.label = label;
            this.json = json;
            this.db = db;
            this.noSs = noSs;
        }

        List<String> command(long pid) {
            List<String> c = new ArrayList<>(List.of(JAVA, "-jar", JAR.toString(), "snapshot", "--pid", Long.toString(pid), "--yes"));
            if (json) {
                c.add("--json");
            }
            if (db) {
                c.addAll(List.of("--db-user", EmbeddedDatabase.USER));
            }
            return c;
        }
    }

    private final StringBuilder report = new StringBuilder();

    public static void main(String[] args) throws Exception {
        int repeats = args.length > 0 ? Integer.parseInt(args[0]) : 20;
        int warmup = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        int extraConnections = args.length > 2 ? Integer.parseInt(args[2]) : 0;
        check(Files.isRegularFile(JAR), JAR + " is missing: run ./mvnw -B -q package -DskipTests first");
        SnapshotTruthCostBench bench = new SnapshotTruthCostBench();
        try (EmbeddedDatabase db = EmbeddedDatabase.start();
             ScrapeCostBench.LoopbackConnections extra = new ScrapeCostBench.LoopbackConnections(extraConnections);
             TargetJvm target = TargetJvm.onClassPath(List.of("-Dpoolscope.workload.poolSize=" + POOL_SIZE), "6.3.3",
                     db.jdbcUrl() + "?user=postgres&ApplicationName=poolscope-truth-cost", POOL)) {
            target.awaitLine("POOLREADY", STEP);
            bench.holdConnections(target);
            target.awaitAttachable();
            bench.run(target.pid(), repeats, warmup, extraConnections);
        }
        Files.writeString(Paths.get("target", "snapshot-truth-cost.txt"), bench.report);
    }

    /** HELD threads each hold a connection; SLEEPING of them run pg_sleep on it, so the server has active backends. */
    private void holdConnections(TargetJvm target) throws Exception {
        for (int i = 1; i <= HELD; i++) {
            target.send("HOLD holder-" + i);
            target.awaitLine("HELD holder-" + i, STEP);
        }
        for (int i = 1; i <= SLEEPING; i++) {
            target.send("EXEC holder-" + i + " SELECT pg_sleep(3600)");
            target.awaitLine("QUERYING holder-" + i, STEP);
        }
    }

    private void run(long pid, int repeats, int warmup, int extraConnections) throws Exception {
        String startLoad = ThreadsTarget.load();
        long startTable = ScrapeCostBench.tableLines();
        line("== %s UTC, target pid %d: HikariCP 6.3.3, pool of %d (minimumIdle %d), %d held, %d of them in pg_sleep",
                Instant.now().toString().substring(0, 19), pid, POOL_SIZE, POOL_SIZE, HELD, SLEEPING);
        line("load at start %s; socket table %d lines in /proc/net/tcp + tcp6 (%d extra loopback connections)",
                startLoad, startTable, extraConnections);
        check(Files.readSymbolicLink(Paths.get("/proc/self/ns/net"))
                .equals(Files.readSymbolicLink(Paths.get("/proc/" + pid + "/ns/net"))),
                "the target is in another network namespace: its table is not this JVM's");

        Map<Variant, List<Long>> cli = cliRuns(pid, repeats, warmup);
        Map<String, List<Long>> steps = inProcess(pid, repeats, warmup);
        List<String> cut = serverPhaseInFreshCli(pid, CUT_RUNS);

        line("");
        line("whole CLI process, wall ms, %d repeats after %d warm-up rounds (median / p90, min-max):", repeats, warmup);
        for (Variant v : Variant.values()) {
            line("  %-42s %s", v.label, millis(cli.get(v)));
        }
        line("  added by --db-user (median of b - median of a): text %+d ms, json %+d ms; p90 - p90: text %+d ms, json %+d ms",
                median(cli.get(Variant.TEXT_DB)) - median(cli.get(Variant.TEXT)),
                median(cli.get(Variant.JSON_DB)) - median(cli.get(Variant.JSON)),
                p90(cli.get(Variant.TEXT_DB)) - p90(cli.get(Variant.TEXT)),
                p90(cli.get(Variant.JSON_DB)) - p90(cli.get(Variant.JSON)));
        // A lower bound only in expectation (the failed spawn costs too); one run's figure is within its noise.
        line("  ss step in the CLI (median with ss - median with ss off the PATH): %+d ms; p90 - p90: %+d ms",
                median(cli.get(Variant.TEXT)) - median(cli.get(Variant.TEXT_NO_SS)),
                p90(cli.get(Variant.TEXT)) - p90(cli.get(Variant.TEXT_NO_SS)));
        // Paired within a round (the variants of one round run back to back), so load drift between rounds cancels.
        line("  paired per round, median / p90 of the %d differences: --db-user text %s, json %s; ss step %s",
                repeats, pairedMillis(cli.get(Variant.TEXT_DB), cli.get(Variant.TEXT)),
                pairedMillis(cli.get(Variant.JSON_DB), cli.get(Variant.JSON)),
                pairedMillis(cli.get(Variant.TEXT), cli.get(Variant.TEXT_NO_SS)));
        line("");
        line("the CLI's steps in this JVM, wall us, %d repeats after %d warm-up (median / p90, min-max):", repeats, warmup);
        for (Map.Entry<String, List<Long>> e : steps.entrySet()) {
            line("  %-58s %s", e.getKey(), micros(e.getValue()));
        }
        line("");
        line("the server question in a fresh CLI JVM, %d runs of snapshot --pid --db-user postgres with -Xlog:class+load:uptime,"
                + " cut at the first load of ServerQuestion and of SnapshotText (ms, 1 ms steps):", CUT_RUNS);
        cut.forEach(c -> line("  %s", c));
        line("");
        line("load at end %s; socket table %d lines in /proc/net/tcp + tcp6", ThreadsTarget.load(), ScrapeCostBench.tableLines());
    }

    /** The four CLI variants, each once per round, the order rotated per round; warm-up rounds not kept. */
    private Map<Variant, List<Long>> cliRuns(long pid, int repeats, int warmup) throws Exception {
        Map<Variant, List<Long>> out = new LinkedHashMap<>();
        for (Variant v : Variant.values()) {
            out.put(v, new ArrayList<>());
        }
        Variant[] all = Variant.values();
        Path output = Files.createTempFile("poolscope-truth-cost-", ".out");
        Path emptyPath = Files.createTempDirectory("poolscope-truth-cost-path-");
        try {
            for (int round = 0; round < warmup + repeats; round++) {
                for (int k = 0; k < all.length; k++) {
                    Variant v = all[(round + k) % all.length];
                    long nanos = wallNanos(v.command(pid), v.noSs ? emptyPath : null, output);
                    checkOutput(v, Files.readString(output, StandardCharsets.UTF_8));
                    if (round >= warmup) {
                        out.get(v).add(nanos);
                    }
                }
            }
        } finally {
            Files.deleteIfExists(output);
            Files.deleteIfExists(emptyPath);
        }
        return out;
    }

    /** Wall time of one whole process, start to exit, its stdout to {@code output}; {@code path}: its PATH, or null for ours. */
    private static long wallNanos(List<String> command, Path path, Path output) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(command).redirectOutput(output.toFile())
                .redirectError(ProcessBuilder.Redirect.DISCARD);
        if (path != null) {
            pb.environment().put("PATH", path.toString());
        }
        long t0 = System.nanoTime();
        Process p = pb.start();
        check(p.waitFor(120, TimeUnit.SECONDS), "no exit within 120 s: " + command);
        long nanos = System.nanoTime() - t0;
        check(p.exitValue() == 0, "exit " + p.exitValue() + ": " + command + "\n" + Files.readString(output));
        return nanos;
    }

    private static final int CUT_RUNS = 7;
    private static final String SERVER_START = "dev.poolscope.live.server.ServerQuestion";
    private static final String SERVER_END = "dev.poolscope.live.report.SnapshotText";

    /**
     * Where the server question's time goes in a fresh CLI JVM, which the in-process figure (a warm JVM)
     * does not show: the span between the first loads of {@link ServerQuestion} (asked after the snapshot
     * read) and of SnapshotText (the output, after the answer), and the classes loaded in it.
     */
    private List<String> serverPhaseInFreshCli(long pid, int runs) throws Exception {
        Path output = Files.createTempFile("poolscope-truth-cost-", ".out");
        Path log = Files.createTempFile("poolscope-truth-cost-", ".classes");
        List<Long> spans = new ArrayList<>();
        List<Long> walls = new ArrayList<>();
        List<Integer> classes = new ArrayList<>();
        List<Integer> pgjdbc = new ArrayList<>();
        try {
            for (int i = 0; i < runs; i++) {
                List<String> command = new ArrayList<>(Variant.TEXT_DB.command(pid));
                command.add(1, "-Xlog:class+load:file=" + log + ":uptime");
                walls.add(wallNanos(command, null, output));
                checkOutput(Variant.TEXT_DB, Files.readString(output, StandardCharsets.UTF_8));
                List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
                int first = indexOfClass(lines, SERVER_START);
                int last = indexOfClass(lines, SERVER_END);
                check(first >= 0 && last > first, SERVER_START + " is not loaded before " + SERVER_END);
                spans.add((uptimeMillis(lines.get(last)) - uptimeMillis(lines.get(first))) * 1_000_000L);
                classes.add(last - first);
                pgjdbc.add((int) lines.subList(first, last).stream().filter(l -> l.contains("] org.postgresql.")).count());
            }
        } finally {
            Files.deleteIfExists(output);
            Files.deleteIfExists(log);
        }
        return List.of("span ServerQuestion -> SnapshotText: " + millis(spans),
                "classes loaded in it: " + classes + ", of them org.postgresql.*: " + pgjdbc,
                "whole process with the log: " + millis(walls));
    }

    private static int indexOfClass(List<String> lines, String className) {
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).contains("] " + className + " ")) {
                return i;
            }
        }
        return -1;
    }

    /** "[0.345s][info][class,load] ..." -> 345. */
    private static long uptimeMillis(String line) {
        return Math.round(Double.parseDouble(line.substring(1, line.indexOf("s]"))) * 1000);
    }

    /** Each output must carry what its variant is timed for, or the figure would time something else. */
    private static void checkOutput(Variant v, String out) {
        if (v.json) {
            check(out.contains("\"state\": \"established\""), "no kernel TCP state in the JSON: " + out);
            check(v.db == out.contains("\"asked\": true") && v.db == !out.contains(ServerTruth.NO_CREDENTIALS),
                    "server truth " + (v.db ? "missing" : "present") + " in " + v.label + ": " + out);
            check(!out.contains("server view not read"), "the server was not read: " + out);
        } else {
            check(out.contains("tcp established"), "no kernel TCP state in the text: " + out);
            check(v.noSs != out.contains("(ss -ti)"), "ss times " + (v.noSs ? "present" : "missing") + " in " + v.label + ": " + out);
            check(v.db == out.contains("Server  asked"), "server truth " + (v.db ? "missing" : "present")
                    + " in " + v.label + ": " + out);
        }
    }

    /**
     * The CLI's steps, each timed alone, in this JVM over one attach: what the whole-process figures do
     * not split. Warm: this JVM has loaded the driver and the readers by the first kept repeat.
     */
    private Map<String, List<Long>> inProcess(long pid, int repeats, int warmup) throws Exception {
        Map<String, List<Long>> out = new LinkedHashMap<>();
        String read = "snapshot read (ProbeSnapshotReader: pools + kernel + ss, threads)";
        String server = "server question (ServerQuestion.ask, --db-user postgres)";
        String probe = "probe's Snapshot attribute over JMX (its read, kernel join in)";
        String ss = "ss -tinH for the pool's " + POOL_SIZE + " ports (SocketStats)";
        String kernel = "kernel join alone: KernelTcp.lookup of /proc/PID/net/tcp{,6}";
        for (String k : List.of(read, server, probe, ss, kernel)) {
            out.put(k, new ArrayList<>());
        }
        KernelTcp table = new KernelTcp("Linux", new File("/proc/" + pid + "/net/tcp"), new File("/proc/" + pid + "/net/tcp6"));
        // Whether all 50 sockets are in tcp6, so that lookup (as the probe's) reads tcp6 alone and skips tcp4.
        KernelTcp tcp6Only = new KernelTcp("Linux", new File("/nonexistent"), new File("/proc/" + pid + "/net/tcp6"));
        boolean tcp6Checked = false;
        SocketStats socketStats = new SocketStats();
        try (JvmConnector connector = new JvmConnector(DeadlineRunner.DEFAULT_DEADLINE, Clock.systemUTC(),
                () -> Optional.of(TargetJvm.PROBE_JAR));
             DeadlineRunner runner = new DeadlineRunner("poolscope-truth-cost");
             TargetConnection connection = connector.attach(pid, true)) {
            MBeanServerConnection mbeans = connection.mbeans();
            for (int i = 0; i < warmup + repeats; i++) {
                boolean kept = i >= warmup;
                ProbeSnapshotReader reader = new ProbeSnapshotReader();
                long t0 = System.nanoTime();
                TargetSnapshot snapshot = runner.call("reading", DeadlineRunner.DEFAULT_DEADLINE, () -> reader.read(connection));
                long t1 = System.nanoTime();
                List<PoolSnapshot> pools = snapshot.pools();
                checkKernelAndSs(pools);
                ServerTruth truth = ServerQuestion.ask(new DbCredentials(EmbeddedDatabase.USER, null, null), pools, runner);
                long t2 = System.nanoTime();
                check(truth.asked(), "the server was not asked: " + truth.notAskedReason());

                long t3 = System.nanoTime();
                CompositeData probeSnapshot = (CompositeData) mbeans.getAttribute(TargetJvm.poolName(POOL), "Snapshot");
                long t4 = System.nanoTime();
                List<ConnectionSockets.Endpoint> endpoints = endpoints(probeSnapshot);
                Set<Integer> ports = new HashSet<>();
                endpoints.forEach(e -> ports.add(e.localPort));

                long t5 = System.nanoTime();
                SocketStats.Reading reading = socketStats.read(ports);
                long t6 = System.nanoTime();
                check(reading.unavailableReason() == null && reading.byLocalPort().keySet().containsAll(ports),
                        "ss did not list all " + ports.size() + " ports: " + reading.unavailableReason());

                long t7 = System.nanoTime();
                Map<ConnectionSockets.Endpoint, KernelTcp.Tcp> found = table.lookup(endpoints);
                long t8 = System.nanoTime();
                check(found.size() == POOL_SIZE, "the kernel table has " + found.size() + " of the " + POOL_SIZE + " sockets");
                if (!tcp6Checked) {
                    tcp6Checked = true;
                    int in6 = tcp6Only.lookup(endpoints).size();
                    line("%d of the %d sockets are in /proc/PID/net/tcp6: the kernel join reads %s", in6, POOL_SIZE,
                            in6 == POOL_SIZE ? "tcp6 alone (tcp4 skipped)" : "tcp6, then tcp4");
                }
                if (kept) {
                    out.get(read).add(t1 - t0);
                    out.get(server).add(t2 - t1);
                    out.get(probe).add(t4 - t3);
                    out.get(ss).add(t6 - t5);
                    out.get(kernel).add(t8 - t7);
                }
            }
        }
        return out;
    }

    /** All 50 connections with a kernel view and ss times: otherwise the read did not do the work timed. */
    private static void checkKernelAndSs(List<PoolSnapshot> pools) {
        check(pools.size() == 1 && pools.get(0).connections().size() == POOL_SIZE, "expected one pool of " + POOL_SIZE);
        for (ConnectionRow c : pools.get(0).connections()) {
            check(c.tcp() != null, "no kernel view of connection " + c.id() + ": " + c.tcpUnavailableReason());
            check(c.tcp().lastTimesUnavailableReason() == null, "no ss times for " + c.id() + ": "
                    + c.tcp().lastTimesUnavailableReason());
        }
    }

    /** The pool's sockets as the probe names them (local port, remote address and port), to look up as it does. */
    private static List<ConnectionSockets.Endpoint> endpoints(CompositeData snapshot) throws Exception {
        List<ConnectionSockets.Endpoint> out = new ArrayList<>();
        for (CompositeData c : (CompositeData[]) snapshot.get("connections")) {
            String remote = (String) c.get("remoteAddress");
            out.add(new ConnectionSockets.Endpoint((Integer) c.get("backendPid"), null, (Integer) c.get("localPort"),
                    remote.isEmpty() ? null : InetAddress.getByName(remote), (Integer) c.get("remotePort")));
        }
        check(out.size() == POOL_SIZE, "the probe lists " + out.size() + " connections");
        return out;
    }

    private static String millis(List<Long> nanos) {
        long[] v = sorted(nanos);
        return String.format(Locale.ROOT, "%,d / %,d ms (%,d-%,d)", v[v.length / 2] / 1_000_000, p90(v) / 1_000_000,
                v[0] / 1_000_000, v[v.length - 1] / 1_000_000);
    }

    private static String micros(List<Long> nanos) {
        long[] v = sorted(nanos);
        return String.format(Locale.ROOT, "%,d / %,d us (%,d-%,d)", v[v.length / 2] / 1000, p90(v) / 1000,
                v[0] / 1000, v[v.length - 1] / 1000);
    }

    /** Median and p90 of {@code b[i] - a[i]} (the same round), in ms. */
    private static String pairedMillis(List<Long> b, List<Long> a) {
        List<Long> d = new ArrayList<>();
        for (int i = 0; i < a.size(); i++) {
            d.add(b.get(i) - a.get(i));
        }
        long[] v = sorted(d);
        return String.format(Locale.ROOT, "%+,d / %+,d ms", v[v.length / 2] / 1_000_000, p90(v) / 1_000_000);
    }

    /** Median in ms (the upper one for an even count, as {@link #millis} prints it). */
    private static long median(List<Long> nanos) {
        long[] v = sorted(nanos);
        return v[v.length / 2] / 1_000_000;
    }

    private static long p90(List<Long> nanos) {
        return p90(sorted(nanos)) / 1_000_000;
    }

    /** Nearest rank: the smallest value at or above 90 % of the repeats. */
    private static long p90(long[] sorted) {
        return sorted[(int) Math.ceil(0.9 * sorted.length) - 1];
    }

    private static long[] sorted(List<Long> values) {
        long[] v = values.stream().mapToLong(Long::longValue).toArray();
        Arrays.sort(v);
        return v;
    }

    private static void check(boolean ok, String message) {
        if (!ok) {
            throw new IllegalStateException(message);
        }
    }

    private void line(String format, Object... args) {
        String s = String.format(Locale.ROOT, format, args);
        System.out.println(s);
        report.append(s).append('\n');
    }
}
