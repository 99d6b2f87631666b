package dev.poolscope.lab.strategy;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.HikariPoolMXBean;

import java.util.Properties;

/**
 * Opens the real HikariCP pool of one strategy.
 *
 * <p>HikariCP 6.3.3 reads {@code com.zaxxer.hikari.aliveBypassWindowMs} and
 * {@code com.zaxxer.hikari.housekeeping.periodMs} from system properties in the {@code HikariPool}
 * constructor (instance fields, not static), so each pool gets its own values if the properties are
 * set around its construction. That is JVM-wide state, hence the one lock. See
 * docs/decisions/lab-strategy-pools.md for why not a class loader or child JVM per strategy.
 */
public final class LabPool {

    private static final String BYPASS = "com.zaxxer.hikari.aliveBypassWindowMs";
    private static final String HOUSEKEEPING = "com.zaxxer.hikari.housekeeping.periodMs";
    /** Guards the JVM-wide system properties while one pool is constructed. */
    private static final Object SYSTEM_PROPERTIES = new Object();

    private LabPool() {
    }

    /**
     * @param jdbcUrl         points at the strategy's middlebox, not at the database
     * @param applicationName lets the lab find this pool's backends in pg_stat_activity
     * @param password        used for this call only; may be null (embedded database trusts loopback)
     */
    public static HikariDataSource open(StrategySettings s, String jdbcUrl, String user, char[] password,
                                        String applicationName) {
        HikariConfig config = new HikariConfig();
        config.setPoolName("poolscope-lab-" + s.name());
        config.setJdbcUrl(jdbcUrl);
        config.setUsername(user);
        if (password != null) {
            config.setPassword(new String(password));
        }
        config.setMaximumPoolSize(s.maximumPoolSize());
        config.setMinimumIdle(s.minimumIdle());
        config.setConnectionTimeout(s.connectionTimeoutMillis());
        config.setValidationTimeout(s.validationTimeoutMillis());
        // Floor-free values are applied after construction (below); construct with neutral ones so
        // HikariConfig.validate() neither clamps nor logs about them.
        config.setIdleTimeout(0);
        config.setMaxLifetime(0);
        config.setKeepaliveTime(0);
        // Do not connect in the constructor: the first connection must already carry the lab's settings.
        config.setInitializationFailTimeout(-1);
        Properties props = new Properties();
        props.setProperty("ApplicationName", applicationName);
        props.setProperty("socketTimeout", String.valueOf(s.socketTimeoutSeconds()));
        props.setProperty("connectTimeout", "5");
        props.setProperty("tcpKeepAlive", String.valueOf(s.tcpKeepAlive()));
        if (s.tcpKeepAlive()) {
            props.setProperty("socketFactory", KeepaliveSocketFactory.class.getName());
            props.setProperty("socketFactoryArg",
                    KeepaliveSocketFactory.arg(s.keepIdleSeconds(), s.keepIntervalSeconds(), s.keepCount()));
        }
        config.setDataSourceProperties(props);

        HikariDataSource ds;
        synchronized (SYSTEM_PROPERTIES) {
            String oldBypass = System.getProperty(BYPASS);
            String oldHousekeeping = System.getProperty(HOUSEKEEPING);
            try {
                System.setProperty(BYPASS, String.valueOf(s.aliveBypassWindowMillis()));
                System.setProperty(HOUSEKEEPING, String.valueOf(s.housekeepingPeriodMillis()));
                ds = new HikariDataSource(config);
            } finally {
                restore(BYPASS, oldBypass);
                restore(HOUSEKEEPING, oldHousekeeping);
            }
        }
        // HikariPool reads these per connection (maxLifetime, keepaliveTime when a connection is
        // created) and per housekeeping run (idleTimeout); the first connection is created by the
        // housekeeper 100 ms after construction, so they are in place before it.
        ds.setIdleTimeout(s.idleTimeoutMillis());
        ds.setMaxLifetime(s.maxLifetimeMillis());
        ds.setKeepaliveTime(s.keepaliveTimeMillis());
        return ds;
    }

    /** Pool counts as one immutable value (HikariCP's MXBean, read without JMX). */
    public static PoolCounts counts(HikariDataSource ds) {
        HikariPoolMXBean mx = ds.getHikariPoolMXBean();
        if (mx == null) {
            return new PoolCounts(0, 0, 0, 0);
        }
        return new PoolCounts(mx.getActiveConnections(), mx.getIdleConnections(), mx.getTotalConnections(),
                mx.getThreadsAwaitingConnection());
    }

    public record PoolCounts(int active, int idle, int total, int waiting) {
    }

    private static void restore(String key, String old) {
        if (old == null) {
            System.clearProperty(key);
        } else {
            System.setProperty(key, old);
        }
    }
}
