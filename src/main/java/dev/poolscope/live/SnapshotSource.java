package dev.poolscope.live;

import dev.poolscope.attach.TargetConnection;

/** Reads one full snapshot from a connected target. Blocking; bounded by the caller's deadline. */
public interface SnapshotSource {
    TargetSnapshot read(TargetConnection connection) throws Exception;

    /**
     * The same, with everything read now, nothing reused from an earlier read (the user pressed
     * F5): a source that spaces costly reads reads them anyway.
     */
    default TargetSnapshot readFresh(TargetConnection connection) throws Exception {
        return read(connection);
    }
}
