package dev.poolscope.probe;

import dev.poolscope.demo.EmbeddedDatabase;

import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * What being scraped costs the target: its own CPU time per scrape of the JMX exporter, with the
 * probe's PoolMetrics MBeans (probe + exporter, shipped config) and without them (exporter alone,
 * same config, so it finds no PoolScope MBean but still exports the JVM's own metrics). Not part of
 * the suite: {@code ./mvnw -B -Pbench test-compile exec:exec@scrape-cost [-Dscrape.args="500 3"]}.
 *
 * <p>Target CPU is utime+stime of the child JVM (ProcessHandle, which reads /proc/&lt;pid&gt;/stat
 * on Linux: 10 ms ticks, hence hundreds of scrapes per round). The target's idle CPU over the same
 * wall time (housekeeper, JIT, GC, measured just before) is subtracted. Full JIT (no
 * TieredStopAtLevel), a warm-up of 300 scrapes first. Result: stdout and target/scrape-cost.txt.
 * A third argument holds that many idle loopback connections open while measuring, for a socket
 * table the size of a busy host's ({@code -Dscrape.args="500 5 1500"}: about 3,000 more lines).
 */
public final class ScrapeCostBench {

    private static final Duration STEP = Duration.ofSeconds(60);
    private static final int WARMUP = 300;
    private static final Duration IDLE_WINDOW = Duration.ofSeconds(5);

    /** One round: CPU and wall time per scrape. */
    record Round(double cpuMicrosPerScrape, double idleCpuMicrosPerSecond, long wallP50Micros, long wallP99Micros, int bytes) {}

    public static void main(String[] args) throws Exception {
        int scrapes = args.length > 0 ? Integer.parseInt(args[0]) : 500;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        // Optional: this many idle loopback connections held open while measuring, so the network
        // namespace's socket table (which the probe's kernel evidence parses) is as big as a busy host's.
        int extraConnections = args.length > 2 ? Integer.parseInt(args[2]) : 0;
        try (EmbeddedDatabase db = EmbeddedDatabase.start(); LoopbackConnections extra = new LoopbackConnections(extraConnections)) {
            String url = db.jdbcUrl() + "?user=postgres&ApplicationName=poolscope-scrape-cost";
            List<Round> with = measure(true, url, scrapes, rounds);
            List<Round> without = measure(false, url, scrapes, rounds);
            String report = report(with, without, scrapes, rounds) + String.format(Locale.ROOT,
                    "socket table while measuring: %d lines in /proc/net/tcp + tcp6 (%d extra loopback connections)%n",
                    tableLines(), extraConnections);
            System.out.print(report);
            Files.writeString(Paths.get("target", "scrape-cost.txt"), report);
        }
    }

    private static List<Round> measure(boolean probe, String url, int scrapes, int rounds) throws Exception {
        int port = PrometheusExportIT.freePort();
        List<String> options = new ArrayList<>();
        if (probe) {
            options.add("-javaagent:" + TargetJvm.PROBE_JAR.toAbsolutePath());
            options.add("-Dpoolscope.probe.startupDelayMillis=200");
        }
        options.add("-javaagent:" + TargetJvm.lib("jmx_prometheus_javaagent-") + "=127.0.0.1:" + port + ":"
                + PrometheusExportIT.CONFIG.toAbsolutePath());
        try (TargetJvm target = TargetJvm.onClassPath(options, "6.3.3", url, "orders")) {
            target.awaitLine("POOLREADY", STEP);
            // One of the pool's two connections held, so the figures include a holder.
            target.send("HOLD holder-1");
            target.awaitLine("HELD holder-1", STEP);
            HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
            long deadline = System.nanoTime() + STEP.toNanos();
            while (probe && !PrometheusExportIT.scrape(http, port).contains("db_client_connection_count{")) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("the probe's metrics never appeared on the exporter");
                }
                Thread.sleep(200); // a main() harness, not a test: nothing to await with
            }
            for (int i = 0; i < WARMUP; i++) {
                scrapeOnce(port);
            }
            ProcessHandle handle = ProcessHandle.of(target.pid()).orElseThrow();
            List<Round> out = new ArrayList<>();
            for (int r = 0; r < rounds; r++) {
                long idleCpu0 = cpuNanos(handle);
                long idleT0 = System.nanoTime();
                Thread.sleep(IDLE_WINDOW.toMillis());
                double idlePerNano = (double) (cpuNanos(handle) - idleCpu0) / (System.nanoTime() - idleT0);

                long[] wall = new long[scrapes];
                int bytes = 0;
                long cpu0 = cpuNanos(handle);
                long t0 = System.nanoTime();
                for (int i = 0; i < scrapes; i++) {
                    long s = System.nanoTime();
                    bytes = scrapeOnce(port);
                    wall[i] = System.nanoTime() - s;
                }
                long elapsed = System.nanoTime() - t0;
                long cpu = cpuNanos(handle) - cpu0;
                Arrays.sort(wall);
                out.add(new Round((cpu - idlePerNano * elapsed) / scrapes / 1000.0, idlePerNano * 1e6,
                        wall[scrapes / 2] / 1000, wall[(int) (scrapes * 0.99)] / 1000, bytes));
            }
            return out;
        }
    }

    /**
     * One GET /metrics on a new connection, as Prometheus does after an idle 15 s. Not the JDK
     * HttpClient: its kept-alive connection to the exporter's JDK HttpServer stalls about 40 ms
     * per request here (delayed ACK against Nagle), which would be measured as scrape time.
     */
    private static int scrapeOnce(int port) throws Exception {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 2000);
            s.setSoTimeout(5000);
            s.setTcpNoDelay(true);
            OutputStream out = s.getOutputStream();
            out.write(("GET /metrics HTTP/1.0\r\nHost: 127.0.0.1:" + port + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            byte[] body = s.getInputStream().readAllBytes();
            String head = new String(body, 0, Math.min(body.length, 16), StandardCharsets.US_ASCII);
            if (!head.startsWith("HTTP/1.1 200") && !head.startsWith("HTTP/1.0 200")) {
                throw new IllegalStateException("exporter answered " + head);
            }
            return body.length;
        }
    }

    /** Lines of the network namespace's socket table, /proc/net/tcp + tcp6 (headers not counted). */
    static long tableLines() throws java.io.IOException {
        long n = 0;
        for (String f : new String[] {"/proc/net/tcp", "/proc/net/tcp6"}) {
            Path p = Paths.get(f);
            if (Files.isReadable(p)) {
                try (java.util.stream.Stream<String> lines = Files.lines(p)) {
                    n += lines.count() - 1;
                }
            }
        }
        return n;
    }

    /** Idle connections to a listener of our own on loopback: two sockets each in the namespace's table. */
    static final class LoopbackConnections implements AutoCloseable {
        private final java.net.ServerSocket server = new java.net.ServerSocket(0, 4096, java.net.InetAddress.getLoopbackAddress());
        private final List<Socket> sockets = new ArrayList<>();

        LoopbackConnections(int count) throws Exception {
            for (int i = 0; i < count; i++) {
                Socket c = new Socket();
                c.connect(server.getLocalSocketAddress(), 2000);
                sockets.add(c);
                sockets.add(server.accept());
            }
        }

        @Override
        public void close() throws Exception {
            for (Socket s : sockets) {
                s.close();
            }
            server.close();
        }
    }

    private static long cpuNanos(ProcessHandle handle) {
        return handle.info().totalCpuDuration().orElseThrow(() -> new IllegalStateException("no CPU time for the target"))
                .toNanos();
    }

    private static String report(List<Round> with, List<Round> without, int scrapes, int rounds) {
        StringBuilder b = new StringBuilder();
        b.append(String.format(Locale.ROOT, "target CPU per scrape of the JMX exporter 1.0.1 (%d rounds of %d scrapes, "
                + "HikariCP 6.3.3 pool of 2, 1 held; idle CPU subtracted)%n", rounds, scrapes));
        line(b, "exporter + probe MBeans", with);
        line(b, "exporter alone (JVM metrics only)", without);
        double added = median(with) - median(without);
        b.append(String.format(Locale.ROOT, "added by the probe's MBeans: %.0f us CPU per scrape (medians); "
                + "at one scrape every 15 s that is %.4f %% of one core%n", added, added / 15e6 * 100));
        return b.toString();
    }

    private static void line(StringBuilder b, String what, List<Round> rounds) {
        b.append(String.format(Locale.ROOT, "  %-34s CPU/scrape median %.0f us (rounds:", what, median(rounds)));
        for (Round r : rounds) {
            b.append(String.format(Locale.ROOT, " %.0f", r.cpuMicrosPerScrape()));
        }
        Round last = rounds.get(rounds.size() - 1);
        b.append(String.format(Locale.ROOT, "); scrape wall p50 %d us, p99 %d us; idle CPU %.0f us/s; response %d bytes%n",
                last.wallP50Micros(), last.wallP99Micros(), last.idleCpuMicrosPerSecond(), last.bytes()));
    }

    private static double median(List<Round> rounds) {
        double[] v = rounds.stream().mapToDouble(Round::cpuMicrosPerScrape).sorted().toArray();
        return v[v.length / 2];
    }
}
