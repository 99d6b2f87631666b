package dev.poolscope.attach;

/**
 * What PoolScope is connected to.
 *
 * @param pid          the target's process id, or null when unknown (some remote targets)
 * @param address      how it was reached, e.g. "pid 4242" or a JMX service URL (never with a password)
 * @param probeMessage why the probe is absent or failed, or null when loaded
 */
public record TargetInfo(
        Long pid,
        String displayName,
        String jvmVersion,
        String address,
        ProbeStatus probe,
        String probeMessage) {
}
