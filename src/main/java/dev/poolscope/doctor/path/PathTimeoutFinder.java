package dev.poolscope.doctor.path;

import dev.poolscope.secrets.Secrets;
import dev.poolscope.text.Durations;

import java.net.SocketTimeoutException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Measures the network path's idle timeout: opens connections, leaves them idle for the times
 * {@link BoundarySearch} plans, then checks each with {@code SELECT 1} that must be answered within
 * the check deadline (the JDBC network timeout, so the read itself gives up; nothing is left
 * hanging). A flow the path forgot silently gives no answer and no error; a reset gives an error.
 *
 * <p>Ends within max + check deadline + set-up margin; {@link #cancel()} (any thread) closes every
 * connection at once. Every connection is closed when {@link #find()} returns. One instance runs once.
 */
public final class PathTimeoutFinder {

    /** Time allowed to open a connection and run its warm-up query; also the set-up part of the margin. */
    static final long OPEN_DEADLINE_MILLIS = 10_000;

    private static final Executor DIRECT = Runnable::run;

    private final PathConnector connector;
    private final FinderSettings settings;
    private final FinderProgress progress;
    private final Set<Connection> open = ConcurrentHashMap.newKeySet();
    private volatile boolean cancelled;
    private volatile ScheduledExecutorService scheduler;
    private long startNanos;

    public PathTimeoutFinder(PathConnector connector, FinderSettings settings, FinderProgress progress) {
        this.connector = connector;
        this.settings = settings;
        this.progress = progress;
    }

    /** Stops the search and closes every connection now; {@link #find()} then returns a "cancelled" result. */
    public void cancel() {
        cancelled = true;
        closeAll();
        ScheduledExecutorService s = scheduler;
        if (s != null) {
            s.shutdownNow();
        }
    }

    /**
     * @throws SQLException if a connection cannot be opened (the message has secrets masked)
     */
    public PathTimeoutResult find() throws SQLException {
        startNanos = System.nanoTime();
        BoundarySearch search = new BoundarySearch(settings.maxMillis(), settings.firstRoundProbes(), settings.refineProbes());
        scheduler = Executors.newScheduledThreadPool(Math.max(settings.firstRoundProbes(), settings.refineProbes()) + 1,
                new NamedThreads("poolscope-path-probe"));
        ScheduledFuture<?> ticker = scheduler.scheduleAtFixedRate(() -> tick(search), 0, 250, TimeUnit.MILLISECONDS);
        try {
            while (!cancelled) {
                List<Long> plan;
                synchronized (search) {
                    plan = search.nextRound(elapsedMillis());
                }
                if (plan.isEmpty()) {
                    break;
                }
                runRound(search, search.round(), plan);
            }
        } finally {
            ticker.cancel(false);
            closeAll();
            scheduler.shutdownNow();
        }
        synchronized (search) {
            Long high = search.highMillis();
            String status = high != null ? "drop_found" : cancelled ? "cancelled" : "no_drop";
            progress.update(1.0, cancelled ? "cancelled" : "done");
            return new PathTimeoutResult(status, search.lowMillis(), high, settings.maxMillis(),
                    settings.checkDeadlineMillis(), elapsedMillis(), search.consistent(), search.probes());
        }
    }

    /** Upper bound of the whole search, for progress and for the caller's own deadline. */
    public long boundMillis() {
        return settings.maxMillis() + settings.checkDeadlineMillis() + OPEN_DEADLINE_MILLIS;
    }

    private void tick(BoundarySearch search) {
        long elapsed = elapsedMillis();
        String where;
        synchronized (search) {
            Long high = search.highMillis();
            where = high == null ? "round " + search.round() + ", no drop yet"
                    : "round " + search.round() + ", dropped after " + Durations.elapsed(high) + " idle";
        }
        progress.update(Math.min(1.0, elapsed / (double) settings.maxMillis()),
                Durations.elapsed(elapsed) + " of at most " + Durations.elapsed(settings.maxMillis()) + ": " + where);
    }

    private void runRound(BoundarySearch search, int round, List<Long> plan) throws SQLException {
        List<ScheduledFuture<?>> checks = new ArrayList<>();
        long lastIdleStart = System.nanoTime();
        for (long idle : plan) {
            if (cancelled) {
                return;
            }
            Connection c = openWarm();
            long idleStart = System.nanoTime();
            lastIdleStart = idleStart;
            long delayNanos = idleStart + idle * 1_000_000 - System.nanoTime();
            checks.add(scheduler.schedule(() -> check(search, round, idle, c, idleStart),
                    Math.max(0, delayNanos), TimeUnit.NANOSECONDS));
        }
        // the last check starts at its idle time and gives up after the deadline; the rest is slack
        long waitUntil = lastIdleStart + (plan.get(plan.size() - 1) + settings.checkDeadlineMillis() + 5_000) * 1_000_000;
        while (!cancelled && System.nanoTime() < waitUntil) {
            boolean pending = false;
            for (int i = 0; i < checks.size(); i++) {
                ScheduledFuture<?> f = checks.get(i);
                if (f.isDone()) {
                    continue;
                }
                boolean known;
                synchronized (search) {
                    known = search.alreadyKnownDropped(plan.get(i));
                }
                if (known) {
                    f.cancel(false); // a shorter idle already dropped: no need to wait for this one
                } else {
                    pending = true;
                }
            }
            if (!pending) {
                break;
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                cancel();
            }
        }
        closeAll();
    }

    private Connection openWarm() throws SQLException {
        Connection c;
        try {
            c = connector.open();
        } catch (SQLException e) {
            throw new SQLException("Cannot connect to " + connector.describe() + ": " + Secrets.mask(e.getMessage()), e.getSQLState());
        }
        open.add(c);
        try {
            c.setNetworkTimeout(DIRECT, (int) OPEN_DEADLINE_MILLIS);
            selectOne(c);
            c.setNetworkTimeout(DIRECT, (int) settings.checkDeadlineMillis());
        } catch (SQLException e) {
            close(c);
            throw new SQLException("Cannot run SELECT 1 on " + connector.describe() + ": " + Secrets.mask(e.getMessage()), e.getSQLState());
        }
        return c;
    }

    private void check(BoundarySearch search, int round, long plannedIdle, Connection c, long idleStart) {
        if (cancelled) {
            return;
        }
        synchronized (search) {
            if (search.alreadyKnownDropped(plannedIdle)) {
                close(c); // a shorter idle already dropped: this answer is known
                return;
            }
        }
        long start = System.nanoTime();
        long idle = (start - idleStart) / 1_000_000;
        ProbeOutcome outcome;
        String error = null;
        try {
            selectOne(c);
            outcome = ProbeOutcome.ANSWERED;
        } catch (SQLException e) {
            if (!open.contains(c)) {
                // the finder closed it under the check (round over because a shorter idle dropped, or
                // cancel): that failure is ours, not the path's, and must not read as a reset
                return;
            }
            long took = (System.nanoTime() - start) / 1_000_000;
            outcome = timedOut(e) || took >= settings.checkDeadlineMillis() ? ProbeOutcome.NO_ANSWER : ProbeOutcome.ERROR;
            error = Secrets.mask(e.getMessage());
        }
        long answer = (System.nanoTime() - start) / 1_000_000;
        close(c);
        if (cancelled) {
            return; // the failure may be our own close
        }
        synchronized (search) {
            search.record(new IdleProbe(round, plannedIdle, idle, outcome, answer, error));
        }
    }

    private static boolean timedOut(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SocketTimeoutException) {
                return true;
            }
        }
        return false;
    }

    private static void selectOne(Connection c) throws SQLException {
        try (Statement st = c.createStatement()) {
            st.execute("SELECT 1");
        }
    }

    private long elapsedMillis() {
        return (System.nanoTime() - startNanos) / 1_000_000;
    }

    private void close(Connection c) {
        open.remove(c);
        try {
            c.close();
        } catch (SQLException | RuntimeException e) {
            // closing a flow the path forgot can fail; the socket is released either way
        }
    }

    private void closeAll() {
        for (Connection c : List.copyOf(open)) {
            close(c);
        }
    }

    /** Daemon threads with names, so a thread dump shows what they are. */
    private static final class NamedThreads implements ThreadFactory {
        private final String prefix;
        private final AtomicInteger n = new AtomicInteger();

        NamedThreads(String prefix) {
            this.prefix = prefix;
        }

        @Override
        public Thread newThread(Runnable r) {
            Thread t = new Thread(r, prefix + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        }
    }
}
