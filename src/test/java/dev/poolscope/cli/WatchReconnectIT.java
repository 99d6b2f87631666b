package dev.poolscope.cli;

import dev.poolscope.it.ChildJvm;
import dev.poolscope.it.IdleTarget;
import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Issue 9.5, the part WatchStoppedTargetIT cannot reach: a target stopped for longer than twice the
 * RMI response timeout. RMIConnector then closes its connector for good (the call and its check call
 * both time out), so without a reconnect the watch would never read the target again. Both ways in:
 * remote {@code --jmx} and local attach ({@code --pid}, the target's local JMX agent). The watch is a
 * real child process with a 2 s response timeout; its threads and TCP connections are counted from /proc.
 */
class WatchReconnectIT {

    private static final String HEADER = "poolscope watch · ";
    private static final int RESPONSE_TIMEOUT_MILLIS = 2_000;
    /** A message line of watch: "HH:MM:SS  text". */
    /** How long the target stays stopped after watch said it reconnects; -Dpoolscope.it.extraStopSeconds=120 for the 2 minutes. */
    private static final int EXTRA_STOP_SECONDS = Integer.getInteger("poolscope.it.extraStopSeconds", 3);
    private static final Pattern MESSAGE = Pattern.compile("(?m)^\\d\\d:\\d\\d:\\d\\d  (.+)$");

    @Test
    void aRemoteTargetStoppedPastTwiceTheResponseTimeoutIsReadAgainAfterSigcontOnOneConnection() throws Exception {
        int port = freePort();
        try (ChildJvm target = ChildJvm.start(List.of("-Xmx64m",
                "-Dcom.sun.management.jmxremote.port=" + port, "-Dcom.sun.management.jmxremote.rmi.port=" + port,
                "-Dcom.sun.management.jmxremote.host=127.0.0.1", "-Djava.rmi.server.hostname=127.0.0.1",
                "-Dcom.sun.management.jmxremote.ssl=false", "-Dcom.sun.management.jmxremote.authenticate=false"),
                IdleTarget.class.getName())) {
            stopPastTheTimeoutAndRecover(target, "--jmx", "127.0.0.1:" + port);
        }
    }

    @Test
    void anAttachedLocalTargetStoppedPastTwiceTheResponseTimeoutIsReadAgainAfterSigcontOnOneConnection() throws Exception {
        try (ChildJvm target = ChildJvm.start(List.of("-Xmx64m"), IdleTarget.class.getName())) {
            // PoolScope does not attach to a JVM younger than 2 s (attaching to a starting JVM can crash it).
            await().atMost(Duration.ofSeconds(10)).until(() -> ProcessHandle.of(target.pid()).flatMap(h -> h.info().startInstant())
                    .map(s -> Duration.between(s, java.time.Instant.now()).toMillis() > 2_500).orElse(true));
            stopPastTheTimeoutAndRecover(target, "--pid", Long.toString(target.pid()), "--no-probe");
        }
    }

    private void stopPastTheTimeoutAndRecover(ChildJvm target, String... how) throws Exception {
        long targetPid = target.pid();
        List<String> cmd = new ArrayList<>(List.of(Paths.get(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx96m", "-Dsun.rmi.transport.tcp.responseTimeout=" + RESPONSE_TIMEOUT_MILLIS,
                "-cp", System.getProperty("java.class.path"), "dev.poolscope.Main", "watch"));
        cmd.addAll(List.of(how));
        cmd.addAll(List.of("--no-clear", "--interval", "1"));
        Process watch = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        StringBuffer out = new StringBuffer();
        Thread pump = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(watch.getInputStream(), StandardCharsets.UTF_8))) {
                r.lines().forEach(l -> out.append(l).append('\n'));
            } catch (IOException ignored) {
                // watch was killed
            }
        }, "watch-output");
        pump.setDaemon(true);
        pump.start();
        try {
            await().atMost(Duration.ofSeconds(20)).until(() -> count(out.toString(), HEADER) >= 2);
            Map<String, Integer> threadsBefore = clientThreads(watch.pid());
            int connectionsBefore = connections(watch.pid(), targetPid);
            System.out.printf("%s before stop: threads %s, %d connections%n", how[0], threadsBefore, connectionsBefore);
            assertThat(connectionsBefore).isPositive();

            signal("STOP", targetPid);
            long stoppedAt = System.nanoTime();
            int mark = out.length();
            int[] max = {total(threadsBefore), connectionsBefore};
            // "reconnecting" is said only once JMX closed the connector: the call and its check call both timed out.
            await("JMX gives the connection up and watch says it reconnects").atMost(Duration.ofSeconds(20))
                    .pollInterval(Duration.ofMillis(250)).until(() -> {
                        max[0] = Math.max(max[0], total(clientThreads(watch.pid())));
                        max[1] = Math.max(max[1], connections(watch.pid(), targetPid));
                        return out.substring(mark).contains("reconnecting");
                    });
            int unreadAtAnnounce = socketsInState(targetPid, "08");
            // A few more reconnect attempts against the still-stopped target: they must cost nothing that stays.
            await().during(Duration.ofSeconds(EXTRA_STOP_SECONDS)).atMost(Duration.ofSeconds(EXTRA_STOP_SECONDS + 1)).pollInterval(Duration.ofMillis(250)).until(() -> {
                max[0] = Math.max(max[0], total(clientThreads(watch.pid())));
                max[1] = Math.max(max[1], connections(watch.pid(), targetPid));
                return true;
            });
            double stoppedSeconds = (System.nanoTime() - stoppedAt) / 1e9;
            assertThat(stoppedSeconds).isGreaterThan(2.0 * RESPONSE_TIMEOUT_MILLIS / 1000);
            assertThat(out.substring(mark)).doesNotContain(HEADER);

            // Connections the watch made and gave up on, still queued unread in the stopped target (CLOSE_WAIT on its side).
            int unreadInTarget = socketsInState(targetPid, "08");
            signal("CONT", targetPid);
            long resumedAt = System.nanoTime();
            int resumed = out.length();
            await("watch reads the target again").atMost(Duration.ofSeconds(20)).until(() -> out.substring(resumed).contains(HEADER));
            double recoveredSeconds = (System.nanoTime() - resumedAt) / 1e9;
            String messages = out.substring(mark, out.indexOf(HEADER, resumed));
            // Connections the old connector left (already closed on our side) and idle pooled ones go within RMI's 15 s reaping.
            await("no connection or thread left over").atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(250))
                    .until(() -> connections(watch.pid(), targetPid) <= connectionsBefore
                            && total(clientThreads(watch.pid())) <= total(threadsBefore));
            Map<String, Integer> threadsAfter = clientThreads(watch.pid());
            int connectionsAfter = connections(watch.pid(), targetPid);
            System.out.printf("%s stopped %.1f s (response timeout %d ms): max %d client threads, max %d connections,"
                            + " given-up connections queued in the target: %d when 'reconnecting' was said, %d at SIGCONT;"
                            + " read again %.1f s after SIGCONT; after: threads %s, %d connections%nmessages:%n%s%n",
                    how[0], stoppedSeconds, RESPONSE_TIMEOUT_MILLIS, max[0], max[1], unreadAtAnnounce, unreadInTarget, recoveredSeconds,
                    threadsAfter, connectionsAfter, messages);

            assertThat(watch.isAlive()).isTrue();
            assertThat(threadsAfter.getOrDefault("poolscope-poll-", 0)).as("the poller and its one call thread").isEqualTo(2);
            assertThat(threadsAfter.getOrDefault("JMX client hear", 0)).as("no JMX heartbeat thread").isZero();
            assertThat(threadsAfter.getOrDefault("RMI RenewClean-", 0)).as("RMI lease threads").isLessThanOrEqualTo(1);
            assertThat(connectionsAfter).isLessThanOrEqualTo(connectionsBefore);
            assertThat(max[0]).as("client threads while stopped").isLessThanOrEqualTo(total(threadsBefore));
            assertThat(max[1]).as("connections while stopped").isLessThanOrEqualTo(connectionsBefore + 1);

            List<String> said = messageLines(messages);
            assertThat(said).as("each failure once per change").doesNotHaveDuplicates();
            assertThat(said.stream().filter(m -> m.contains("not answering since") && m.contains("reconnecting")).count())
                    .as(messages).isEqualTo(1);
            assertThat(said.stream().filter(m -> m.startsWith("Reconnected to ")).count()).as(messages).isEqualTo(1);
            assertThat(said).noneMatch(m -> m.contains("lost:"));
            if (how[0].equals("--pid")) {
                // A local target's state is read from /proc: while stopped, reconnecting sends it nothing.
                assertThat(said).anyMatch(m -> m.contains("reconnecting") && m.contains("is stopped (SIGSTOP"));
                // One look a tick for EXTRA_STOP_SECONDS: had any connected, each would have queued one more.
                // +1 allows for RMI's DGC clean call for the old connector's references, whose time GC decides.
                assertThat(unreadInTarget).as("reconnect attempts connect to a stopped local target")
                        .isLessThanOrEqualTo(unreadAtAnnounce + 1);
            }

            // Only a refused reconnect means gone: a target that exits is reported once and watch ends.
            int beforeExit = out.length();
            target.process().destroyForcibly();
            assertThat(watch.waitFor(20, TimeUnit.SECONDS)).as("watch ends when the target exits").isTrue();
            List<String> atExit = messageLines(out.substring(beforeExit));
            assertThat(atExit).as(out.substring(beforeExit)).singleElement().asString()
                    .contains(" lost: the target exited or closed JMX");
        } finally {
            signal("CONT", targetPid);
            watch.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }

    private static List<String> messageLines(String text) {
        List<String> out = new ArrayList<>();
        Matcher m = MESSAGE.matcher(text);
        while (m.find()) {
            out.add(m.group(1));
        }
        return out;
    }

    private static int count(String text, String what) {
        int n = 0;
        for (int i = text.indexOf(what); i >= 0; i = text.indexOf(what, i + 1)) {
            n++;
        }
        return n;
    }

    private static int total(Map<String, Integer> threads) {
        return threads.values().stream().mapToInt(Integer::intValue).sum();
    }

    /**
     * The watch process's JMX client threads by name (/proc/PID/task/TID/comm, cut at 15 characters):
     * PoolScope's (poolscope-*), RMI's (RMI *) and the JDK's JMX client heartbeat (JMX client *).
     */
    private static Map<String, Integer> clientThreads(long pid) throws IOException {
        Map<String, Integer> n = new TreeMap<>();
        try (Stream<Path> tasks = Files.list(Path.of("/proc", Long.toString(pid), "task"))) {
            for (Path task : tasks.toList()) {
                try {
                    String comm = Files.readString(task.resolve("comm")).strip();
                    if (comm.startsWith("poolscope") || comm.startsWith("RMI") || comm.startsWith("JMX client")) {
                        n.merge(comm, 1, Integer::sum);
                    }
                } catch (IOException ended) {
                    // the thread ended while listing
                }
            }
        }
        return n;
    }

    /** ESTABLISHED TCP connections from {@code client} to any port {@code server} listens on (both from /proc). */
    private static int connections(long client, long server) throws IOException {
        Set<String> serverInodes = socketInodes(server);
        Set<String> clientInodes = socketInodes(client);
        List<String[]> rows = new ArrayList<>();
        for (String table : new String[] {"/proc/net/tcp", "/proc/net/tcp6"}) {
            List<String> lines = Files.readAllLines(Path.of(table));
            for (String line : lines.subList(1, lines.size())) {
                String[] f = line.trim().split("\\s+");
                if (f.length > 9) {
                    rows.add(f);
                }
            }
        }
        Set<String> listenPorts = new HashSet<>();
        for (String[] f : rows) { // f[1] local address, f[2] remote, f[3] state (0A LISTEN, 01 ESTABLISHED), f[9] inode
            if (f[3].equals("0A") && serverInodes.contains(f[9])) {
                listenPorts.add(f[1].substring(f[1].indexOf(':')));
            }
        }
        int n = 0;
        for (String[] f : rows) {
            if (f[3].equals("01") && clientInodes.contains(f[9]) && listenPorts.contains(f[2].substring(f[2].indexOf(':')))) {
                n++;
            }
        }
        return n;
    }

    /**
     * TCP sockets on a port {@code pid} listens on, in a /proc/net/tcp state (hex, e.g. 08 = CLOSE_WAIT).
     * Matched by local port, not by the process's descriptors: a connection still in the listen
     * backlog (never accepted, because the process is stopped) has no descriptor yet (inode 0).
     */
    private static int socketsInState(long pid, String state) throws IOException {
        Set<String> inodes = socketInodes(pid);
        List<String[]> rows = new ArrayList<>();
        for (String table : new String[] {"/proc/net/tcp", "/proc/net/tcp6"}) {
            List<String> lines = Files.readAllLines(Path.of(table));
            for (String line : lines.subList(1, lines.size())) {
                String[] f = line.trim().split("\\s+");
                if (f.length > 9) {
                    rows.add(f);
                }
            }
        }
        Set<String> listenPorts = new HashSet<>();
        for (String[] f : rows) {
            if (f[3].equals("0A") && inodes.contains(f[9])) {
                listenPorts.add(f[1].substring(f[1].indexOf(':')));
            }
        }
        int n = 0;
        for (String[] f : rows) {
            if (f[3].equals(state) && listenPorts.contains(f[1].substring(f[1].indexOf(':')))) {
                n++;
            }
        }
        return n;
    }

    private static Set<String> socketInodes(long pid) throws IOException {
        Set<String> inodes = new HashSet<>();
        try (Stream<Path> fds = Files.list(Path.of("/proc", Long.toString(pid), "fd"))) {
            for (Path fd : fds.toList()) {
                try {
                    String link = Files.readSymbolicLink(fd).toString();
                    if (link.startsWith("socket:[")) {
                        inodes.add(link.substring(8, link.length() - 1));
                    }
                } catch (IOException closed) {
                    // the descriptor closed while listing
                }
            }
        }
        return inodes;
    }

    private static void signal(String signal, long pid) throws Exception {
        new ProcessBuilder("kill", "-" + signal, Long.toString(pid)).inheritIO().start().waitFor(5, TimeUnit.SECONDS);
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }
}
