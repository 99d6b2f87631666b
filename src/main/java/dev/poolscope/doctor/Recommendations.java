package dev.poolscope.doctor;

/**
 * The target values every rule recommends from, computed once so findings agree with each other
 * and with HikariCP's constraints (keepaliveTime >= 30 s and < maxLifetime; validationTimeout <
 * connectionTimeout, >= 250 ms).
 */
record Recommendations(long keepaliveMillis, long maxLifetimeMillis, long validationTimeoutMillis) {

    static final long HIKARI_MIN_KEEPALIVE = 30_000;
    static final long HIKARI_MIN_VALIDATION = 250;
    static final long DEFAULT_KEEPALIVE = 60_000;
    /** Margin below an infrastructure limit so the pool retires a connection before the path does. */
    static final long LIFETIME_MARGIN = 5_000;

    static Recommendations from(DoctorInput in) {
        Long path = in.pathIdleTimeoutMillis();
        long keepalive = DEFAULT_KEEPALIVE;
        if (path != null) {
            // Half the path timeout leaves room for one missed round (HikariCP adds up to 10 % jitter).
            keepalive = Math.max(HIKARI_MIN_KEEPALIVE, Math.min(DEFAULT_KEEPALIVE, path / 2));
        }
        if (in.keepaliveMillis() >= HIKARI_MIN_KEEPALIVE && in.keepaliveMillis() <= keepalive) {
            keepalive = in.keepaliveMillis(); // already fine: do not churn a good setting
        }
        long lifetime = in.config().maxLifetimeMillis() == null ? 1_800_000 : in.config().maxLifetimeMillis();
        if (lifetime <= keepalive) {
            lifetime = keepalive * 2;
        }
        long conn = in.config().connectionTimeoutMillis() == null ? 30_000 : in.config().connectionTimeoutMillis();
        long validation = in.config().validationTimeoutMillis() == null ? 5_000 : in.config().validationTimeoutMillis();
        if (validation >= conn) {
            validation = Math.max(HIKARI_MIN_VALIDATION, Math.min(5_000, conn / 2));
        }
        return new Recommendations(keepalive, lifetime, validation);
    }
}
