package dev.poolscope.lab.run;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import javax.sql.DataSource;

/**
 * The application traffic of one strategy: steady workers that borrow, run one statement and
 * return, with a think time; and bursts of concurrent one-shot requests. Every request is one
 * borrow and one statement, so a failed statement is always the first on that borrow: a dead
 * connection handed out. Worker threads are named daemons; a thread blocked on a dead socket is
 * released by the pool's socketTimeout or by the middlebox closing (RST) at the end of the run.
 */
final class Workload {

    private final String name;
    private final DataSource dataSource;
    private final StrategyRecorder recorder;
    private final String sql;
    private final long thinkMillis;
    private final List<Thread> threads = new ArrayList<>();
    private volatile boolean steady;
    private volatile boolean stopped;
    private final Object gate = new Object();

    Workload(String name, DataSource dataSource, StrategyRecorder recorder, String sql, long thinkMillis) {
        this.name = name;
        this.dataSource = dataSource;
        this.recorder = recorder;
        this.sql = sql;
        this.thinkMillis = thinkMillis;
    }

    synchronized void startSteady(int workers) {
        for (int i = 0; i < workers; i++) {
            Thread t = new Thread(this::steadyLoop, "poolscope-lab-" + name + "-worker-" + i);
            t.setDaemon(true);
            threads.add(t);
            t.start();
        }
    }

    void setSteady(boolean on) {
        synchronized (gate) {
            steady = on;
            gate.notifyAll();
        }
    }

    /** Starts n requests at once (they wait on a latch so they really arrive together). */
    synchronized void burst(int n, CountDownLatch go) {
        for (int i = 0; i < n; i++) {
            Thread t = new Thread(() -> {
                try {
                    go.await();
                    request();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }, "poolscope-lab-" + name + "-burst-" + i);
            t.setDaemon(true);
            threads.add(t);
            t.start();
        }
    }

    void stop() {
        stopped = true;
        setSteady(false);
        synchronized (this) {
            threads.forEach(Thread::interrupt);
        }
    }

    private void steadyLoop() {
        while (!stopped) {
            synchronized (gate) {
                while (!steady && !stopped) {
                    try {
                        gate.wait();
                    } catch (InterruptedException e) {
                        if (stopped) {
                            return;
                        }
                    }
                }
            }
            if (stopped) {
                return;
            }
            request();
            if (thinkMillis > 0) {
                try {
                    Thread.sleep(thinkMillis);
                } catch (InterruptedException e) {
                    if (stopped) {
                        return;
                    }
                }
            }
        }
    }

    private void request() {
        recorder.operationStarted();
        long t0 = System.nanoTime();
        try (Connection c = dataSource.getConnection()) {
            recorder.borrowed(System.nanoTime() - t0);
            try (Statement st = c.createStatement()) {
                recorder.statementSent();
                st.execute(sql);
            } catch (SQLException e) {
                if (!stopped) {
                    recorder.deadConnection(e);
                }
                return;
            }
            recorder.succeeded();
        } catch (SQLException e) {
            if (!stopped) {
                recorder.borrowFailed(e);
            }
        } finally {
            recorder.operationEnded();
        }
    }
}
