package dev.poolscope.doctor;

import dev.poolscope.live.PoolConfig;

/**
 * Everything the rules look at for one pool.
 *
 * @param library               the pool library ({@code PoolSnapshot.kind()}: "HikariCP", "DBCP2", ...);
 *                              findings name that library's own settings
 * @param libraryConfig         the library's settings under its own names, as the probe read them
 * @param pathIdleTimeoutMillis the network path's idle timeout, null when the user gave none
 * @param pathSource            where that figure comes from ("--path-idle-timeout", a preset's URL)
 * @param keepaliveUnknownReason why keepaliveTime was not read (HikariCP's MBeans have no keepaliveTime),
 *                              null when {@code config.keepaliveTimeMillis()} is what the pool runs with
 *                              (null there then means the library has no keepalive, i.e. off)
 */
public record DoctorInput(String pool, String library, PoolConfig config, java.util.Map<String, String> libraryConfig,
                          DriverProperties driver, OsTcpSettings os, Long pathIdleTimeoutMillis, String pathSource,
                          String keepaliveUnknownReason) {

    /** A HikariCP pool (the rules' tests and callers that know only HikariCP's config). */
    public static DoctorInput of(String pool, PoolConfig config, OsTcpSettings os,
                                 Long pathIdleTimeoutMillis, String pathSource) {
        return of(pool, LibrarySettings.HIKARI, config, java.util.Map.of(), os, pathIdleTimeoutMillis, pathSource, null);
    }

    public static DoctorInput of(String pool, PoolConfig config, OsTcpSettings os,
                                 Long pathIdleTimeoutMillis, String pathSource, String keepaliveUnknownReason) {
        return of(pool, LibrarySettings.HIKARI, config, java.util.Map.of(), os, pathIdleTimeoutMillis, pathSource,
                keepaliveUnknownReason);
    }

    public static DoctorInput of(String pool, String library, PoolConfig config, java.util.Map<String, String> libraryConfig,
                                 OsTcpSettings os, Long pathIdleTimeoutMillis, String pathSource,
                                 String keepaliveUnknownReason) {
        return new DoctorInput(pool, library == null ? LibrarySettings.HIKARI : library, config, libraryConfig,
                DriverProperties.parse(config.jdbcUrl()), os, pathIdleTimeoutMillis, pathSource, keepaliveUnknownReason);
    }

    /** HikariCP's own rules (keepaliveTime, its constraints) apply; other libraries have their own terms. */
    public boolean isHikari() {
        return LibrarySettings.HIKARI.equals(library);
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
