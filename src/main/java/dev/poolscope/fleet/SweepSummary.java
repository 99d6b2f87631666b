package dev.poolscope.fleet;

import dev.poolscope.live.TargetSnapshot;
import dev.poolscope.live.diagnosis.Diagnoses;
import dev.poolscope.live.diagnosis.ServerTruth;
import dev.poolscope.live.headline.HeadlineWriter;
import dev.poolscope.live.threads.ThreadAnalysis;

/** Boils one snapshot down to a sweep row, with the same headline the snapshot command prints. */
final class SweepSummary {

    private SweepSummary() {
    }

    static SweepResult of(SweepTarget target, TargetSnapshot s, long tookMillis) {
        String noPools = !s.pools().isEmpty() ? null
                : s.target() != null && s.target().probe() == dev.poolscope.attach.ProbeStatus.LOADED
                ? SweepResult.NO_POOLS_WITH_PROBE : SweepResult.NO_POOLS_WITHOUT_PROBE;
        ThreadAnalysis a = s.threadAnalysis();
        if (a == null) {
            return new SweepResult(target, null, null, s.pools(), null, tookMillis, noPools);
        }
        Diagnoses diagnoses = Diagnoses.of(s.pools(), ServerTruth.notAsked(ServerTruth.NO_CREDENTIALS),
                s.capturedAt().toEpochMilli());
        return new SweepResult(target, null, HeadlineWriter.write(a, diagnoses), s.pools(), a.stuck().size(), tookMillis,
                noPools);
    }
}
