package dev.poolscope.attach;

/**
 * A JVM on this machine that PoolScope could attach to.
 *
 * @param notAttachableReason why attaching will not work (other user, attach disabled, too young...), or null
 */
public record LocalJvm(long pid, String displayName, String jvmVersion, boolean attachable, String notAttachableReason) {
}
