package dev.poolscope.live.threads;

import javax.management.MBeanServerConnection;
import java.io.IOException;
import java.time.Clock;

/**
 * Stuck-thread analysis of one connected target, ready to use from a poller:
 * <pre>{@code
 * TargetThreads threads = new TargetThreads(connection.mbeans(), Clock.systemUTC(), StuckPolicy.DEFAULT);
 * ThreadAnalysis analysis = threads.sample(hintsOrNull);   // each poll, on the poller's thread, with a deadline
 * viewModel.setDumpSource(threads.dumpSource());           // export: a full jstack-format dump
 * }</pre>
 * Keeps per-thread first-seen times between samples, so keep one instance per target for the
 * life of the connection. {@link #sample} is not thread-safe (one poller thread);
 * {@link #dumpSource()} may run concurrently with it.
 */
public final class TargetThreads {

    private final ThreadReader reader;
    private final StuckTracker tracker;
    private final ThreadAnalyzer analyzer;
    private final ProbeThreadSummary probeSummary;
    private volatile StuckPolicy policy;

    public TargetThreads(MBeanServerConnection mbeans, Clock clock, StuckPolicy policy) throws IOException {
        ThreadClassifier classifier = new ThreadClassifier();
        this.reader = new ThreadReader(mbeans, classifier, clock);
        this.tracker = new StuckTracker(clock, policy);
        this.analyzer = new ThreadAnalyzer(classifier, tracker);
        this.probeSummary = new ProbeThreadSummary(mbeans, clock);
        this.policy = policy;
    }

    /**
     * Reads and analyses the target's threads: from the probe's summary when the probe answers it
     * (classified in the target; only the threads that matter cross JMX), else through ThreadMXBean.
     * Blocking, crosses the process boundary.
     */
    public ThreadAnalysis sample(ProbeThreadHints hints) {
        try {
            ThreadAnalysis viaProbe = probeSummary.read(hints, policy);
            if (viaProbe != null) {
                return viaProbe;
            }
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return analyzer.analyze(reader.sample(), hints);
    }

    /** Changes the stuck threshold for the next samples. */
    public void setPolicy(StuckPolicy policy) {
        this.policy = policy;
        tracker.setPolicy(policy);
    }

    /** A full thread dump in jstack format, for export; add a deadline around it. */
    public ThreadDumpSource dumpSource() {
        return () -> JstackFormat.format(reader.fullDump());
    }
}
