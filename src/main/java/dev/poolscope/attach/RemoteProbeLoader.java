package dev.poolscope.attach;

import dev.poolscope.attach.ProbeStatus;
import dev.poolscope.attach.TargetInfo;

import javax.management.InstanceNotFoundException;
import javax.management.MBeanServerConnection;
import javax.management.ObjectName;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * Loads the probe into a remote JVM over its JMX connection (issue 16.2), through the HotSpot
 * {@code com.sun.management:type=DiagnosticCommand} MBean's {@code jvmtiAgentLoad} operation
 * (JDK 9+; the jcmd command {@code JVMTI.agent_load}). For a path ending in ".jar" HotSpot loads it
 * with the instrument library, as {@code -javaagent} would. The jar must already be on the target's
 * host: the path is the target's, not this machine's. Then "loaded" is said only once
 * {@code dev.poolscope:type=ProbeAgent} answers. Every failure comes back in words, never as an exception.
 */
public final class RemoteProbeLoader {

    static final String DIAGNOSTIC_COMMAND = "com.sun.management:type=DiagnosticCommand";
    static final String PROBE_AGENT = "dev.poolscope:type=ProbeAgent";
    /** Bound on waiting for the probe's first pool scan after a fresh load. */
    static final Duration FIRST_SCAN_WAIT = Duration.ofSeconds(3);
    /** The probe registers its agent MBean from its agentmain; a moment after the load returns. */
    static final Duration AGENT_MBEAN_WAIT = Duration.ofSeconds(10);

    private final DeadlineRunner runner;
    private final Duration deadline;
    private final Clock clock;

    public RemoteProbeLoader(DeadlineRunner runner, Duration deadline, Clock clock) {
        this.runner = runner;
        this.deadline = deadline;
        this.clock = clock;
    }

    /**
     * Loads the probe jar at {@code jarOnTargetHost} into the connected JVM.
     *
     * @return the same connection with its target info saying "loaded", or "failed" and why
     */
    public TargetConnection load(TargetConnection connection, String jarOnTargetHost) {
        TargetInfo info = connection.info();
        String failure = tryLoad(connection.mbeans(), info, jarOnTargetHost);
        TargetInfo after = failure == null
                ? new TargetInfo(info.pid(), info.displayName(), info.jvmVersion(), info.address(), ProbeStatus.LOADED,
                "loaded over JMX from " + jarOnTargetHost + " on the target's host")
                : new TargetInfo(info.pid(), info.displayName(), info.jvmVersion(), info.address(), ProbeStatus.FAILED,
                "the probe was not loaded over JMX: " + failure);
        return new WithInfo(connection, after);
    }

    /** Null when the probe answers afterwards, else why not. */
    String tryLoad(MBeanServerConnection mbs, TargetInfo info, String jar) {
        Integer major = AttachNotice.majorVersion(info.jvmVersion());
        if (major != null && major < 9) {
            return "the target runs Java " + major + ", which has no jvmtiAgentLoad diagnostic command (JDK 9+)."
                    + " Start it with -javaagent:" + jar + " instead.";
        }
        if (jar == null || !jar.endsWith(".jar")) {
            return "\"" + jar + "\" is not a .jar path; give the path of poolscope-probe.jar on the target's host.";
        }
        try {
            ObjectName dcmd = new ObjectName(DIAGNOSTIC_COMMAND);
            ObjectName agent = new ObjectName(PROBE_AGENT);
            if (!runner.call("looking for the DiagnosticCommand MBean", deadline, () -> mbs.isRegistered(dcmd))) {
                return "the target has no " + DIAGNOSTIC_COMMAND + " MBean (JDK 8 or a JVM that is not HotSpot),"
                        + " so an agent cannot be loaded over JMX. Start it with -javaagent:" + jar + " instead.";
            }
            if (runner.call("looking for the probe", deadline, () -> mbs.isRegistered(agent))) {
                return null; // Already there (an earlier session or -javaagent): loading again is not needed.
            }
            Object out = runner.call("loading the probe over JMX", deadline.multipliedBy(3), () -> mbs.invoke(dcmd,
                    "jvmtiAgentLoad", new Object[] {new String[] {jar}}, new String[] {String[].class.getName()}));
            String output = out == null ? "" : out.toString().strip();
            Instant until = clock.instant().plus(AGENT_MBEAN_WAIT);
            while (true) {
                if (runner.call("checking that the probe answers", deadline, () -> mbs.isRegistered(agent))) {
                    awaitFirstScan(mbs, agent);
                    return null;
                }
                if (!clock.instant().isBefore(until) || !output.isEmpty() && !output.contains("return code: 0")) {
                    return explain(output, jar);
                }
                Thread.sleep(200); // the probe registers its MBean from agentmain, right after the load
            }
        } catch (ConnectFailure e) {
            Throwable c = e.getCause();
            if (c instanceof SecurityException) {
                return "this JMX user may not invoke operations (the 'readonly' role); loading an agent needs 'readwrite'"
                        + " in the target's jmxremote.access.";
            }
            if (c instanceof InstanceNotFoundException) {
                return "the target has no " + DIAGNOSTIC_COMMAND + " MBean; start it with -javaagent:" + jar + " instead.";
            }
            if (c instanceof javax.management.ReflectionException) {
                return "the target's DiagnosticCommand MBean has no jvmtiAgentLoad operation (JDK 8?);"
                        + " start it with -javaagent:" + jar + " instead.";
            }
            return e.getMessage();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted while loading the probe.";
        } catch (javax.management.MalformedObjectNameException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * The probe registers ProbeAgent before its first pool scan (on its own thread) ends: a snapshot read at
     * once would find no probe pool and fall back to HikariCP's MBeans (SshTunnelIT saw it). Waits, bounded,
     * until ProbeAgent lists a pool; a JVM without pools simply uses up the bound.
     */
    private void awaitFirstScan(MBeanServerConnection mbs, ObjectName agent) throws ConnectFailure, InterruptedException {
        Instant until = clock.instant().plus(FIRST_SCAN_WAIT);
        // Also bounded by rounds, so a test's fixed clock cannot make it spin.
        for (int round = 0; round < FIRST_SCAN_WAIT.toMillis() / 100 && clock.instant().isBefore(until); round++) {
            Object pools = runner.call("waiting for the probe's first pool scan", deadline, () -> mbs.getAttribute(agent, "Pools"));
            if (pools instanceof String[] names && names.length > 0) {
                return;
            }
            Thread.sleep(100);
        }
    }

    /** HotSpot's jvmtiAgentLoad answers with text; turn the known answers into what to do. */
    static String explain(String output, String jar) {
        String o = output == null ? "" : output;
        if (o.contains("Dynamic agent loading is not enabled") || o.contains("EnableDynamicAgentLoading")) {
            return "the target does not allow loading agents at run time (-XX:-EnableDynamicAgentLoading)."
                    + " Start it with -javaagent:" + jar + " instead.";
        }
        // The instrument library's codes (InvocationAdapter.c): 100 the jar cannot be opened, 101 no Agent-Class, 102 agentmain failed.
        if (o.contains("return code: 100")) {
            return "no readable probe jar at " + jar + " on the target's host (missing, unreadable by the target's user,"
                    + " or not a jar). Copy poolscope-probe.jar there (or bake it into the image) and give that path.";
        }
        if (o.contains("return code: 101")) {
            return jar + " has no Agent-Class in its manifest: it is not PoolScope's probe jar.";
        }
        if (o.contains("return code: 102")) {
            return "the probe's agentmain failed in the target (see the target's stderr).";
        }
        if (o.contains("not found") || o.contains("No such file") || o.contains("open") && o.contains("failed")
                || o.contains("Error opening zip file") || o.contains("error opening")) {
            return "no probe jar at " + jar + " on the target's host (" + firstLine(o) + ")."
                    + " Copy poolscope-probe.jar there (or bake it into the image) and give that path.";
        }
        if (o.isEmpty() || o.contains("return code: 0")) {
            return "the target accepted " + jar + " but " + PROBE_AGENT + " did not answer within "
                    + AGENT_MBEAN_WAIT.toSeconds() + " s: is it PoolScope's probe jar? See the target's stderr.";
        }
        return "the target refused the probe: " + firstLine(o) + ". If the file exists on the target's host,"
                + " check that the target's user can read it.";
    }

    private static String firstLine(String s) {
        return s.lines().findFirst().orElse(s).strip();
    }

    /** The same connection, with what is now known about the probe. */
    private record WithInfo(TargetConnection delegate, TargetInfo info) implements TargetConnection {
        @Override
        public MBeanServerConnection mbeans() {
            return delegate.mbeans();
        }

        @Override
        public boolean broken() {
            return delegate.broken();
        }

        @Override
        public void reconnect() throws ConnectFailure {
            delegate.reconnect();
        }

        @Override
        public void close() {
            delegate.close();
        }

        @Override
        public String toString() {
            return delegate.toString();
        }
    }
}
