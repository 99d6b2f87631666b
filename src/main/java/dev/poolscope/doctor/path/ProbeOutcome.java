package dev.poolscope.doctor.path;

/** What one idle connection did when it was checked. */
public enum ProbeOutcome {
    /** The check query was answered within the deadline: the path still knew the flow. */
    ANSWERED("answered"),
    /** No answer within the deadline and no error: the path forgot the flow silently. */
    NO_ANSWER("no_answer"),
    /** The check failed at once (reset, closed): the path dropped the flow, but not silently. */
    ERROR("error");

    private final String json;

    ProbeOutcome(String json) {
        this.json = json;
    }

    public String json() {
        return json;
    }

    public boolean dropped() {
        return this != ANSWERED;
    }
}
