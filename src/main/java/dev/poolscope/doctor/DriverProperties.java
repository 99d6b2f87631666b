package dev.poolscope.doctor;

import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Driver properties from a JDBC URL's query string, for the drivers whose timeouts decide how a
 * dead connection is noticed. pgjdbc: socketTimeout/connectTimeout/loginTimeout/
 * cancelSignalTimeout in seconds; MySQL Connector/J: socketTimeout/connectTimeout in milliseconds.
 */
public record DriverProperties(Driver driver, Map<String, String> properties) {

    public enum Driver {
        POSTGRESQL(1_000), MYSQL(1), OTHER(1);

        /** Milliseconds per unit of this driver's timeout properties. */
        final long unitMillis;

        Driver(long unitMillis) {
            this.unitMillis = unitMillis;
        }
    }

    public DriverProperties {
        properties = Map.copyOf(properties);
    }

    public static DriverProperties parse(String jdbcUrl) {
        if (jdbcUrl == null) {
            return new DriverProperties(Driver.OTHER, Map.of());
        }
        String lower = jdbcUrl.toLowerCase(Locale.ROOT);
        Driver driver = lower.startsWith("jdbc:postgresql:") ? Driver.POSTGRESQL
                : lower.startsWith("jdbc:mysql:") || lower.startsWith("jdbc:mariadb:") ? Driver.MYSQL
                : Driver.OTHER;
        Map<String, String> props = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        int q = jdbcUrl.indexOf('?');
        if (q >= 0) {
            for (String pair : jdbcUrl.substring(q + 1).split("[&;]")) {
                int eq = pair.indexOf('=');
                if (eq > 0) {
                    props.put(pair.substring(0, eq), pair.substring(eq + 1));
                }
            }
        }
        return new DriverProperties(driver, props);
    }

    /** The property in milliseconds, or null when absent or not a number. */
    public Long millis(String name) {
        String v = get(name);
        if (v == null) {
            return null;
        }
        try {
            return Long.parseLong(v.trim()) * driver.unitMillis;
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** Converts milliseconds into this driver's unit for a recommendation (rounded up). */
    public String inDriverUnit(long millis) {
        return Long.toString((millis + driver.unitMillis - 1) / driver.unitMillis);
    }

    public String get(String name) {
        for (Map.Entry<String, String> e : properties.entrySet()) {
            if (e.getKey().equalsIgnoreCase(name)) {
                return e.getValue();
            }
        }
        return null;
    }

    public boolean isTrue(String name) {
        return "true".equalsIgnoreCase(get(name));
    }
}
