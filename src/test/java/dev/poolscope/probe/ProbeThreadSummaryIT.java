package dev.poolscope.probe;

import dev.poolscope.live.threads.ProbeThreadSummary;
import dev.poolscope.live.threads.StuckPolicy;
import dev.poolscope.live.threads.StuckTracker;
import dev.poolscope.live.threads.ThreadAnalysis;
import dev.poolscope.live.threads.ThreadAnalyzer;
import dev.poolscope.live.threads.ThreadCategory;
import dev.poolscope.live.threads.ThreadClassifier;
import dev.poolscope.live.threads.ThreadReader;
import dev.poolscope.live.threads.ThreadSample;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import javax.management.MBeanServerConnection;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Issue 10, build item 3: a real 5,000-thread child JVM with threads in every category, read through
 * the probe's ThreadSummary (classified in the target) and through ThreadMXBean (classified here),
 * gives the same counts per category and flags the same threads with the same stacks, while the probe
 * ships only those threads; its stuck times are kept in the target between reads.
 */
@ExtendWith(SharedDatabase.class)
class ProbeThreadSummaryIT {

    private static final int IDLE_THREADS = 5000;
    private static final Duration STEP = Duration.ofSeconds(30);

    @Test
    void probeSummaryClassifiesAFiveThousandThreadTargetAsTheThreadMXBeanPathDoes() throws Exception {
        try (TargetJvm target = TargetJvm.running(ThreadCensusWorkload.class,
                List.of("com.zaxxer.hikari.HikariDataSource", "org.postgresql.Driver", "org.slf4j.LoggerFactory"),
                SharedDatabase.jdbcUrlWithCredentials(), String.valueOf(IDLE_THREADS))) {
            target.awaitLine("READY", STEP);
            target.awaitAttachable();
            MBeanServerConnection mbs = target.attach(true);
            target.send("HOLD");
            target.awaitLine("INPLACE", STEP);
            Clock clock = Clock.systemUTC();
            StuckPolicy policy = StuckPolicy.DEFAULT;
            ThreadClassifier classifier = new ThreadClassifier();
            ThreadReader mxbeanPath = new ThreadReader(mbs, classifier, clock);
            ThreadAnalyzer analyzer = new ThreadAnalyzer(classifier, new StuckTracker(clock, policy));
            ProbeThreadSummary probePath = new ProbeThreadSummary(mbs, clock);

            // The first probe read: every state it sees began at that read or before, so no upper bound.
            ThreadAnalysis first = probePath.read(null, policy);
            assertThat(first).as("the probe answers ThreadSummary").isNotNull();
            assertThat(first.threads()).filteredOn(t -> t.category() != ThreadCategory.OTHER)
                    .isNotEmpty().allSatisfy(t -> assertThat(t.stuckAtMostMillis()).isNull());

            // The two reads run one after the other; JMX's own threads may come and go between them, so retry.
            await().atMost(STEP).untilAsserted(() -> {
                ThreadAnalysis viaProbe = probePath.read(null, policy);
                ThreadAnalysis viaMxBean = analyzer.analyze(mxbeanPath.sample(), null);
                for (ThreadCategory c : ThreadCategory.values()) {
                    assertThat(viaProbe.count(c)).as("%s threads", c.jsonName()).isEqualTo(viaMxBean.count(c));
                }
                assertThat(viaProbe.totalThreads()).isEqualTo(viaMxBean.totalThreads()).isGreaterThan(IDLE_THREADS);
                assertThat(flagged(viaProbe)).isEqualTo(flagged(viaMxBean));
                Map<Long, ThreadSample> mx = viaMxBean.threads().stream()
                        .collect(Collectors.toMap(ThreadSample::id, Function.identity()));
                for (ThreadSample t : viaProbe.threads()) {
                    if (t.category() != ThreadCategory.OTHER) {
                        assertThat(t.stack()).as("stack of %s", t.name()).isEqualTo(mx.get(t.id()).stack());
                    }
                }
            });

            ThreadAnalysis viaProbe = probePath.read(null, policy);
            assertThat(categoriesByName(viaProbe)).containsAllEntriesOf(Map.of(
                    "db-reader", ThreadCategory.SOCKET_IO,
                    "borrower-1", ThreadCategory.AWAITING_CONNECTION, "borrower-2", ThreadCategory.AWAITING_CONNECTION,
                    "lock-waiter-1", ThreadCategory.BLOCKED, "lock-waiter-2", ThreadCategory.BLOCKED,
                    "lock-waiter-3", ThreadCategory.BLOCKED,
                    // Not in trouble, but holds a pool connection: listed so the app can name holders.
                    "db-idle-holder", ThreadCategory.OTHER));
            assertThat(viaProbe.threads()).as("only the threads that matter cross JMX").hasSizeLessThan(20);
            assertThat(viaProbe.count(ThreadCategory.OTHER)).isGreaterThan(IDLE_THREADS);
            assertThat(viaProbe.totals().notShown()).isZero();

            // A new reader (a new app poll, or a new app) sees durations the probe kept since its first read.
            long sinceFirst = Duration.between(first.sampledAt(), clock.instant()).toMillis();
            ThreadAnalysis later = new ProbeThreadSummary(mbs, clock).read(null, policy);
            assertThat(later.threads()).filteredOn(t -> t.name().startsWith("lock-waiter"))
                    .hasSize(3).allSatisfy(t -> {
                        assertThat(t.stuckMillis()).isGreaterThanOrEqualTo(sinceFirst - 50);
                        assertThat(t.stuckLowerBound()).isTrue();
                        assertThat(t.stuckAtMostMillis()).isNull();
                    });
        }
    }

    private static Map<Long, ThreadCategory> flagged(ThreadAnalysis a) {
        return a.threads().stream().filter(t -> t.category() != ThreadCategory.OTHER)
                .collect(Collectors.toMap(ThreadSample::id, ThreadSample::category, (x, y) -> x, TreeMap::new));
    }

    private static Map<String, ThreadCategory> categoriesByName(ThreadAnalysis a) {
        return a.threads().stream().collect(Collectors.toMap(ThreadSample::name, ThreadSample::category, (x, y) -> x));
    }
}
