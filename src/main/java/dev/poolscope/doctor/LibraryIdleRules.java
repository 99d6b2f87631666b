package dev.poolscope.doctor;

import dev.poolscope.live.PoolLibrary;
import dev.poolscope.text.Durations;

import java.util.Map;
import java.util.Optional;

/**
 * The "idle connections outlive the path" check for pool libraries other than HikariCP, in each
 * library's own settings (issue 12 item 5). HikariCP's keepaliveTime has an equivalent in most of
 * them: a background task that tests or retires idle connections, switched on by one setting and
 * paced by another. The rules ask whether that task touches every idle connection before the path
 * forgets it, and name the library's settings when it does not.
 */
final class LibraryIdleRules {

    /** Most a background interval is recommended at without a path (as HikariCP's keepaliveTime). */
    static final long DEFAULT_INTERVAL = 60_000;
    /** Margin below the path's idle timeout that an interval must keep. */
    static final long MARGIN = 5_000;

    private LibraryIdleRules() {
    }

    /**
     * One library's idle defence as configured.
     *
     * @param enableSetting   the switch (DBCP2 testWhileIdle, Druid keepAlive); null where the interval alone decides
     * @param enabled         the switch's value (true where there is no switch)
     * @param intervalSetting the setting that paces it
     * @param intervalMillis  its value; null or ≤ 0 when off or unreadable
     * @param extraMillis     what the library adds before an idle connection is touched (Druid's shrink run)
     * @param how             what the task does, for the finding's words
     */
    record IdleDefence(String enableSetting, boolean enabled, String intervalSetting, Long intervalMillis,
                       long extraMillis, String how) {

        boolean runs() {
            return enabled && intervalMillis != null && intervalMillis > 0;
        }

        /** Longest an idle connection sits untouched; Long.MAX_VALUE when nothing touches it. */
        long dwellMillis() {
            return runs() ? intervalMillis + extraMillis : Long.MAX_VALUE;
        }
    }

    /** The library's idle defence, or empty where it has none the doctor knows (Vibur, unknown; UCP has UcpIdleRules). */
    static Optional<IdleDefence> of(DoctorInput in) {
        Map<String, String> lib = in.libraryConfig();
        PoolLibrary library = PoolLibrary.of(in.library());
        if (library == null) {
            return Optional.empty();
        }
        switch (library) {
            case DBCP2:
            case TOMCAT:
                return Optional.of(new IdleDefence(library.idleSwitch(), "true".equals(lib.get(library.idleSwitch())),
                        library.idleInterval(), millis(lib.get(library.idleInterval())), 0,
                        "the evictor validates idle connections"));
            case DRUID:
                Long run = millis(lib.get("timeBetweenEvictionRunsMillis"));
                return Optional.of(new IdleDefence(library.idleSwitch(), "true".equals(lib.get(library.idleSwitch())),
                        library.idleInterval(), millis(lib.get(library.idleInterval())),
                        run == null || run < 0 ? 0 : run, "the shrink task validates connections idle that long"));
            case C3P0:
                // The adapter maps idleConnectionTestPeriod (seconds) to the common keepaliveTime (ms).
                return Optional.of(new IdleDefence(null, true, library.idleInterval(), in.config().keepaliveTimeMillis(), 0,
                        "c3p0 tests idle connections"));
            case AGROAL:
                // The adapter maps Agroal's validationTimeout (its background validation interval) to keepaliveTime.
                return Optional.of(new IdleDefence(null, true, library.idleInterval(), in.config().keepaliveTimeMillis(), 0,
                        "Agroal's background validation tests idle connections"));
            default:
                return Optional.empty();
        }
    }

    /** The switch is off: nothing exercises idle connections. */
    static Optional<Finding> idleTestSwitchedOn(DoctorInput in, Recommendations rec) {
        if (in.isHikari()) {
            return Optional.empty();
        }
        Optional<IdleDefence> defence = of(in);
        if (defence.isEmpty() || defence.get().enableSetting() == null || defence.get().enabled()) {
            return Optional.empty();
        }
        IdleDefence d = defence.get();
        Long path = in.pathIdleTimeoutMillis();
        if (path != null && retiredByEviction(in, path)) {
            return Optional.empty();
        }
        Severity severity = path == null ? Severity.WARNING : Severity.CRITICAL;
        return Optional.of(new Finding(in.pool(), severity, d.enableSetting(), null, "false", null, "true",
                d.enableSetting() + " is off, so no background task touches idle connections"
                        + (path == null ? "; a path that forgets idle flows is only noticed on borrow"
                        : " and they outlive a path that forgets them after " + Durations.setting(path))
                        + "; set " + d.enableSetting() + "=true (with " + d.intervalSetting() + " below the path's"
                        + " idle timeout)",
                path == null ? "path idle timeout not given (use --path-idle-timeout or --path)" : in.pathEvidence(),
                in.library()));
    }

    /**
     * DBCP2's evictor also retires connections idle longer than minEvictableIdleTimeMillis, minIdle
     * ones included, so without testWhileIdle they still leave before the path forgets them.
     * (Tomcat JDBC's evictor keeps minIdle connections, so this does not hold there.)
     */
    static boolean retiredByEviction(DoctorInput in, long path) {
        if (PoolLibrary.of(in.library()) != PoolLibrary.DBCP2) {
            return false;
        }
        Long run = millis(in.libraryConfig().get("timeBetweenEvictionRunsMillis"));
        Long evict = millis(in.libraryConfig().get("minEvictableIdleTimeMillis"));
        return run != null && run > 0 && evict != null && evict > 0
                && evict + run <= path - Math.max(path / 10, MARGIN);
    }

    /** The task runs too rarely for the path, or not at all. */
    static Optional<Finding> idleIntervalBelowThePath(DoctorInput in, Recommendations rec) {
        if (in.isHikari()) {
            return Optional.empty();
        }
        if (PoolLibrary.of(in.library()) == PoolLibrary.UCP) {
            return Optional.empty(); // UcpIdleRules, in UCP's own settings
        }
        Optional<IdleDefence> defence = of(in);
        if (defence.isEmpty()) {
            return noIdleRule(in);
        }
        IdleDefence d = defence.get();
        Long path = in.pathIdleTimeoutMillis();
        boolean off = d.intervalMillis() == null || d.intervalMillis() <= 0;
        if (path != null && !d.enabled() && retiredByEviction(in, path)) {
            return Optional.empty();
        }
        if (!off && (path == null || d.intervalMillis() + d.extraMillis() <= path - Math.max(path / 10, MARGIN))) {
            return Optional.empty();
        }
        long recommended = recommendedInterval(path, d);
        String now = off ? d.intervalSetting() + " is off" : d.intervalSetting() + " " + Durations.setting(d.intervalMillis())
                + (d.extraMillis() > 0 ? " (+ " + Durations.setting(d.extraMillis()) + " until the next run)" : "")
                + " is not below the path's idle timeout " + Durations.setting(path);
        Severity severity = path == null ? Severity.WARNING : d.enabled() ? Severity.CRITICAL : Severity.WARNING;
        return Optional.of(new Finding(in.pool(), severity, d.intervalSetting(), off ? null : d.intervalMillis(), null,
                recommended, null,
                now + ": " + d.how() + " too rarely for a path that forgets idle flows; set " + d.intervalSetting()
                        + " to " + Durations.setting(recommended),
                path == null ? "path idle timeout not given (use --path-idle-timeout or --path)" : in.pathEvidence(),
                in.library()));
    }

    /** Half the path (one missed round to spare), at most a minute; Druid: above its shrink period, as it requires. */
    static long recommendedInterval(Long path, IdleDefence d) {
        long interval = path == null ? DEFAULT_INTERVAL : Math.max(1_000, Math.min(DEFAULT_INTERVAL, path / 2 - d.extraMillis()));
        if (d.extraMillis() > 0) {
            interval = Math.max(interval, d.extraMillis() + 1_000);
        }
        return interval;
    }

    /** Said plainly, so an empty list for such a pool is not read as "configured well". */
    private static Optional<Finding> noIdleRule(DoctorInput in) {
        String why = PoolLibrary.of(in.library()) == PoolLibrary.VIBUR
                ? "Vibur has no background task that tests idle connections: a connection the path dropped is "
                + "found when it is taken, by the validation of connections idle longer than "
                + "connectionIdleLimitInSeconds (now " + in.libraryConfig().getOrDefault("connectionIdleLimitInSeconds", "unread")
                + " s), and that validation waits up to validateTimeoutInSeconds"
                : "the doctor has no idle-connection rules for " + in.library() + " yet; its settings are listed "
                + "with the pool";
        return Optional.of(new Finding(in.pool(), Severity.INFO, "idle connections", null, null, null, null, why,
                in.pathIdleTimeoutMillis() == null ? "path idle timeout not given" : in.pathEvidence(), in.library()));
    }

    /** "30000" → 30000; "(not set)", "-1", text → null. */
    static Long millis(String value) {
        if (value == null) {
            return null;
        }
        try {
            return Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
