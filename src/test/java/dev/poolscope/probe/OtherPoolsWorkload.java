package dev.poolscope.probe;

import javax.sql.DataSource;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * The target service of {@link OtherPoolsIT}, {@link LateAttachOtherPoolsIT} and {@link UcpPoolIT}: one real pool of another
 * library over an in-memory H2 database or the PostgreSQL URL given, at most 2 connections, both opened at start (so the
 * pool exists before the probe is loaded), borrow timeout 10 s. Same protocol as
 * {@link ProbeWorkload}:
 * <pre>
 * args: kind poolName [borrowTimeoutMillis [housekeepingMillis [jdbcUrl]]]   (default URL: H2 in memory)
 *   or: POOLS kind,poolName,borrowTimeoutMillis,housekeepingMillis,jdbcUrl ...  (several pools in one JVM)
 * out:  PID n | READY  (every pool full and idle)
 * in:   HOLD [pool] name  thread "name" borrows and holds  -> HELD name epochMillis
 *       RELEASE name      it closes its connection         -> RELEASED_BY name epochMillis
 *       WAIT [pool] name  thread "name" borrows and closes -> GOT name waitMillis | TIMEOUT name waitMillis
 *       (pool: a poolName of the POOLS form; without it, the first pool)
 *       QUERY name sql    thread "name" borrows from the first pool and runs sql -> QUERYING name, then DONE name | FAILED name e
 *       QUERY_IN pool name sql   the same on that pool
 *       BORROW_TIMEOUT ms  (UCP only) sets the pool's borrow timeout at run time -> TIMEOUT_SET ms
 *       ABANDON s          (UCP only) sets abandonedConnectionTimeout at run time -> ABANDON_SET s
 *       EXIT
 * </pre>
 */
public final class OtherPoolsWorkload {

    static final int MAX = 2;
    static final int TIMEOUT_MILLIS = 10_000;
    private static int timeoutMillis = TIMEOUT_MILLIS;
    /** Interval of the library's own background task (evictor, cleaner, validation); 0: its default. */
    private static int housekeepingMillis;
    private static final Map<String, CountDownLatch> holders = new ConcurrentHashMap<>();

    public static void main(String[] args) throws Exception {
        say("PID " + ProcessHandle.current().pid());
        Map<String, DataSource> pools = new java.util.LinkedHashMap<>();
        if (args[0].equals("POOLS")) {
            for (int i = 1; i < args.length; i++) {
                String[] spec = args[i].split(",", 5);
                pools.put(spec[1], create(spec[0], spec[1], Integer.parseInt(spec[2]), Integer.parseInt(spec[3]), spec[4]));
            }
        } else {
            String name = args[1];
            pools.put(name, create(args[0], name, args.length > 2 ? Integer.parseInt(args[2]) : TIMEOUT_MILLIS,
                    args.length > 3 ? Integer.parseInt(args[3]) : 0,
                    args.length > 4 ? args[4] : "jdbc:h2:mem:" + name + ";DB_CLOSE_DELAY=-1"));
        }
        DataSource first = pools.values().iterator().next();
        say("READY");
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        String line;
        while ((line = in.readLine()) != null) {
            if (line.startsWith("QUERY ")) { // its sql has spaces of its own
                String[] q = line.trim().split(" ", 3);
                query(first, q[1], q[2]);
                continue;
            }
            if (line.startsWith("QUERY_IN ")) {
                String[] q = line.trim().split(" ", 4);
                query(pools.get(q[1]), q[2], q[3]);
                continue;
            }
            String[] cmd = line.trim().split(" ");
            // "HOLD alice" on the first pool, "HOLD t1 alice" on pool t1
            DataSource ds = cmd.length > 2 ? pools.get(cmd[1]) : first;
            String arg = cmd.length > 1 ? cmd[cmd.length - 1] : "";
            switch (cmd[0]) {
                case "HOLD" -> hold(ds, arg);
                case "RELEASE" -> holders.remove(arg).countDown();
                case "WAIT" -> borrowOnce(ds, arg);
                case "ABANDON" -> {
                    Ucp.setAbandoned(ds, Integer.parseInt(arg));
                    say("ABANDON_SET " + arg);
                }
                case "BORROW_TIMEOUT" -> {
                    Ucp.setTimeout(ds, Integer.parseInt(arg));
                    say("TIMEOUT_SET " + arg);
                }
                case "EXIT" -> System.exit(0);
                default -> say("UNKNOWN " + line);
            }
        }
        System.exit(0);
    }

    /** One pool, filled: both connections opened and returned, so it is full and idle before the probe loads. */
    private static DataSource create(String kind, String name, int borrowTimeoutMillis, int housekeeping, String url)
            throws SQLException {
        // read by the library classes below while they build this pool (main thread only)
        timeoutMillis = borrowTimeoutMillis;
        housekeepingMillis = housekeeping;
        DataSource ds = switch (kind) {
            // One nested class per library: the main class must verify without the other libraries.
            case "DBCP2" -> Dbcp2.create(url);
            case "TomcatJDBC" -> Tomcat.create(url, name);
            case "Agroal" -> Agroal.create(url);
            case "c3p0" -> C3p0.create(url);
            case "Vibur" -> Vibur.create(url, name, true);
            case "ViburUntracked" -> Vibur.create(url, name, false);
            case "Druid" -> Druid.create(url, name, true);
            case "DruidUntracked" -> Druid.create(url, name, false);
            case "UCP" -> Ucp.create(url, name);
            default -> throw new IllegalArgumentException(kind);
        };
        Connection a = ds.getConnection();
        Connection b = ds.getConnection();
        selectOne(a);
        selectOne(b);
        a.close();
        b.close();
        return ds;
    }

    static final class Dbcp2 {
    static DataSource create(String url) {
        org.apache.commons.dbcp2.BasicDataSource ds = new org.apache.commons.dbcp2.BasicDataSource();
        ds.setUrl(url);
        ds.setMaxTotal(MAX);
        ds.setMaxIdle(MAX);
        ds.setMinIdle(0);
        ds.setMaxWait(java.time.Duration.ofMillis(timeoutMillis));
        ds.setTestOnBorrow(true);
        ds.setValidationQuery("SELECT 1");
        if (housekeepingMillis > 0) {
            ds.setDurationBetweenEvictionRuns(java.time.Duration.ofMillis(housekeepingMillis));
        }
        return ds;
    }
    }

    static final class Tomcat {
    static DataSource create(String url, String name) {
        org.apache.tomcat.jdbc.pool.PoolProperties p = new org.apache.tomcat.jdbc.pool.PoolProperties();
        p.setUrl(url);
        p.setDriverClassName(url.startsWith("jdbc:h2:") ? "org.h2.Driver" : "org.postgresql.Driver");
        p.setName(name);
        p.setMaxActive(MAX);
        p.setMaxIdle(MAX);
        p.setMinIdle(MAX);
        p.setInitialSize(MAX);
        p.setMaxWait(timeoutMillis);
        p.setTestWhileIdle(true);
        p.setValidationQuery("SELECT 1");
        if (housekeepingMillis > 0) {
            p.setTimeBetweenEvictionRunsMillis(housekeepingMillis);
        }
        return new org.apache.tomcat.jdbc.pool.DataSource(p);
    }
    }

    static final class Agroal {
    static DataSource create(String url) throws SQLException {
        io.agroal.api.configuration.supplier.AgroalDataSourceConfigurationSupplier config =
                new io.agroal.api.configuration.supplier.AgroalDataSourceConfigurationSupplier()
                        .connectionPoolConfiguration(pool -> pool
                                .maxSize(MAX)
                                .minSize(0)
                                // not MAX: with Agroal 3.2.1 over pgjdbc the first borrows then
                                // waited the whole acquisitionTimeout for the background fill
                                // (READY 10 s late); main() fills the pool itself below
                                .initialSize(0)
                                .acquisitionTimeout(java.time.Duration.ofMillis(timeoutMillis))
                                // reaping makes Agroal refresh a connection's last access on return
                                .reapTimeout(java.time.Duration.ofMinutes(10))
                                // 0 = off: Agroal's background validation interval
                                .validationTimeout(java.time.Duration.ofMillis(housekeepingMillis))
                                .connectionFactoryConfiguration(cf -> cf.jdbcUrl(url)));
        return io.agroal.api.AgroalDataSource.from(config);
    }
    }

    static final class C3p0 {
    static DataSource create(String url) {
        com.mchange.v2.c3p0.ComboPooledDataSource ds = new com.mchange.v2.c3p0.ComboPooledDataSource();
        ds.setJdbcUrl(url);
        ds.setMinPoolSize(MAX);
        ds.setInitialPoolSize(MAX);
        ds.setMaxPoolSize(MAX);
        ds.setAcquireIncrement(1);
        ds.setCheckoutTimeout(timeoutMillis);
        ds.setTestConnectionOnCheckout(true);
        ds.setPreferredTestQuery("SELECT 1");
        if (housekeepingMillis > 0) {
            ds.setIdleConnectionTestPeriod(Math.max(1, housekeepingMillis / 1000)); // whole seconds only
        }
        return ds;
    }
    }

    static final class Vibur {
    static DataSource create(String url, String name, boolean tracking) {
        org.vibur.dbcp.ViburDBCPDataSource ds = new org.vibur.dbcp.ViburDBCPDataSource();
        ds.setJdbcUrl(url);
        ds.setName(name);
        // Vibur's driver connector needs both (it puts them in a Properties, which pgjdbc reads
        // before the URL's own user and password)
        boolean h2 = url.startsWith("jdbc:h2:");
        ds.setUsername(h2 ? "sa" : "postgres");
        ds.setPassword(h2 ? "" : "hunter2");
        ds.setPoolInitialSize(MAX);
        ds.setPoolMaxSize(MAX);
        ds.setConnectionTimeoutInMs(timeoutMillis);
        // Vibur lists borrowed connections only with tracking on (off by default)
        ds.setPoolEnableConnectionTracking(tracking);
        ds.setConnectionIdleLimitInSeconds(0);
        ds.setTestConnectionQuery("SELECT 1");
        if (housekeepingMillis > 0) {
            // the reducer samples every interval / samples: 1 s / 2
            ds.setReducerTimeIntervalInSeconds(Math.max(1, housekeepingMillis / 500));
            ds.setReducerSamples(2);
        }
        ds.start();
        return ds;
    }
    }

    static final class Druid {
    static DataSource create(String url, String name, boolean removeAbandoned) {
        com.alibaba.druid.pool.DruidDataSource ds = new com.alibaba.druid.pool.DruidDataSource();
        ds.setUrl(url);
        ds.setName(name);
        ds.setInitialSize(MAX);
        ds.setMinIdle(0);
        ds.setMaxActive(MAX);
        ds.setMaxWait(timeoutMillis);
        ds.setTestOnBorrow(true);
        ds.setValidationQuery("SELECT 1");
        // Druid lists borrowed connections only with abandon tracking on (off by default)
        ds.setRemoveAbandoned(removeAbandoned);
        // Its most used filter: each physical connection then sits under a ConnectionProxyImpl too
        try {
            ds.setFilters("stat");
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        ds.setRemoveAbandonedTimeoutMillis(600_000);
        if (housekeepingMillis > 0) {
            ds.setTimeBetweenEvictionRunsMillis(housekeepingMillis);
        }
        return ds;
    }
    }

    static final class Ucp {
    /** Oracle UCP over a non-Oracle driver: UCP's own documented use with a driver class name. */
    static DataSource create(String url, String name) throws SQLException {
        oracle.ucp.jdbc.PoolDataSource ds = oracle.ucp.jdbc.PoolDataSourceFactory.getPoolDataSource();
        ds.setConnectionFactoryClassName(url.startsWith("jdbc:h2:") ? "org.h2.Driver" : "org.postgresql.Driver");
        ds.setURL(url);
        ds.setUser("postgres");
        ds.setConnectionPoolName(name);
        ds.setInitialPoolSize(MAX);
        ds.setMinPoolSize(MAX);
        ds.setMaxPoolSize(MAX);
        ds.setConnectionWaitDuration(java.time.Duration.ofMillis(timeoutMillis));
        ds.setValidateConnectionOnBorrow(true);
        ds.setSQLForValidateConnection("SELECT 1");
        ds.setSecondsToTrustIdleConnection(0);
        ds.setMaxConnectionReuseTime(3600);
        if (housekeepingMillis > 0) {
            // UCP's timers run every timeoutCheckInterval seconds (30 by default) once a timeout is set
            ds.setInactiveConnectionTimeout(600);
            ds.setTimeoutCheckInterval(Math.max(1, housekeepingMillis / 1000));
        }
        return ds;
    }

    static void setAbandoned(DataSource ds, int seconds) {
        try {
            ((oracle.ucp.jdbc.PoolDataSource) ds).setAbandonedConnectionTimeout(seconds);
        } catch (SQLException e) {
            say("FAILED abandon " + e);
        }
    }

    static void setTimeout(DataSource ds, int millis) {
        try {
            ((oracle.ucp.jdbc.PoolDataSource) ds).setConnectionWaitDuration(java.time.Duration.ofMillis(millis));
        } catch (SQLException e) {
            say("FAILED timeout " + e);
        }
    }
    }

    private static void hold(DataSource ds, String threadName) {
        CountDownLatch release = new CountDownLatch(1);
        holders.put(threadName, release);
        Thread t = new Thread(() -> {
            try (Connection c = ds.getConnection()) {
                say("HELD " + threadName + " " + System.currentTimeMillis());
                selectOne(c);
                release.await();
            } catch (Exception e) {
                say("FAILED " + threadName + " " + e);
            }
            say("RELEASED_BY " + threadName + " " + System.currentTimeMillis());
        }, threadName);
        t.start();
    }

    /** Borrows, says QUERYING just before the statement goes out, and holds the connection until it returns. */
    private static void query(DataSource ds, String threadName, String sql) {
        Thread t = new Thread(() -> {
            try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
                say("QUERYING " + threadName);
                s.execute(sql);
                say("DONE " + threadName);
            } catch (Exception e) {
                say("FAILED " + threadName + " " + e);
            }
        }, threadName);
        t.setDaemon(true);
        t.start();
    }

    private static void borrowOnce(DataSource ds, String threadName) {
        Thread t = new Thread(() -> {
            long start = System.nanoTime();
            try (Connection c = ds.getConnection()) {
                say("GOT " + threadName + " " + TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start));
            } catch (SQLException e) {
                say("TIMEOUT " + threadName + " " + TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start));
            }
        }, threadName);
        t.start();
    }

    private static void selectOne(Connection c) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute("SELECT 1");
        }
    }

    static void say(String line) {
        synchronized (System.out) {
            System.out.println(line);
            System.out.flush();
        }
    }
}
