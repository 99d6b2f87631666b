package dev.poolscope.live;

import dev.poolscope.attach.TargetConnection;

/** Reads one full snapshot from a connected target. Blocking; bounded by the caller's deadline. */
public interface SnapshotSource {
    TargetSnapshot read(TargetConnection connection) throws Exception;
}
