package dev.poolscope.live.threads.target;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.Statement;
import java.util.concurrent.CountDownLatch;

/**
 * A tiny service that StuckThreadsIT starts in a child JVM, with threads in the situations PoolScope
 * must recognise:
 * <ul>
 * <li>pool "orders-db" of size 1: "holder-1" holds the only connection in {@code SELECT pg_sleep(600)}
 *     (a socket read under PGStream), "waiter-1".."waiter-3" queue in getConnection;</li>
 * <li>pool "silent-db" of size 1 through the test's loopback proxy: "silent-reader" runs a query
 *     after the proxy stopped forwarding (told by a "GO" line on stdin), so it waits for an answer
 *     that never comes, like after a silent drop by a firewall;</li>
 * <li>"deadlock-a" and "deadlock-b" in a monitor deadlock.</li>
 * </ul>
 * Prints "PROXY-READY" when the proxied connection has been used once, and exits when stdin closes.
 * Args: orders-db JDBC URL, silent-db JDBC URL (through the proxy).
 */
public final class StuckTargetMain {

    public static void main(String[] args) throws Exception {
        BufferedReader stdin = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        HikariDataSource orders = pool("orders-db", args[0]);
        HikariDataSource silent = pool("silent-db", args[1]);

        CountDownLatch holding = new CountDownLatch(1);
        daemon("holder-1", () -> {
            try (Connection c = orders.getConnection(); Statement s = c.createStatement()) {
                holding.countDown();
                s.execute("SELECT pg_sleep(600)");
            }
        });
        holding.await();
        for (int i = 1; i <= 3; i++) {
            daemon("waiter-" + i, () -> {
                try (Connection c = orders.getConnection()) {
                    c.isValid(1);
                }
            });
        }

        Object first = new Object();
        Object second = new Object();
        CountDownLatch bothHoldOne = new CountDownLatch(2);
        daemon("deadlock-a", () -> lockBoth(first, second, bothHoldOne));
        daemon("deadlock-b", () -> lockBoth(second, first, bothHoldOne));

        CountDownLatch go = new CountDownLatch(1);
        daemon("silent-reader", () -> {
            try (Connection c = silent.getConnection(); Statement s = c.createStatement()) {
                s.execute("SELECT 1");
                System.out.println("PROXY-READY");
                System.out.flush();
                go.await();
                s.execute("SELECT 2");
            }
        });
        String line;
        while ((line = stdin.readLine()) != null) {
            if (line.equals("GO")) {
                go.countDown();
            }
        }
        System.exit(0);
    }

    private static HikariDataSource pool(String name, String url) {
        HikariConfig config = new HikariConfig();
        config.setPoolName(name);
        config.setJdbcUrl(url);
        config.setUsername("postgres");
        config.setMaximumPoolSize(1);
        config.setMinimumIdle(1);
        config.setConnectionTimeout(600_000);
        return new HikariDataSource(config);
    }

    private static void lockBoth(Object one, Object two, CountDownLatch bothHoldOne) throws InterruptedException {
        synchronized (one) {
            bothHoldOne.countDown();
            bothHoldOne.await();
            synchronized (two) {
                two.hashCode();
            }
        }
    }

    interface Body {
        void run() throws Exception;
    }

    private static void daemon(String name, Body body) {
        Thread t = new Thread(() -> {
            try {
                body.run();
            } catch (Exception e) {
                System.out.println(Thread.currentThread().getName() + " failed: " + e);
            }
        }, name);
        t.setDaemon(true);
        t.start();
    }
}
