package dev.poolscope.ui.live;

import java.time.Duration;

/** The live view's handle on a running poller (a {@link dev.poolscope.live.LivePoller} in the app). */
public interface Polling extends AutoCloseable {

    void setInterval(Duration interval);

    void pause();

    void resume();

    /** Reads once as soon as possible (F5), paused or not; skipped when a read is already running. */
    void refreshNow();

    @Override
    void close();
}
