package dev.poolscope.ui.live;

import dev.poolscope.live.PoolConfig;
import dev.poolscope.text.Durations;

/**
 * Pure text and bar values that put a connection's idle age and age next to the pool's limits:
 * idle age against idleTimeout (HikariCP retires an idle connection after it), age against
 * maxLifetime (it retires every connection after that, idle or not, once returned).
 */
public final class Gauges {

    /** Bar value for "no limit applies": the view hides the bar. */
    public static final double NO_LIMIT = -1;

    private Gauges() {
    }

    /**
     * HikariCP retires idle connections only when minimumIdle is below maximumPoolSize and
     * idleTimeout is not 0; otherwise the pool keeps idle connections forever (until maxLifetime).
     */
    public static boolean idleTimeoutApplies(PoolConfig config) {
        if (config == null || config.idleTimeoutMillis() == null || config.idleTimeoutMillis() <= 0) {
            return false;
        }
        return config.minimumIdle() == null || config.maximumPoolSize() == null
                || config.minimumIdle() < config.maximumPoolSize();
    }

    /** "4m 12s / 10m", or "4m 12s" when no idleTimeout applies; "" for a connection that is not idle. */
    public static String idleText(Long idleMillis, PoolConfig config) {
        if (idleMillis == null) {
            return "";
        }
        String idle = Durations.elapsed(idleMillis);
        return idleTimeoutApplies(config) ? idle + " / " + Durations.setting(config.idleTimeoutMillis()) : idle;
    }

    /** idleMillis / idleTimeout in [0, 1], or {@link #NO_LIMIT}. */
    public static double idleFraction(Long idleMillis, PoolConfig config) {
        if (idleMillis == null || !idleTimeoutApplies(config)) {
            return NO_LIMIT;
        }
        return clamp(idleMillis / (double) config.idleTimeoutMillis());
    }

    /** "~12m 03s / 30m" ("~" when the age is an estimate), or without the limit when maxLifetime is off. */
    public static String ageText(Long ageMillis, boolean exact, PoolConfig config) {
        if (ageMillis == null) {
            return "";
        }
        String age = (exact ? "" : "~") + Durations.elapsed(ageMillis);
        Long max = config == null ? null : config.maxLifetimeMillis();
        return max != null && max > 0 ? age + " / " + Durations.setting(max) : age;
    }

    /** ageMillis / maxLifetime in [0, 1], or {@link #NO_LIMIT}. */
    public static double ageFraction(Long ageMillis, PoolConfig config) {
        Long max = config == null ? null : config.maxLifetimeMillis();
        if (ageMillis == null || max == null || max <= 0) {
            return NO_LIMIT;
        }
        return clamp(ageMillis / (double) max);
    }

    private static double clamp(double v) {
        return Math.max(0, Math.min(1, v));
    }
}
