package dev.poolscope.live;

import dev.poolscope.attach.ConnectFailure;
import dev.poolscope.attach.DeadlineRunner;
import dev.poolscope.attach.TargetConnection;

import java.io.IOException;
import java.rmi.ConnectException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Polls one connected target on its own named thread, JMC style: one read per tick, each with a
 * deadline; a poll still running is never started again (the newest snapshot wins); a lost
 * connection becomes one {@link SnapshotListener#onFailure} call, not a stream of them.
 */
public final class LivePoller implements AutoCloseable {

    private final TargetConnection connection;
    private final SnapshotSource source;
    private final SnapshotListener listener;
    private final Clock clock;
    private final Duration deadline;
    private final ScheduledExecutorService scheduler;
    private final DeadlineRunner runner;
    private final AtomicBoolean polling = new AtomicBoolean();
    private volatile boolean paused;
    private volatile boolean closed;
    private volatile Duration interval;
    private ScheduledFuture<?> tick;
    private Instant failingSince;
    private Instant lastSuccess;

    public LivePoller(TargetConnection connection, SnapshotSource source, SnapshotListener listener,
                      Duration interval, Duration deadline, Clock clock) {
        this.connection = Objects.requireNonNull(connection);
        this.source = Objects.requireNonNull(source);
        this.listener = Objects.requireNonNull(listener);
        this.interval = interval;
        this.deadline = deadline;
        this.clock = clock;
        String name = "poolscope-poll-" + connection.info().address().replaceAll("[^A-Za-z0-9.:-]", "_");
        this.scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        });
        this.runner = new DeadlineRunner(name + "-call");
    }

    public LivePoller(TargetConnection connection, SnapshotSource source, SnapshotListener listener, Duration interval) {
        this(connection, source, listener, interval, DeadlineRunner.DEFAULT_DEADLINE, Clock.systemUTC());
    }

    public synchronized void start() {
        schedule();
    }

    /** Changes the refresh interval; takes effect at once. */
    public synchronized void setInterval(Duration newInterval) {
        if (newInterval.isNegative() || newInterval.isZero()) {
            throw new IllegalArgumentException("interval must be positive");
        }
        this.interval = newInterval;
        if (tick != null) {
            tick.cancel(false);
            schedule();
        }
    }

    public Duration interval() {
        return interval;
    }

    public void pause() {
        paused = true;
    }

    public void resume() {
        paused = false;
        pollNow();
    }

    public boolean paused() {
        return paused;
    }

    /** Polls as soon as possible (skipped if a poll is running). */
    public void pollNow() {
        if (!closed) {
            scheduler.execute(this::pollOnce);
        }
    }

    private void schedule() {
        if (closed) {
            return;
        }
        long ms = interval.toMillis();
        tick = scheduler.scheduleWithFixedDelay(() -> {
            if (!paused) {
                pollOnce();
            }
        }, 0, ms, TimeUnit.MILLISECONDS);
    }

    private void pollOnce() {
        if (closed || !polling.compareAndSet(false, true)) {
            return;
        }
        try {
            TargetSnapshot snapshot = runner.call("reading " + connection.info().address(), deadline,
                    () -> source.read(connection));
            failingSince = null;
            lastSuccess = snapshot.capturedAt();
            if (!closed) {
                listener.onSnapshot(snapshot);
            }
        } catch (ConnectFailure e) {
            handleFailure(e);
        } catch (RuntimeException e) {
            // A bug in reading must not kill the poller thread: report it as a failure the user sees.
            handleFailure(new ConnectFailure(ConnectFailure.Reason.OTHER,
                    "Could not read the target: " + DeadlineRunner.describe(e), e));
        } finally {
            polling.set(false);
        }
    }

    private void handleFailure(ConnectFailure e) {
        if (closed) {
            return;
        }
        boolean gone = isConnectionLost(e);
        Instant now = clock.instant();
        if (failingSince == null) {
            failingSince = now;
        }
        String message;
        if (gone) {
            message = "Connection to " + connection.info().address() + " lost: the target exited or closed JMX ("
                    + DeadlineRunner.describe(e) + ").";
        } else if (e.reason() == ConnectFailure.Reason.TIMEOUT) {
            // No count here: the view says how old its data is in one place (issue 14 item 2).
            message = "The last read got no answer within " + deadline.toSeconds() + " s; still trying.";
        } else {
            message = e.getMessage();
        }
        listener.onFailure(message, gone);
        if (gone) {
            close();
        }
    }

    static boolean isConnectionLost(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
            if (c instanceof ConnectException || c instanceof java.net.ConnectException
                    || c instanceof java.io.EOFException
                    || (c instanceof IOException && String.valueOf(c.getMessage()).contains("Connection closed"))) {
                return true;
            }
        }
        return false;
    }

    public boolean closed() {
        return closed;
    }

    @Override
    public void close() {
        closed = true;
        scheduler.shutdownNow();
        runner.close();
    }
}
