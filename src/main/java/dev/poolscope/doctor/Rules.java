package dev.poolscope.doctor;

import dev.poolscope.text.Durations;
import java.util.List;
import java.util.Optional;

/** The rule table: each entry is one named check; {@link Doctor} runs them in this order. */
final class Rules {

    private Rules() {
    }

    static final List<Rule> ALL = List.of(
            Rules::idleConnectionsOutliveThePath,
            LibraryIdleRules::idleTestSwitchedOn,
            LibraryIdleRules::idleIntervalBelowThePath,
            UcpIdleRules::idleConnectionsOutliveThePath,
            UcpIdleRules::validatedOnBorrow,
            Rules::keepaliveBelowMaxLifetime,
            Rules::validationBelowConnectionTimeout,
            Rules::driverSocketTimeoutSet,
            Rules::osSettingsRead);

    /** An idle connection that sits longer than the path's idle timeout is dropped silently. */
    static Optional<Finding> idleConnectionsOutliveThePath(DoctorInput in, Recommendations rec) {
        if (!in.isHikari()) {
            return Optional.empty(); // other libraries: LibraryIdleRules, in their own settings
        }
        if (in.keepaliveUnknownReason() != null) {
            // Not read is not off (issue 16.1): say what is missing instead of judging a guessed 0.
            return Optional.of(new Finding(in.pool(), Severity.INFO, "keepaliveTime", null, null, null, null,
                    "keepaliveTime was not read, so whether idle connections are exercised (and outlive the path)"
                            + " is not judged here; load the PoolScope probe to read it", in.keepaliveUnknownReason()));
        }
        Long path = in.pathIdleTimeoutMillis();
        long keepalive = in.keepaliveMillis();
        if (path == null) {
            if (keepalive > 0) {
                return Optional.empty();
            }
            return Optional.of(new Finding(in.pool(), Severity.WARNING, "keepaliveTime", keepalive, null,
                    rec.keepaliveMillis(), null,
                    "keepaliveTime is off: idle connections are not exercised, so a path that forgets idle "
                            + "flows is only noticed on borrow; set keepaliveTime to "
                            + Durations.setting(rec.keepaliveMillis()),
                    "path idle timeout not given (use --path-idle-timeout or --path)"));
        }
        long maxIdleDwell = idleDwellMillis(in);
        if (keepalive > 0 && keepalive < path) {
            if (keepalive <= path - Math.max(path / 10, 5_000)) {
                return Optional.empty();
            }
            return Optional.of(new Finding(in.pool(), Severity.WARNING, "keepaliveTime", keepalive, null,
                    rec.keepaliveMillis(), null,
                    "keepaliveTime " + Durations.setting(keepalive) + " is too close to the path's idle timeout "
                            + Durations.setting(path) + " (HikariCP varies it by up to 10 %); set it to "
                            + Durations.setting(rec.keepaliveMillis()),
                    in.pathEvidence()));
        }
        if (keepalive <= 0 && maxIdleDwell < path) {
            return Optional.empty();
        }
        String state = keepalive <= 0 ? "keepaliveTime is off" : "keepaliveTime " + Durations.setting(keepalive)
                + " is not below the path's idle timeout";
        String idle = in.idleTimeoutActive() ? "idleTimeout retires idle connections only after "
                + Durations.setting(in.config().idleTimeoutMillis())
                : "idleTimeout is inactive (minimumIdle = maximumPoolSize)";
        return Optional.of(new Finding(in.pool(), Severity.CRITICAL, "keepaliveTime", keepalive, null,
                rec.keepaliveMillis(), null,
                state + " and " + idle + ": idle connections stay up to " + Durations.setting(maxIdleDwell)
                        + " on a path that forgets them after " + Durations.setting(path)
                        + "; set keepaliveTime to " + Durations.setting(rec.keepaliveMillis()),
                in.pathEvidence()));
    }

    /** Longest an idle connection can sit untouched without keepalive: idleTimeout if active, else maxLifetime. */
    static long idleDwellMillis(DoctorInput in) {
        Long lifetime = in.config().maxLifetimeMillis();
        long life = lifetime == null || lifetime == 0 ? Long.MAX_VALUE : lifetime;
        if (in.idleTimeoutActive()) {
            return Math.min(life, in.config().idleTimeoutMillis());
        }
        return life;
    }

    /** HikariCP ignores keepaliveTime unless it is below maxLifetime. */
    static Optional<Finding> keepaliveBelowMaxLifetime(DoctorInput in, Recommendations rec) {
        if (!in.isHikari()) {
            return Optional.empty();
        }
        long keepalive = in.keepaliveMillis();
        Long lifetime = in.config().maxLifetimeMillis();
        if (keepalive <= 0 || lifetime == null || lifetime == 0 || keepalive < lifetime) {
            return Optional.empty();
        }
        return Optional.of(new Finding(in.pool(), Severity.WARNING, "maxLifetime", lifetime, null,
                rec.maxLifetimeMillis(), null,
                "keepaliveTime " + Durations.setting(keepalive) + " is not below maxLifetime "
                        + Durations.setting(lifetime) + ", so HikariCP disables keepalive; set maxLifetime to "
                        + Durations.setting(rec.maxLifetimeMillis()),
                "HikariCP requires keepaliveTime < maxLifetime"));
    }

    /** HikariCP's own constraint; other libraries' validation timeouts mean other things (Agroal: an interval). */
    static Optional<Finding> validationBelowConnectionTimeout(DoctorInput in, Recommendations rec) {
        if (!in.isHikari()) {
            return Optional.empty();
        }
        Long v = in.config().validationTimeoutMillis();
        Long c = in.config().connectionTimeoutMillis();
        if (v == null || c == null || v < c) {
            return Optional.empty();
        }
        return Optional.of(new Finding(in.pool(), Severity.WARNING, "validationTimeout", v, null,
                rec.validationTimeoutMillis(), null,
                "validationTimeout " + Durations.setting(v) + " is not below connectionTimeout "
                        + Durations.setting(c) + ": a borrow can time out while one dead connection is "
                        + "still being validated; set it to " + Durations.setting(rec.validationTimeoutMillis()),
                "HikariCP requires validationTimeout < connectionTimeout"));
    }

    /** Without a socket timeout a read on a silently dropped flow waits for the kernel to give up. */
    static Optional<Finding> driverSocketTimeoutSet(DoctorInput in, Recommendations rec) {
        DriverProperties d = in.driver();
        if (d.driver() == DriverProperties.Driver.OTHER) {
            return Optional.empty();
        }
        Long socket = d.millis("socketTimeout");
        if (socket != null && socket > 0) {
            return Optional.empty();
        }
        long recommended = 30_000;
        Long giveUp = in.os().retransmitGiveUpMillis();
        String wait = giveUp != null ? "about " + Durations.setting(giveUp) + " (tcp_retries2="
                + in.os().retries2() + ")" : "until the kernel gives up retransmitting (about 15 min with "
                + "Linux's default tcp_retries2=15; the target's value was not read)";
        return Optional.of(new Finding(in.pool(), Severity.WARNING, Finding.DRIVER + "socketTimeout", null,
                socket == null ? null : "0", null, d.inDriverUnit(recommended),
                "no driver socketTimeout: a query on a connection the path dropped silently blocks " + wait
                        + "; set socketTimeout above your slowest query, e.g. " + Durations.setting(recommended),
                in.os().describe(), in.library()));
    }

    /** Says plainly when the OS half of the picture is missing, so no finding above is read as complete. */
    static Optional<Finding> osSettingsRead(DoctorInput in, Recommendations rec) {
        if (in.os().known()) {
            return Optional.empty();
        }
        return Optional.of(new Finding(in.pool(), Severity.INFO, "os.tcp", null, null, null, null,
                "the target's TCP sysctls were not read, so OS-level keepalive and retransmission limits "
                        + "are not part of these findings", in.os().describe(), in.library()));
    }
}
