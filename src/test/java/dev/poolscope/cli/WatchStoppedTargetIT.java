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
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Issue 9.5: `poolscope watch --jmx` against a target that is SIGSTOPped for 12 s (-Dpoolscope.it.stopSeconds to change). The watch runs as
 * a real child process; its threads and TCP connections to the target are counted from /proc.
 * Before the fix every tick after a missed deadline added a thread and an RMI connection.
 */
class WatchStoppedTargetIT {

    private static final Pattern NOT_RESPONDING = Pattern.compile("not responding for (\\d+) s");
    private static final String HEADER = "poolscope watch · ";
    /** How long the target stays stopped; -Dpoolscope.it.stopSeconds=120 repeats the 2-minute measurement. */
    private static final int STOP_SECONDS = Integer.getInteger("poolscope.it.stopSeconds", 12);

    @Test
    void aStoppedTargetCostsNoNewThreadOrConnectionAndIsReportedInWordsThenRecovers() throws Exception {
        int port = freePort();
        try (ChildJvm target = ChildJvm.start(List.of("-Xmx64m",
                "-Dcom.sun.management.jmxremote.port=" + port, "-Dcom.sun.management.jmxremote.rmi.port=" + port,
                "-Dcom.sun.management.jmxremote.host=127.0.0.1", "-Djava.rmi.server.hostname=127.0.0.1",
                "-Dcom.sun.management.jmxremote.ssl=false", "-Dcom.sun.management.jmxremote.authenticate=false"),
                IdleTarget.class.getName())) {
            Process watch = new ProcessBuilder(Paths.get(System.getProperty("java.home"), "bin", "java").toString(),
                    "-Xmx96m", "-cp", System.getProperty("java.class.path"), "dev.poolscope.Main",
                    "watch", "--jmx", "127.0.0.1:" + port, "--no-clear", "--interval", "1")
                    .redirectErrorStream(true).start();
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
                await().atMost(Duration.ofSeconds(30)).until(() -> count(out.toString(), HEADER) >= 2);
                int threadsBefore = pollerThreads(watch.pid());
                int connectionsBefore = connections(watch.pid(), port);
                System.out.printf("before stop: %d poolscope/RMI threads, %d connections to :%d%n",
                        threadsBefore, connectionsBefore, port);
                assertThat(connectionsBefore).isPositive();

                signal("STOP", target.pid());
                int mark = out.length();
                int[] max = {threadsBefore, connectionsBefore};
                // Sampled from /proc 4 times a second for the whole stop: the counts must never grow.
                await("threads and connections never above their count before SIGSTOP").during(Duration.ofSeconds(STOP_SECONDS)).atMost(Duration.ofSeconds(STOP_SECONDS + 2)).pollInterval(Duration.ofMillis(250))
                        .until(() -> {
                            max[0] = Math.max(max[0], pollerThreads(watch.pid()));
                            max[1] = Math.max(max[1], connections(watch.pid(), port));
                            return max[0] <= threadsBefore && max[1] <= connectionsBefore;
                        });
                int maxThreads = max[0];
                int maxConnections = max[1];
                String duringStop = out.substring(mark);
                System.out.printf("while stopped %d s: max %d threads, max %d connections%n%s%n",
                        STOP_SECONDS, maxThreads, maxConnections, duringStop);

                assertThat(maxConnections).as("connections to the stopped target").isLessThanOrEqualTo(connectionsBefore);
                assertThat(maxThreads).as("poolscope and RMI threads of watch").isLessThanOrEqualTo(threadsBefore);
                List<Integer> seconds = notRespondingSeconds(duringStop);
                assertThat(seconds).as(duringStop).isNotEmpty();
                assertThat(seconds.get(seconds.size() - 1)).isGreaterThanOrEqualTo(10);
                // Reported when the silence grows a step (5, 10, 30, 60 s, then each minute), not on each 1 s tick.
                assertThat(seconds).hasSizeLessThanOrEqualTo(STOP_SECONDS < 30 ? 3 : 5 + STOP_SECONDS / 60);
                assertThat(duringStop).doesNotContain(HEADER);

                signal("CONT", target.pid());
                int resumed = out.length();
                await().atMost(Duration.ofSeconds(20)).until(() -> out.substring(resumed).contains(HEADER));
                assertThat(watch.isAlive()).isTrue();
                assertThat(connections(watch.pid(), port)).isLessThanOrEqualTo(connectionsBefore);
            } finally {
                signal("CONT", target.pid());
                watch.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        }
    }

    private static List<Integer> notRespondingSeconds(String text) {
        List<Integer> out = new ArrayList<>();
        Matcher m = NOT_RESPONDING.matcher(text);
        while (m.find()) {
            out.add(Integer.parseInt(m.group(1)));
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

    /** Threads of the process named poolscope-* or RMI * (/proc/PID/task/TID/comm, cut at 15 characters). */
    private static int pollerThreads(long pid) throws IOException {
        int n = 0;
        try (Stream<Path> tasks = Files.list(Path.of("/proc", Long.toString(pid), "task"))) {
            for (Path task : tasks.toList()) {
                try {
                    String comm = Files.readString(task.resolve("comm")).strip();
                    if (comm.startsWith("poolscope") || comm.startsWith("RMI")) {
                        n++;
                    }
                } catch (IOException ended) {
                    // the thread ended while listing
                }
            }
        }
        return n;
    }

    /** Established TCP connections of process {@code pid} to {@code port}: its socket inodes matched in /proc/net/tcp. */
    static int connections(long pid, int port) throws IOException {
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
        int n = 0;
        String remotePort = String.format(":%04X", port);
        for (String table : new String[] {"/proc/net/tcp", "/proc/net/tcp6"}) {
            // Read once: the table changes between two reads (other processes' sockets), so its size must come from the same copy.
            List<String> lines = Files.readAllLines(Path.of(table));
            for (String line : lines.subList(1, lines.size())) {
                String[] f = line.trim().split("\\s+");
                // f[2] rem_address, f[3] state (01 = ESTABLISHED), f[9] inode
                if (f.length > 9 && f[2].endsWith(remotePort) && f[3].equals("01") && inodes.contains(f[9])) {
                    n++;
                }
            }
        }
        return n;
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
