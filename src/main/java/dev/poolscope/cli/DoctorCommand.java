package dev.poolscope.cli;

import dev.poolscope.attach.ConnectFailure;
import dev.poolscope.attach.DeadlineRunner;
import dev.poolscope.attach.JvmConnector;
import dev.poolscope.attach.TargetConnection;
import dev.poolscope.doctor.Doctor;
import dev.poolscope.doctor.Finding;
import dev.poolscope.doctor.FindingsJson;
import dev.poolscope.doctor.OsTcpSettings;
import dev.poolscope.doctor.TcpSysctlsReader;
import dev.poolscope.doctor.PathIdleTimeout;
import dev.poolscope.live.TargetSnapshot;
import dev.poolscope.live.report.Json;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

@Command(name = "doctor", description = {"Rank what to change in each pool's settings, with values.",
        "For the network path's idle timeout: given, or a named preset (aws-nlb, azure-lb, gcp-nat, gcp-lb)."})
final class DoctorCommand implements Callable<Integer> {

    @Mixin
    TargetOptions options;

    @ArgGroup(exclusive = true)
    PathChoice path;

    static final class PathChoice {
        @Option(names = "--path-idle-timeout", description = "The path's idle timeout, e.g. 350s, 4m.")
        String idleTimeout;

        @Option(names = "--path", description = "A named path preset (aws-nlb, azure-lb, gcp-nat, gcp-lb).")
        String preset;
    }

    @Option(names = "--json", description = "Print the findings as JSON.")
    boolean json;

    @Override
    public Integer call() {
        PathIdleTimeout pathTimeout;
        try {
            pathTimeout = path == null ? null : path.preset != null ? PathIdleTimeout.fromPreset(path.preset)
                    : PathIdleTimeout.fromDuration(path.idleTimeout);
        } catch (IllegalArgumentException e) {
            System.err.println("poolscope: " + e.getMessage());
            return 2;
        }
        try (JvmConnector connector = new JvmConnector(); DeadlineRunner runner = new DeadlineRunner("poolscope-doctor")) {
            try (TargetConnection connection = options.open(connector)) {
                TargetSnapshot snapshot = runner.call("reading " + connection.info().address(),
                        DeadlineRunner.DEFAULT_DEADLINE, () -> CliServices.snapshotSource().read(connection));
                OsTcpSettings os = runner.call("reading TCP sysctls of " + connection.info().address(),
                        DeadlineRunner.DEFAULT_DEADLINE, () -> new TcpSysctlsReader().read(connection.mbeans()));
                List<Finding> findings = new Doctor().examineAll(snapshot.pools(), os, pathTimeout);
                System.out.print(json ? jsonOf(findings) : text(findings, snapshot.pools().isEmpty()));
                return 0;
            }
        } catch (ConnectFailure e) {
            System.err.println("poolscope: " + e.getMessage());
            return 1;
        }
    }

    private static String jsonOf(List<Finding> findings) {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("findings", FindingsJson.toMaps(findings));
        return Json.write(root);
    }

    private static String text(List<Finding> findings, boolean noPools) {
        if (noPools) {
            return "No connection pools found in the target.\n";
        }
        StringBuilder sb = new StringBuilder();
        for (Finding f : findings) {
            sb.append(f.severity().json().toUpperCase(java.util.Locale.ROOT)).append("  [").append(f.pool())
                    .append("] ").append(f.why()).append('\n')
                    .append("    evidence: ").append(f.evidence()).append('\n');
            if (f.recommendedMillis() != null || f.recommended() != null) {
                String spring = f.asSpringBootProperty();
                sb.append("    ").append(f.library()).append(": ").append(f.asLibraryProperty())
                        .append("   Spring Boot: ").append(spring == null ? "(Spring Boot has no property for " + f.library() + ")" : spring)
                        .append('\n');
            }
        }
        if (findings.isEmpty()) {
            sb.append("No findings: the settings read fit the given path.\n");
        }
        return sb.toString();
    }
}
