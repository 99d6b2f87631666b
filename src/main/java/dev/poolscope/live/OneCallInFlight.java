package dev.poolscope.live;

import dev.poolscope.attach.ConnectFailure;
import dev.poolscope.attach.DeadlineRunner;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Runs the calls to one target on one named thread, at most one at a time (issue 9.5).
 *
 * <p>Why not {@link DeadlineRunner}: when its deadline passes, it cancels the future and the next
 * call starts on a fresh thread, while the first one still sits in a socket read (interrupting does
 * not wake a blocked RMI read). Against a stopped JVM every tick then added a thread and, because RMI
 * opens a new TCP connection when its idle one is busy, a connection (21 after two minutes); on
 * SIGCONT the target received all the queued reads at once. Here a call that missed its deadline
 * keeps its slot until it really returns, and {@link #tryCall} refuses to start another meanwhile:
 * a hung target costs one thread and one connection, never a queue.
 */
final class OneCallInFlight implements AutoCloseable {

    /** The slot is taken: the previous call has not returned yet. */
    static final class Busy extends Exception {
        private final Instant since;

        Busy(Instant since) {
            super("a call has been outstanding since " + since, null, false, false);
            this.since = since;
        }

        Instant since() {
            return since;
        }
    }

    private final ExecutorService worker;
    private final Clock clock;
    /** When the outstanding call started, or null when none is. Written by the caller, cleared by the worker. */
    private final AtomicReference<Instant> busySince = new AtomicReference<>();

    OneCallInFlight(String threadName, Clock clock) {
        this.clock = clock;
        this.worker = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, threadName);
            t.setDaemon(true);
            return t;
        });
    }

    /**
     * Runs {@code call} with a deadline, unless the previous call is still outstanding.
     *
     * @throws Busy           when the previous call has not returned yet (nothing was sent)
     * @throws ConnectFailure TIMEOUT when this call missed its deadline (it keeps running), else its failure
     */
    <T> T tryCall(String what, Duration deadline, Callable<T> call) throws Busy, ConnectFailure {
        Instant now = clock.instant();
        if (!busySince.compareAndSet(null, now)) {
            Instant since = busySince.get();
            throw new Busy(since == null ? now : since);
        }
        Future<T> future;
        try {
            future = worker.submit(() -> {
                try {
                    return call.call();
                } finally {
                    busySince.set(null);
                }
            });
        } catch (java.util.concurrent.RejectedExecutionException e) {
            busySince.set(null);
            throw new ConnectFailure(ConnectFailure.Reason.OTHER, "Stopped while " + what + ".", e);
        }
        try {
            return future.get(deadline.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            // Not cancelled: the slot stays taken until the target answers or the connection dies.
            throw new ConnectFailure(ConnectFailure.Reason.TIMEOUT, "No answer after " + deadline.toSeconds()
                    + " s while " + what + ". The JVM may be busy, stopped (SIGSTOP, debugger) or still starting.", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ConnectFailure(ConnectFailure.Reason.OTHER, "Cancelled while " + what + ".", e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof ConnectFailure cf) {
                throw cf;
            }
            throw new ConnectFailure(ConnectFailure.Reason.OTHER, "Failed while " + what + ": "
                    + DeadlineRunner.describe(cause), cause);
        }
    }

    /** When the outstanding call started, or null when no call is outstanding. */
    Instant busySince() {
        return busySince.get();
    }

    @Override
    public void close() {
        worker.shutdownNow();
    }
}
