package dev.poolscope.probe;

/** Tunables, from system properties of the target (rarely needed; defaults suit production). */
final class ProbeOptions {

    final long scanIntervalMillis;
    final long borrowStackThresholdMillis;
    final long startupDelayMillis;

    ProbeOptions(long scanIntervalMillis, long borrowStackThresholdMillis, long startupDelayMillis) {
        this.scanIntervalMillis = scanIntervalMillis;
        this.borrowStackThresholdMillis = borrowStackThresholdMillis;
        this.startupDelayMillis = startupDelayMillis;
    }

    static ProbeOptions fromSystemProperties() {
        return new ProbeOptions(
                Math.max(100, Long.getLong("poolscope.probe.scanIntervalMillis", 2000L)),
                Math.max(0, Long.getLong("poolscope.probe.borrowStackThresholdMillis", 1000L)),
                Math.max(0, Long.getLong("poolscope.probe.startupDelayMillis", 2000L)));
    }
}
