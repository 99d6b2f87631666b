package dev.poolscope.lab;

import dev.poolscope.lab.report.HtmlReport;
import dev.poolscope.lab.report.JsonReport;
import dev.poolscope.lab.run.LabResult;
import dev.poolscope.lab.run.MiddleboxMode;
import dev.poolscope.lab.run.Sample;
import dev.poolscope.lab.run.StrategyResult;
import dev.poolscope.lab.run.Verdicts;
import dev.poolscope.lab.scenario.ScenarioKind;
import dev.poolscope.lab.scenario.ScenarioSpec;
import dev.poolscope.lab.strategy.StrategyPresets;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Verdict order and the two report formats, from measured-looking results built by hand. */
class ReportsTest {

    private static StrategyResult result(String name, long errors, long timeouts, long dead, int stuck, double p99,
                                         Long recovery) {
        return new StrategyResult(name, StrategyPresets.preset(name, 12_000), 0, 0.1, p99, p99 + 1, 100, 100 - errors,
                errors, errors == 0 ? Map.of() : Map.of("socket timeout", errors), timeouts, dead, 3, dead, 12.5, 9, stuck,
                recovery, 0.4, false, true, "",
                List.of(new Sample(0, 0.2, 1, 7, 8, 0, 0, 1, 0), new Sample(250, 1.5, 8, 0, 8, 2, 1, 5, 1)));
    }

    private static LabResult lab() {
        List<StrategyResult> ranked = Verdicts.rank(List.of(
                result("none", 8, 12, 8, 20, 0.4, 10053L),
                result("validate", 0, 0, 0, 20, 1069, 1074L),
                result("evict", 0, 0, 0, 0, 5.6, 6L)), true);
        return new LabResult(ScenarioSpec.defaults(ScenarioKind.MONDAY_MORNING), MiddleboxMode.PROXY,
                "jdbc:postgresql://db:5432/app as app", Instant.parse("2026-11-25T03:00:00Z"), 47_000, false, 100L,
                List.of("Userspace middlebox: TCP keepalive cannot be judged"), ranked);
    }

    @Test
    void ranksFewerFailuresFirstThenFewerStuckThreads() {
        List<StrategyResult> r = lab().strategies();
        assertThat(r).extracting(StrategyResult::strategy).containsExactly("evict", "validate", "none");
        assertThat(r).extracting(StrategyResult::rank).containsExactly(1, 2, 3);
        assertThat(r.get(2).verdict()).contains("20 failed requests", "8 dead connections handed out",
                "first success 10053 ms after the fault");
    }

    @Test
    void aStrategyThatNeverRecoveredRanksBelowOneWithMoreButShortFailures() {
        List<StrategyResult> r = Verdicts.rank(List.of(
                result("none", 4, 0, 4, 4, 138, null),
                result("keepalive", 8, 0, 8, 4, 116, 4221L)), true);
        assertThat(r).extracting(StrategyResult::strategy).containsExactly("keepalive", "none");
        assertThat(r.get(1).verdict()).contains("no success after the fault within the run");
    }

    @Test
    void jsonHasTheContractFieldsPerStrategy() {
        String json = JsonReport.toJson(lab());
        assertThat(json).startsWith("[").contains("\"strategy\": \"evict\"")
                .contains("\"borrowWait\": {\"p50Millis\": 0.100, \"p99Millis\": 5.600, \"maxMillis\": 6.600}")
                .contains("\"errors\": 8", "\"timeouts\": 12", "\"deadHandedOut\": 8", "\"validations\": 3",
                        "\"maxStuckThreads\": 20", "\"recoveryMillis\": 10053", "\"keepaliveJudged\": false");
        assertThat(json.split("\"strategy\":", -1)).hasSize(4);
    }

    @Test
    void htmlIsSelfContainedWithInlineCharts() {
        String html = HtmlReport.toHtml(lab());
        assertThat(html).contains("<svg", "<polyline", "evict", "keepalive cannot be judged", "class=\"fault\"");
        assertThat(html).doesNotContain("<script", "http://cdn", "src=\"http");
    }
}
