package dev.poolscope.probe;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;

import java.sql.Connection;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.locks.LockSupport;

/**
 * A child JVM with one thread in every category the thread analysis knows, among {@code args[1]}
 * idle threads parked 30 frames deep (a large service's executors): a real HikariCP pool of 3 over
 * real PostgreSQL ({@code args[0]}), whose connections are held by "db-reader" (in pg_sleep: socket
 * I/O under the driver) and "db-early-holder" (parked); "lock-waiter-1..3" are BLOCKED on a monitor
 * that "lock-owner" holds. Prints PID first, READY once all are in place. On "HOLD" (after the probe
 * loaded): "db-idle-holder" takes the last connection (parked: other, but a holder the probe knows),
 * "borrower-1" and "borrower-2" wait in getConnection (60 s timeout); then INPLACE. Lives until stdin
 * closes.
 */
public final class ThreadCensusWorkload {

    private static final Object LOCK = new Object();

    public static void main(String[] args) throws Exception {
        System.out.println("PID " + ProcessHandle.current().pid());
        System.out.flush();
        int idle = Integer.parseInt(args[1]);
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(args[0]);
        config.setPoolName("census");
        config.setMaximumPoolSize(3);
        config.setMinimumIdle(3);
        config.setConnectionTimeout(60_000);
        HikariDataSource ds = new HikariDataSource(config);

        CountDownLatch parked = new CountDownLatch(idle);
        for (int i = 0; i < idle; i++) {
            daemon("worker-" + i, () -> deep(30, parked));
        }
        List<Thread> watch = new ArrayList<>();
        CountDownLatch held = new CountDownLatch(2);
        watch.add(daemon("db-reader", () -> {
            try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
                held.countDown();
                s.execute("SELECT pg_sleep(120)");
            } catch (Exception e) {
                System.out.println("FAILED db-reader " + e);
            }
        }));
        holdForever(ds, "db-early-holder", held);
        held.await();
        CountDownLatch owned = new CountDownLatch(1);
        daemon("lock-owner", () -> {
            synchronized (LOCK) {
                owned.countDown();
                while (true) {
                    LockSupport.park();
                }
            }
        });
        owned.await();
        for (int i = 1; i <= 3; i++) {
            watch.add(daemon("lock-waiter-" + i, () -> {
                synchronized (LOCK) {
                    System.out.println("ENTERED " + Thread.currentThread().getName());
                }
            }));
        }
        parked.await();
        while (!inPlace(watch)) {
            Thread.sleep(20);
        }
        System.out.println("READY " + ProcessHandle.current().pid());
        System.out.flush();
        // HOLD (sent once the probe is loaded, so its lease table sees the borrow): the last connection
        // is taken, then two borrowers wait for one.
        java.io.BufferedReader in = new java.io.BufferedReader(new java.io.InputStreamReader(System.in));
        for (String line = in.readLine(); line != null; line = in.readLine()) {
            if ("HOLD".equals(line.trim())) {
                CountDownLatch last = new CountDownLatch(1);
                holdForever(ds, "db-idle-holder", last);
                last.await();
                List<Thread> borrowers = new ArrayList<>();
                for (int i = 1; i <= 2; i++) {
                    borrowers.add(daemon("borrower-" + i, () -> {
                        try (Connection c = ds.getConnection()) {
                            System.out.println("GOT " + Thread.currentThread().getName());
                        } catch (Exception e) {
                            System.out.println("TIMEOUT " + Thread.currentThread().getName());
                        }
                    }));
                }
                while (!inPlace(borrowers)) {
                    Thread.sleep(20);
                }
                System.out.println("INPLACE");
                System.out.flush();
            }
        }
    }

    /** Thread {@code name} borrows a connection and keeps it, idle (parked). */
    private static void holdForever(HikariDataSource ds, String name, CountDownLatch held) {
        daemon(name, () -> {
            try (Connection c = ds.getConnection()) {
                held.countDown();
                while (true) {
                    LockSupport.park();
                }
            } catch (Exception e) {
                System.out.println("FAILED " + name + " " + e);
            }
        });
    }

    /** The reader is in the socket read, the borrowers wait, the lock waiters are blocked. */
    private static boolean inPlace(List<Thread> threads) {
        for (Thread t : threads) {
            String name = t.getName();
            Thread.State s = t.getState();
            if (name.startsWith("lock-waiter") && s != Thread.State.BLOCKED) {
                return false;
            }
            if (name.startsWith("borrower") && s != Thread.State.TIMED_WAITING && s != Thread.State.WAITING) {
                return false;
            }
            if (name.equals("db-reader") && !inSocketRead(t)) {
                return false;
            }
        }
        return true;
    }

    private static boolean inSocketRead(Thread t) {
        StackTraceElement[] frames = t.getStackTrace();
        for (int i = 0; i < Math.min(frames.length, 6); i++) {
            String c = frames[i].getClassName();
            if (c.startsWith("sun.nio.ch.") || c.startsWith("java.net.Socket")) {
                return true;
            }
        }
        return false;
    }

    private static Thread daemon(String name, Runnable r) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        t.start();
        return t;
    }

    private static void deep(int frames, CountDownLatch parked) {
        if (frames > 0) {
            deep(frames - 1, parked);
            return;
        }
        parked.countDown();
        while (true) {
            LockSupport.park();
        }
    }
}
