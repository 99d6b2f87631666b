package dev.poolscope.probe;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.poolscope.it.ChildJvm;
import dev.poolscope.it.IdleTarget;
import dev.poolscope.it.LoopbackSshd;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * docs/remote.md's "SSH tunnel" recipe tried for real: a real OpenSSH server on loopback, a real
 * {@code ssh -N -L}, a real service JVM started with the recipe's JMX settings, and the real CLI as a
 * child process connecting to the tunnel's local end.
 *
 * <p>Client and service share this machine, so the service listens on 127.0.0.2 (all of 127/8 is
 * loopback on Linux) and stands for "127.0.0.1 on the far host": nothing but ssh listens on
 * 127.0.0.1:PORT, and what the CLI reaches there went through sshd. The RMI address the service
 * hands out (java.rmi.server.hostname=127.0.0.1) then points at the tunnel, as on a laptop.
 */
@ExtendWith(SharedDatabase.class)
class SshTunnelIT {

    private static final Duration STEP = Duration.ofSeconds(30);
    /** Where the service listens: this machine's stand-in for the far host's 127.0.0.1. */
    private static final String FAR_LOOPBACK = "127.0.0.2";

    private static LoopbackSshd sshd;
    private static Path dir;

    @BeforeAll
    static void startSshd() throws Exception {
        assumeTrue(LoopbackSshd.sshdBinary() != null && LoopbackSshd.sshBinary() != null,
                "SshTunnelIT skipped: needs OpenSSH's sshd, ssh and ssh-keygen (Debian: apt-get install openssh-server);"
                        + " .ci/run installs it, so the ssh -L recipe is untested on this machine only");
        dir = Files.createTempDirectory("poolscope-tunnel-it");
        Path passwords = dir.resolve("jmxremote.password");
        Files.writeString(passwords, "oncall s3cret\nadmin adm1n\n");
        Files.setPosixFilePermissions(passwords, PosixFilePermissions.fromString("rw-------"));
        Files.writeString(dir.resolve("jmxremote.access"), "oncall readonly\nadmin readwrite\n");
        Files.writeString(dir.resolve("oncall.password"), "s3cret\n");
        Files.writeString(dir.resolve("admin.password"), "adm1n\n");
        Files.writeString(dir.resolve("hikari.properties"), "registerMbeans=true\n");
        sshd = LoopbackSshd.start();
    }

    @AfterAll
    static void stopSshd() throws IOException {
        if (sshd != null) {
            sshd.close();
        }
        if (dir != null) {
            try (Stream<Path> files = Files.walk(dir)) {
                for (Path f : files.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(f);
                }
            }
        }
    }

    /** The JVM options of docs/remote.md, with the service bound to {@link #FAR_LOOPBACK}. */
    private static List<String> recipe(int port, int rmiPort, String rmiHostname) {
        return List.of("-Dcom.sun.management.jmxremote.port=" + port,
                "-Dcom.sun.management.jmxremote.rmi.port=" + rmiPort,
                "-Dcom.sun.management.jmxremote.host=" + FAR_LOOPBACK,
                "-Djava.rmi.server.hostname=" + rmiHostname,
                "-Dcom.sun.management.jmxremote.authenticate=true",
                "-Dcom.sun.management.jmxremote.password.file=" + dir.resolve("jmxremote.password"),
                "-Dcom.sun.management.jmxremote.access.file=" + dir.resolve("jmxremote.access"),
                "-Dcom.sun.management.jmxremote.ssl=false");
    }

    @Test
    void theSshRecipeShowsTheServicesPoolsThroughTheTunnelAndLoadsTheProbeThroughIt() throws Exception {
        int port = LoopbackSshd.freePort();
        List<String> options = new ArrayList<>(List.of("-XX:TieredStopAtLevel=1",
                "-Dhikaricp.configurationFile=" + dir.resolve("hikari.properties")));
        options.addAll(recipe(port, port, "127.0.0.1"));
        try (TargetJvm service = TargetJvm.onClassPath(options, "6.3.3", SharedDatabase.jdbcUrlWithCredentials(), "orders")) {
            service.awaitLine("POOLREADY", STEP);
            service.send("HOLD worker-1");
            service.awaitLine("HELD worker-1", STEP);
            assertThat(accepts("127.0.0.1", port)).as("nothing but the tunnel may answer on 127.0.0.1:" + port).isFalse();

            // The recipe: ssh -N -L 9010:127.0.0.1:9010 deploy@host, the same port number on both ends.
            sshd.tunnel("127.0.0.1", port, FAR_LOOPBACK, port);

            Cli noProbe = cli("snapshot", "--jmx", "127.0.0.1:" + port, "--user", "oncall",
                    "--password-file", dir.resolve("oncall.password").toString(), "--json");
            assertThat(noProbe.exit).as(noProbe.all()).isZero();
            JsonNode root = new ObjectMapper().readTree(noProbe.out);
            assertThat(root.at("/target/address").asText()).isEqualTo("127.0.0.1:" + port);
            assertThat(root.at("/target/pid").asLong()).isEqualTo(service.pid());
            assertThat(root.at("/target/probe").asText()).isEqualTo("absent");
            JsonNode orders = root.at("/pools/0");
            assertThat(orders.get("name").asText()).isEqualTo("orders");
            assertThat(orders.get("total").asInt()).isEqualTo(2);
            assertThat(orders.get("active").asInt()).isEqualTo(1);
            assertThat(orders.get("idle").asInt()).isEqualTo(1);
            assertThat(orders.at("/sources/counts").asText()).startsWith("HikariPoolMXBean com.zaxxer.hikari:type=Pool (orders)");
            // keepaliveTime is null (not exposed by HikariConfigMXBean): the findings must not call it off.
            assertThat(orders.at("/config/keepaliveTimeMillis").isNull()).isTrue();
            assertThat(root.get("findings").toString()).doesNotContain("keepaliveTime is off").contains("keepaliveTime was not read");
            assertThat(root.at("/target/probeMessage").asText()).contains("--probe-jar");

            // docs/remote.md's --probe-jar recipe through the same tunnel: the per-connection view.
            Cli probe = cli("snapshot", "--jmx", "127.0.0.1:" + port, "--user", "admin",
                    "--password-file", dir.resolve("admin.password").toString(),
                    "--probe-jar", TargetJvm.PROBE_JAR.toAbsolutePath().toString(), "--yes", "--json");
            assertThat(probe.exit).as(probe.all()).isZero();
            JsonNode probed = new ObjectMapper().readTree(probe.out);
            assertThat(probed.at("/target/probe").asText()).isEqualTo("loaded");
            assertThat(states(probed)).containsExactlyInAnyOrder("in_use", "idle");

            // A borrow after the probe arrived is seen with its borrower, read through the tunnel by the read-only user.
            service.send("HOLD worker-2");
            service.awaitLine("HELD worker-2", STEP);
            Cli later = cli("snapshot", "--jmx", "127.0.0.1:" + port, "--user", "oncall",
                    "--password-file", dir.resolve("oncall.password").toString(), "--json");
            assertThat(later.exit).as(later.all()).isZero();
            JsonNode held = new ObjectMapper().readTree(later.out);
            assertThat(held.at("/target/probe").asText()).isEqualTo("loaded");
            assertThat(states(held)).containsExactly("in_use", "in_use");
            List<String> borrowers = new ArrayList<>();
            held.at("/pools/0/connections").forEach(c -> borrowers.add(c.get("borrowerThread").asText(null)));
            assertThat(borrowers).contains("worker-2");

            assertThat(sshd.log()).contains("Accepted publickey");
        }
    }

    @Test
    void aServiceWhoseRmiPortDiffersFromItsJmxPortIsToldToUseOnePortThroughTheTunnel() throws Exception {
        int port = LoopbackSshd.freePort();
        int rmiPort = LoopbackSshd.freePort();
        try (ChildJvm service = ChildJvm.start(withHeap(recipe(port, rmiPort, "127.0.0.1")), IdleTarget.class.getName())) {
            sshd.tunnel("127.0.0.1", port, FAR_LOOPBACK, port);

            Cli c = cli("snapshot", "--jmx", "127.0.0.1:" + port, "--user", "oncall",
                    "--password-file", dir.resolve("oncall.password").toString(), "--json");

            assertThat(c.exit).as(c.all()).isNotZero();
            assertThat(c.all()).contains("ssh -L").contains("kubectl port-forward")
                    .contains("127.0.0.1:" + rmiPort).contains("jmxremote.rmi.port equal to jmxremote.port");
        }
    }

    @Test
    void aServiceThatHandsOutItsOwnHostNameIsToldToSayOneTwoSevenThroughTheTunnel() throws Exception {
        int port = LoopbackSshd.freePort();
        // A name only the far side resolves, as a pod's or container's host name is.
        String podName = "orders-7d9f.invalid";
        try (ChildJvm service = ChildJvm.start(withHeap(recipe(port, port, podName)), IdleTarget.class.getName())) {
            sshd.tunnel("127.0.0.1", port, FAR_LOOPBACK, port);

            Cli c = cli("snapshot", "--jmx", "127.0.0.1:" + port, "--user", "oncall",
                    "--password-file", dir.resolve("oncall.password").toString(), "--json");

            assertThat(c.exit).as(c.all()).isNotZero();
            assertThat(c.all()).contains("ssh -L").contains("kubectl port-forward").contains(podName)
                    .contains("-Djava.rmi.server.hostname=127.0.0.1");
        }
    }

    @Test
    void aTunnelWhoseLocalPortIsNotTheServicesPortIsToldToForwardTheSameNumber() throws Exception {
        int port = LoopbackSshd.freePort();
        int localPort = LoopbackSshd.freePort();
        try (ChildJvm service = ChildJvm.start(withHeap(recipe(port, port, "127.0.0.1")), IdleTarget.class.getName())) {
            sshd.tunnel("127.0.0.1", localPort, FAR_LOOPBACK, port);

            Cli c = cli("snapshot", "--jmx", "127.0.0.1:" + localPort, "--user", "oncall",
                    "--password-file", dir.resolve("oncall.password").toString(), "--json");

            assertThat(c.exit).as(c.all()).isNotZero();
            assertThat(c.all()).contains("127.0.0.1:" + port).contains("ssh -L " + port + ":127.0.0.1:" + port)
                    .contains("kubectl port-forward");
        }
    }

    /** The "state" of each connection of the first pool. */
    private static List<String> states(JsonNode snapshot) {
        List<String> states = new ArrayList<>();
        snapshot.at("/pools/0/connections").forEach(c -> states.add(c.get("state").asText()));
        return states;
    }

    private static List<String> withHeap(List<String> options) {
        List<String> all = new ArrayList<>(List.of("-Xmx64m", "-XX:TieredStopAtLevel=1"));
        all.addAll(options);
        return all;
    }

    /** Exit code, standard output (the JSON) and standard error (the messages) of one CLI run. */
    private record Cli(int exit, String out, String err) {
        String all() {
            return out + err;
        }
    }

    /** The real CLI as a child process, killed if it outlives its deadline. */
    private static Cli cli(String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), "dev.poolscope.Main"));
        cmd.addAll(List.of(args));
        Path out = Files.createTempFile(dir, "cli", ".out");
        Path err = Files.createTempFile(dir, "cli", ".err");
        Process p = new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        try {
            assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("CLI finished within 60 s").isTrue();
            Cli c = new Cli(p.exitValue(), Files.readString(out), Files.readString(err));
            System.out.println("poolscope " + String.join(" ", args) + " -> " + c.exit + "\n" + c.all());
            return c;
        } finally {
            p.destroyForcibly();
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
}
