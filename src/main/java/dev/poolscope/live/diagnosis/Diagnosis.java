package dev.poolscope.live.diagnosis;

import java.util.List;

/**
 * A connection's diagnosis: the kind, one sentence for the user, and the facts it rests on (for
 * {@code unknown}, the last evidence line says what would settle it).
 */
public record Diagnosis(DiagnosisKind kind, String summary, List<String> evidence) {

    public Diagnosis {
        evidence = List.copyOf(evidence);
    }
}
