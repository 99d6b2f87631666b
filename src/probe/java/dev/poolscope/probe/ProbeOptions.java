package dev.poolscope.probe;

import java.util.HashMap;
import java.util.Map;

/**
 * Tunables: agent arguments ({@code key=value,key=value}, e.g. from {@code loadAgent(jar, args)}),
 * else system properties {@code poolscope.probe.<key>} of the target, else defaults that suit
 * production.
 * <ul>
 * <li>{@code instrument} (true): false keeps the probe read-only (states and idle ages only);</li>
 * <li>{@code scanIntervalMillis} (2000): how often pools are looked for;</li>
 * <li>{@code holderScanIntervalMillis} (1000): how often, between those scans, connections in use by a
 *     borrow the probe did not see are looked at again (holder through the driver's lock, in-use lower
 *     bound), while a pool has such connections;</li>
 * <li>{@code borrowStackThresholdMillis} (1000): connections held longer get their holder's stack;</li>
 * <li>{@code stuckThresholdMillis} (10000): connections held longer count as held past threshold (PoolMetrics);</li>
 * <li>{@code startupDelayMillis} (2000): with -javaagent, wait this long before touching JMX;</li>
 * <li>{@code leaseSlots} (512): size of each pool's lease table, rounded up to a power of two (tests make it small).</li>
 * <li>{@code threadsShown} (500): at most this many threads that matter are listed with stacks in ThreadSummary.</li>
 * </ul>
 */
final class ProbeOptions {

    final boolean instrument;
    final long scanIntervalMillis;
    final long holderScanIntervalMillis;
    final long borrowStackThresholdMillis;
    final long startupDelayMillis;
    final long stuckThresholdMillis;
    final int leaseSlots;
    final int threadsShown;

    private ProbeOptions(Map<String, String> args) {
        instrument = !"false".equalsIgnoreCase(value(args, "instrument", "true"));
        scanIntervalMillis = Math.max(100, number(args, "scanIntervalMillis", 2000));
        holderScanIntervalMillis = Math.max(100, number(args, "holderScanIntervalMillis", 1000));
        borrowStackThresholdMillis = Math.max(0, number(args, "borrowStackThresholdMillis", 1000));
        startupDelayMillis = Math.max(0, number(args, "startupDelayMillis", 2000));
        stuckThresholdMillis = Math.max(0, number(args, "stuckThresholdMillis", 10000));
        leaseSlots = (int) Math.min(1 << 16, Math.max(32, number(args, "leaseSlots", PoolTracker.DEFAULT_LEASE_SLOTS)));
        threadsShown = (int) Math.min(100000, Math.max(1, number(args, "threadsShown", 500)));
    }

    static ProbeOptions parse(String agentArgs) {
        Map<String, String> args = new HashMap<String, String>();
        if (agentArgs != null) {
            for (String pair : agentArgs.split(",")) {
                int eq = pair.indexOf('=');
                if (eq > 0) {
                    args.put(pair.substring(0, eq).trim(), pair.substring(eq + 1).trim());
                }
            }
        }
        return new ProbeOptions(args);
    }

    private static String value(Map<String, String> args, String key, String fallback) {
        String v = args.get(key);
        if (v == null) {
            v = System.getProperty("poolscope.probe." + key);
        }
        return v == null ? fallback : v;
    }

    private static long number(Map<String, String> args, String key, long fallback) {
        try {
            return Long.parseLong(value(args, key, Long.toString(fallback)));
        } catch (NumberFormatException e) {
            return fallback;
        }
    }
}
