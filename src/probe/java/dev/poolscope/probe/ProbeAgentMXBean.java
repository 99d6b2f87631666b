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

    /**
     * The target's threads classified in the target: counts per category, the threads that matter with
     * stacks, and since when each has been in the same place (kept by the probe between reads).
     */
    ThreadSummary getThreadSummary();

    /** Looks for pools now instead of at the next periodic scan. */
    void rescan();
}
