package dev.poolscope.probe;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.Comparator;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.awaitility.Awaitility.await;

/**
 * A real Prometheus server (Debian's {@code prometheus} binary on PATH) scraping one target on
 * loopback every second, with its own throw-away TSDB, queried over its HTTP API.
 */
final class PrometheusServer implements AutoCloseable {

    private static final Duration CALL = Duration.ofSeconds(5);

    private final Process process;
    private final Path dir;
    private final int port;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final ObjectMapper json = new ObjectMapper();

    private PrometheusServer(Process process, Path dir, int port) {
        this.process = process;
        this.dir = dir;
        this.port = port;
    }

    static boolean installed() {
        for (String d : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            if (Files.isExecutable(Paths.get(d, "prometheus"))) {
                return true;
            }
        }
        return false;
    }

    /** Starts Prometheus scraping {@code 127.0.0.1:targetPort} as job {@code job}; returns once it answers /-/ready. */
    static PrometheusServer scraping(String job, int targetPort) throws Exception {
        Path dir = Files.createTempDirectory("poolscope-prometheus-");
        Path config = dir.resolve("prometheus.yml");
        Files.writeString(config, String.join("\n",
                "global: {scrape_interval: 1s, scrape_timeout: 1s, evaluation_interval: 1s}",
                "scrape_configs:",
                "  - job_name: " + job,
                "    static_configs: [{targets: [\"127.0.0.1:" + targetPort + "\"]}]", ""));
        int port = PrometheusExportIT.freePort();
        Process p = new ProcessBuilder("prometheus", "--config.file=" + config, "--storage.tsdb.path=" + dir.resolve("data"),
                "--web.listen-address=127.0.0.1:" + port, "--log.level=warn")
                .redirectErrorStream(true).redirectOutput(dir.resolve("prometheus.log").toFile()).start();
        PrometheusServer server = new PrometheusServer(p, dir, port);
        try {
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200)).ignoreExceptions()
                    .until(() -> server.get("/-/ready").statusCode() == 200);
        } catch (RuntimeException e) {
            String log = Files.readString(dir.resolve("prometheus.log"));
            server.close();
            throw new IllegalStateException("prometheus did not become ready; its log:\n" + log, e);
        }
        return server;
    }

    /** {@code /api/v1/query} at now: the whole answer ({@code status}, {@code data.result}, or {@code error}). */
    JsonNode query(String promql) throws IOException, InterruptedException {
        HttpResponse<String> r = get("/api/v1/query?query=" + URLEncoder.encode(promql, StandardCharsets.UTF_8));
        return json.readTree(r.body());
    }

    private HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).timeout(CALL).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Override
    public void close() throws IOException, InterruptedException {
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
        }
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        }
    }
}
