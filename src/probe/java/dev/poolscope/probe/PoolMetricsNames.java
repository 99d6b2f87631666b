package dev.poolscope.probe;

import javax.management.MBeanServer;
import javax.management.ObjectName;

/**
 * Registers the PoolMetrics MBean beside each PoolProbe MBean under the same quoted pool name,
 * so that an exporter's rules and the PoolProbe readers agree on what a pool is called.
 */
final class PoolMetricsNames {

    private PoolMetricsNames() {
    }

    static ObjectName nameFor(String pool) throws Exception {
        return new ObjectName("dev.poolscope:type=PoolMetrics,pool=" + ObjectName.quote(pool));
    }

    static void register(MBeanServer server, String pool, PoolMetrics metrics, ProbeStatus status) {
        try {
            ObjectName name = nameFor(pool);
            if (server.isRegistered(name)) {
                server.unregisterMBean(name); // left over from a pool of a copy that is gone
            }
            server.registerMBean(metrics, name);
        } catch (Exception e) {
            status.addMessage("could not register the metrics of pool " + pool + ": " + e);
        }
    }

    static void unregister(MBeanServer server, String pool) {
        if (pool == null) {
            return;
        }
        try {
            server.unregisterMBean(nameFor(pool));
        } catch (Exception e) {
            // already gone or never registered
        }
    }
}
