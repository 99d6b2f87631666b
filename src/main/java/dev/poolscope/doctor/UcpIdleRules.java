package dev.poolscope.doctor;

import dev.poolscope.live.PoolLibrary;
import dev.poolscope.text.Durations;

import java.util.Map;
import java.util.Optional;

/**
 * Oracle UCP's idle-connection checks in UCP's own settings (issue 12 item 5). Semantics and defaults
 * were read from ucp11 23.26.4.0.0's bytecode ({@code oracle.ucp.config.PoolProperty}, {@code Core},
 * {@code UniversalConnectionPoolBase}); UCP publishes neither sources nor javadoc on Maven Central:
 * <ul>
 * <li>{@code backgroundValidationInterval} (s, default 0 = off; 23.x): a timer validates every
 *     available connection (over a non-Oracle driver: {@code SQLForValidateConnection} or
 *     {@code isValid}) and closes the bad ones. The only UCP task that touches an idle connection.</li>
 * <li>{@code inactiveConnectionTimeout} (s, default 0 = off): closes available connections idle that
 *     long, checked every {@code timeoutCheckInterval} (s, default 30), but stops at minPoolSize.</li>
 * <li>{@code maxConnectionReuseTime} (s, default 0 = off): closes connections that old (from creation),
 *     available ones at a check every max(timeoutCheckInterval, 5) s, borrowed ones on return.</li>
 * <li>{@code validateConnectionOnBorrow} (default false) validates at borrow, unless the connection
 *     was used within {@code secondsToTrustIdleConnection} (s, default 0 = always validate).</li>
 * </ul>
 * timeToLiveConnectionTimeout and abandonedConnectionTimeout (both default 0) act on borrowed
 * connections only, so they are no defence for idle ones; connectionWaitTimeout (default 3 s) bounds
 * the borrow wait, not the validation.
 */
final class UcpIdleRules {

    static final String BACKGROUND = "backgroundValidationInterval";
    static final String INACTIVE = "inactiveConnectionTimeout";
    static final String REUSE = "maxConnectionReuseTime";
    static final String CHECK = "timeoutCheckInterval";
    static final String VALIDATE = "validateConnectionOnBorrow";
    static final String TRUST = "secondsToTrustIdleConnection";
    private static final long DEFAULT_CHECK_SECONDS = 30;

    private UcpIdleRules() {
    }

    private static boolean isUcp(DoctorInput in) {
        return PoolLibrary.of(in.library()) == PoolLibrary.UCP;
    }

    /** Seconds as UCP reads them, in ms; null when off (0), unset or unreadable (an older UCP). */
    private static Long secondsAsMillis(Map<String, String> lib, String setting) {
        Long s = LibraryIdleRules.millis(lib.get(setting));
        return s == null || s <= 0 ? null : s * 1000;
    }

    /** As read (0 included, which means off), in ms; null when unset or unreadable. */
    private static Long readMillis(Map<String, String> lib, String setting) {
        Long s = LibraryIdleRules.millis(lib.get(setting));
        return s == null ? null : s * 1000;
    }

    private static long checkMillis(Map<String, String> lib) {
        Long s = LibraryIdleRules.millis(lib.get(CHECK));
        return (s == null || s < 0 ? DEFAULT_CHECK_SECONDS : s) * 1000;
    }

    private static boolean below(long dwell, long path) {
        return dwell <= path - Math.max(path / 10, LibraryIdleRules.MARGIN);
    }

    /** Does a UCP task touch or retire every available connection before the path forgets it? */
    static Optional<Finding> idleConnectionsOutliveThePath(DoctorInput in, Recommendations rec) {
        if (!isUcp(in)) {
            return Optional.empty();
        }
        Map<String, String> lib = in.libraryConfig();
        Long background = secondsAsMillis(lib, BACKGROUND);
        Long inactive = secondsAsMillis(lib, INACTIVE);
        Long reuse = secondsAsMillis(lib, REUSE);
        long check = checkMillis(lib);
        boolean hasBackground = LibraryIdleRules.millis(lib.get(BACKGROUND)) != null;
        Long min = LibraryIdleRules.millis(lib.get("minPoolSize"));
        Long path = in.pathIdleTimeoutMillis();
        String evidence = path == null ? "path idle timeout not given (use --path-idle-timeout or --path)"
                : in.pathEvidence();
        if (path == null) {
            if (background != null) {
                return Optional.empty();
            }
            long recommended = LibraryIdleRules.DEFAULT_INTERVAL;
            return Optional.of(advice(in, Severity.WARNING, hasBackground, recommended, check,
                    "no UCP task tests idle connections (" + BACKGROUND + " is "
                            + (hasBackground ? "0, UCP's default" : "not in this UCP version, 23.26 has it")
                            + "), so a path that forgets idle flows is only noticed on borrow", evidence));
        }
        if ((background != null && below(background, path))
                || (reuse != null && below(reuse + Math.max(check, 5_000), path))
                || (inactive != null && below(inactive + check, path) && min != null && min == 0)) {
            return Optional.empty();
        }
        StringBuilder now = new StringBuilder();
        now.append(background == null ? BACKGROUND + (hasBackground ? " is off (0, UCP's default)"
                        : " is not in this UCP version (23.26 has it)")
                : BACKGROUND + " " + Durations.setting(background) + " is not below the path's idle timeout");
        now.append(reuse == null ? ", " + REUSE + " is off (0, the default)"
                : ", " + REUSE + " " + Durations.setting(reuse) + " (checked every "
                + Durations.setting(Math.max(check, 5_000)) + ") is not below it");
        if (inactive == null) {
            now.append(", ").append(INACTIVE).append(" is off (0, the default)");
        } else if (below(inactive + check, path)) {
            now.append(", ").append(INACTIVE).append(" ").append(Durations.setting(inactive))
                    .append(" retires idle connections in time but keeps minPoolSize (")
                    .append(min == null ? "unread" : min).append(") of them");
        } else {
            now.append(", ").append(INACTIVE).append(" ").append(Durations.setting(inactive)).append(" + ")
                    .append(CHECK).append(" ").append(Durations.setting(check)).append(" is not below it");
        }
        long recommended = Math.max(1_000, Math.min(LibraryIdleRules.DEFAULT_INTERVAL, path / 2));
        return Optional.of(advice(in, Severity.CRITICAL, hasBackground, recommended, check,
                now + ": idle connections outlive a path that forgets them after " + Durations.setting(path)
                        + " (timeToLiveConnectionTimeout and abandonedConnectionTimeout act on borrowed connections"
                        + " only, and UCP has no TCP keepalive of its own)",
                evidence));
    }

    /**
     * 23.x: backgroundValidationInterval. Older UCP lacks it; then the only time-based defence for
     * every connection is maxConnectionReuseTime, which must also allow for the check interval.
     */
    private static Finding advice(DoctorInput in, Severity severity, boolean hasBackground, long interval,
                                  long check, String why, String evidence) {
        Map<String, String> lib = in.libraryConfig();
        if (hasBackground) {
            return new Finding(in.pool(), severity, BACKGROUND, readMillis(lib, BACKGROUND), null, interval, null,
                    why + "; set " + BACKGROUND + " to " + Durations.setting(interval)
                            + " (UCP validates every available connection at that interval)", evidence, in.library());
        }
        long reuse = Math.max(5_000, interval - Math.max(check, 5_000));
        return new Finding(in.pool(), severity, REUSE, readMillis(lib, REUSE), null, reuse, null,
                why + "; this UCP has no background validation, so set " + REUSE + " to "
                        + Durations.setting(reuse) + " (it retires every connection that old, checked every "
                        + Durations.setting(Math.max(check, 5_000)) + "), or move to a UCP version that has "
                        + BACKGROUND, evidence, in.library());
    }

    /**
     * Without validation on borrow, a connection the path dropped is handed to the application, whose
     * first statement then waits for the driver's socketTimeout or the kernel. With it, connections used
     * within secondsToTrustIdleConnection are handed out unchecked.
     */
    static Optional<Finding> validatedOnBorrow(DoctorInput in, Recommendations rec) {
        if (!isUcp(in)) {
            return Optional.empty();
        }
        Map<String, String> lib = in.libraryConfig();
        Long path = in.pathIdleTimeoutMillis();
        String evidence = path == null ? "path idle timeout not given (use --path-idle-timeout or --path)"
                : in.pathEvidence();
        String validationTimeout = lib.getOrDefault("connectionValidationTimeout", "unread");
        if (!"true".equals(lib.get(VALIDATE))) {
            return Optional.of(new Finding(in.pool(), Severity.WARNING, VALIDATE, null,
                    lib.getOrDefault(VALIDATE, "unread"), null, "true",
                    VALIDATE + " is " + lib.getOrDefault(VALIDATE, "unread") + " (UCP's default is false): a connection"
                            + " the path dropped is handed to the application as it is, and its first statement waits"
                            + " for the driver's socketTimeout; set " + VALIDATE + "=true (each validation of a"
                            + " dropped connection can then wait up to connectionValidationTimeout, now "
                            + validationTimeout + " s, default 15)", evidence, in.library()));
        }
        Long trust = secondsAsMillis(lib, TRUST);
        if (path == null || trust == null || below(trust, path)) {
            return Optional.empty();
        }
        long recommended = Math.max(1_000, Math.min(LibraryIdleRules.DEFAULT_INTERVAL, path / 2));
        return Optional.of(new Finding(in.pool(), Severity.WARNING, TRUST, trust, null, recommended, null,
                TRUST + " " + Durations.setting(trust) + " (default 0) is not below the path's idle timeout "
                        + Durations.setting(path) + ": a connection used that recently is not validated on borrow,"
                        + " so one idle longer than the path is handed out dead; set " + TRUST + " to "
                        + Durations.setting(recommended), evidence, in.library()));
    }
}
