package dev.poolscope.doctor;

/** Ranked most urgent first: enum order is the ranking order. */
public enum Severity {
    CRITICAL, WARNING, INFO;

    public String json() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
