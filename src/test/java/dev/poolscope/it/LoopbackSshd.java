package dev.poolscope.it;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.awaitility.Awaitility.await;

/**
 * A real OpenSSH server on 127.0.0.1 with its own config, host key and authorized key in a temp
 * directory, run in the foreground ({@code sshd -D -e}) as the test's own user, and real
 * {@code ssh -N -L} clients through it. {@link #close()} kills every tunnel, then sshd and its
 * per-connection children, then removes the directory.
 */
public final class LoopbackSshd implements AutoCloseable {

    private static final Duration READY = Duration.ofSeconds(15);

    private final Path dir;
    private final int port;
    private final Process sshd;
    private final StringBuffer sshdLog = new StringBuffer();
    private final List<Process> tunnels = new ArrayList<>();

    private LoopbackSshd(Path dir, int port, Process sshd) {
        this.dir = dir;
        this.port = port;
        this.sshd = sshd;
        pump(sshd, sshdLog, "sshd-output");
    }

    /** The sshd binary, or null where Debian's openssh-server is not installed. */
    public static Path sshdBinary() {
        for (String p : List.of("/usr/sbin/sshd", "/usr/bin/sshd", "/usr/local/sbin/sshd")) {
            if (Files.isExecutable(Path.of(p))) {
                return Path.of(p);
            }
        }
        return null;
    }

    /** The ssh client and ssh-keygen, or null when one is missing. */
    public static Path sshBinary() {
        for (String p : List.of("/usr/bin/ssh", "/usr/local/bin/ssh")) {
            if (Files.isExecutable(Path.of(p)) && Files.isExecutable(Path.of(p).resolveSibling("ssh-keygen"))) {
                return Path.of(p);
            }
        }
        return null;
    }

    public static LoopbackSshd start() throws Exception {
        Path sshdBin = sshdBinary();
        if (sshdBin == null || sshBinary() == null) {
            throw new IllegalStateException("sshd or ssh not installed (Debian: openssh-server, openssh-client)");
        }
        Path dir = Files.createTempDirectory("poolscope-sshd-");
        keygen(dir.resolve("host_key"));
        keygen(dir.resolve("client_key"));
        Files.copy(dir.resolve("client_key.pub"), dir.resolve("authorized_keys"));
        if ("root".equals(System.getProperty("user.name"))) {
            // As root, OpenSSH insists on its privilege separation directory (systemd's RuntimeDirectory
            // makes it for the packaged service; nothing does in a container without systemd).
            Files.createDirectories(Path.of("/run/sshd"));
        }
        Files.writeString(dir.resolve("sshd_config"), String.join("\n",
                "HostKey " + dir.resolve("host_key"),
                "AuthorizedKeysFile " + dir.resolve("authorized_keys"),
                // The temp directory's modes are not what StrictModes wants for a home directory.
                "StrictModes no",
                "PidFile none",
                "UsePAM no",
                "PasswordAuthentication no",
                "KbdInteractiveAuthentication no",
                "PermitRootLogin prohibit-password",
                "AllowTcpForwarding local",
                "") , StandardCharsets.UTF_8);
        int port = freePort();
        // sshd re-executes itself and so must be started by its absolute path.
        Process p = new ProcessBuilder(sshdBin.toString(), "-D", "-e", "-f", dir.resolve("sshd_config").toString(),
                "-p", Integer.toString(port), "-o", "ListenAddress=127.0.0.1")
                .redirectErrorStream(true).start();
        LoopbackSshd server = new LoopbackSshd(dir, port, p);
        try {
            await("sshd listening on 127.0.0.1:" + port).atMost(READY).pollInterval(Duration.ofMillis(50))
                    .until(() -> {
                        if (!p.isAlive()) {
                            throw new IllegalStateException("sshd exited: " + server.sshdLog);
                        }
                        return accepts("127.0.0.1", port);
                    });
        } catch (RuntimeException e) {
            server.close();
            throw e;
        }
        return server;
    }

    /**
     * {@code ssh -N -L localHost:localPort:remoteHost:remotePort user@127.0.0.1}, returned once the local
     * end accepts connections. Killed by {@link #close()}.
     */
    public Process tunnel(String localHost, int localPort, String remoteHost, int remotePort) throws Exception {
        List<String> cmd = List.of(sshBinary().toString(), "-N", "-F", "/dev/null",
                "-L", localHost + ":" + localPort + ":" + remoteHost + ":" + remotePort,
                "-i", dir.resolve("client_key").toString(), "-o", "IdentitiesOnly=yes", "-o", "BatchMode=yes",
                "-o", "StrictHostKeyChecking=no", "-o", "UserKnownHostsFile=/dev/null", "-o", "LogLevel=ERROR",
                "-o", "ExitOnForwardFailure=yes", "-p", Integer.toString(port),
                System.getProperty("user.name") + "@127.0.0.1");
        System.out.println("tunnel: " + String.join(" ", cmd));
        Process ssh = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        synchronized (tunnels) {
            tunnels.add(ssh);
        }
        StringBuffer log = new StringBuffer();
        pump(ssh, log, "ssh-output");
        await("ssh -L " + localHost + ":" + localPort + " ready").atMost(READY).pollInterval(Duration.ofMillis(50))
                .until(() -> {
                    if (!ssh.isAlive()) {
                        throw new IllegalStateException("ssh exited " + ssh.exitValue() + ": " + log + "\nsshd: " + sshdLog);
                    }
                    return accepts(localHost, localPort);
                });
        return ssh;
    }

    public String log() {
        return sshdLog.toString();
    }

    @Override
    public void close() {
        synchronized (tunnels) {
            tunnels.forEach(LoopbackSshd::kill);
            tunnels.clear();
        }
        // sshd forks a child per connection (and a privilege-separated grandchild): kill them too.
        sshd.descendants().forEach(ProcessHandle::destroyForcibly);
        kill(sshd);
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path f : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(f);
            }
        } catch (IOException e) {
            System.out.println("could not remove " + dir + ": " + e);
        }
    }

    private static void kill(Process p) {
        p.descendants().forEach(ProcessHandle::destroyForcibly);
        p.destroyForcibly();
        try {
            p.waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void keygen(Path key) throws Exception {
        Process p = new ProcessBuilder(sshBinary().resolveSibling("ssh-keygen").toString(), "-q", "-t", "ed25519",
                "-N", "", "-C", "poolscope-it", "-f", key.toString()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(20, TimeUnit.SECONDS) || p.exitValue() != 0) {
            p.destroyForcibly();
            throw new IllegalStateException("ssh-keygen failed: " + out);
        }
    }

    private static boolean accepts(String host, int port) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(host, port), 500);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static void pump(Process p, StringBuffer into, String name) {
        Thread t = new Thread(() -> {
            try {
                byte[] buf = new byte[4096];
                int n;
                while ((n = p.getInputStream().read(buf)) >= 0) {
                    into.append(new String(buf, 0, n, StandardCharsets.UTF_8));
                }
            } catch (IOException ignored) {
                // the process was killed
            }
        }, name);
        t.setDaemon(true);
        t.start();
    }

    public static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }
}
