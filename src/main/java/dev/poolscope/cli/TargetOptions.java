package dev.poolscope.cli;

import dev.poolscope.attach.AttachNotice;
import dev.poolscope.attach.ConnectFailure;
import dev.poolscope.attach.Connector;
import dev.poolscope.attach.RemoteTarget;
import dev.poolscope.attach.TargetConnection;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** How the CLI reaches a target: a local pid (attach) or a remote JMX address. */
final class TargetOptions {

    @ArgGroup(exclusive = true, multiplicity = "1")
    Target target;

    static final class Target {
        @Option(names = "--pid", description = "Attach to this local JVM (see `poolscope list`).")
        Long pid;

        @Option(names = "--jmx", paramLabel = "URL", description = "Remote JMX: service:jmx:... URL or host:port.")
        String jmx;
    }

    @Option(names = "--user", description = "JMX username (remote).")
    String user;

    @Option(names = "--password-file", paramLabel = "FILE",
            description = "Read the JMX password from this file (never pass it on the command line).")
    Path passwordFile;

    @Option(names = "--ssl", description = "Use SSL for remote JMX.")
    boolean ssl;

    @Option(names = "--no-probe", description = "Attach without loading the PoolScope probe (no per-connection view).")
    boolean noProbe;

    @Option(names = "--probe-jar", paramLabel = "PATH", description = {"Remote JMX: load the probe from this path ON THE TARGET'S HOST,",
            "through the JVM's DiagnosticCommand MBean (JDK 9+, a 'readwrite' JMX user). See docs/remote.md."})
    String probeJar;

    @Option(names = "--yes", description = "Load the probe without asking (the target may print a JEP 451 warning).")
    boolean yes;

    TargetConnection open(Connector connector) throws ConnectFailure {
        if (probeJar != null && (target.pid != null || noProbe)) {
            throw new ConnectFailure(ConnectFailure.Reason.BAD_ADDRESS, target.pid != null
                    ? "--probe-jar is for --jmx targets; with --pid PoolScope loads its own probe jar from this machine."
                    : "--probe-jar and --no-probe contradict each other: choose one.");
        }
        if (target.pid != null) {
            if (!noProbe && !yes) {
                confirmProbeLoad(target.pid);
            }
            return connector.attach(target.pid, !noProbe);
        }
        char[] password = null;
        if (passwordFile != null) {
            try {
                password = Files.readString(passwordFile, StandardCharsets.UTF_8).strip().toCharArray();
            } catch (IOException e) {
                throw new ConnectFailure(ConnectFailure.Reason.OTHER, "Cannot read the password file " + passwordFile + ": " + e.getMessage());
            }
        }
        RemoteTarget remote = new RemoteTarget(target.jmx, user, password, ssl);
        try {
            TargetConnection connection = connector.connect(remote);
            return probeJar == null ? connection : loadRemoteProbe(connection);
        } finally {
            remote.clearPassword();
            if (password != null) {
                java.util.Arrays.fill(password, '\0');
            }
        }
    }

    /** Issue 16.2: asks as for a local load (JEP 451), then loads over JMX; a failure keeps the connection. */
    private TargetConnection loadRemoteProbe(TargetConnection connection) throws ConnectFailure {
        dev.poolscope.attach.TargetInfo info = connection.info();
        if (info.probe() != dev.poolscope.attach.ProbeStatus.LOADED && !yes && AttachNotice.warnsOnLoad(info.jvmVersion())) {
            java.io.Console console = System.console();
            String refusal = console == null ? "there is no terminal to confirm that"
                    : confirmed(console, AttachNotice.text(info.address(), info.displayName(), info.jvmVersion())) ? null : "not confirmed";
            if (refusal != null) {
                connection.close();
                throw new ConnectFailure(ConnectFailure.Reason.NOT_ATTACHABLE, "Not loading the probe into " + info.address()
                        + ": it runs Java " + info.jvmVersion() + ", so it will print a JEP 451 warning on its stderr, and "
                        + refusal + ". Re-run with --yes to accept, or without --probe-jar.");
            }
        }
        try (dev.poolscope.attach.DeadlineRunner runner = new dev.poolscope.attach.DeadlineRunner("poolscope-remote-probe")) {
            return new dev.poolscope.attach.RemoteProbeLoader(runner, dev.poolscope.attach.DeadlineRunner.DEFAULT_DEADLINE,
                    java.time.Clock.systemUTC()).load(connection, probeJar);
        }
    }

    private static boolean confirmed(java.io.Console console, String notice) {
        console.printf("%s%n", notice);
        String answer = console.readLine("Load the probe? [y/N] ");
        return answer != null && answer.trim().toLowerCase(java.util.Locale.ROOT).startsWith("y");
    }

    /** Says what the target will see (the GUI's text) and asks on a terminal; refuses without one. */
    private static void confirmProbeLoad(long pid) throws ConnectFailure {
        String version = AttachNotice.versionOf(pid);
        // Unknown version: usually not a JVM at all; the connector's Java check refuses it in better words.
        if (version == null || !AttachNotice.warnsOnLoad(version)) {
            return;
        }
        java.io.Console console = System.console();
        if (console == null) {
            throw new ConnectFailure(ConnectFailure.Reason.NOT_ATTACHABLE, "Not loading the probe into pid " + pid
                    + ": it runs Java " + version + ", so it will print a JEP 451 warning on its stderr,"
                    + " and there is no terminal to confirm that. Re-run with --yes to accept, or --no-probe to connect without the probe.");
        }
        console.printf("%s%n", AttachNotice.text(pid, null, version));
        String answer = console.readLine("Load the probe? [y/N] ");
        if (answer == null || !answer.trim().toLowerCase(java.util.Locale.ROOT).startsWith("y")) {
            throw new ConnectFailure(ConnectFailure.Reason.NOT_ATTACHABLE, "Not loading the probe into pid " + pid
                    + ": not confirmed. Re-run with --yes, or with --no-probe to connect without the probe.");
        }
    }
}
