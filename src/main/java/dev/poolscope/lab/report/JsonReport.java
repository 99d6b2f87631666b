package dev.poolscope.lab.report;

import dev.poolscope.lab.run.LabResult;
import dev.poolscope.live.report.Json;
import dev.poolscope.lab.run.StrategyResult;

import java.util.Locale;
import java.util.Map;

/**
 * The lab's JSON: a list with one object per strategy, in verdict order, with the fields the CLI
 * contract names (strategy, borrowWait{p50Millis,p99Millis,maxMillis}, errors, timeouts,
 * deadHandedOut, validations, maxStuckThreads, recoveryMillis, keepaliveJudged) and more after
 * them. Written by hand: the app has no JSON library and these are flat numbers and strings.
 */
public final class JsonReport {

    private JsonReport() {
    }

    public static String toJson(LabResult result) {
        StringBuilder b = new StringBuilder("[");
        boolean first = true;
        for (StrategyResult r : result.strategies()) {
            b.append(first ? "\n  " : ",\n  ");
            first = false;
            strategy(b, r, result);
        }
        return b.append(first ? "]" : "\n]").append('\n').toString();
    }

    private static void strategy(StringBuilder b, StrategyResult r, LabResult run) {
        b.append('{');
        field(b, "strategy", r.strategy()).append(", ");
        b.append("\"borrowWait\": {");
        num(b, "p50Millis", r.borrowWaitP50Millis()).append(", ");
        num(b, "p99Millis", r.borrowWaitP99Millis()).append(", ");
        num(b, "maxMillis", r.borrowWaitMaxMillis()).append("}, ");
        num(b, "errors", r.errors()).append(", ");
        num(b, "timeouts", r.timeouts()).append(", ");
        num(b, "deadHandedOut", r.deadHandedOut()).append(", ");
        num(b, "validations", r.validations()).append(", ");
        num(b, "maxStuckThreads", r.maxStuckThreads()).append(", ");
        b.append("\"recoveryMillis\": ").append(r.recoveryMillis() == null ? "null" : r.recoveryMillis()).append(", ");
        b.append("\"keepaliveJudged\": ").append(r.keepaliveJudged()).append(", ");
        num(b, "rank", r.rank()).append(", ");
        field(b, "verdict", r.verdict()).append(", ");
        b.append("\"errorsByKind\": {");
        boolean first = true;
        for (Map.Entry<String, Long> e : r.errorsByKind().entrySet()) {
            if (!first) {
                b.append(", ");
            }
            first = false;
            num(b, e.getKey(), e.getValue());
        }
        b.append("}, ");
        num(b, "borrows", r.borrows()).append(", ");
        num(b, "successes", r.successes()).append(", ");
        num(b, "unansweredValidations", r.unansweredValidations()).append(", ");
        num(b, "validationMillis", r.validationMillis()).append(", ");
        num(b, "connectionsCreated", r.connectionsCreated()).append(", ");
        num(b, "overheadQueriesPerSecond", r.overheadQueriesPerSecond()).append(", ");
        b.append("\"wireCountsComplete\": ").append(r.wireCountsComplete()).append(", ");
        field(b, "scenario", run.scenario().kind().id()).append(", ");
        field(b, "middlebox", run.middlebox().id()).append(", ");
        field(b, "database", run.database()).append(", ");
        b.append("\"settings\": {");
        first = true;
        for (Map.Entry<String, String> e : r.settings().describe().entrySet()) {
            if (!first) {
                b.append(", ");
            }
            first = false;
            field(b, e.getKey(), e.getValue());
        }
        b.append("}}");
    }

    private static StringBuilder field(StringBuilder b, String name, String value) {
        return b.append(quote(name)).append(": ").append(value == null ? "null" : quote(value));
    }

    private static StringBuilder num(StringBuilder b, String name, double value) {
        return b.append(quote(name)).append(": ").append(String.format(Locale.ROOT, "%.3f", value));
    }

    private static StringBuilder num(StringBuilder b, String name, long value) {
        return b.append(quote(name)).append(": ").append(value);
    }

    static String quote(String s) {
        return Json.quote(s);
    }
}
