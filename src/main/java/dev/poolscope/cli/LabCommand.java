package dev.poolscope.cli;

import dev.poolscope.lab.db.DatabaseSpec;
import dev.poolscope.lab.db.LabInputException;
import dev.poolscope.lab.report.HtmlReport;
import dev.poolscope.lab.report.JsonReport;
import dev.poolscope.lab.run.LabListener;
import dev.poolscope.lab.run.LabPlan;
import dev.poolscope.lab.run.LabResult;
import dev.poolscope.lab.run.LabRun;
import dev.poolscope.lab.run.MiddleboxMode;
import dev.poolscope.lab.run.StrategyResult;
import dev.poolscope.lab.scenario.ScenarioKind;
import dev.poolscope.lab.scenario.ScenarioSpec;
import dev.poolscope.lab.strategy.StrategyPresets;
import dev.poolscope.lab.strategy.StrategySettings;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

/**
 * {@code poolscope lab}: runs the stale-connection lab from a terminal. Progress goes to stderr,
 * the result table to stdout, so {@code > result.txt} keeps only the table. Exit codes: 0 done,
 * 1 cancelled, 2 bad input or unusable database. Ctrl-C (or SIGTERM) cancels the run, waits up to
 * 20 s for its clean-up (nftables rules, proxies, pools, embedded database), prints the partial
 * result, and the shell sees the signal's exit status.
 */
@Command(name = "lab", mixinStandardHelpOptions = true,
        description = "Run HikariCP pools with different stale-connection strategies side by side through a "
                + "middlebox that drops idle connections silently, and compare them.")
public final class LabCommand implements Callable<Integer> {

    @Option(names = "--db", paramLabel = "URL", description = "jdbc:postgresql://host:port/db (default: an embedded PostgreSQL)")
    String jdbcUrl;

    @Option(names = "--user", paramLabel = "U", description = "database user (with --db)")
    String user;

    @Option(names = "--password-file", paramLabel = "F", description = "file holding the password (first line); never passed on the command line")
    Path passwordFile;

    @Option(names = "--scenario", paramLabel = "NAME", defaultValue = "monday-morning",
            description = "monday-morning, drop-mid-query, db-restart or partition (default: ${DEFAULT-VALUE})")
    String scenario;

    @Option(names = "--strategies", paramLabel = "LIST", split = ",", defaultValue = "none,validate,evict,keepalive,all",
            description = "comma-separated: none, validate, evict, keepalive, all (default: all five)")
    List<String> strategies;

    @Option(names = "--middlebox", paramLabel = "MODE", defaultValue = "proxy",
            description = "proxy (userspace, anywhere) or kernel (nftables, Linux as root; judges TCP keepalive)")
    String middlebox;

    @Option(names = "--drop-idle", paramLabel = "SECONDS", description = "middlebox idle timeout (default: the scenario's)")
    Double dropIdleSeconds;

    @Option(names = "--param", paramLabel = "NAME=VALUE",
            description = "change a scenario parameter, e.g. --param quietMillis=20000 (repeatable): warmupMillis, "
                    + "dropIdleMillis, quietMillis, burstRequests, faultMillis, observeMillis, steadyThreads, "
                    + "queryMillis, thinkMillis, latencyMicros")
    List<String> params = List.of();

    @Option(names = "--set", paramLabel = "STRATEGY.SETTING=VALUE",
            description = "edit a strategy's preset, e.g. --set validate.validationTimeoutMillis=500 (repeatable)")
    List<String> edits = List.of();

    @Option(names = "--json", paramLabel = "FILE", description = "write the JSON result here")
    Path json;

    @Option(names = "--html", paramLabel = "FILE", description = "write a self-contained HTML report here")
    Path html;

    /** Strong references: java.util.logging keeps loggers weakly, and a collected logger forgets its level. */
    private static final List<java.util.logging.Logger> QUIETED = List.of(
            java.util.logging.Logger.getLogger("com.zaxxer.hikari"),
            java.util.logging.Logger.getLogger("io.zonky.test"));

    @Override
    public Integer call() {
        // The pools' own warnings (a dead connection each) would bury the progress lines; the
        // result table reports what they would say, counted. Restored afterwards: the loggers are
        // process-wide, and whatever runs next in this JVM (a test, the GUI) keeps its own levels.
        List<java.util.logging.Level> before = QUIETED.stream().map(java.util.logging.Logger::getLevel).toList();
        QUIETED.forEach(l -> l.setLevel(java.util.logging.Level.SEVERE));
        try {
            return runQuieted();
        } finally {
            for (int i = 0; i < QUIETED.size(); i++) {
                QUIETED.get(i).setLevel(before.get(i));
            }
        }
    }

    private int runQuieted() {
        PrintStream err = System.err;
        LabPlan plan;
        try {
            plan = plan();
        } catch (LabInputException | IllegalArgumentException e) {
            err.println("poolscope lab: " + e.getMessage());
            return 2;
        }
        LabRun run = new LabRun(plan, progress(err), Clock.systemUTC());
        java.util.concurrent.CountDownLatch cleanedUp = new java.util.concurrent.CountDownLatch(1);
        // Ctrl-C: cancel, then hold the JVM until the run has removed its nftables rules, closed the
        // proxies and pools and stopped the embedded database (bounded, so a hang cannot block exit).
        Thread onCtrlC = new Thread(() -> {
            run.cancel();
            try {
                cleanedUp.await(20, java.util.concurrent.TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "poolscope-lab-cli-cancel");
        Runtime.getRuntime().addShutdownHook(onCtrlC);
        LabResult result;
        try {
            result = run.run();
        } catch (LabInputException e) {
            err.println();
            err.println("poolscope lab: " + e.getMessage());
            return 2;
        } finally {
            cleanedUp.countDown();
            if (plan.database().password() != null) {
                Arrays.fill(plan.database().password(), '\0');
            }
            try {
                Runtime.getRuntime().removeShutdownHook(onCtrlC);
            } catch (IllegalStateException shuttingDown) {
                // Ctrl-C: the hook already cancelled the run, which has now cleaned up
            }
        }
        err.println();
        System.out.print(table(result));
        try {
            if (json != null) {
                Files.writeString(json, JsonReport.toJson(result));
                err.println("JSON written to " + json);
            }
            if (html != null) {
                Files.writeString(html, HtmlReport.toHtml(result));
                err.println("HTML report written to " + html);
            }
        } catch (IOException e) {
            err.println("poolscope lab: could not write the report: " + e.getMessage());
            return 2;
        }
        return result.cancelled() ? 1 : 0;
    }

    LabPlan plan() throws LabInputException {
        ScenarioSpec spec = ScenarioSpec.defaults(ScenarioKind.parse(scenario));
        if (dropIdleSeconds != null) {
            var p = spec.params();
            long drop = Math.round(dropIdleSeconds * 1000);
            spec = new ScenarioSpec(spec.kind(), new dev.poolscope.lab.scenario.ScenarioParams(p.warmupMillis(), drop,
                    Math.max(p.quietMillis(), spec.kind() == ScenarioKind.MONDAY_MORNING ? drop + 3_000 : 0),
                    p.burstRequests(), p.faultMillis(), p.observeMillis(), p.steadyThreads(), p.queryMillis(),
                    p.thinkMillis(), p.latencyMicros()));
        }
        for (String param : params) {
            String[] kv = param.split("=", 2);
            if (kv.length != 2) {
                throw new LabInputException("--param needs NAME=VALUE, not '" + param + "'");
            }
            spec = new ScenarioSpec(spec.kind(), dev.poolscope.lab.scenario.ScenarioEdits.with(spec.params(), kv[0].strip(), kv[1]));
        }
        MiddleboxMode mode = switch (middlebox.toLowerCase(Locale.ROOT)) {
            case "proxy" -> MiddleboxMode.PROXY;
            case "kernel" -> MiddleboxMode.KERNEL;
            default -> throw new LabInputException("--middlebox must be proxy or kernel, not '" + middlebox + "'");
        };
        List<StrategySettings> settings = new java.util.ArrayList<>(
                StrategyPresets.presets(strategies, spec.params().dropIdleMillis()));
        for (String edit : edits) {
            int dot = edit.indexOf('.');
            int eq = edit.indexOf('=');
            if (dot < 1 || eq < dot) {
                throw new LabInputException("--set needs STRATEGY.SETTING=VALUE, not '" + edit + "'");
            }
            String name = edit.substring(0, dot);
            int i = settings.stream().map(StrategySettings::name).toList().indexOf(name);
            if (i < 0) {
                throw new LabInputException("--set: no strategy '" + name + "' in this run");
            }
            settings.set(i, dev.poolscope.lab.strategy.StrategyEdits.with(settings.get(i), edit.substring(dot + 1, eq).strip(),
                    edit.substring(eq + 1)));
        }
        DatabaseSpec db;
        if (jdbcUrl == null) {
            if (user != null || passwordFile != null) {
                throw new LabInputException("--user and --password-file need --db; without --db the lab uses an embedded PostgreSQL.");
            }
            db = DatabaseSpec.embedded();
        } else {
            if (user == null) {
                throw new LabInputException("--db needs --user.");
            }
            db = new DatabaseSpec(jdbcUrl, user, passwordFile == null ? null : readPassword(passwordFile));
        }
        return new LabPlan(db, spec, settings, mode);
    }

    private static char[] readPassword(Path file) throws LabInputException {
        try {
            byte[] bytes = Files.readAllBytes(file);
            CharBuffer chars = StandardCharsets.UTF_8.decode(ByteBuffer.wrap(bytes));
            Arrays.fill(bytes, (byte) 0);
            int end = 0;
            while (end < chars.limit() && chars.get(end) != '\n' && chars.get(end) != '\r') {
                end++;
            }
            char[] password = Arrays.copyOf(chars.array(), end);
            Arrays.fill(chars.array(), '\0');
            return password;
        } catch (IOException e) {
            throw new LabInputException("Cannot read the password file " + file + ": " + e.getMessage());
        }
    }

    private static LabListener progress(PrintStream err) {
        return new LabListener() {
            private String lastPhase = "";
            private int lastPercent = -1;

            @Override
            public synchronized void phase(String phase, double fraction) {
                int percent = (int) Math.round(fraction * 100);
                if (!phase.equals(lastPhase)) {
                    err.printf(Locale.ROOT, "%n[%3d%%] %s", percent, phase);
                    lastPhase = phase;
                    lastPercent = percent;
                } else if (percent / 10 != lastPercent / 10) {
                    err.print(" .");
                    lastPercent = percent;
                }
                err.flush();
            }

            @Override
            public synchronized void message(String text) {
                err.printf("%n%s", text);
            }
        };
    }

    static String table(LabResult r) {
        StringBuilder b = new StringBuilder();
        b.append(String.format(Locale.ROOT, "Scenario %s, middlebox %s, %s%s%n", r.scenario().kind().id(),
                r.middlebox().id(), r.database(), r.cancelled() ? " (CANCELLED: partial results)" : ""));
        for (String n : r.notes()) {
            b.append("  ").append(n).append('\n');
        }
        b.append(String.format(Locale.ROOT, "%-3s %-12s %9s %9s %9s %7s %8s %6s %7s %6s %6s %9s %8s %9s%n",
                "#", "strategy", "p50 ms", "p99 ms", "max ms", "errors", "timeouts", "dead", "valid.", "conns",
                "stuck", "recov ms", "ovh q/s", "keepalive"));
        for (StrategyResult s : r.strategies()) {
            b.append(String.format(Locale.ROOT, "%-3d %-12s %9.1f %9.1f %9.1f %7d %8d %6d %7d %6d %6d %9s %8.1f %9s%n",
                    s.rank(), s.strategy(), s.borrowWaitP50Millis(), s.borrowWaitP99Millis(), s.borrowWaitMaxMillis(),
                    s.errors(), s.timeouts(), s.deadHandedOut(), s.validations(), s.connectionsCreated(),
                    s.maxStuckThreads(), s.recoveryMillis() == null ? "-" : s.recoveryMillis().toString(),
                    s.overheadQueriesPerSecond(), s.keepaliveJudged() ? "judged" : "not judged"));
        }
        b.append('\n');
        for (StrategyResult s : r.strategies()) {
            b.append(s.rank()).append(". ").append(s.verdict()).append('\n');
        }
        return b.toString();
    }
}
