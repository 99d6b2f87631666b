package dev.poolscope.lab.run;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Ranks strategies and explains each in one sentence. The order is what an on-call engineer
 * would choose: first a strategy that recovered after the fault over one that did not within the
 * run, then fewer failed requests (errors and timeouts), then fewer threads stuck at once, then a
 * shorter p99 borrow wait, then less overhead on the database.
 */
public final class Verdicts {

    private Verdicts() {
    }

    static Comparator<StrategyResult> order(boolean faulted) {
        return Comparator
                .comparing((StrategyResult r) -> faulted && r.recoveryMillis() == null)
                .thenComparingLong(r -> r.errors() + r.timeouts())
                .thenComparingInt(StrategyResult::maxStuckThreads)
                .thenComparingDouble(StrategyResult::borrowWaitP99Millis)
                .thenComparingDouble(StrategyResult::overheadQueriesPerSecond);
    }

    public static List<StrategyResult> rank(List<StrategyResult> results, boolean faulted) {
        List<StrategyResult> sorted = new ArrayList<>(results);
        sorted.sort(order(faulted));
        List<StrategyResult> ranked = new ArrayList<>();
        for (int i = 0; i < sorted.size(); i++) {
            StrategyResult r = sorted.get(i);
            ranked.add(r.ranked(i + 1, sentence(r, faulted)));
        }
        return List.copyOf(ranked);
    }

    static String sentence(StrategyResult r, boolean faulted) {
        StringBuilder s = new StringBuilder(r.strategy()).append(": ");
        long failed = r.errors() + r.timeouts();
        if (failed == 0) {
            s.append("no failed requests");
        } else {
            s.append(failed).append(" failed requests (").append(kinds(r)).append(")");
            if (r.deadHandedOut() > 0) {
                s.append(", ").append(r.deadHandedOut()).append(" dead connections handed out");
            }
        }
        if (r.maxStuckThreads() > 0) {
            s.append(", up to ").append(r.maxStuckThreads()).append(" threads stuck over 1 s at once");
        }
        s.append(String.format(Locale.ROOT, "; borrow wait p99 %.0f ms, max %.0f ms", r.borrowWaitP99Millis(),
                r.borrowWaitMaxMillis()));
        if (r.validations() > 0) {
            s.append(String.format(Locale.ROOT, "; %d validation pings", r.validations()));
            if (r.unansweredValidations() > 0 && r.keepaliveJudged()) {
                // kernel mode: the client's give-up on a dropped flow never reaches the proxy
                s.append(String.format(Locale.ROOT, ", %d unanswered (their time is not visible at the wire in kernel "
                        + "mode; it shows in borrow wait), %.0f ms measured", r.unansweredValidations(), r.validationMillis()));
            } else {
                if (r.unansweredValidations() > 0) {
                    s.append(" (").append(r.unansweredValidations()).append(" unanswered)");
                }
                s.append(String.format(Locale.ROOT, " took %.0f ms in total", r.validationMillis()));
            }
        }
        s.append(String.format(Locale.ROOT, "; %.1f extra queries/s in steady state", r.overheadQueriesPerSecond()));
        if (faulted) {
            s.append(r.recoveryMillis() == null ? "; no success after the fault within the run"
                    : "; first success " + r.recoveryMillis() + " ms after the fault");
        }
        s.append('.');
        if (r.settings().tcpKeepAlive() && !r.keepaliveJudged()) {
            s.append(" TCP keepalive cannot be judged here: the userspace proxy's own kernel answers the probes"
                    + " (run with --middlebox kernel as root).");
        }
        return s.toString();
    }

    private static String kinds(StrategyResult r) {
        Map<String, Long> k = new java.util.TreeMap<>(r.errorsByKind());
        if (r.timeouts() > 0) {
            k.put("connection timeout", r.timeouts());
        }
        return k.entrySet().stream().map(e -> e.getValue() + " " + e.getKey()).collect(Collectors.joining(", "));
    }
}
