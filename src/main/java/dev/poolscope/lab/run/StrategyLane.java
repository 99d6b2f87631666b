package dev.poolscope.lab.run;

import com.zaxxer.hikari.HikariDataSource;
import dev.poolscope.lab.db.LabDatabase;
import dev.poolscope.lab.middlebox.FaultHook;
import dev.poolscope.lab.middlebox.ProxyStats;
import dev.poolscope.lab.middlebox.TcpProxy;
import dev.poolscope.lab.scenario.ScenarioParams;
import dev.poolscope.lab.strategy.LabPool;
import dev.poolscope.lab.strategy.StrategySettings;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** One strategy's column: its middlebox, pool, workload and recorder. */
final class StrategyLane {
    final StrategySettings settings;
    final TcpProxy proxy;
    final HikariDataSource pool;
    final StrategyRecorder recorder;
    final Workload workload;
    final List<Sample> samples = new ArrayList<>();
    private long steadyStartNanos;
    private long steadyWire;
    private long steadyWorkload;
    private double overheadPerSecond;

    private StrategyLane(StrategySettings settings, TcpProxy proxy, HikariDataSource pool, StrategyRecorder recorder,
                         Workload workload) {
        this.settings = settings;
        this.proxy = proxy;
        this.pool = pool;
        this.recorder = recorder;
        this.workload = workload;
    }

    static StrategyLane open(StrategySettings s, LabDatabase db, FaultHook hook, ScenarioParams p, String appPrefix)
            throws IOException {
        TcpProxy proxy = TcpProxy.start(s.name(), db.address(), hook);
        proxy.setIdleDropMillis(p.dropIdleMillis());
        proxy.setLatencyMicros(p.latencyMicros());
        HikariDataSource pool;
        try {
            pool = LabPool.open(s, db.url().viaLoopbackPort(proxy.port()), db.user(), db.password(),
                    appPrefix + s.name().toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9_-]", "_"));
        } catch (RuntimeException e) {
            proxy.close();
            throw new IOException("the pool for '" + s.name() + "' did not start: " + e.getMessage(), e);
        }
        StrategyRecorder recorder = new StrategyRecorder();
        Workload workload = new Workload(s.name(), pool, recorder, p.workloadSql(), p.thinkMillis());
        return new StrategyLane(s, proxy, pool, recorder, workload);
    }

    void markSteadyStart() {
        ProxyStats st = proxy.stats();
        steadyStartNanos = System.nanoTime();
        steadyWire = st.statements() + st.validations();
        steadyWorkload = recorder.statementsSent();
    }

    void markSteadyEnd() {
        ProxyStats st = proxy.stats();
        double seconds = (System.nanoTime() - steadyStartNanos) / 1e9;
        long extra = (st.statements() + st.validations() - steadyWire) - (recorder.statementsSent() - steadyWorkload);
        overheadPerSecond = Math.max(0, extra) / seconds;
    }

    synchronized Sample sample(long elapsedMillis) {
        LabPool.PoolCounts c = LabPool.counts(pool);
        Sample s = new Sample(elapsedMillis, recorder.takeWindowMaxWaitMillis(), c.active(), c.idle(), c.total(),
                c.waiting(), recorder.sampleStuck(), recorder.successes(), recorder.failures());
        samples.add(s);
        return s;
    }

    synchronized StrategyResult result(boolean keepaliveJudged) {
        StrategyRecorder.Measures m = recorder.measures();
        ProxyStats st = proxy.stats();
        return new StrategyResult(settings.name(), settings, 0, m.p50Millis(), m.p99Millis(), m.maxMillis(),
                m.borrows(), m.successes(), m.errors(), m.errorsByKind(), m.timeouts(), m.deadHandedOut(),
                st.validations(), st.unansweredValidations(), st.validationNanos() / 1e6, st.connectionsAccepted(), m.maxStuckThreads(),
                m.recoveryMillis(), overheadPerSecond, keepaliveJudged, st.wireOpaque() == 0, "", samples);
    }
}
