package dev.poolscope.cli;

import dev.poolscope.doctor.PathIdleTimeout;
import dev.poolscope.doctor.path.FinderSettings;
import dev.poolscope.doctor.path.PathTimeoutFinder;
import dev.poolscope.doctor.path.PathTimeoutResult;
import dev.poolscope.doctor.path.PgPathConnector;
import dev.poolscope.lab.db.LabInputException;
import dev.poolscope.live.report.Json;
import dev.poolscope.secrets.Secrets;
import dev.poolscope.text.Durations;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

@Command(name = "path-timeout", description = {"Measure the network path's idle timeout.",
        "Leaves connections to the database idle for staggered times (TCP keepalive off) and finds where",
        "the path starts dropping idle flows silently."})
final class PathTimeoutCommand implements Callable<Integer> {

    /** How long Ctrl-C waits for the finder to close its connections; keeps the stop under 3 s. */
    private static final long STOP_WAIT_MILLIS = 1_500;

    @Option(names = "--db", required = true, paramLabel = "URL", description = "jdbc:postgresql://host:port/db, over the path to measure")
    String jdbcUrl;

    @Option(names = "--user", required = true, paramLabel = "U", description = "database user")
    String user;

    @Option(names = "--password-file", paramLabel = "F", description = "file holding the password (first line); never passed on the command line")
    Path passwordFile;

    @Option(names = "--max", paramLabel = "DURATION", defaultValue = "10m",
            description = "longest idle time to try, e.g. 400s, 10m; the run takes about this long (default: ${DEFAULT-VALUE})")
    String max;

    @Option(names = "--check-deadline", paramLabel = "DURATION", defaultValue = "1s",
            description = "an idle connection whose SELECT 1 is not answered within this counts as dropped (default: ${DEFAULT-VALUE})")
    String checkDeadline;

    @Option(names = "--probes", paramLabel = "N", defaultValue = "12",
            description = "connections in the first round; its resolution is max / N (default: ${DEFAULT-VALUE})")
    int probes;

    @Option(names = "--json", description = "Print the result as JSON.")
    boolean json;

    @Override
    public Integer call() {
        FinderSettings settings;
        char[] password = null;
        try {
            settings = new FinderSettings(PathIdleTimeout.parseMillis(max), PathIdleTimeout.parseMillis(checkDeadline),
                    probes, FinderSettings.DEFAULT_REFINE_PROBES);
            if (passwordFile != null) {
                password = LabCommand.readPassword(passwordFile);
            }
        } catch (IllegalArgumentException | LabInputException e) {
            System.err.println("poolscope: " + e.getMessage());
            return 2;
        }
        PgPathConnector connector = new PgPathConnector(jdbcUrl, user, password, settings.checkDeadlineMillis());
        if (password != null) {
            Arrays.fill(password, '\0');
        }
        PathTimeoutFinder finder = new PathTimeoutFinder(connector, settings, (fraction, message) -> { });
        CountDownLatch finished = new CountDownLatch(1);
        AtomicBoolean searching = new AtomicBoolean(true);
        // Ctrl-C (or SIGTERM): close every connection before the JVM goes, so none lingers on the
        // server, and say so. The wait is bounded so the command still ends within about 1.5 s if the
        // search is stuck opening a connection (that socket then closes with the process).
        Thread onInterrupt = new Thread(() -> {
            boolean wasSearching = searching.get();
            finder.cancel();
            boolean closed;
            try {
                closed = finished.await(STOP_WAIT_MILLIS, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                closed = false;
            }
            if (wasSearching) {
                System.err.println(closed
                        ? "poolscope: stopped (Ctrl-C or a termination signal); every connection it opened is closed."
                        : "poolscope: stopped (Ctrl-C or a termination signal) while a connection was still opening;"
                        + " the operating system closes it as this process ends.");
            }
        }, "poolscope-path-timeout-cancel");
        Runtime.getRuntime().addShutdownHook(onInterrupt);
        System.err.println("Measuring " + connector.describe() + " for up to " + Durations.elapsed(finder.boundMillis())
                + " (--max " + Durations.elapsed(settings.maxMillis()) + " plus check and connect margin); Ctrl-C stops it.");
        try {
            PathTimeoutResult result = finder.find();
            System.out.print(json ? Json.write(result.toJsonMap()) : text(result));
            return 0;
        } catch (SQLException e) {
            System.err.println("poolscope: " + Secrets.mask(e.getMessage()));
            return 1;
        } finally {
            searching.set(false);
            finished.countDown();
            try {
                Runtime.getRuntime().removeShutdownHook(onInterrupt);
            } catch (IllegalStateException e) {
                // already shutting down: the hook is running
            }
        }
    }

    private static String text(PathTimeoutResult r) {
        StringBuilder sb = new StringBuilder(r.summary()).append('\n');
        for (var p : r.probes()) {
            sb.append(String.format("  round %d  idle %-8s %-9s %s%n", p.round(), Durations.elapsed(p.idleMillis()),
                    p.outcome().json(), p.outcome().dropped() ? "after " + Durations.elapsed(p.answerMillis()) : ""));
        }
        sb.append("Took ").append(Durations.elapsed(r.elapsedMillis())).append(".\n");
        return sb.toString();
    }
}
