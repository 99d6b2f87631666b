package dev.poolscope.lab.strategy;

import dev.poolscope.text.Durations;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Everything that decides how one lab pool meets a stale connection: HikariCP settings, the two
 * HikariCP system properties it reads per pool, and pgjdbc's socket settings. Immutable; editing a
 * strategy column makes a new instance ({@code with...}).
 *
 * <p>Times may be below HikariCP's floors (idleTimeout 10 s, maxLifetime and keepaliveTime 30 s) so
 * that a lab run can compress minutes into seconds; {@link LabPool} applies them through HikariCP's
 * run-time setters, which do not enforce the floors (see docs/decisions/lab-strategy-pools.md).
 * A value of 0 turns the mechanism off, as in HikariCP.
 */
public record StrategySettings(
        String name,
        int maximumPoolSize,
        int minimumIdle,
        long connectionTimeoutMillis,
        long validationTimeoutMillis,
        long idleTimeoutMillis,
        long maxLifetimeMillis,
        long keepaliveTimeMillis,
        long aliveBypassWindowMillis,
        long housekeepingPeriodMillis,
        boolean tcpKeepAlive,
        int keepIdleSeconds,
        int keepIntervalSeconds,
        int keepCount,
        int socketTimeoutSeconds) {

    public StrategySettings {
        Objects.requireNonNull(name, "name");
        if (name.isBlank()) {
            throw new IllegalArgumentException("a strategy needs a name");
        }
        if (maximumPoolSize < 1) {
            throw new IllegalArgumentException(name + ": maximumPoolSize must be at least 1");
        }
        if (minimumIdle < 0 || minimumIdle > maximumPoolSize) {
            throw new IllegalArgumentException(name + ": minimumIdle must be between 0 and maximumPoolSize");
        }
        if (connectionTimeoutMillis < 250 || validationTimeoutMillis < 250) {
            throw new IllegalArgumentException(name + ": connectionTimeout and validationTimeout must be at least 250 ms (HikariCP's floor)");
        }
        if (idleTimeoutMillis < 0 || maxLifetimeMillis < 0 || keepaliveTimeMillis < 0 || aliveBypassWindowMillis < 0
                || housekeepingPeriodMillis < 100 || socketTimeoutSeconds < 0) {
            throw new IllegalArgumentException(name + ": times cannot be negative; housekeeping period at least 100 ms");
        }
        if (tcpKeepAlive && (keepIdleSeconds < 1 || keepIntervalSeconds < 1 || keepCount < 1)) {
            throw new IllegalArgumentException(name + ": TCP keepalive idle, interval and count must be at least 1");
        }
    }

    /** The defence against a silently dropped idle connection that this strategy leans on. */
    public boolean validatesOnBorrow() {
        return aliveBypassWindowMillis < 60_000;
    }

    public boolean evicts() {
        return idleTimeoutMillis > 0 || maxLifetimeMillis > 0 || keepaliveTimeMillis > 0;
    }

    /** Seconds after which the kernel declares an idle dead connection dead: idle + interval x count. */
    public int keepaliveDetectionSeconds() {
        return keepIdleSeconds + keepIntervalSeconds * keepCount;
    }

    public StrategySettings withName(String newName) {
        return new StrategySettings(newName, maximumPoolSize, minimumIdle, connectionTimeoutMillis,
                validationTimeoutMillis, idleTimeoutMillis, maxLifetimeMillis, keepaliveTimeMillis,
                aliveBypassWindowMillis, housekeepingPeriodMillis, tcpKeepAlive, keepIdleSeconds,
                keepIntervalSeconds, keepCount, socketTimeoutSeconds);
    }

    public StrategySettings withPoolSize(int max, int minIdle) {
        return new StrategySettings(name, max, minIdle, connectionTimeoutMillis, validationTimeoutMillis,
                idleTimeoutMillis, maxLifetimeMillis, keepaliveTimeMillis, aliveBypassWindowMillis,
                housekeepingPeriodMillis, tcpKeepAlive, keepIdleSeconds, keepIntervalSeconds, keepCount,
                socketTimeoutSeconds);
    }

    public StrategySettings withSocketTimeoutSeconds(int seconds) {
        return new StrategySettings(name, maximumPoolSize, minimumIdle, connectionTimeoutMillis, validationTimeoutMillis,
                idleTimeoutMillis, maxLifetimeMillis, keepaliveTimeMillis, aliveBypassWindowMillis,
                housekeepingPeriodMillis, tcpKeepAlive, keepIdleSeconds, keepIntervalSeconds, keepCount, seconds);
    }

    public StrategySettings withKeepalive(int idleSeconds, int intervalSeconds, int count) {
        return new StrategySettings(name, maximumPoolSize, minimumIdle, connectionTimeoutMillis, validationTimeoutMillis,
                idleTimeoutMillis, maxLifetimeMillis, keepaliveTimeMillis, aliveBypassWindowMillis,
                housekeepingPeriodMillis, true, idleSeconds, intervalSeconds, count, socketTimeoutSeconds);
    }

    /** Every setting by the name a user knows it by (HikariCP / pgjdbc / system property), in a stable order. */
    public Map<String, String> describe() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("maximumPoolSize", String.valueOf(maximumPoolSize));
        m.put("minimumIdle", String.valueOf(minimumIdle));
        m.put("connectionTimeout", Durations.setting(connectionTimeoutMillis));
        m.put("validationTimeout", Durations.setting(validationTimeoutMillis));
        m.put("idleTimeout", off(idleTimeoutMillis));
        m.put("maxLifetime", off(maxLifetimeMillis));
        m.put("keepaliveTime", off(keepaliveTimeMillis));
        m.put("com.zaxxer.hikari.aliveBypassWindowMs", Durations.setting(aliveBypassWindowMillis)
                + (validatesOnBorrow() ? "" : " (no validation on borrow)"));
        m.put("com.zaxxer.hikari.housekeeping.periodMs", Durations.setting(housekeepingPeriodMillis));
        m.put("pgjdbc tcpKeepAlive", String.valueOf(tcpKeepAlive));
        m.put("TCP_KEEPIDLE / INTERVAL / COUNT", tcpKeepAlive
                ? Durations.setting(keepIdleSeconds * 1000L) + " / " + Durations.setting(keepIntervalSeconds * 1000L) + " / " + keepCount : "-");
        m.put("pgjdbc socketTimeout", socketTimeoutSeconds == 0 ? "0 (wait forever)" : Durations.setting(socketTimeoutSeconds * 1000L));
        return m;
    }

    private static String off(long millis) {
        return Durations.setting(millis);
    }
}
