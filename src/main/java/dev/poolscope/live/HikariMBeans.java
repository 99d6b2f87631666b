package dev.poolscope.live;

import javax.management.Attribute;
import javax.management.AttributeList;
import javax.management.JMException;
import javax.management.MBeanServerConnection;
import javax.management.ObjectName;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * HikariCP's own MBeans, present only when the service set registerMbeans=true: counts and
 * settings, no per-connection view. Names are {@code com.zaxxer.hikari:type=Pool (<name>)}, or
 * {@code type=Pool,name=<name>} under -Dhikaricp.jmx.register2.0=true (4.0.0+): both are accepted.
 */
final class HikariMBeans {

    private static final Pattern LEGACY = Pattern.compile("^Pool \\((.*)\\)$");
    private static final String[] POOL = {"ActiveConnections", "IdleConnections", "TotalConnections", "ThreadsAwaitingConnection"};
    private static final String[] CONFIG = {"MaximumPoolSize", "MinimumIdle", "IdleTimeout", "MaxLifetime",
            "ValidationTimeout", "ConnectionTimeout", "LeakDetectionThreshold"};

    /** Why a figure is absent in this view: HikariCP's MBeans do not expose it. */
    static final String NOT_EXPOSED = "not exposed over JMX without the PoolScope probe";

    private HikariMBeans() {
    }

    static List<PoolSnapshot> read(MBeanServerConnection mbs, String probeMessage) throws IOException {
        List<PoolSnapshot> out = new ArrayList<>();
        try {
            for (ObjectName on : mbs.queryNames(new ObjectName("com.zaxxer.hikari:*"), null)) {
                String poolName = poolName(on);
                if (poolName == null) {
                    continue;
                }
                Map<String, Object> p = attributes(mbs, on, POOL);
                ObjectName configName = configName(on, poolName);
                Map<String, Object> c = attributes(mbs, configName, CONFIG);
                PoolConfig config = new PoolConfig(intOf(c.get("MaximumPoolSize")), intOf(c.get("MinimumIdle")),
                        longOf(c.get("IdleTimeout")), longOf(c.get("MaxLifetime")), null,
                        longOf(c.get("ValidationTimeout")), longOf(c.get("ConnectionTimeout")),
                        longOf(c.get("LeakDetectionThreshold")), null, null);
                int pending = intOrZero(p.get("ThreadsAwaitingConnection"));
                String noProbe = probeMessage == null ? "the PoolScope probe is not loaded" : probeMessage;
                String why = "per-connection view not available because " + noProbe
                        + "; counts come from HikariPoolMXBean " + on + ", settings from HikariConfigMXBean " + configName
                        + "; keepaliveTime, jdbcUrl, connectionTestQuery, the version and borrow counts are " + NOT_EXPOSED;
                Map<String, String> sources = new LinkedHashMap<>();
                sources.put("counts", "HikariPoolMXBean " + on + " (ActiveConnections, IdleConnections, TotalConnections,"
                        + " ThreadsAwaitingConnection)");
                Map<String, String> absent = new LinkedHashMap<>();
                if (c.isEmpty()) {
                    absent.put("config", "HikariConfigMXBean " + configName + " could not be read");
                } else {
                    sources.put("config", "HikariConfigMXBean " + configName);
                }
                sources.put("borrow.waiting", "HikariPoolMXBean " + on + " ThreadsAwaitingConnection");
                absent.put("version", "HikariCP's MBeans do not say which version runs; the PoolScope probe reads it from the library");
                absent.put("config.keepaliveTimeMillis", NOT_EXPOSED + " (HikariConfigMXBean has no keepaliveTime)");
                absent.put("config.connectionTestQuery", NOT_EXPOSED + " (HikariConfigMXBean has no connectionTestQuery)");
                absent.put("config.jdbcUrl", NOT_EXPOSED + " (HikariConfigMXBean has no jdbcUrl)");
                absent.put("borrow", BorrowStats.NOT_MEASURED_WITHOUT_PROBE);
                absent.put("connections", "per-connection view not available because " + noProbe);
                out.add(new PoolSnapshot(poolName, "HikariCP", "unknown", intOrZero(p.get("ActiveConnections")),
                        intOrZero(p.get("IdleConnections")), intOrZero(p.get("TotalConnections")), pending,
                        config, BorrowStats.notMeasured(pending, BorrowStats.NOT_MEASURED_WITHOUT_PROBE), List.of(), false,
                        List.of(why), sources, absent, java.util.Map.of()));
            }
        } catch (JMException e) {
            throw new IOException("Reading HikariCP MBeans failed: " + e.getMessage(), e);
        }
        return out;
    }

    static String poolName(ObjectName on) {
        String type = on.getKeyProperty("type");
        if (type == null) {
            return null;
        }
        Matcher m = LEGACY.matcher(type);
        if (m.matches()) {
            return m.group(1);
        }
        if (type.equals("Pool")) {
            return on.getKeyProperty("name");
        }
        return null;
    }

    private static ObjectName configName(ObjectName pool, String poolName) throws JMException {
        if (LEGACY.matcher(pool.getKeyProperty("type")).matches()) {
            return new ObjectName("com.zaxxer.hikari:type=PoolConfig (" + poolName + ")");
        }
        return new ObjectName("com.zaxxer.hikari:type=PoolConfig,name=" + pool.getKeyProperty("name"));
    }

    private static Map<String, Object> attributes(MBeanServerConnection mbs, ObjectName on, String[] names) throws IOException {
        Map<String, Object> out = new HashMap<>();
        try {
            AttributeList list = mbs.getAttributes(on, names);
            for (Attribute a : list.asList()) {
                out.put(a.getName(), a.getValue());
            }
        } catch (JMException e) {
            // A missing config MBean leaves the settings unknown; counts still show.
        }
        return out;
    }

    private static Integer intOf(Object o) {
        return o instanceof Number n ? n.intValue() : null;
    }

    private static int intOrZero(Object o) {
        return o instanceof Number n ? n.intValue() : 0;
    }

    private static Long longOf(Object o) {
        return o instanceof Number n ? n.longValue() : null;
    }
}
