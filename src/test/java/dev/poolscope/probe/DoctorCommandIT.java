package dev.poolscope.probe;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** `poolscope doctor` as a user runs it: a separate CLI process attaching to a real HikariCP target. */
@ExtendWith(SharedDatabase.class)
class DoctorCommandIT {

    static final Duration STEP = Duration.ofSeconds(30);

    @Test
    void riskyPoolBehindAShortPathGetsCriticalKeepaliveAndSocketTimeoutFindingsWithRealSysctls() throws Exception {
        // Workload pool: minimumIdle = maximumPoolSize, maxLifetime 10 min, no socketTimeout in the URL.
        try (TargetJvm target = TargetJvm.onClassPath("6.3.3", SharedDatabase.jdbcUrlWithCredentials(), "risky")) {
            target.awaitLine("POOLREADY", STEP);
            target.awaitAttachable();
            String out = doctor(target.pid(), "--path-idle-timeout", "60s");
            assertThat(out).contains("\"severity\": \"critical\"").contains("\"setting\": \"keepaliveTime\"")
                    .contains("\"setting\": \"driver.socketTimeout\"").contains("\"recommendedMillis\": 30000");
            String retries2 = Files.readString(Paths.get("/proc/sys/net/ipv4/tcp_retries2")).trim();
            assertThat(out).contains("tcp_retries2=" + retries2).doesNotContain("not read");
        }
    }

    @Test
    void tunedPoolGetsNoFindings() throws Exception {
        String url = SharedDatabase.jdbcUrlWithCredentials() + "&socketTimeout=30&tcpKeepAlive=true";
        try (TargetJvm target = TargetJvm.onClassPath("6.3.3", url, "tuned")) {
            target.awaitLine("POOLREADY", STEP);
            target.awaitAttachable();
            String out = doctor(target.pid(), "--path", "aws-nlb");
            assertThat(out).contains("\"findings\": []");
        }
    }

    private static String doctor(long pid, String... path) throws Exception {
        java.util.List<String> cmd = new java.util.ArrayList<>(java.util.List.of(
                Paths.get(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), "dev.poolscope.Main",
                "doctor", "--pid", Long.toString(pid), "--json"));
        cmd.addAll(java.util.List.of(path));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out;
        try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            out = String.join("\n", r.lines().toList());
        }
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
        return out;
    }
}
