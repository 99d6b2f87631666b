package dev.poolscope.probe;

import dev.poolscope.probe.pools.PoolAdapters;
import org.junit.jupiter.api.Test;

import java.lang.ref.WeakReference;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The housekeeping hook (poolSeen) registers only pools an adapter reads: commons-pool2's evictor
 * and Vibur's reducer also run for pools of other objects. A real (unstarted) Druid data source
 * stands for an accepted pool; accepting it is a class-name test.
 */
class PoolDiscoveryTest {

    private final AtomicInteger newPools = new AtomicInteger();
    private final BorrowRecorder recorder = new BorrowRecorder(newPools::incrementAndGet,
            PoolTracker.DEFAULT_LEASE_SLOTS, new PoolAdapters());

    @Test
    void aHousekeepingRunOfAKnownLibrarysPoolRegistersItOnce() throws Exception {
        try (com.alibaba.druid.pool.DruidDataSource druid = new com.alibaba.druid.pool.DruidDataSource()) {
            recorder.poolSeen(druid);
            recorder.poolSeen(druid);

            assertThat(recorder.existingTracker(druid)).isNotNull();
            assertThat(newPools).hasValue(1);
        }
    }

    @Test
    void aPoolHeldThroughAWeakReferenceIsUnwrapped() throws Exception {
        try (com.alibaba.druid.pool.DruidDataSource druid = new com.alibaba.druid.pool.DruidDataSource()) {
            recorder.poolSeen(new WeakReference<Object>(druid));

            assertThat(recorder.existingTracker(druid)).isNotNull();
        }
    }

    @Test
    void aHousekeepingRunOfAnUnknownPoolRegistersNothing() {
        Object notAConnectionPool = new java.util.concurrent.ConcurrentLinkedQueue<Object>();
        recorder.poolSeen(notAConnectionPool);
        recorder.poolSeen(new WeakReference<Object>(null));

        assertThat(recorder.trackers()).isEmpty();
        assertThat(newPools).hasValue(0);
    }

    @Test
    void withoutAdaptersHousekeepingRevealsNothing() throws Exception {
        BorrowRecorder plain = new BorrowRecorder(newPools::incrementAndGet);
        try (com.alibaba.druid.pool.DruidDataSource druid = new com.alibaba.druid.pool.DruidDataSource()) {
            plain.poolSeen(druid);
            assertThat(plain.trackers()).isEmpty();
        }
    }
}
