package dev.poolscope.attach;

import dev.poolscope.text.Durations;

import javax.management.MBeanServerConnection;
import javax.management.ObjectName;
import javax.management.openmbean.CompositeData;
import javax.management.openmbean.TabularData;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.locks.LockSupport;

/**
 * Decides whether a probe handed to a target really runs. {@code VirtualMachine.loadAgent} returning
 * only means the agent's entry point returned; a probe that could not start stays inert and says so
 * on the target's stderr (issue 9: a read-only java.io.tmpdir once gave "Probe loaded" and "No
 * connection pools found" while a pool existed). So "loaded" is said only once
 * {@code dev.poolscope:type=ProbeAgent} answers over JMX.
 */
final class ProbeVerifier {

    static final String AGENT_NAME = "dev.poolscope:type=ProbeAgent";
    /** Set by the probe in the target when it could not start (the probe's own words). */
    static final String FAILURE_PROPERTY = "poolscope.probe.failure";
    private static final long POLL_NANOS = 100_000_000L;

    /** What to tell the user about the probe; {@code message} is null when there is nothing to add. */
    record Verdict(ProbeStatus status, String message) {
    }

    private final DeadlineRunner runner;
    private final Duration callDeadline;
    private final Clock clock;

    ProbeVerifier(DeadlineRunner runner, Duration callDeadline, Clock clock) {
        this.runner = runner;
        this.callDeadline = callDeadline;
        this.clock = clock;
    }

    /** Waits up to {@code patience} for the probe's agent MBean (the scanner registers it at once). */
    Verdict verify(MBeanServerConnection mbs, long pid, Duration patience) {
        Instant end = clock.instant().plus(patience);
        try {
            ObjectName agent = new ObjectName(AGENT_NAME);
            while (true) {
                boolean registered = runner.call("looking for the probe in pid " + pid, callDeadline,
                        () -> mbs.isRegistered(agent));
                if (registered) {
                    String instrumentation = runner.call("reading the probe's state in pid " + pid, callDeadline,
                            () -> String.valueOf(mbs.getAttribute(agent, "Instrumentation")));
                    return verdict(pid, true, instrumentation, null, patience);
                }
                if (!clock.instant().isBefore(end)) {
                    break;
                }
                LockSupport.parkNanos(POLL_NANOS);
            }
            String failure = runner.call("reading why the probe did not start in pid " + pid, callDeadline,
                    () -> systemProperty(mbs.getAttribute(new ObjectName("java.lang:type=Runtime"), "SystemProperties"),
                            FAILURE_PROPERTY));
            return verdict(pid, false, null, failure, patience);
        } catch (ConnectFailure e) {
            return new Verdict(ProbeStatus.FAILED, "the probe was handed to pid " + pid
                    + " but PoolScope could not check that it runs: " + e.getMessage());
        } catch (javax.management.MalformedObjectNameException e) {
            throw new IllegalStateException(e); // constant names
        }
    }

    /** The decision, apart from the JMX calls, so it can be tested on its own. */
    static Verdict verdict(long pid, boolean registered, String instrumentation, String failure, Duration waited) {
        if (registered) {
            if (instrumentation != null && instrumentation.startsWith("refused: ")) {
                return new Verdict(ProbeStatus.LOADED, "the probe runs but does not observe borrows ("
                        + instrumentation.substring("refused: ".length())
                        + "): pools and connections are shown, borrower threads and borrow waits are not");
            }
            return new Verdict(ProbeStatus.LOADED, null);
        }
        if (failure != null && !failure.isBlank()) {
            return new Verdict(ProbeStatus.FAILED, "the probe did not start in pid " + pid + ": " + failure);
        }
        return new Verdict(ProbeStatus.FAILED, "the probe was handed to pid " + pid + " but did not start: "
                + AGENT_NAME + " did not appear within " + Durations.setting(waited.toMillis())
                + ". The target's stderr may say why (lines starting [poolscope-probe]). Try again, or connect with --no-probe.");
    }

    private static String systemProperty(Object tabular, String key) {
        if (tabular instanceof TabularData td) {
            CompositeData row = td.get(new Object[] {key});
            return row == null ? null : String.valueOf(row.get("value"));
        }
        return null;
    }
}
