package dev.poolscope.cli;

import dev.poolscope.it.ChildJvm;
import dev.poolscope.it.ManyThreadsTarget;
import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Issue 10, cost of being watched: `poolscope watch --interval 1` against a real child JVM with 3,000
 * parked threads. Reading them takes ≥ 20 ms even on an idle machine, so 50 × that is over the 1 s
 * interval: after the first (cold) read and a second (warm) one, pools keep refreshing every second
 * while the threads shown stay those of the second read, and the header says how often threads are
 * read and what a read costs.
 */
class WatchSpacesThreadReadsIT {

    private static final Pattern HEADER = Pattern.compile(
            "poolscope watch · (\\d\\d:\\d\\d:\\d\\d) · every 1.0 s · threads every ≥ ([^(]+) \\(reading them takes ([^)]+)\\), threads as of (\\d\\d:\\d\\d:\\d\\d)");

    @Test
    void withThousandsOfThreadsPoolsRefreshEverySecondButThreadsAreNotReadAgainAndTheHeaderSaysSo() throws Exception {
        try (ChildJvm target = ChildJvm.start(List.of("-Xmx128m", "-Xss256k"), ManyThreadsTarget.class.getName(), "3000")) {
            // watch refuses to attach to a JVM younger than 2 s (attaching to a starting JVM can crash it).
            java.time.Instant startedAt = target.process().info().startInstant().orElseThrow();
            await().atMost(Duration.ofSeconds(10)).until(() -> java.time.Instant.now().isAfter(startedAt.plusMillis(2500)));
            ProcessBuilder command = new ProcessBuilder(Paths.get(System.getProperty("java.home"), "bin", "java").toString(),
                    "-Xmx128m", "-cp", System.getProperty("java.class.path"), "dev.poolscope.Main",
                    "watch", "--pid", Long.toString(target.pid()), "--no-probe", "--no-clear", "--interval", "1")
                    .redirectErrorStream(true);
            command.environment().put("COLUMNS", "400"); // one header per line, unwrapped
            Process watch = command.start();
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
                await().atMost(Duration.ofSeconds(40)).failFast("watch exited", () -> !watch.isAlive())
                        .until(() -> headers(out.toString()).size() >= 4);
                List<String[]> headers = headers(out.toString());
                assertThat(out.toString()).contains("Threads  3");
                String threadsAsOf = headers.get(0)[3];
                assertThat(headers).extracting(h -> h[3]).as("threads not read again: every paced header shows the same read")
                        .containsOnly(threadsAsOf);
                assertThat(headers).extracting(h -> h[0]).as("pools refreshed: the snapshot times move on")
                        .doesNotHaveDuplicates();
            } finally {
                pump.join(1000);
                System.out.println("watch output (first 3000 chars):\n" + out.substring(0, Math.min(out.length(), 3000)));
                watch.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        }
    }

    /** Per watch header: snapshot time, thread gap, read cost, threads-as-of time. */
    private static List<String[]> headers(String text) {
        List<String[]> out = new ArrayList<>();
        Matcher m = HEADER.matcher(text);
        while (m.find()) {
            out.add(new String[] {m.group(1), m.group(2), m.group(3), m.group(4)});
        }
        return out;
    }
}
