package dev.poolscope.lab.strategy;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The five starting points of the lab, derived from the middlebox's idle-drop timeout so that
 * eviction always lands below it. Each preset isolates one defence: only {@code all} combines them.
 */
public final class StrategyPresets {

    public static final List<String> NAMES = List.of("none", "validate", "evict", "keepalive", "all");

    /** Large enough that HikariCP never validates on borrow within a lab run (a day). */
    public static final long NO_VALIDATION_BYPASS_MILLIS = 86_400_000L;
    /** HikariCP's default aliveBypassWindowMs. */
    public static final long HIKARI_DEFAULT_BYPASS_MILLIS = 500;

    private StrategyPresets() {
    }

    public static StrategySettings preset(String name, long dropIdleMillis) {
        long evictBase = Math.max(1_000, dropIdleMillis / 2);
        return switch (name.toLowerCase(Locale.ROOT)) {
            case "none" -> base("none", 8, 8, 5_000, 0, 0, 0, NO_VALIDATION_BYPASS_MILLIS, false);
            case "validate" -> base("validate", 8, 8, 1_000, 0, 0, 0, HIKARI_DEFAULT_BYPASS_MILLIS, false);
            case "evict" -> base("evict", 8, 2, 5_000, evictBase, dropIdleMillis * 4 / 5, evictBase * 4 / 5,
                    NO_VALIDATION_BYPASS_MILLIS, false);
            case "keepalive" -> base("keepalive", 8, 8, 5_000, 0, 0, 0, NO_VALIDATION_BYPASS_MILLIS, true);
            case "all" -> base("all", 8, 2, 1_000, evictBase, dropIdleMillis * 4 / 5, evictBase * 4 / 5,
                    HIKARI_DEFAULT_BYPASS_MILLIS, true);
            default -> throw new IllegalArgumentException("unknown strategy '" + name + "'; choose from " + NAMES);
        };
    }

    public static List<StrategySettings> presets(List<String> names, long dropIdleMillis) {
        List<StrategySettings> list = new ArrayList<>();
        for (String n : names) {
            list.add(preset(n.strip(), dropIdleMillis));
        }
        return List.copyOf(list);
    }

    private static StrategySettings base(String name, int max, int minIdle, long validationTimeout, long idleTimeout,
                                         long maxLifetime, long keepaliveTime, long bypass, boolean keepalive) {
        // connectionTimeout 5 s and socketTimeout 10 s are the lab's hang limits: without a socket
        // timeout a read on a silently dropped connection waits ~15 minutes (tcp_retries2).
        return new StrategySettings(name, max, minIdle, 5_000, validationTimeout, idleTimeout, maxLifetime,
                keepaliveTime, bypass, 1_000, keepalive, 2, 1, 2, 10);
    }
}
