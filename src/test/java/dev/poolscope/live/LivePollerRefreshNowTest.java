package dev.poolscope.live;

import dev.poolscope.attach.ProbeStatus;
import dev.poolscope.attach.TargetConnection;
import dev.poolscope.attach.TargetInfo;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** F5 (refresh now) reads everything afresh: the source's spaced thread reads are not reused. */
class LivePollerRefreshNowTest {

    private final List<String> calls = new CopyOnWriteArrayList<>();
    private final TargetInfo info = new TargetInfo(4242L, "svc", "17", "pid 4242", ProbeStatus.LOADED, "loaded");

    private final SnapshotSource source = new SnapshotSource() {
        @Override
        public TargetSnapshot read(TargetConnection connection) {
            calls.add("read");
            return new TargetSnapshot(Instant.now(), info, List.of(), List.of());
        }

        @Override
        public TargetSnapshot readFresh(TargetConnection connection) {
            calls.add("fresh");
            return new TargetSnapshot(Instant.now(), info, List.of(), List.of());
        }
    };

    /** The source above does not read MBeans: the UI tests' connection does. */
    private final TargetConnection connection = new dev.poolscope.ui.TestConnection(info);

    @Test
    void scheduledPollsMayReuseAndRefreshNowReadsAfresh() {
        LivePoller poller = new LivePoller(connection, source, new SnapshotListener() {
            public void onSnapshot(TargetSnapshot snapshot) {
            }

            public void onFailure(String message, boolean targetGone) {
            }
        }, Duration.ofHours(1));
        try {
            poller.start();
            await().atMost(Duration.ofSeconds(5)).until(() -> calls.size() == 1);
            assertThat(calls).containsExactly("read");
            poller.pollNow();
            await().atMost(Duration.ofSeconds(5)).until(() -> calls.size() == 2);
            assertThat(calls).containsExactly("read", "fresh");
        } finally {
            poller.close();
        }
    }
}
