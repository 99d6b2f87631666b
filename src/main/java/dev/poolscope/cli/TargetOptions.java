package dev.poolscope.cli;

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

    TargetConnection open(Connector connector) throws ConnectFailure {
        if (target.pid != null) {
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
            return connector.connect(remote);
        } finally {
            remote.clearPassword();
            if (password != null) {
                java.util.Arrays.fill(password, '\0');
            }
        }
    }
}
