package dev.poolscope.demo;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;

/**
 * The demo target: a small "orders" service JVM with two HikariCP pools (registerMbeans left at its
 * default, false, like most real services) under a realistic workload: short queries from a few
 * request threads, a report that holds a connection for seconds, and quiet phases in which
 * connections sit idle. Started by {@link DemoLauncher} as its own process; prints READY.
 */
public final class DemoService {

    /** A cycle: BUSY_MILLIS of traffic, then QUIET_MILLIS with no requests at all. */
    static final long BUSY_MILLIS = 40_000;
    static final long QUIET_MILLIS = 20_000;

    private final AtomicBoolean running = new AtomicBoolean(true);
    private final long startNanos = System.nanoTime();

    public static void main(String[] args) throws Exception {
        if (args.length < 1) {
            System.err.println("usage: DemoService JDBC_URL");
            System.exit(2);
        }
        if (args.length > 1) {
            new ParentWatcher(ProcessHandle.current().parent(), java.nio.file.Paths.get(args[1])).start();
        }
        new DemoService().run(args[0]);
    }

    void run(String jdbcUrl) throws Exception {
        HikariDataSource orders = new HikariDataSource(ordersConfig(jdbcUrl));
        HikariDataSource reporting = new HikariDataSource(reportingConfig(jdbcUrl));
        createSchema(orders);
        List<Thread> threads = new ArrayList<>();
        for (int i = 1; i <= 4; i++) {
            threads.add(start("http-nio-8080-exec-" + i, () -> requestLoop(orders)));
        }
        threads.add(start("nightly-report", () -> reportLoop(reporting)));
        threads.add(start("order-export", () -> exportLoop(orders)));
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            running.set(false);
            orders.close();
            reporting.close();
        }, "demo-shutdown"));
        System.out.println("READY pid=" + ProcessHandle.current().pid());
        System.out.flush();
        for (Thread t : threads) {
            t.join();
        }
    }

    static HikariConfig ordersConfig(String jdbcUrl) {
        HikariConfig c = new HikariConfig();
        c.setPoolName("orders-db");
        c.setJdbcUrl(jdbcUrl);
        c.setUsername(EmbeddedDatabase.USER);
        c.setMaximumPoolSize(10);
        c.setMinimumIdle(10);
        c.setIdleTimeout(TimeUnit.MINUTES.toMillis(10));
        c.setMaxLifetime(TimeUnit.MINUTES.toMillis(30));
        c.setConnectionTimeout(3_000);
        return c;
    }

    static HikariConfig reportingConfig(String jdbcUrl) {
        HikariConfig c = new HikariConfig();
        c.setPoolName("reporting (read-only)");
        c.setJdbcUrl(jdbcUrl);
        c.setUsername(EmbeddedDatabase.USER);
        c.setMaximumPoolSize(3);
        c.setMinimumIdle(1);
        c.setIdleTimeout(30_000);
        c.setMaxLifetime(TimeUnit.MINUTES.toMillis(5));
        c.setKeepaliveTime(60_000);
        c.setReadOnly(true);
        return c;
    }

    private static void createSchema(HikariDataSource ds) throws SQLException {
        try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE IF NOT EXISTS orders (id bigserial PRIMARY KEY, customer int NOT NULL,"
                    + " amount numeric(10,2) NOT NULL, created timestamptz NOT NULL DEFAULT now())");
            s.execute("INSERT INTO orders (customer, amount) SELECT g % 500, (g % 997) / 7.0"
                    + " FROM generate_series(1, 20000) g WHERE NOT EXISTS (SELECT 1 FROM orders)");
        }
    }

    private boolean quietPhase() {
        long t = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos) % (BUSY_MILLIS + QUIET_MILLIS);
        return t >= BUSY_MILLIS;
    }

    /** Short lookups, a few a second per thread, like request handlers. */
    private void requestLoop(HikariDataSource ds) {
        ThreadLocalRandom rnd = ThreadLocalRandom.current();
        while (running.get()) {
            if (quietPhase()) {
                pause(500);
                continue;
            }
            try (Connection c = ds.getConnection();
                 PreparedStatement ps = c.prepareStatement("SELECT count(*), sum(amount) FROM orders WHERE customer = ?")) {
                ps.setInt(1, rnd.nextInt(500));
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                }
                pause(rnd.nextInt(5, 40)); // "business logic" while holding the connection
            } catch (SQLException e) {
                logFailure(e);
            }
            pause(rnd.nextInt(100, 600));
        }
    }

    /** A report that holds one connection for several seconds every half minute. */
    private void reportLoop(HikariDataSource ds) {
        while (running.get()) {
            try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
                s.execute("SELECT pg_sleep(" + ThreadLocalRandom.current().nextInt(3, 9) + ")");
            } catch (SQLException e) {
                logFailure(e);
            }
            pause(30_000);
        }
    }

    /** An export job that keeps a connection for a long transaction during busy phases. */
    private void exportLoop(HikariDataSource ds) {
        while (running.get()) {
            if (!quietPhase()) {
                try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
                    s.execute("SELECT pg_sleep(12)");
                } catch (SQLException e) {
                    logFailure(e);
                }
            }
            pause(15_000);
        }
    }

    private void logFailure(SQLException e) {
        if (running.get()) {
            System.err.println(Thread.currentThread().getName() + ": " + e.getMessage());
        }
    }

    private static void pause(long millis) {
        LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(millis));
    }

    private static Thread start(String name, Runnable body) {
        Thread t = new Thread(body, name);
        t.start();
        return t;
    }
}
