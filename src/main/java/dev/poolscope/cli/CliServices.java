package dev.poolscope.cli;

import dev.poolscope.live.ProbeSnapshotReader;
import dev.poolscope.live.SnapshotSource;

/** The services the CLI commands share, built in one place. */
final class CliServices {

    private CliServices() {
    }

    static SnapshotSource snapshotSource() {
        return new ProbeSnapshotReader();
    }

    /** @param paceThreads false: threads on every poll, whatever a read costs the target */
    static SnapshotSource snapshotSource(boolean paceThreads) {
        return new ProbeSnapshotReader(java.time.Clock.systemUTC(), true, paceThreads);
    }
}
