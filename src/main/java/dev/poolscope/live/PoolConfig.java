package dev.poolscope.live;

/**
 * The pool settings that decide how stale connections are caught. A setting the pool's
 * library version does not have (keepaliveTime before HikariCP 4.0.0) is null.
 */
public record PoolConfig(
        Integer maximumPoolSize,
        Integer minimumIdle,
        Long idleTimeoutMillis,
        Long maxLifetimeMillis,
        Long keepaliveTimeMillis,
        Long validationTimeoutMillis,
        Long connectionTimeoutMillis,
        Long leakDetectionThresholdMillis,
        String connectionTestQuery,
        String jdbcUrl) {

    public static final PoolConfig UNKNOWN = new PoolConfig(null, null, null, null, null, null, null, null, null, null);
}
