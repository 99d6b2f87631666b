package dev.poolscope.doctor;

import dev.poolscope.live.PoolLibrary;

import java.time.Duration;
import java.util.Map;
import java.util.Set;

/**
 * How each pool library spells a setting outside the code (issue 12 item 5): the unit it takes,
 * the properties-file form and the Spring Boot property where Spring Boot binds that library. The
 * rules decide in milliseconds; this turns a recommendation into what the user types.
 */
final class LibrarySettings {

    static final String HIKARI = PoolLibrary.HIKARI.kind();
    private static final String DBCP2 = PoolLibrary.DBCP2.kind();
    private static final String TOMCAT = PoolLibrary.TOMCAT.kind();
    private static final String C3P0 = PoolLibrary.C3P0.kind();
    private static final String AGROAL = PoolLibrary.AGROAL.kind();
    private static final String VIBUR = PoolLibrary.VIBUR.kind();
    private static final String UCP = PoolLibrary.UCP.kind();

    /** Spring Boot's own binding of each library (spring.datasource.&lt;prefix&gt;.*); absent: Spring Boot has none. */
    private static final Map<String, String> SPRING_BOOT_PREFIX = Map.of(
            HIKARI, "spring.datasource.hikari.",
            DBCP2, "spring.datasource.dbcp2.",
            TOMCAT, "spring.datasource.tomcat.",
            UCP, "spring.datasource.oracleucp.");

    /** Settings a library takes in seconds (the rules recommend milliseconds). */
    private static final Set<String> IN_SECONDS = Set.of(
            C3P0 + ":idleConnectionTestPeriod", C3P0 + ":maxIdleTime", C3P0 + ":maxConnectionAge",
            VIBUR + ":connectionIdleLimitInSeconds",
            UCP + ":backgroundValidationInterval", UCP + ":inactiveConnectionTimeout", UCP + ":maxConnectionReuseTime",
            UCP + ":secondsToTrustIdleConnection", UCP + ":timeoutCheckInterval");

    /** Settings a library takes as a java.time.Duration (Agroal's supplier; Quarkus writes "30S"). */
    private static final Set<String> AS_DURATION = Set.of(AGROAL + ":validationTimeout");

    private LibrarySettings() {
    }

    /** The value as the library takes it: "30000", "30" (seconds), "PT30S" (a Duration). */
    static String value(String library, String setting, long millis) {
        String key = library + ":" + setting;
        if (IN_SECONDS.contains(key)) {
            return Long.toString(Math.max(1, millis / 1000));
        }
        if (AS_DURATION.contains(key)) {
            return Duration.ofMillis(millis).toString();
        }
        return Long.toString(millis);
    }

    /** "timeBetweenEvictionRunsMillis=30000", "c3p0.idleConnectionTestPeriod=30" (c3p0.properties). */
    static String property(String library, String setting, String value) {
        return (C3P0.equals(library) ? "c3p0." : "") + setting + "=" + value;
    }

    /** "spring.datasource.dbcp2.test-while-idle=true"; null where Spring Boot does not bind the library. */
    static String springBootProperty(String library, String setting, String value) {
        String prefix = SPRING_BOOT_PREFIX.get(library);
        return prefix == null ? null : prefix + Finding.kebab(setting) + "=" + value;
    }
}
