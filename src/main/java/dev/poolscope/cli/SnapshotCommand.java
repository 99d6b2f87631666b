package dev.poolscope.cli;

import dev.poolscope.attach.ConnectFailure;
import dev.poolscope.attach.DeadlineRunner;
import dev.poolscope.attach.JvmConnector;
import dev.poolscope.attach.TargetConnection;
import dev.poolscope.live.TargetSnapshot;
import dev.poolscope.live.diagnosis.ServerTruth;
import dev.poolscope.live.report.SnapshotJson;
import dev.poolscope.live.report.SnapshotText;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.util.concurrent.Callable;

@Command(name = "snapshot", description = {"Print the pools, connections and threads of a running JVM once.",
        "Attaching loads the read-only PoolScope probe into the target (use --no-probe to avoid it)."})
final class SnapshotCommand implements Callable<Integer> {

    @Mixin
    TargetOptions options;

    @Mixin
    DbOptions db;

    @Option(names = "--json", description = "Print JSON (the format is documented in the README).")
    boolean json;

    @Override
    public Integer call() {
        try (JvmConnector connector = new JvmConnector(); DeadlineRunner runner = new DeadlineRunner("poolscope-snapshot")) {
            try (TargetConnection connection = options.open(connector)) {
                TargetSnapshot snapshot = runner.call("reading " + connection.info().address(),
                        DeadlineRunner.DEFAULT_DEADLINE, () -> CliServices.snapshotSource().read(connection));
                ServerTruth server = db.ask(snapshot.pools(), runner);
                System.out.print(json ? withFindings(snapshot, server, runner, connection)
                        : forTerminal(SnapshotText.write(snapshot, server)));
                return 0;
            }
        } catch (ConnectFailure e) {
            System.err.println("poolscope: " + e.getMessage());
            return 1;
        }
    }

    /** Adds "findings" (doctor, no path given) to the documented snapshot JSON; nothing else changes. */
    private static String withFindings(TargetSnapshot snapshot, ServerTruth server, DeadlineRunner runner,
                                       TargetConnection connection) throws ConnectFailure {
        java.util.Map<String, Object> root = new java.util.LinkedHashMap<>(SnapshotJson.toMap(snapshot, server));
        dev.poolscope.doctor.OsTcpSettings os = runner.call("reading TCP sysctls of " + connection.info().address(),
                DeadlineRunner.DEFAULT_DEADLINE, () -> new TcpSysctlsReader().read(connection.mbeans()));
        root.put("findings", dev.poolscope.doctor.FindingsJson.toMaps(
                new dev.poolscope.doctor.Doctor().examineAll(snapshot.pools(), os, null)));
        return dev.poolscope.live.report.Json.write(root);
    }

    /** On a terminal, long lines break at spaces; piped output stays one line per row for tools. */
    private static String forTerminal(String text) {
        return System.console() == null ? text : TerminalText.wrap(text, TerminalText.width());
    }
}
