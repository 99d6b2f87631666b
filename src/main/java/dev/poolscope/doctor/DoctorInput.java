package dev.poolscope.doctor;

import dev.poolscope.live.PoolConfig;

/**
 * Everything the rules look at for one pool.
 *
 * @param pathIdleTimeoutMillis the network path's idle timeout, null when the user gave none
 * @param pathSource            where that figure comes from ("--path-idle-timeout", a preset's URL)
 * @param keepaliveUnknownReason why keepaliveTime was not read (HikariCP's MBeans have no keepaliveTime),
 *                              null when {@code config.keepaliveTimeMillis()} is what the pool runs with
 *                              (null there then means the library has no keepalive, i.e. off)
 */
public record DoctorInput(String pool, PoolConfig config, DriverProperties driver, OsTcpSettings os,
                          Long pathIdleTimeoutMillis, String pathSource, String keepaliveUnknownReason) {

    public static DoctorInput of(String pool, PoolConfig config, OsTcpSettings os,
                                 Long pathIdleTimeoutMillis, String pathSource) {
        return of(pool, config, os, pathIdleTimeoutMillis, pathSource, null);
    }

    public static DoctorInput of(String pool, PoolConfig config, OsTcpSettings os,
                                 Long pathIdleTimeoutMillis, String pathSource, String keepaliveUnknownReason) {
        return new DoctorInput(pool, config, DriverProperties.parse(config.jdbcUrl()), os,
                pathIdleTimeoutMillis, pathSource, keepaliveUnknownReason);
    }

    /** HikariCP's idleTimeout only retires connections when minimumIdle < maximumPoolSize. */
    public boolean idleTimeoutActive() {
        Integer min = config.minimumIdle();
        Integer max = config.maximumPoolSize();
        Long idle = config.idleTimeoutMillis();
        return min != null && max != null && min < max && idle != null && idle > 0;
    }

    public long keepaliveMillis() {
        Long k = config.keepaliveTimeMillis();
        return k == null ? 0 : k;
    }

    String pathEvidence() {
        return "path idle timeout " + dev.poolscope.text.Durations.setting(pathIdleTimeoutMillis)
                + " (" + pathSource + ")";
    }
}
