package dev.poolscope.live;

import dev.poolscope.attach.ConnectFailure;
import dev.poolscope.attach.DeadlineRunner;
import dev.poolscope.attach.RmiTimeouts;
import dev.poolscope.attach.TargetConnection;
import dev.poolscope.text.Durations;

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
 *
 * <p>One call in flight per target ({@link OneCallInFlight}): a read that missed its deadline is not
 * abandoned for a fresh one; ticks are skipped until it returns, so a stopped target costs one
 * thread and one connection. While it stays silent the user hears about it when the silence crosses
 * {@link #REPORT_STEPS_SECONDS} (5 s, 10 s, 30 s, ...), not once per tick.
 *
 * <p>Reconnect: RMI response timeouts (attach/RmiTimeouts) end a hung call, and RMIConnector then
 * closes its connector for good once its own check call also timed out (a target stopped longer
 * than twice the timeout). The poller sees the connection {@link TargetConnection#broken() broken}
 * and, on the same one call thread, opens one new connection (which closes the old), first at once,
 * then after a back-off of 1, 2, 4, 8, 10 s. The user reads "not answering since HH:MM:SS,
 * reconnecting" once and "Reconnected" once; only a refused reconnect (nothing listens) means gone.
 */
public final class LivePoller implements AutoCloseable {

    private final TargetConnection connection;
    private final SnapshotSource source;
    private final SnapshotListener listener;
    private final Clock clock;
    private final Duration deadline;
    private final ScheduledExecutorService scheduler;
    private final OneCallInFlight calls;
    private final AtomicBoolean polling = new AtomicBoolean();
    /** Silence (s) at which a still-silent target is reported again; after the last, every minute. */
    static final long[] REPORT_STEPS_SECONDS = {5, 10, 30, 60};
    private volatile boolean paused;
    private volatile boolean closed;
    private volatile Duration interval;
    private ScheduledFuture<?> tick;
    private Instant failingSince;
    private Instant lastSuccess;
    /** The last silence step reported (poller thread only), 0 while the target answers. */
    private long reportedStep;
    static final Duration FIRST_BACKOFF = Duration.ofSeconds(1);
    static final Duration MAX_BACKOFF = Duration.ofSeconds(10);
    /** Poller thread only. Non-null while the connection is being reopened: when the target last answered. */
    private Instant reconnectingSince;
    private boolean reconnectAnnounced;
    private int failedAttempts;
    private Instant nextAttemptAt;
    private Duration backoff = FIRST_BACKOFF;
    /** The last reconnect failure told the user (other than no answer), so each new one is said once. */
    private String reportedReconnectProblem;
    /** What the outstanding call is, for the still-silent message ("read" or "reconnect attempt"). */
    private volatile String outstanding = "read";

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
        this.calls = new OneCallInFlight(name + "-call", clock);
    }

    public LivePoller(TargetConnection connection, SnapshotSource source, SnapshotListener listener, Duration interval) {
        // The default zone: the reconnect messages name times of day, like the rest of the CLI and GUI.
        this(connection, source, listener, interval, DeadlineRunner.DEFAULT_DEADLINE, Clock.systemDefaultZone());
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

    /** Set by {@link #pollNow()}: the next poll reads threads too, whatever their pacing. */
    private volatile boolean freshRequested;

    public boolean paused() {
        return paused;
    }

    /** Polls as soon as possible (skipped if a poll is running), reading everything afresh (F5). */
    public void pollNow() {
        if (!closed) {
            freshRequested = true;
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
            if ((reconnectingSince != null || connection.broken()) && !reconnectIfDue()) {
                return;
            }
            boolean fresh = freshRequested;
            freshRequested = false;
            TargetSnapshot snapshot = calls.tryCall("reading " + connection.info().address(), deadline, () -> {
                outstanding = "read"; // set by the call itself: a refused tryCall must not relabel the one still out
                return fresh ? source.readFresh(connection) : source.read(connection);
            });
            failingSince = null;
            reportedStep = 0;
            lastSuccess = snapshot.capturedAt();
            if (!closed) {
                listener.onSnapshot(snapshot);
            }
        } catch (OneCallInFlight.Busy busy) {
            reportStillSilent(busy.since());
        } catch (ConnectFailure e) {
            if (connection.broken() && !closed) {
                // JMX closed the connector during this read: reopen it now rather than report the read.
                startReconnecting();
                try {
                    reconnectIfDue(); // when it works, the next tick reads through the new connection
                } catch (OneCallInFlight.Busy busy) {
                    reportStillSilent(busy.since());
                }
            } else {
                handleFailure(e);
            }
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
            long since = Math.max(silentSeconds(failingSince, now), deadline.toSeconds());
            reportedStep = step(since);
            message = "Target not responding for " + since + " s"
                    + " (no answer within " + deadline.toSeconds() + " s); still trying.";
        } else {
            message = e.getMessage();
        }
        listener.onFailure(message, gone);
        if (gone) {
            close();
        }
    }

    /**
     * One reconnect attempt when due (poller thread). Returns true when the connection works again
     * (the caller reads at once), false when nothing more is to be done this tick.
     */
    private boolean reconnectIfDue() throws OneCallInFlight.Busy {
        Instant now = clock.instant();
        if (reconnectingSince == null) {
            startReconnecting();
        }
        if (!connection.broken()) {
            reconnected(now); // an attempt that missed its deadline got through later
            return true;
        }
        if (nextAttemptAt != null && now.isBefore(nextAttemptAt)) {
            return false; // back-off: nothing is sent to the target
        }
        try {
            calls.tryCall("reconnecting to " + connection.info().address(), deadline, () -> {
                outstanding = "reconnect attempt";
                connection.reconnect();
                return null;
            });
        } catch (ConnectFailure f) {
            if (f.reason() == ConnectFailure.Reason.REFUSED) {
                if (!closed) {
                    listener.onFailure("Connection to " + connection.info().address()
                            + " lost: the target exited or closed JMX (" + DeadlineRunner.describe(f) + ").", true);
                    close();
                }
                return false;
            }
            if (f.reason() == ConnectFailure.Reason.STOPPED) {
                // Looking costs the target nothing (no connection): look again on the next tick.
                announceReconnecting(f.getMessage());
                return false;
            }
            nextAttemptAt = clock.instant().plus(backoff);
            backoff = backoff.multipliedBy(2).compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : backoff.multipliedBy(2);
            failedAttempts++;
            if (f.reason() != ConnectFailure.Reason.TIMEOUT && failedAttempts == 1) {
                // A target that is exiting resets the first attempt (EOF) and refuses the next: wait for
                // that one before saying anything, so an exit reads as one line, not three.
                return false;
            }
            announceReconnecting(null);
            if (f.reason() != ConnectFailure.Reason.TIMEOUT && !f.getMessage().equals(reportedReconnectProblem) && !closed) {
                reportedReconnectProblem = f.getMessage();
                listener.onFailure(f.getMessage() + " Still trying.", false);
            }
            return false;
        }
        reconnected(clock.instant());
        return true;
    }

    private void startReconnecting() {
        Instant now = clock.instant();
        reconnectingSince = lastSuccess != null ? lastSuccess : failingSince != null ? failingSince : now;
        if (failingSince == null) {
            failingSince = reconnectingSince;
        }
        reconnectAnnounced = false;
        reportedReconnectProblem = null;
        failedAttempts = 0;
        nextAttemptAt = null;
        backoff = FIRST_BACKOFF;
    }

    /** Said once per reconnect, when the first attempt did not get through at once (a quick one says only "reconnected"). */
    private void announceReconnecting(String why) {
        if (reconnectAnnounced || closed) {
            return;
        }
        reconnectAnnounced = true;
        Duration timeout = RmiTimeouts.response();
        listener.onFailure(connection.info().address() + " not answering since " + time(reconnectingSince)
                + ", reconnecting: JMX closed the connection after its calls got no answer"
                + (timeout.isZero() ? "" : " within " + Durations.setting(timeout.toMillis())) + "."
                + (why == null ? "" : " " + why), false);
    }

    private void reconnected(Instant now) {
        Instant since = reconnectingSince;
        reconnectingSince = null;
        reconnectAnnounced = false;
        nextAttemptAt = null;
        backoff = FIRST_BACKOFF;
        if (!closed) {
            listener.onReconnected("Reconnected to " + connection.info().address() + " at " + time(now)
                    + "; it had not answered since " + time(since) + ".");
        }
    }

    private String time(Instant instant) {
        return Durations.timeOfDay(instant, clock.getZone());
    }

    /** A tick skipped because the last read is still unanswered: say so when the silence grew a step. */
    private void reportStillSilent(Instant callStarted) {
        if (closed) {
            return;
        }
        Instant now = clock.instant();
        if (failingSince == null) {
            failingSince = callStarted;
        }
        long silent = silentSeconds(callStarted, now);
        long step = step(silent);
        if (reconnectingSince != null) {
            // "not answering since HH:MM:SS, reconnecting" says it all until "Reconnected"; said here
            // when the attempt itself is what hangs (still the old read: its end will tell more).
            if ("reconnect attempt".equals(outstanding)) {
                announceReconnecting(null);
            }
            return;
        }
        if (step <= reportedStep) {
            return;
        }
        reportedStep = step;
        long waiting = Duration.between(callStarted, now).toSeconds();
        listener.onFailure("Target not responding for " + silent + " s: the " + outstanding + " sent " + waiting
                + " s ago is still unanswered, so nothing more is sent until it answers (a stopped or overloaded JVM).", false);
    }

    /** Seconds since the target last answered (or since {@code fallback} when it never has). */
    private long silentSeconds(Instant fallback, Instant now) {
        return Duration.between(lastSuccess == null ? fallback : lastSuccess, now).toSeconds();
    }

    /** The largest report step not above {@code silentSeconds}; 0 below the first. */
    static long step(long silentSeconds) {
        long last = REPORT_STEPS_SECONDS[REPORT_STEPS_SECONDS.length - 1];
        if (silentSeconds >= last) {
            return silentSeconds / 60 * 60;
        }
        long step = 0;
        for (long s : REPORT_STEPS_SECONDS) {
            if (silentSeconds >= s) {
                step = s;
            }
        }
        return step;
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
        calls.close();
    }
}
