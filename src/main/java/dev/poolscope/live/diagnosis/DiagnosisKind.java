package dev.poolscope.live.diagnosis;

import dev.poolscope.tcpevidence.TcpEvidence;

/** What is wrong with a connection, decided from evidence; the JSON names are a contract. */
public enum DiagnosisKind {
    DEAD_PEER(TcpEvidence.DEAD_PEER),
    SERVER_GONE(TcpEvidence.SERVER_GONE),
    LOCK_WAIT("lock_wait"),
    LONG_QUERY("long_query"),
    LOST_RESPONSE("lost_response"),
    IDLE_IN_TRANSACTION("idle_in_transaction"),
    HEALTHY("healthy"),
    UNKNOWN("unknown");

    private final String jsonName;

    DiagnosisKind(String jsonName) {
        this.jsonName = jsonName;
    }

    public String jsonName() {
        return jsonName;
    }
}
