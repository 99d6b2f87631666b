package dev.poolscope.attach;

import dev.poolscope.secrets.Secrets;
import com.sun.tools.attach.AgentInitializationException;
import com.sun.tools.attach.AgentLoadException;
import com.sun.tools.attach.AttachNotSupportedException;
import com.sun.tools.attach.VirtualMachine;
import com.sun.tools.attach.VirtualMachineDescriptor;
import dev.poolscope.attach.ConnectFailure.Reason;

import javax.management.MBeanServerConnection;
import javax.management.ObjectName;
import javax.management.remote.JMXConnector;
import javax.management.remote.JMXConnectorFactory;
import javax.management.remote.JMXServiceURL;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.function.Supplier;

/**
 * The real {@link Connector}: local JVMs through the Attach API, remote ones through JMX over RMI.
 * Every call into another process runs on a {@link DeadlineRunner} thread with a deadline.
 */
public final class JvmConnector implements Connector, AutoCloseable {

    /** Attaching to a JVM that is still starting can crash it (design.md): wait this long. */
    /** PoolScope does not attach to a JVM younger than this: attaching to a starting JVM can crash it. */
    public static final Duration MIN_UPTIME = Duration.ofSeconds(2);

    private final DeadlineRunner runner = new DeadlineRunner("poolscope-attach");
    private final Duration deadline;
    private final Duration probeLoadDeadline;
    private final Clock clock;
    private final Namespaces namespaces = new Namespaces();
    private final JavaProcessCheck javaCheck = new JavaProcessCheck(namespaces);
    private final ProbeVerifier probeVerifier;
    private final Supplier<Optional<Path>> probeJar;
    private final ProbeJarPlacement placement = new ProbeJarPlacement(namespaces);

    public JvmConnector(Duration deadline, Clock clock) {
        this(deadline, clock, ProbeJar::locate);
    }

    /** With another probe jar (tests: an agent that loads but never starts the probe). */
    public JvmConnector(Duration deadline, Clock clock, Supplier<Optional<Path>> probeJar) {
        this.probeJar = probeJar;
        this.deadline = deadline;
        // Loading the probe retransforms HikariCP classes; on a large, busy JVM that takes longer than a JMX call.
        this.probeLoadDeadline = deadline.multipliedBy(3);
        this.clock = clock;
        this.probeVerifier = new ProbeVerifier(runner, deadline, clock);
        RmiTimeouts.install(); // before this JVM's first RMI connection: TCPChannel reads them once
    }

    public JvmConnector() {
        this(DeadlineRunner.DEFAULT_DEADLINE, Clock.systemUTC());
    }

    @Override
    public List<LocalJvm> listLocal() {
        long self = ProcessHandle.current().pid();
        List<LocalJvm> out = new ArrayList<>();
        List<VirtualMachineDescriptor> descriptors;
        try {
            descriptors = runner.call("listing local JVMs", deadline, VirtualMachine::list);
        } catch (ConnectFailure e) {
            return List.of();
        }
        List<Namespaces.ContainerJvm> containers = namespaces.containerJvms();
        for (VirtualMachineDescriptor d : descriptors) {
            long pid;
            try {
                pid = Long.parseLong(d.id());
            } catch (NumberFormatException e) {
                continue;
            }
            if (pid == self || namespaces.isContainerJvmSharingOurTmp(pid, containers)) {
                continue; // such a JVM is listed below under its host pid, not its namespace pid
            }
            Optional<ProcessHandle> handle = ProcessHandle.of(pid);
            String version = handle.flatMap(JvmVersions::of).orElse("unknown");
            String name = Secrets.mask(d.displayName() == null || d.displayName().isBlank()
                    ? handle.flatMap(h -> h.info().command()).orElse("(unnamed JVM)") : d.displayName());
            String why = handle.isPresent() ? firstNonNull(unreachableReason(pid), notAttachableReason(handle)) : notAttachableReason(handle);
            // The JDK's list already maps container JVMs it finds under /proc/<pid>/root/tmp to host pids.
            Long namespacePid = containers.stream().filter(c -> c.hostPid() == pid).map(Namespaces.ContainerJvm::namespacePid)
                    .findFirst().orElse(null);
            out.add(new LocalJvm(pid, name, version, why == null, why, namespacePid));
        }
        for (Namespaces.ContainerJvm c : containers) { // those the JDK's list missed
            if (c.hostPid() == self || out.stream().anyMatch(j -> j.pid() == c.hostPid())) {
                continue;
            }
            Optional<ProcessHandle> handle = ProcessHandle.of(c.hostPid());
            String version = handle.flatMap(h -> h.info().command())
                    .flatMap(cmd -> JvmVersions.fromLauncherUnder(namespaces.rootOf(c.hostPid()), cmd)).orElse("unknown");
            String name = Secrets.mask(handle.flatMap(h -> h.info().arguments()).map(CommandLines::mainOf)
                    .orElse("(unnamed JVM)"));
            String why = firstNonNull(unreachableReason(c.hostPid()), notAttachableReason(handle));
            out.add(new LocalJvm(c.hostPid(), name, version, why == null, why, c.namespacePid()));
        }
        // Other users' JVMs: not attachable from here, but listed with the way to reach them, so the
        // service the user looks for is never silently missing.
        java.util.Set<Long> listed = new java.util.HashSet<>();
        out.forEach(j -> listed.add(j.pid()));
        for (long pid : namespaces.otherUsersJvmPids(listed)) {
            Optional<ProcessHandle> handle = ProcessHandle.of(pid);
            String name = Secrets.mask(handle.flatMap(h -> h.info().arguments()).map(CommandLines::mainOf)
                    .orElse("(unnamed JVM)"));
            String version = handle.flatMap(JvmVersions::of).orElse("unknown");
            out.add(new LocalJvm(pid, name, version, false, namespaces.otherUserReason(pid), null));
        }
        out.sort(Comparator.comparingLong(LocalJvm::pid));
        return List.copyOf(out);
    }

    /**
     * The agent of a JVM in another network namespace listens on that namespace's loopback, another
     * interface than ours; Java cannot enter the namespace (no setns), so nothing reaches it from here.
     */
    static final String OWN_NETWORK = "runs in its own network namespace (a container), so its local JMX agent would listen"
            + " where PoolScope cannot reach it. Run PoolScope inside the container (docker exec / kubectl exec), or start"
            + " the service with a published -Dcom.sun.management.jmxremote.port (and -javaagent:poolscope-probe.jar) and use --jmx";

    private static String firstNonNull(String a, String b) {
        return a != null ? a : b;
    }

    /** Why PoolScope could attach to pid but never read it, or null. */
    private String unreachableReason(long pid) {
        return namespaces.otherNetworkNamespace(pid) ? "it " + OWN_NETWORK : null;
    }

    private String notAttachableReason(Optional<ProcessHandle> handle) {
        if (handle.isEmpty() || !handle.get().isAlive()) {
            return "the process has exited";
        }
        Optional<Instant> start = handle.get().info().startInstant();
        if (start.isPresent() && Duration.between(start.get(), clock.instant()).compareTo(MIN_UPTIME) < 0) {
            return "it started less than " + MIN_UPTIME.toSeconds() + " s ago; attaching to a starting JVM can crash it";
        }
        return null;
    }

    @Override
    public TargetConnection attach(long pid, boolean loadProbe) throws ConnectFailure {
        Optional<ProcessHandle> handle = ProcessHandle.of(pid);
        if (handle.isEmpty() || !handle.get().isAlive()) {
            throw new ConnectFailure(Reason.NO_SUCH_PROCESS, "no process with pid " + pid + " (it may have exited).");
        }
        if (pid == ProcessHandle.current().pid()) {
            throw new ConnectFailure(Reason.NOT_ATTACHABLE, "pid " + pid + " is PoolScope itself.");
        }
        String notJava = javaCheck.refusal(pid);
        if (notJava != null) {
            throw new ConnectFailure(Reason.NOT_ATTACHABLE, notJava);
        }
        String unreachable = unreachableReason(pid);
        if (unreachable != null) {
            // Refused before the Attach API touches it: loading the probe would leave it in a JVM we cannot read.
            throw new ConnectFailure(Reason.NOT_ATTACHABLE, "Not attaching to pid " + pid + ": " + unreachable + ".");
        }
        String why = notAttachableReason(handle);
        if (why != null) {
            throw new ConnectFailure(Reason.NOT_ATTACHABLE, "Not attaching to pid " + pid + ": " + why + ". Try again in a moment.");
        }
        VirtualMachine vm = runner.call("attaching to pid " + pid, deadline, () -> attachVm(pid));
        ProbeStatus probe = ProbeStatus.ABSENT;
        boolean handedOver = false;
        ProbeJarPlacement.Placed placed = null;
        String probeMessage = "connected without the probe: per-connection details are not available";
        String jmxUrl;
        Properties props;
        try {
            props = runner.call("reading system properties of pid " + pid, deadline, vm::getSystemProperties);
            if (loadProbe) {
                Optional<Path> jar = probeJar.get();
                if (jar.isEmpty()) {
                    probe = ProbeStatus.FAILED;
                    probeMessage = "the probe jar (" + ProbeJar.FILE_NAME + ") was not found; looked in " + ProbeJar.candidates()
                            + ". Build with ./mvnw package or set -D" + ProbeJar.PROPERTY + "=PATH.";
                } else {
                    try {
                        placed = placement.place(pid, jar.get());
                        String failure = loadAgent(vm, pid, placed.pathForTarget());
                        if (failure == null) {
                            handedOver = true; // not "loaded" yet: verified over JMX below
                        } else {
                            probe = ProbeStatus.FAILED;
                            probeMessage = failure;
                        }
                    } catch (ProbeJarPlacement.NotPlaced e) {
                        probe = ProbeStatus.FAILED;
                        probeMessage = e.getMessage();
                    }
                }
            }
            jmxUrl = runner.call("starting the management agent of pid " + pid, deadline, vm::startLocalManagementAgent);
        } finally {
            runner.call("detaching from pid " + pid, deadline, () -> {
                vm.detach();
                return null;
            });
        }
        JMXConnector connector;
        JMXServiceURL localUrl;
        Map<String, Object> localEnv = JmxTargetConnection.clientEnvironment(Map.of());
        try {
            localUrl = RemoteAddresses.parse(jmxUrlOrFail(jmxUrl));
            connector = connectLocalAgent(pid, localUrl, localEnv);
            if (handedOver) {
                ProbeVerifier.Verdict verdict = verifyProbe(connector, pid);
                probe = verdict.status();
                probeMessage = verdict.message();
            }
        } finally {
            if (placed != null) {
                placed.removeCopy(); // the probe has its jar open by now, or will never start
            }
        }
        if (probe == ProbeStatus.ABSENT && probePresent(connector)) {
            // --no-probe skips loading, but a probe loaded earlier still answers: never say "absent" above its table.
            probe = ProbeStatus.LOADED;
            probeMessage = "already loaded in this JVM (by an earlier PoolScope session or -javaagent); --no-probe only skipped loading it again";
        }
        String display = Secrets.mask(firstWord(props.getProperty("sun.java.command", "pid " + pid)));
        String version = props.getProperty("java.version", "unknown");
        // A reconnect goes to the same local agent (it stays up in the target); no new attach.
        return openConnection(connector, new TargetInfo(pid, display, version, "pid " + pid, probe, probeMessage),
                () -> {
                    if (ProcessHandle.of(pid).map(h -> !h.isAlive()).orElse(true)) {
                        throw new ConnectFailure(Reason.REFUSED, "pid " + pid + " has exited.");
                    }
                    if (ProcessState.stopped(pid)) {
                        throw new ConnectFailure(Reason.STOPPED, "pid " + pid + " is stopped (SIGSTOP, job control or a debugger),"
                                + " so nothing is sent to it until it runs again.");
                    }
                    return JMXConnectorFactory.connect(localUrl, localEnv);
                });
    }

    private JMXConnector connectLocalAgent(long pid, JMXServiceURL url, Map<String, Object> env) throws ConnectFailure {
        try {
            return connectJmx(url, env, "pid " + pid);
        } catch (ConnectFailure e) {
            if (!namespaces.otherNetworkNamespace(pid)) {
                throw e;
            }
            // It moved into another network namespace after the check in attach (or the check could not read it).
            throw new ConnectFailure(e.reason(), e.getMessage() + " pid " + pid + " " + OWN_NETWORK + ".", e);
        }
    }

    private static String jmxUrlOrFail(String url) throws ConnectFailure {
        if (url == null) {
            throw new ConnectFailure(Reason.OTHER, "The target did not start its local management agent.");
        }
        return url;
    }

    private VirtualMachine attachVm(long pid) throws ConnectFailure {
        try {
            return VirtualMachine.attach(Long.toString(pid));
        } catch (AttachNotSupportedException e) {
            throw new ConnectFailure(Reason.ATTACH_DISABLED, "pid " + pid + " does not accept attach: " + DeadlineRunner.describe(e)
                    + ". It may run with -XX:+DisableAttachMechanism, as another user, in another container, or not be a HotSpot JVM."
                    + " Connect over remote JMX instead.", e);
        } catch (IOException e) {
            throw new ConnectFailure(Reason.NOT_ATTACHABLE, "Could not attach to pid " + pid + ": " + DeadlineRunner.describe(e)
                    + ". PoolScope must run as the same user as the target (or root)" + namespaces.runAsHint(pid) + ".", e);
        }
    }

    /** Returns null when loaded, else why not. A probe failure does not stop the connection. */
    private String loadAgent(VirtualMachine vm, long pid, String jar) {
        try {
            runner.call("loading the probe into pid " + pid, probeLoadDeadline, () -> {
                vm.loadAgent(jar);
                return null;
            });
            return null;
        } catch (ConnectFailure e) {
            Throwable c = e.getCause();
            if (c instanceof AgentLoadException || c instanceof AgentInitializationException) {
                return "the target refused the probe (" + DeadlineRunner.describe(c) + ")";
            }
            return "loading the probe failed: " + e.getMessage();
        }
    }

    private ProbeVerifier.Verdict verifyProbe(JMXConnector connector, long pid) {
        try {
            return probeVerifier.verify(connector.getMBeanServerConnection(), pid, deadline);
        } catch (IOException e) {
            return new ProbeVerifier.Verdict(ProbeStatus.FAILED, "the probe was handed to pid " + pid
                    + " but PoolScope could not check that it runs: " + DeadlineRunner.describe(e));
        }
    }

    @Override
    public TargetConnection connect(RemoteTarget target) throws ConnectFailure {
        JMXServiceURL url = RemoteAddresses.parse(target.address());
        Map<String, Object> env = JmxTargetConnection.clientEnvironment(RemoteAddresses.environment(target));
        String shown = RemoteAddresses.display(url);
        JMXConnector connector = connectJmx(url, env, shown);
        Long pid = null;
        String name = shown;
        String version = "unknown";
        try {
            MBeanServerConnection mbs = connector.getMBeanServerConnection();
            ObjectName runtime = new ObjectName("java.lang:type=Runtime");
            Object[] values = runner.call("reading the runtime of " + shown, deadline, () -> new Object[] {
                    safeAttribute(mbs, runtime, "Pid"), mbs.getAttribute(runtime, "SpecVersion"),
                    mbs.getAttribute(runtime, "VmVersion"), safeAttribute(mbs, runtime, "Name"),
                    safeAttribute(mbs, runtime, "SystemProperties")});
            if (values[0] instanceof Long p) {
                pid = p;
            } else if (values[3] instanceof String n && n.contains("@")) {
                pid = parsePid(n.substring(0, n.indexOf('@')));
            }
            version = String.valueOf(values[2]);
            name = values[3] == null ? shown : values[3].toString();
            String command = systemProperty(values[4], "sun.java.command");
            if (command != null && !command.isBlank()) {
                name = Secrets.mask(firstWord(command));
            }
            String javaVersion = systemProperty(values[4], "java.version");
            if (javaVersion != null) {
                version = javaVersion;
            }
        } catch (IOException | javax.management.JMException e) {
            closeQuietly(connector);
            throw RemoteAddresses.classify(e, url, shown);
        } catch (ConnectFailure e) {
            closeQuietly(connector);
            throw e;
        }
        ProbeStatus probe = probePresent(connector) ? ProbeStatus.LOADED : ProbeStatus.ABSENT;
        String probeMessage = probe == ProbeStatus.LOADED ? null
                : "the PoolScope probe is not loaded in this remote JVM: per-connection details are not available"
                + " (load it over JMX with --probe-jar PATH, a path on the target's host, or 'Connect + probe…' in the GUI;"
                + " or start the service with -javaagent:poolscope-probe.jar; or attach locally on its host)";
        return openConnection(connector, new TargetInfo(pid, name, version, shown, probe, probeMessage),
                () -> JMXConnectorFactory.connect(url, env));
    }

    private boolean probePresent(JMXConnector connector) {
        try {
            return runner.call("looking for the probe", deadline, () -> connector.getMBeanServerConnection()
                    .isRegistered(new ObjectName("dev.poolscope:type=ProbeAgent")));
        } catch (ConnectFailure e) {
            return false;
        }
    }

    private static Object safeAttribute(MBeanServerConnection mbs, ObjectName name, String attribute) throws IOException {
        try {
            return mbs.getAttribute(name, attribute);
        } catch (javax.management.JMException e) {
            return null; // "Pid" exists from Java 10 on.
        }
    }

    /** SystemProperties is a TabularData of (key, value) rows. */
    private static String systemProperty(Object tabular, String key) {
        if (tabular instanceof javax.management.openmbean.TabularData td) {
            javax.management.openmbean.CompositeData row = td.get(new Object[] {key});
            return row == null ? null : String.valueOf(row.get("value"));
        }
        return null;
    }

    private static Long parsePid(String s) {
        try {
            return Long.parseLong(s);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private JMXConnector connectJmx(JMXServiceURL url, Map<String, ?> env, String shown) throws ConnectFailure {
        return runner.call("connecting to " + shown, deadline, () -> {
            try {
                return JMXConnectorFactory.connect(url, env);
            } catch (IOException | SecurityException e) {
                throw RemoteAddresses.diagnose(e, url, env, shown);
            }
        });
    }

    private TargetConnection openConnection(JMXConnector connector, TargetInfo info, JmxTargetConnection.Opener reopen)
            throws ConnectFailure {
        try {
            MBeanServerConnection mbs = connector.getMBeanServerConnection();
            return new JmxTargetConnection(connector, mbs, info, runner, reopen);
        } catch (IOException e) {
            closeQuietly(connector);
            throw new ConnectFailure(Reason.OTHER, "Connected, but the JMX connection failed at once: " + DeadlineRunner.describe(e), e);
        }
    }

    private void closeQuietly(JMXConnector connector) {
        try {
            runner.call("closing", Duration.ofSeconds(2), () -> {
                connector.close();
                return null;
            });
        } catch (ConnectFailure ignored) {
            // Closing a broken connection: nothing the user can act on.
        }
    }

    private static String firstWord(String command) {
        String c = command.trim();
        int space = c.indexOf(' ');
        return space < 0 ? c : c.substring(0, space);
    }

    @Override
    public void close() {
        runner.close();
    }
}
