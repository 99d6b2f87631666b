package dev.poolscope.lab.run;

import dev.poolscope.lab.db.LabDatabase;
import dev.poolscope.lab.db.LabInputException;
import dev.poolscope.lab.middlebox.FaultHook;
import dev.poolscope.lab.middlebox.KernelAvailability;
import dev.poolscope.lab.middlebox.NftablesDropper;
import dev.poolscope.lab.scenario.ScenarioKind;
import dev.poolscope.lab.scenario.ScenarioParams;
import dev.poolscope.lab.strategy.StrategySettings;

import java.io.IOException;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;

/**
 * One lab run: starts or checks the database, gives every strategy its own middlebox and real
 * HikariCP pool, plays the scenario's script against all of them at the same moments, samples
 * them, and ranks the results. {@link #run()} blocks its caller (never call it on a UI thread);
 * {@link #cancel()} may be called from any thread at any moment and the run still cleans up:
 * nftables rules, proxies, pools, the embedded database.
 */
public final class LabRun {

    static final long SAMPLE_PERIOD_MILLIS = 250;

    private final LabPlan plan;
    private final LabListener listener;
    private final Clock clock;
    private final String runId = Integer.toHexString(ThreadLocalRandom.current().nextInt(0x10000, 0xfffff));
    private final Object sleeper = new Object();
    private volatile boolean cancelled;
    private volatile String phase = "starting";
    private volatile long scriptStartNanos;
    private volatile Long faultAtMillis;
    private final List<StrategyLane> activeStrategyLanes = new java.util.concurrent.CopyOnWriteArrayList<>();

    public LabRun(LabPlan plan, LabListener listener, Clock clock) {
        this.plan = plan;
        this.listener = listener;
        this.clock = clock;
    }

    public void cancel() {
        cancelled = true;
        // Stop the workloads at once: failures caused by the clean-up itself (or by a shutdown hook
        // stopping the embedded database) must not be counted against a strategy.
        activeStrategyLanes.forEach(l -> l.workload.stop());
        synchronized (sleeper) {
            sleeper.notifyAll();
        }
    }

    public boolean isCancelled() {
        return cancelled;
    }

    /** The application_name prefix of this run's pools, to find their backends in pg_stat_activity. */
    public String applicationNamePrefix() {
        return "poolscope-lab-" + runId + "-";
    }

    public LabResult run() throws LabInputException {
        Instant startedAt = clock.instant();
        long t0 = System.nanoTime();
        ScenarioKind kind = plan.scenario().kind();
        ScenarioParams p = plan.scenario().params();
        List<String> notes = new ArrayList<>();
        if (plan.middlebox() == MiddleboxMode.KERNEL) {
            KernelAvailability k = NftablesDropper.availability();
            if (!k.available()) {
                throw new LabInputException("Kernel middlebox not available: " + k.reason());
            }
            notes.add("Kernel middlebox: dropped flows are also dropped by nftables (a table inet "
                    + NftablesDropper.TABLE_PREFIX + "_<pid>_<n> of this run), so TCP keepalive is judged.");
        } else {
            notes.add("Userspace middlebox: TCP keepalive cannot be judged, because the proxy's own kernel "
                    + "answers keepalive probes. Run with --middlebox kernel (Linux, root) to judge it.");
        }
        if (kind == ScenarioKind.MONDAY_MORNING && p.quietMillis() <= p.dropIdleMillis()) {
            notes.add("The quiet period (" + p.quietMillis() + " ms) is not longer than the middlebox idle timeout ("
                    + p.dropIdleMillis() + " ms): idle connections are not dropped, so this run shows no stale connections.");
        }
        announce("starting database", 0);
        List<StrategyLane> lanes = new ArrayList<>();
        NftablesDropper dropper = null;
        Thread sampler = null;
        LabDatabase db = LabDatabase.open(plan.database());
        try {
            if (kind == ScenarioKind.DB_RESTART && !db.mayTerminateBackends()) {
                throw new LabInputException("User '" + db.user() + "' may not call pg_terminate_backend, which the "
                        + "db-restart scenario needs. Grant EXECUTE on it, or choose another scenario.");
            }
            if (cancelled) {
                db.close(); // cancelled while the database was starting
                announce("cancelled", 1.0);
                return cancelledResult(startedAt, t0, notes);
            }
            notes.add("Database: " + db.description() + (db.serverVersion() == null ? "" : " (" + db.serverVersion() + ")"));
            FaultHook hook = FaultHook.NONE;
            if (plan.middlebox() == MiddleboxMode.KERNEL) {
                try {
                    dropper = NftablesDropper.open();
                } catch (IOException e) {
                    throw new LabInputException("Kernel middlebox could not be set up: " + e.getMessage());
                }
                hook = dropper;
            }
            announce("opening pools", 0.01);
            for (StrategySettings s : plan.strategies()) {
                StrategyLane lane = StrategyLane.open(s, db, hook, p, applicationNamePrefix());
                lanes.add(lane);
                activeStrategyLanes.add(lane);
            }
            scriptStartNanos = System.nanoTime(); // before the sampler: its time axis starts here
            sampler = startSampler(lanes, p.totalMillis(kind));
            playScript(kind, p, lanes, db);
            announce(cancelled ? "cancelled, cleaning up" : "collecting results", cancelled ? progress(p) : 1.0);
        } catch (IOException | LabInputException | RuntimeException e) {
            closeQuietly(lanes, dropper, sampler);
            closePools(lanes);
            db.close();
            announce("failed", 1.0);
            if (e instanceof LabInputException lie) {
                throw lie;
            }
            if (e instanceof RuntimeException re) {
                throw re;
            }
            throw new LabInputException("Could not start the middlebox: " + e.getMessage());
        } finally {
            if (sampler != null) {
                sampler.interrupt();
            }
            lanes.forEach(l -> l.workload.stop());
            if (dropper != null) {
                dropper.close(); // first, so the proxies' RSTs below reach the clients
            }
            lanes.forEach(l -> l.proxy.close());
        }
        try {
            List<StrategyResult> results = new ArrayList<>();
            for (StrategyLane lane : lanes) {
                results.add(lane.result(plan.middlebox() == MiddleboxMode.KERNEL));
            }
            boolean faulted = !results.isEmpty() && lanes.get(0).recorder.measures().faulted();
            return new LabResult(plan.scenario(), plan.middlebox(), db.description(), startedAt,
                    (System.nanoTime() - t0) / 1_000_000, cancelled, faultAtMillis, notes, Verdicts.rank(results, faulted));
        } finally {
            closePools(lanes);
            db.close();
            announce(cancelled ? "cancelled" : "done", 1.0);
        }
    }

    private static void closeQuietly(List<StrategyLane> lanes, NftablesDropper dropper, Thread sampler) {
        if (sampler != null) {
            sampler.interrupt();
        }
        lanes.forEach(l -> l.workload.stop());
        if (dropper != null) {
            dropper.close();
        }
        lanes.forEach(l -> l.proxy.close());
    }

    private void playScript(ScenarioKind kind, ScenarioParams p, List<StrategyLane> lanes, LabDatabase db) {
        announce("warm-up: steady load", 0.02);
        lanes.forEach(l -> {
            l.workload.startSteady(p.steadyThreads());
            l.workload.setSteady(true);
        });
        // Steady-state overhead is measured in the second half of the warm-up, once pools are filled.
        if (!pause(p.warmupMillis() / 2)) {
            return;
        }
        lanes.forEach(StrategyLane::markSteadyStart);
        if (!pause(p.warmupMillis() - p.warmupMillis() / 2)) {
            return;
        }
        lanes.forEach(StrategyLane::markSteadyEnd);
        switch (kind) {
            case MONDAY_MORNING -> {
                announce("quiet: no load for " + p.quietMillis() / 1000 + " s (middlebox drops flows idle "
                        + p.dropIdleMillis() / 1000 + " s)", progress(p));
                lanes.forEach(l -> l.workload.setSteady(false));
                if (!pause(p.quietMillis())) {
                    return;
                }
                announce("burst: " + p.burstRequests() + " requests at once, then steady load", progress(p));
                CountDownLatch go = new CountDownLatch(1);
                lanes.forEach(l -> l.workload.burst(p.burstRequests(), go));
                fault(lanes);
                go.countDown();
                lanes.forEach(l -> l.workload.setSteady(true));
            }
            case DROP_MID_QUERY -> {
                // The fault counts from when it is in place everywhere (kernel mode adds rules one by one).
                int dropped = lanes.stream().mapToInt(l -> l.proxy.dropAllSilently()).sum();
                fault(lanes);
                announce("dropped " + dropped + " flows silently mid-query; observing", progress(p));
            }
            case DB_RESTART -> {
                fault(lanes);
                announce("terminating backends: " + terminateBackends(db), progress(p));
            }
            case PARTITION -> {
                lanes.forEach(l -> l.proxy.setBlackholed(true));
                fault(lanes);
                announce("partition: everything blackholed for " + p.faultMillis() / 1000 + " s", progress(p));
                boolean completed = pause(p.faultMillis());
                lanes.forEach(l -> l.proxy.setBlackholed(false));
                if (!completed) {
                    return;
                }
                announce("healed; observing", progress(p));
            }
        }
        if (kind == ScenarioKind.MONDAY_MORNING) {
            announce("observing after the burst", progress(p));
        }
        pause(p.observeMillis());
    }

    private String terminateBackends(LabDatabase db) {
        try (Connection c = db.adminConnection(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
                     + "WHERE application_name LIKE '" + applicationNamePrefix() + "%'")) {
            rs.next();
            return rs.getInt(1) + " backends of the lab's pools";
        } catch (SQLException e) {
            listener.message("Could not terminate backends: " + e.getMessage());
            return "failed (" + e.getMessage() + ")";
        }
    }

    private void fault(List<StrategyLane> lanes) {
        long now = System.nanoTime();
        faultAtMillis = (now - scriptStartNanos) / 1_000_000;
        lanes.forEach(l -> l.recorder.faultAt(now));
    }

    private double progress(ScenarioParams p) {
        long total = p.totalMillis(plan.scenario().kind());
        long elapsed = scriptStartNanos == 0 ? 0 : (System.nanoTime() - scriptStartNanos) / 1_000_000;
        return Math.min(0.99, 0.02 + 0.97 * elapsed / (double) total);
    }

    private void announce(String newPhase, double fraction) {
        phase = newPhase;
        listener.phase(newPhase, fraction);
    }

    /** Waits for the script's next step; false if the run was cancelled meanwhile. */
    private boolean pause(long millis) {
        long deadline = System.nanoTime() + millis * 1_000_000;
        synchronized (sleeper) {
            while (!cancelled) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return true;
                }
                try {
                    sleeper.wait(Math.max(1, left / 1_000_000));
                } catch (InterruptedException e) {
                    cancelled = true;
                    Thread.currentThread().interrupt();
                }
            }
        }
        return false;
    }

    private Thread startSampler(List<StrategyLane> lanes, long totalMillis) {
        Thread t = new Thread(() -> {
            while (!Thread.currentThread().isInterrupted()) {
                long elapsed = (System.nanoTime() - scriptStartNanos) / 1_000_000;
                for (StrategyLane lane : lanes) {
                    listener.sample(lane.settings.name(), lane.sample(elapsed));
                }
                listener.phase(phase, Math.min(0.99, 0.02 + 0.97 * elapsed / (double) totalMillis));
                try {
                    Thread.sleep(SAMPLE_PERIOD_MILLIS);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "poolscope-lab-sampler-" + runId);
        t.setDaemon(true);
        t.start();
        return t;
    }

    private LabResult cancelledResult(Instant startedAt, long t0, List<String> notes) {
        return new LabResult(plan.scenario(), plan.middlebox(), plan.database().toString(), startedAt,
                (System.nanoTime() - t0) / 1_000_000, true, null, notes, List.of());
    }

    /** Pools are closed in parallel with a deadline: a pool whose threads hang must not hold up the run's end. */
    private void closePools(List<StrategyLane> lanes) {
        List<Thread> closers = new ArrayList<>();
        for (StrategyLane lane : lanes) {
            Thread t = new Thread(lane.pool::close, "poolscope-lab-close-" + lane.settings.name());
            t.setDaemon(true);
            t.start();
            closers.add(t);
        }
        long deadline = System.nanoTime() + 10_000_000_000L;
        for (Thread t : closers) {
            try {
                t.join(Math.max(1, (deadline - System.nanoTime()) / 1_000_000));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        for (Thread t : closers) {
            if (t.isAlive()) {
                listener.message("Pool " + t.getName().substring("poolscope-lab-close-".length())
                        + " did not close within 10 s; its threads are left to the JVM.");
            }
        }
    }
}
