package dev.poolscope.bench;

import dev.poolscope.live.threads.ClassifiedThread;
import dev.poolscope.live.headline.HeadlineWriter;
import dev.poolscope.live.threads.StackFrames;
import dev.poolscope.live.threads.StuckPolicy;
import dev.poolscope.live.threads.StuckTracker;
import dev.poolscope.live.threads.ThreadAnalysis;
import dev.poolscope.live.threads.ThreadClassifier;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * Issue 4 target: classifying a dump of 2,000 threads takes at most 50 ms. {@code classify} is the
 * classifier alone; {@code analyze} is what a poll does with a dump after reading it: classify,
 * format the stacks, update the stuck tracker and write the headline.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class ThreadClassifierBench {

    @Param({"2000"})
    public int threads;

    private List<SyntheticThreads.Raw> population;
    private final ThreadClassifier classifier = new ThreadClassifier();
    private StuckTracker tracker;

    @Setup
    public void setUp() {
        population = SyntheticThreads.population(threads, 42);
        tracker = new StuckTracker(Clock.systemUTC(), StuckPolicy.DEFAULT);
    }

    @Benchmark
    public void classify(Blackhole bh) {
        for (SyntheticThreads.Raw t : population) {
            bh.consume(classifier.classify(t.name(), t.state(), t.frames(), t.lockName(), t.lockOwnerId(),
                    t.lockOwnerName()));
        }
    }

    @Benchmark
    public ThreadAnalysis analyze(Blackhole bh) {
        List<ClassifiedThread> classified = new ArrayList<>(population.size());
        for (SyntheticThreads.Raw t : population) {
            classified.add(new ClassifiedThread(t.id(), t.name(), t.state().name(),
                    classifier.classify(t.name(), t.state(), t.frames(), t.lockName(), t.lockOwnerId(),
                            t.lockOwnerName()),
                    StackFrames.format(t.frames())));
        }
        ThreadAnalysis analysis = tracker.update(classified, Set.of(), null);
        bh.consume(HeadlineWriter.write(analysis));
        return analysis;
    }
}
