package dev.poolscope.live.diagnosis;

/** What is wrong with a connection, decided from evidence; the JSON names are a contract. */
public enum DiagnosisKind {
    DEAD_PEER("dead_peer"),
    SERVER_GONE("server_gone"),
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
