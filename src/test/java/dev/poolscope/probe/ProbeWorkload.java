package dev.poolscope.probe;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * The target service of the probe's integration tests: runs in a child JVM with one real HikariCP
 * version, and makes a known pattern the test can check against. Talks over stdin/stdout:
 * <pre>
 * args: jdbcUrl poolName [lazy]; -Dpoolscope.workload.poolSize=N for a pool of N (default 2)
 * out:  PID n | POOLSTART epochMillis | RELEASED epochMillis (x2) | READY
 * in:   START                 create the pool now (lazy mode: no HikariCP class is loaded before)
 *       HOLD name             thread "name" borrows and holds -> HELD name epochMillis
 *       HOLDVIA name          as HOLD, but borrowed in borrowForReportJob and then waiting in
 *                             awaitReleaseOrder: the borrow site and the holder's position differ
 *       RELEASE name          it closes its connection        -> RELEASED_BY name epochMillis
 *       EXEC name sql         the holder runs sql on its held connection -> QUERYING name, then DONE name | FAILED name e
 *       WAIT name             thread "name" borrows and closes at once -> GOT name waitMillis | TIMEOUT name waitMillis
 *       BENCH n               n getConnection+close on this thread     -> BENCH p50Nanos meanNanos
 *       BREAK n               n times on this thread: borrow, kill the connection's own backend
 *                             (pg_terminate_backend), close -> BROKEN n (HikariCP closes each one
 *                             without recycle, as after a failover)
 *       CHURN s t             for s seconds: maxLifetime 2.5 s (set at run time, under HikariCP's
 *                             30 s floor for configs), softEvictConnections every 200 ms, t threads
 *                             borrowing in a loop -> CHURNED borrows failures
 *       CLOSE                 closes the pool                          -> CLOSED
 *       EXIT
 * </pre>
 */
public final class ProbeWorkload {

    /** What each holder thread is told to do next: a statement to run, or {@link #RELEASE}. */
    private static final Map<String, BlockingQueue<String>> holders = new ConcurrentHashMap<>();
    private static final String RELEASE = "\u0000release";

    public static void main(String[] args) throws Exception {
        String jdbcUrl = args[0];
        String poolName = args[1];
        boolean lazy = args.length > 2 && "lazy".equals(args[2]);
        say("PID " + ProcessHandle.current().pid());
        PoolHolder pool = lazy ? null : PoolHolder.start(jdbcUrl, poolName);
        say("READY");
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        String line;
        while ((line = in.readLine()) != null) {
            String[] cmd = line.trim().split(" ", 2);
            switch (cmd[0]) {
                case "START" -> pool = PoolHolder.start(jdbcUrl, poolName);
                case "HOLD" -> pool.hold(cmd[1]);
                case "HOLDVIA" -> pool.holdViaReportJob(cmd[1]);
                case "RELEASE" -> holders.remove(cmd[1]).add(RELEASE);
                case "EXEC" -> {
                    String[] nameAndSql = cmd[1].split(" ", 2);
                    holders.get(nameAndSql[0]).add(nameAndSql[1]);
                }
                case "WAIT" -> pool.borrowOnce(cmd[1]);
                case "HOLDFOR" -> pool.holdFor(cmd[1].split(" ")[0], Long.parseLong(cmd[1].split(" ")[1]));
                case "SLEEPQ" -> pool.sleepQuery(cmd[1]);
                case "BENCH" -> pool.bench(Integer.parseInt(cmd[1]));
                case "BREAK" -> pool.breakWhileBorrowed(Integer.parseInt(cmd[1]));
                case "CHURN" -> pool.churn(Integer.parseInt(cmd[1].split(" ")[0]), Integer.parseInt(cmd[1].split(" ")[1]));
                case "CLOSE" -> {
                    pool.dataSource.close();
                    say("CLOSED");
                }
                case "REFLECT" -> say(reflectIntoJavaLang());
                case "EXIT" -> System.exit(0);
                default -> say("UNKNOWN " + line);
            }
        }
        System.exit(0);
    }

    /**
     * What the application itself may do with java.lang's private state once the probe has loaded:
     * the probe opens java.lang to its own module only, so this must stay denied (JDK 17's default).
     */
    private static String reflectIntoJavaLang() {
        try {
            Thread.class.getDeclaredField("threadLocals").setAccessible(true);
            return "REFLECT opened";
        } catch (RuntimeException | NoSuchFieldException e) {
            return "REFLECT denied " + e.getClass().getSimpleName();
        }
    }

    static void say(String line) {
        synchronized (System.out) {
            System.out.println(line);
            System.out.flush();
        }
    }

    /** Everything that touches HikariCP, so that lazy mode loads none of it before START. */
    static final class PoolHolder {
        private final HikariDataSource dataSource;

        private PoolHolder(HikariDataSource dataSource) {
            this.dataSource = dataSource;
        }

        static PoolHolder start(String jdbcUrl, String poolName) throws Exception {
            say("POOLSTART " + System.currentTimeMillis());
            HikariConfig config = new HikariConfig();
            config.setJdbcUrl(jdbcUrl);
            config.setPoolName(poolName);
            // Two unless a benchmark asks for a larger pool (SnapshotTruthCostBench: 50).
            int size = Integer.getInteger("poolscope.workload.poolSize", 2);
            config.setMaximumPoolSize(size);
            config.setMinimumIdle(size);
            config.setConnectionTimeout(2000);
            config.setValidationTimeout(1000);
            config.setMaxLifetime(600_000);
            config.setIdleTimeout(300_000);
            // HikariCP's leak detection (0 = off, its default), for the tests of its leak task as a source.
            config.setLeakDetectionThreshold(Long.getLong("poolscope.workload.leakDetectionMillis", 0L));
            HikariDataSource ds = new HikariDataSource(config);
            while (ds.getHikariPoolMXBean().getTotalConnections() < size) {
                Thread.sleep(20);
            }
            Connection a = ds.getConnection();
            Connection b = ds.getConnection();
            // HikariCP 3.x/4.x set lastAccessed to the proxy's last statement time, 5.x+ to the close
            // time: using each connection right before closing it makes both mean the same instant.
            selectOne(a);
            a.close();
            say("RELEASED " + System.currentTimeMillis());
            Thread.sleep(1000);
            selectOne(b);
            b.close();
            say("RELEASED " + System.currentTimeMillis());
            say("POOLREADY");
            return new PoolHolder(ds);
        }

        void hold(String threadName) {
            BlockingQueue<String> next = new LinkedBlockingQueue<>();
            holders.put(threadName, next);
            Thread t = new Thread(() -> {
                try (Connection c = dataSource.getConnection()) {
                    say("HELD " + threadName + " " + System.currentTimeMillis());
                    selectOne(c);
                    for (String sql = next.take(); !RELEASE.equals(sql); sql = next.take()) {
                        try (Statement s = c.createStatement()) {
                            say("QUERYING " + threadName);
                            s.execute(sql);
                            say("DONE " + threadName);
                        } catch (SQLException e) {
                            say("FAILED " + threadName + " " + e);
                        }
                    }
                } catch (Exception e) {
                    say("FAILED " + threadName + " " + e);
                }
                say("RELEASED_BY " + threadName + " " + System.currentTimeMillis());
            }, threadName);
            t.start();
        }

        void holdViaReportJob(String threadName) {
            BlockingQueue<String> next = new LinkedBlockingQueue<>();
            holders.put(threadName, next);
            Thread t = new Thread(() -> {
                try {
                    Connection c = borrowForReportJob();
                    say("HELD " + threadName + " " + System.currentTimeMillis());
                    awaitReleaseOrder(next);
                    c.close();
                } catch (Exception e) {
                    say("FAILED " + threadName + " " + e);
                }
                say("RELEASED_BY " + threadName + " " + System.currentTimeMillis());
            }, threadName);
            t.start();
        }

        /** The borrow site of HOLDVIA: a method of its own, absent from the holder's stack once it returns. */
        private Connection borrowForReportJob() throws SQLException {
            return dataSource.getConnection();
        }

        private static void awaitReleaseOrder(BlockingQueue<String> next) throws InterruptedException {
            while (!RELEASE.equals(next.take())) {
                // only RELEASE is expected here
            }
        }

        /** Thread "name" borrows a connection and runs a 30 s statement on it (a hung query, as seen from outside). */
        void sleepQuery(String threadName) {
            Thread t = new Thread(() -> {
                try (Connection c = dataSource.getConnection();
                     java.sql.PreparedStatement ps = c.prepareStatement("SELECT pg_sleep(?) /* report */")) {
                    ps.setInt(1, 30);
                    say("QUERYING " + threadName);
                    ps.execute();
                } catch (Exception e) {
                    say("FAILED " + threadName + " " + e);
                }
            }, threadName);
            t.setDaemon(true);
            t.start();
        }

        /**
         * Thread "name" borrows, keeps the connection {@code millis} and closes it, then says
         * "HELDFOR name micros": the time from before getConnection to after close, which contains
         * the probe's borrow-to-return time (an upper bound for it; {@code millis} is a lower one).
         */
        void holdFor(String threadName, long millis) {
            Thread t = new Thread(() -> {
                long start = System.nanoTime();
                try (Connection c = dataSource.getConnection()) {
                    Thread.sleep(millis);
                } catch (Exception e) {
                    say("FAILED " + threadName + " " + e);
                    return;
                }
                say("HELDFOR " + threadName + " " + (System.nanoTime() - start) / 1000L);
            }, threadName);
            t.start();
        }

        void borrowOnce(String threadName) {
            Thread t = new Thread(() -> {
                long start = System.nanoTime();
                try (Connection c = dataSource.getConnection()) {
                    say("GOT " + threadName + " " + (System.nanoTime() - start) / 1_000_000L);
                } catch (SQLException e) {
                    say("TIMEOUT " + threadName + " " + (System.nanoTime() - start) / 1_000_000L);
                }
            }, threadName);
            t.start();
        }

        void breakWhileBorrowed(int times) {
            int broken = 0;
            for (int i = 0; i < times; i++) {
                try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
                    s.execute("SELECT pg_terminate_backend(pg_backend_pid())");
                } catch (SQLException expected) {
                    broken++; // 57P01: HikariCP evicts the connection on close
                }
            }
            say("BROKEN " + broken);
        }

        void churn(int seconds, int threads) throws InterruptedException {
            // HikariConfig resets a maxLifetime under 30 s at start; the MXBean setter is read per new connection.
            dataSource.getHikariConfigMXBean().setMaxLifetime(2500);
            long end = System.nanoTime() + seconds * 1_000_000_000L;
            java.util.concurrent.atomic.AtomicLong borrows = new java.util.concurrent.atomic.AtomicLong();
            java.util.concurrent.atomic.AtomicLong failures = new java.util.concurrent.atomic.AtomicLong();
            Thread[] borrowers = new Thread[threads];
            for (int t = 0; t < threads; t++) {
                borrowers[t] = new Thread(() -> {
                    while (System.nanoTime() - end < 0) {
                        try (Connection c = dataSource.getConnection()) {
                            borrows.incrementAndGet();
                            selectOne(c);
                        } catch (Exception e) {
                            failures.incrementAndGet();
                        }
                    }
                }, "churn-" + t);
                borrowers[t].start();
            }
            while (System.nanoTime() - end < 0) {
                Thread.sleep(200);
                dataSource.getHikariPoolMXBean().softEvictConnections();
            }
            for (Thread t : borrowers) {
                t.join();
            }
            say("CHURNED " + borrows.get() + " " + failures.get());
        }

        /** Cost of an uncontended getConnection+close, per call: p50 of batches of 100, and mean. */
        void bench(int calls) throws SQLException {
            int batch = 100;
            long[] perCall = new long[Math.max(1, calls / batch)];
            long total = 0;
            for (int b = 0; b < perCall.length; b++) {
                long start = System.nanoTime();
                for (int i = 0; i < batch; i++) {
                    dataSource.getConnection().close();
                }
                perCall[b] = (System.nanoTime() - start) / batch;
                total += perCall[b];
            }
            java.util.Arrays.sort(perCall);
            say("BENCH " + perCall[perCall.length / 2] + " " + total / perCall.length);
        }

        private static void selectOne(Connection c) throws SQLException {
            try (Statement s = c.createStatement()) {
                s.execute("SELECT 1");
            }
        }
    }
}
