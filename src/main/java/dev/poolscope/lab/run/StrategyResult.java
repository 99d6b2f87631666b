package dev.poolscope.lab.run;

import dev.poolscope.lab.strategy.StrategySettings;

import java.util.List;
import java.util.Map;

/**
 * Everything measured for one strategy in one run.
 *
 * @param validations          isValid pings the pool sent (validation on borrow and keepaliveTime), counted at the wire
 * @param unansweredValidations pings that got no answer (sent on a dead connection)
 * @param validationMillis     total time of the pings whose end was seen (the answer, or the client giving up;
 *                             in kernel mode the give-up on a dropped flow cannot be seen)
 * @param connectionsCreated   connections the pool opened (accepted by its middlebox)
 * @param recoveryMillis       from the fault to the first success after it; null if none came (or no fault)
 * @param overheadQueriesPerSecond statements and pings beyond the workload's own, during the steady warm-up
 * @param keepaliveJudged      false with the userspace proxy alone: its kernel answers keepalive probes
 * @param verdict              one sentence explaining the result
 */
public record StrategyResult(
        String strategy,
        StrategySettings settings,
        int rank,
        double borrowWaitP50Millis,
        double borrowWaitP99Millis,
        double borrowWaitMaxMillis,
        long borrows,
        long successes,
        long errors,
        Map<String, Long> errorsByKind,
        long timeouts,
        long deadHandedOut,
        long validations,
        long unansweredValidations,
        double validationMillis,
        long connectionsCreated,
        int maxStuckThreads,
        Long recoveryMillis,
        double overheadQueriesPerSecond,
        boolean keepaliveJudged,
        boolean wireCountsComplete,
        String verdict,
        List<Sample> samples) {

    public StrategyResult {
        errorsByKind = Map.copyOf(errorsByKind);
        samples = List.copyOf(samples);
    }

    public StrategyResult ranked(int newRank, String newVerdict) {
        return new StrategyResult(strategy, settings, newRank, borrowWaitP50Millis, borrowWaitP99Millis,
                borrowWaitMaxMillis, borrows, successes, errors, errorsByKind, timeouts, deadHandedOut, validations,
                unansweredValidations, validationMillis, connectionsCreated, maxStuckThreads, recoveryMillis, overheadQueriesPerSecond,
                keepaliveJudged, wireCountsComplete, newVerdict, samples);
    }
}
