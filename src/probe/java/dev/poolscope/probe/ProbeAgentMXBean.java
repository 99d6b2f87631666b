package dev.poolscope.probe;

/** {@code dev.poolscope:type=ProbeAgent}: one per JVM (docs/probe-mxbean.md). */
public interface ProbeAgentMXBean {

    String getProbeVersion();

    long getLoadedAtEpochMillis();

    int getLoadCount();

    /** {@code active}, or {@code refused: <reason>}. */
    String getInstrumentation();

    String[] getPools();

    String[] getMessages();

    /** Looks for pools now instead of at the next periodic scan. */
    void rescan();
}
