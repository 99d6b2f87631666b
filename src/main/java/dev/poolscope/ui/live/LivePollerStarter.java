package dev.poolscope.ui.live;

import dev.poolscope.attach.TargetConnection;
import dev.poolscope.live.LivePoller;
import dev.poolscope.live.SnapshotListener;
import dev.poolscope.live.SnapshotSource;

import java.time.Duration;

/** Polls with the real {@link LivePoller}: one named thread per target, deadlines on every read. */
public final class LivePollerStarter implements PollingStarter {

    private final TargetConnection connection;
    private final SnapshotSource source;

    public LivePollerStarter(TargetConnection connection, SnapshotSource source) {
        this.connection = connection;
        this.source = source;
    }

    @Override
    public Polling start(SnapshotListener listener, Duration interval) {
        LivePoller poller = new LivePoller(connection, source, listener, interval);
        poller.start();
        return new Polling() {
            @Override
            public void setInterval(Duration newInterval) {
                poller.setInterval(newInterval);
            }

            @Override
            public void pause() {
                poller.pause();
            }

            @Override
            public void resume() {
                poller.resume();
            }

            @Override
            public void refreshNow() {
                poller.pollNow();
            }

            @Override
            public void close() {
                poller.close();
            }
        };
    }
}
