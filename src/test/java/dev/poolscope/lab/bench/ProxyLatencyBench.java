package dev.poolscope.lab.bench;

import dev.poolscope.demo.EmbeddedDatabase;
import dev.poolscope.lab.middlebox.FaultHook;
import dev.poolscope.lab.middlebox.TcpProxy;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.Arrays;
import java.util.Locale;
import java.util.Properties;
import java.util.concurrent.locks.LockSupport;

/**
 * How much the userspace middlebox adds per round trip at 1,000 round trips per second (target:
 * at most 100 µs at p50). Two measurements, each paced at one round trip per millisecond and
 * alternating direct and proxied round trips so that drift hits both alike:
 * <ol>
 *   <li>a 64-byte echo over raw TCP (the proxy's cost alone),</li>
 *   <li>{@code SELECT 1} on the embedded PostgreSQL through pgjdbc (what a pool sees).</li>
 * </ol>
 * Run: {@code java -cp target/classes:target/test-classes:<deps> dev.poolscope.lab.bench.ProxyLatencyBench [rounds]}
 * (docs/benchmarks.md has the exact command).
 */
public final class ProxyLatencyBench {

    private ProxyLatencyBench() {
    }

    public static void main(String[] args) throws Exception {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
        System.out.printf(Locale.ROOT, "rounds per path: %d, paced at 1,000 round trips/s (alternating direct/proxied)%n", rounds);
        echo(rounds);
        postgres(rounds);
    }

    private static void echo(int rounds) throws Exception {
        try (ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            Thread echo = new Thread(() -> {
                while (!server.isClosed()) {
                    try {
                        Socket s = server.accept();
                        s.setTcpNoDelay(true);
                        Thread t = new Thread(() -> pipeBack(s), "bench-echo-conn");
                        t.setDaemon(true);
                        t.start();
                    } catch (Exception e) {
                        return;
                    }
                }
            }, "bench-echo");
            echo.setDaemon(true);
            echo.start();
            try (TcpProxy proxy = TcpProxy.start("bench", new InetSocketAddress("127.0.0.1", server.getLocalPort()),
                    FaultHook.NONE);
                 Socket direct = connect(server.getLocalPort());
                 Socket proxied = connect(proxy.port())) {
                byte[] msg = new byte[64];
                long[] d = new long[rounds];
                long[] p = new long[rounds];
                paced(rounds * 2, i -> {
                    Socket s = (i % 2 == 0) ? direct : proxied;
                    long t0 = System.nanoTime();
                    roundTrip(s, msg);
                    long t = System.nanoTime() - t0;
                    if (i >= 2_000) { // the first second warms up the JIT
                        (i % 2 == 0 ? d : p)[(i - 2_000) / 2] = t;
                    }
                }, 2_000);
                report("TCP echo 64 B", d, p);
            }
        }
    }

    private static void postgres(int rounds) throws Exception {
        try (EmbeddedDatabase db = EmbeddedDatabase.start();
             TcpProxy proxy = TcpProxy.start("bench", new InetSocketAddress("127.0.0.1", db.port()), FaultHook.NONE);
             Connection direct = pg(db.port());
             Connection proxied = pg(proxy.port());
             PreparedStatement ds = direct.prepareStatement("SELECT 1");
             PreparedStatement ps = proxied.prepareStatement("SELECT 1")) {
            long[] d = new long[rounds];
            long[] p = new long[rounds];
            paced(rounds * 2, i -> {
                PreparedStatement st = (i % 2 == 0) ? ds : ps;
                long t0 = System.nanoTime();
                try (ResultSet rs = st.executeQuery()) {
                    rs.next();
                }
                long t = System.nanoTime() - t0;
                if (i >= 2_000) {
                    (i % 2 == 0 ? d : p)[(i - 2_000) / 2] = t;
                }
            }, 2_000);
            report("pgjdbc SELECT 1", d, p);
        }
    }

    interface Round {
        void run(int i) throws Exception;
    }

    /** Runs warm-up + n round trips, one per 0.5 ms (so each path sees 1,000 per second). */
    private static void paced(int n, Round round, int warmup) throws Exception {
        long period = 500_000;
        long next = System.nanoTime();
        for (int i = 0; i < n + warmup; i++) {
            next += period;
            round.run(i);
            long wait = next - System.nanoTime();
            if (wait > 0) {
                LockSupport.parkNanos(wait);
            }
        }
    }

    private static void report(String what, long[] direct, long[] proxied) {
        Arrays.sort(direct);
        Arrays.sort(proxied);
        double d50 = pct(direct, 0.5);
        double p50 = pct(proxied, 0.5);
        System.out.printf(Locale.ROOT,
                "%s: direct p50 %.1f µs p99 %.1f µs | proxied p50 %.1f µs p99 %.1f µs | added p50 %.1f µs, p99 %.1f µs (n=%d each)%n",
                what, d50, pct(direct, 0.99), p50, pct(proxied, 0.99), p50 - d50,
                pct(proxied, 0.99) - pct(direct, 0.99), direct.length);
    }

    private static double pct(long[] sorted, double p) {
        return sorted[(int) Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)] / 1000.0;
    }

    private static Socket connect(int port) throws Exception {
        Socket s = new Socket();
        s.setTcpNoDelay(true);
        s.connect(new InetSocketAddress("127.0.0.1", port));
        return s;
    }

    private static void roundTrip(Socket s, byte[] msg) throws Exception {
        OutputStream out = s.getOutputStream();
        InputStream in = s.getInputStream();
        out.write(msg);
        int got = 0;
        byte[] buf = new byte[msg.length];
        while (got < msg.length) {
            int n = in.read(buf, got, msg.length - got);
            if (n < 0) {
                throw new IllegalStateException("echo closed");
            }
            got += n;
        }
    }

    private static void pipeBack(Socket s) {
        try (s) {
            InputStream in = s.getInputStream();
            OutputStream out = s.getOutputStream();
            byte[] buf = new byte[4096];
            int n;
            while ((n = in.read(buf)) >= 0) {
                out.write(buf, 0, n);
            }
        } catch (Exception ignored) {
            // the bench closed the connection
        }
    }

    private static Connection pg(int port) throws Exception {
        Properties p = new Properties();
        p.setProperty("user", EmbeddedDatabase.USER);
        p.setProperty("sslmode", "disable");
        return DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + port + "/postgres", p);
    }
}
