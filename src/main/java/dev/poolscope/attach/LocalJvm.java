package dev.poolscope.attach;

/**
 * A JVM on this machine that PoolScope could attach to.
 *
 * @param pid                 its pid on this machine (the host pid, also for a JVM in a container)
 * @param notAttachableReason why attaching will not work (other user, attach disabled, too young...), or null
 * @param namespacePid        its pid inside its own PID namespace (a container), or null when it has none
 */
public record LocalJvm(long pid, String displayName, String jvmVersion, boolean attachable, String notAttachableReason,
                       Long namespacePid) {

    public LocalJvm(long pid, String displayName, String jvmVersion, boolean attachable, String notAttachableReason) {
        this(pid, displayName, jvmVersion, attachable, notAttachableReason, null);
    }
}
