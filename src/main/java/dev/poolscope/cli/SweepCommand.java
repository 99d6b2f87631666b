package dev.poolscope.cli;

import dev.poolscope.attach.JvmConnector;
import dev.poolscope.fleet.Sweep;
import dev.poolscope.fleet.SweepReport;
import dev.poolscope.fleet.SweepResult;
import dev.poolscope.fleet.SweepTarget;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;

@Command(name = "sweep", description = {"Read the pools of many JVMs at once and print them worst first.",
        "FILE holds one JMX address (host:port or service:jmx: URL) or local pid per line; # starts a comment.",
        "A target that does not answer within the deadline is a row with the reason; it never delays the others."})
final class SweepCommand implements Callable<Integer> {

    @Option(names = "--targets", required = true, paramLabel = "FILE", description = "The targets, one per line.")
    Path targets;

    @Option(names = "--json", description = "Print JSON: [{target, error, severity, headline, stuckThreads, tookMillis, pools: [{name, active, idle, total, pending}]}].")
    boolean json;

    @Option(names = "--parallel", paramLabel = "N", defaultValue = "8", description = "Targets read at once (default ${DEFAULT-VALUE}).")
    int parallel;

    @Option(names = "--deadline-seconds", paramLabel = "S", defaultValue = "10",
            description = "Per target: connect and read within this time (default ${DEFAULT-VALUE} s).")
    long deadlineSeconds;

    @Option(names = "--load-probe", description = "For pids: load the probe (else read HikariCP's MBeans, or a probe already loaded).")
    boolean loadProbe;

    @Override
    public Integer call() throws InterruptedException {
        List<SweepTarget> list;
        try {
            list = SweepTarget.parse(Files.readAllLines(targets, StandardCharsets.UTF_8));
        } catch (IOException e) {
            System.err.println("poolscope: cannot read the targets file " + targets + ": " + e.getMessage());
            return 2;
        }
        if (list.isEmpty()) {
            System.err.println("poolscope: no targets in " + targets + " (one host:port or pid per line)");
            return 2;
        }
        try (JvmConnector connector = new JvmConnector()) {
            List<SweepResult> results = new Sweep(connector, CliServices.snapshotSource(),
                    Duration.ofSeconds(Math.max(1, deadlineSeconds)), parallel, loadProbe).run(list);
            System.out.print(json ? SweepReport.json(results) : SweepReport.text(results));
            // 1 when any target could not be read, so scripts notice; the rows still say which and why.
            return results.stream().anyMatch(r -> r.error() != null) ? 1 : 0;
        }
    }
}
