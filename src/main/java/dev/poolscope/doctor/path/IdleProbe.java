package dev.poolscope.doctor.path;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One connection left idle and then checked.
 *
 * @param idleMillis measured from the end of its warm-up query to the start of the check (what
 *                   the path saw), not the planned value, which scheduling can miss by a few ms
 * @param answerMillis how long the check took; for NO_ANSWER it is the deadline that ran out
 * @param error        the driver's message (masked) for ERROR and NO_ANSWER, else null
 */
public record IdleProbe(int round, long plannedIdleMillis, long idleMillis, ProbeOutcome outcome,
                        long answerMillis, String error) {

    Map<String, Object> toJsonMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("round", round);
        m.put("plannedIdleMillis", plannedIdleMillis);
        m.put("idleMillis", idleMillis);
        m.put("outcome", outcome.json());
        m.put("answerMillis", answerMillis);
        m.put("error", error);
        return m;
    }
}
