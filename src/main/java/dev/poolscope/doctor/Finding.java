package dev.poolscope.doctor;

/**
 * One thing to change. Millisecond settings carry {@code currentMillis}/{@code recommendedMillis};
 * other settings carry {@code current}/{@code recommended} text. A null current means "not set".
 *
 * @param setting the pool library's own property name (e.g. HikariCP "keepaliveTime", DBCP2
 *                "testWhileIdle") or a driver URL property prefixed "driver." (e.g. "driver.socketTimeout",
 *                in the driver's own unit)
 * @param library the pool library whose setting it is ({@code PoolSnapshot.kind()})
 */
public record Finding(
        String pool,
        Severity severity,
        String setting,
        Long currentMillis,
        String current,
        Long recommendedMillis,
        String recommended,
        String why,
        String evidence,
        String library) {

    static final String DRIVER = "driver.";

    /** A finding about a HikariCP pool. */
    public Finding(String pool, Severity severity, String setting, Long currentMillis, String current,
                   Long recommendedMillis, String recommended, String why, String evidence) {
        this(pool, severity, setting, currentMillis, current, recommendedMillis, recommended, why, evidence,
                LibrarySettings.HIKARI);
    }

    public boolean isDriverSetting() {
        return setting.startsWith(DRIVER);
    }

    public boolean isHikari() {
        return LibrarySettings.HIKARI.equals(library);
    }

    /** e.g. "keepaliveTime=60000"; driver settings are URL parameters ("socketTimeout=30"). Null for other libraries. */
    public String asHikariProperty() {
        if (!isHikari()) {
            return null;
        }
        if (isDriverSetting()) {
            return "dataSource." + setting.substring(DRIVER.length()) + "=" + recommendedValue();
        }
        return setting + "=" + recommendedValue();
    }

    /**
     * The setting as the pool's own library takes it: HikariCP as {@link #asHikariProperty()}, DBCP2
     * "testWhileIdle=true", c3p0 "c3p0.idleConnectionTestPeriod=30" (seconds), Agroal "validationTimeout=PT30S";
     * a driver setting of another library is a JDBC URL parameter ("socketTimeout=30").
     */
    public String asLibraryProperty() {
        if (isHikari()) {
            return asHikariProperty();
        }
        if (isDriverSetting()) {
            return setting.substring(DRIVER.length()) + "=" + recommendedValue() + " (JDBC URL parameter)";
        }
        return LibrarySettings.property(library, setting, recommendedValue());
    }

    /** e.g. "spring.datasource.hikari.keepalive-time=60000"; null where Spring Boot does not bind the library. */
    public String asSpringBootProperty() {
        if (isDriverSetting()) {
            String driverSetting = setting.substring(DRIVER.length()) + "=" + recommendedValue();
            if (isHikari()) {
                return "spring.datasource.hikari.data-source-properties." + driverSetting;
            }
            // DBCP2 and Tomcat JDBC pass "k=v;k=v" connectionProperties to the driver.
            return LibrarySettings.springBootProperty(library, "connectionProperties", driverSetting);
        }
        return LibrarySettings.springBootProperty(library, setting, recommendedValue());
    }

    private String recommendedValue() {
        return recommendedMillis != null ? LibrarySettings.value(library, setting, recommendedMillis) : recommended;
    }

    static String kebab(String camel) {
        StringBuilder sb = new StringBuilder();
        for (char c : camel.toCharArray()) {
            if (Character.isUpperCase(c)) {
                sb.append('-').append(Character.toLowerCase(c));
            } else {
                sb.append(c);
            }
        }
        return sb.toString();
    }
}
