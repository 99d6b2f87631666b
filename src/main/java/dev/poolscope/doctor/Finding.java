package dev.poolscope.doctor;

/**
 * One thing to change. Millisecond settings carry {@code currentMillis}/{@code recommendedMillis};
 * other settings carry {@code current}/{@code recommended} text. A null current means "not set".
 *
 * @param setting HikariCP property name (e.g. "keepaliveTime") or a driver URL property
 *                prefixed "driver." (e.g. "driver.socketTimeout", in the driver's own unit)
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
        String evidence) {

    static final String DRIVER = "driver.";

    public boolean isDriverSetting() {
        return setting.startsWith(DRIVER);
    }

    /** e.g. "keepaliveTime=60000"; driver settings are URL parameters ("socketTimeout=30"). */
    public String asHikariProperty() {
        if (isDriverSetting()) {
            return "dataSource." + setting.substring(DRIVER.length()) + "=" + recommendedValue();
        }
        return setting + "=" + recommendedValue();
    }

    /** e.g. "spring.datasource.hikari.keepalive-time=60000". */
    public String asSpringBootProperty() {
        if (isDriverSetting()) {
            return "spring.datasource.hikari.data-source-properties." + setting.substring(DRIVER.length())
                    + "=" + recommendedValue();
        }
        return "spring.datasource.hikari." + kebab(setting) + "=" + recommendedValue();
    }

    private String recommendedValue() {
        return recommendedMillis != null ? Long.toString(recommendedMillis) : recommended;
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
