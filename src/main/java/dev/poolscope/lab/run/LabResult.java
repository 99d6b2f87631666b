package dev.poolscope.lab.run;

import dev.poolscope.lab.scenario.ScenarioSpec;

import java.time.Instant;
import java.util.List;

/**
 * A finished (or cancelled) run: strategies in verdict order, best first.
 *
 * @param database description without any password
 * @param faultAtMillis when the fault was in place, on the time axis of the samples; null if it never came
 * @param notes    what the reader must know to read the numbers right (e.g. keepalive not judged)
 */
public record LabResult(
        ScenarioSpec scenario,
        MiddleboxMode middlebox,
        String database,
        Instant startedAt,
        long durationMillis,
        boolean cancelled,
        Long faultAtMillis,
        List<String> notes,
        List<StrategyResult> strategies) {

    public LabResult {
        notes = List.copyOf(notes);
        strategies = List.copyOf(strategies);
    }

    public boolean keepaliveJudged() {
        return middlebox == MiddleboxMode.KERNEL;
    }
}
