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
}
