package dev.poolscope.live.threads;

import java.lang.management.ThreadInfo;
import java.util.ArrayList;
import java.util.List;

/**
 * Classifies a {@link ThreadDump} and tracks durations across dumps of one target. One per target,
 * used by that target's polling thread.
 */
public final class ThreadAnalyzer {

    private final ThreadClassifier classifier;
    private final StuckTracker tracker;

    public ThreadAnalyzer(ThreadClassifier classifier, StuckTracker tracker) {
        this.classifier = classifier;
        this.tracker = tracker;
    }

    /** @param hints the probe's view of waiters and holders, or null when there is no probe */
    public ThreadAnalysis analyze(ThreadDump dump, ProbeThreadHints hints) {
        List<ClassifiedThread> classified = new ArrayList<>(dump.threads().size());
        for (ThreadInfo info : dump.threads()) {
            classified.add(ClassifiedThread.of(info, classifier));
        }
        ThreadAnalysis analysis = tracker.update(classified, dump.deadlockedIds(), hints);
        return new ThreadAnalysis(analysis.sampledAt(), analysis.threads(), analysis.deadlocks(),
                dump.truncatedIds(), analysis.policy());
    }
}
