package dev.poolscope.ui.live;

import dev.poolscope.live.SnapshotListener;

import java.time.Duration;

/** Starts polling one connected target; the listener is called on the poller's thread. */
@FunctionalInterface
public interface PollingStarter {
    Polling start(SnapshotListener listener, Duration interval);
}
