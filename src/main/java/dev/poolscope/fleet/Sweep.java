package dev.poolscope.fleet;

import dev.poolscope.attach.ConnectFailure;
import dev.poolscope.attach.Connector;
import dev.poolscope.attach.DeadlineRunner;
import dev.poolscope.live.SnapshotSource;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Reads many targets at once: at most {@code parallel} in flight, each bounded by its own
 * deadline (connect + read), so a dead or hung address costs its slot one deadline and never
 * delays the others. Results come back worst first; no target is dropped.
 */
public final class Sweep {

    private final Connector connector;
    private final SnapshotSource source;
    private final Duration deadline;
    private final int parallel;
    private final boolean loadProbe;

    /**
     * @param loadProbe for pids: load the probe (false reads HikariCP's MBeans, or a probe already there)
     */
    public Sweep(Connector connector, SnapshotSource source, Duration deadline, int parallel, boolean loadProbe) {
        this.connector = connector;
        this.source = source;
        this.deadline = deadline;
        this.parallel = Math.max(1, parallel);
        this.loadProbe = loadProbe;
    }

    public List<SweepResult> run(List<SweepTarget> targets) throws InterruptedException {
        AtomicInteger n = new AtomicInteger();
        ExecutorService slots = Executors.newFixedThreadPool(Math.min(parallel, Math.max(1, targets.size())), r -> {
            Thread t = new Thread(r, "poolscope-sweep-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        try (DeadlineRunner runner = new DeadlineRunner("poolscope-sweep-call")) {
            List<Future<SweepResult>> futures = new ArrayList<>();
            for (SweepTarget target : targets) {
                futures.add(slots.submit(new SweepOne(target, runner)));
            }
            List<SweepResult> results = new ArrayList<>();
            for (int i = 0; i < futures.size(); i++) {
                try {
                    results.add(futures.get(i).get());
                } catch (ExecutionException e) {
                    // SweepOne turns every failure into a row; this is a bug guard, still not a dropped target.
                    results.add(SweepResult.failed(targets.get(i), "internal error: " + DeadlineRunner.describe(e), 0));
                }
            }
            return worstFirst(results);
        } finally {
            slots.shutdownNow();
        }
    }

    static List<SweepResult> worstFirst(List<SweepResult> results) {
        return results.stream().sorted(Comparator.comparingInt(SweepResult::rank)
                .thenComparing(Comparator.comparingInt(SweepResult::waiters).reversed())
                .thenComparing(r -> r.stuckThreads() == null ? 0 : -r.stuckThreads())
                .thenComparing(r -> r.target().text())).toList();
    }

    /** One target: connect, read one snapshot, close; every failure becomes a row with the reason. */
    private final class SweepOne implements java.util.concurrent.Callable<SweepResult> {
        private final SweepTarget target;
        private final DeadlineRunner runner;

        SweepOne(SweepTarget target, DeadlineRunner runner) {
            this.target = target;
            this.runner = runner;
        }

        @Override
        public SweepResult call() {
            long start = System.nanoTime();
            try {
                return runner.call("reading " + target.text(), deadline, () -> read(start));
            } catch (ConnectFailure e) {
                return SweepResult.failed(target, e.getMessage(), (System.nanoTime() - start) / 1_000_000);
            }
        }

        private SweepResult read(long start) throws Exception {
            try (var connection = target.pid() != null ? connector.attach(target.pid(), loadProbe)
                    : connector.connect(new dev.poolscope.attach.RemoteTarget(target.text(), null, null, false))) {
                return SweepSummary.of(target, source.read(connection), (System.nanoTime() - start) / 1_000_000);
            }
        }
    }
}
