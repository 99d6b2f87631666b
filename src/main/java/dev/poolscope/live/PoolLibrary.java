package dev.poolscope.live;

/**
 * The pool libraries PoolScope reads ({@link PoolSnapshot#kind()}), with the names of the settings
 * that defend idle connections against a path that forgets idle flows, in each library's own terms.
 * The headline and the doctor both name settings from here, so they never disagree.
 */
public enum PoolLibrary {
    HIKARI("HikariCP", null, "keepaliveTime", "maxLifetime"),
    DBCP2("DBCP2", "testWhileIdle", "timeBetweenEvictionRunsMillis", "maxConnLifetimeMillis"),
    TOMCAT("TomcatJDBC", "testWhileIdle", "timeBetweenEvictionRunsMillis", "maxAge"),
    DRUID("Druid", "keepAlive", "keepAliveBetweenTimeMillis", "phyTimeoutMillis"),
    C3P0("c3p0", null, "idleConnectionTestPeriod", "maxConnectionAge"),
    AGROAL("Agroal", null, "validationTimeout", "maxLifetime"),
    VIBUR("Vibur", null, null, null),
    // backgroundValidationInterval: seconds, default 0 = off; 23.26 has it, older versions may not.
    UCP("UCP", null, "backgroundValidationInterval", "maxConnectionReuseTime");

    private final String kind;
    private final String idleSwitch;
    private final String idleInterval;
    private final String lifetime;

    PoolLibrary(String kind, String idleSwitch, String idleInterval, String lifetime) {
        this.kind = kind;
        this.idleSwitch = idleSwitch;
        this.idleInterval = idleInterval;
        this.lifetime = lifetime;
    }

    /** The library of a pool's kind; null for a kind PoolScope does not know. */
    public static PoolLibrary of(String kind) {
        for (PoolLibrary l : values()) {
            if (l.kind.equals(kind)) {
                return l;
            }
        }
        return null;
    }

    public String kind() {
        return kind;
    }

    /** The switch of the background idle test (DBCP2 testWhileIdle); null where the interval alone decides. */
    public String idleSwitch() {
        return idleSwitch;
    }

    /** The interval of the background idle test or keepalive; null where the library has none. */
    public String idleInterval() {
        return idleInterval;
    }

    /** The setting that retires a connection by age; null where the library has none. */
    public String lifetime() {
        return lifetime;
    }

    /**
     * "keepaliveTime and maxLifetime", "testWhileIdle with timeBetweenEvictionRunsMillis, and
     * maxConnLifetimeMillis": what to set below a path's idle timeout, in words.
     */
    public String idleSettingsInWords() {
        if (idleInterval == null) {
            return kind + "'s validation of connections when they are taken (it has no background idle test)"
                    + (lifetime == null ? "" : " and " + lifetime);
        }
        String idle = idleSwitch == null ? idleInterval : idleSwitch + " with " + idleInterval;
        return idle + (lifetime == null ? "" : (idleSwitch == null ? " and " : ", and ") + lifetime);
    }
}
