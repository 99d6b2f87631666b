package dev.poolscope.ui.threads;

import dev.poolscope.live.threads.ThreadCategory;
import dev.poolscope.live.threads.ThreadSample;

import java.util.List;

final class Samples {

    private Samples() {
    }

    static ThreadSample thread(long id, ThreadCategory category, Long stuckMillis) {
        return new ThreadSample(id, "thread-" + id, "RUNNABLE", category, stuckMillis, true,
                category == ThreadCategory.OTHER ? null : "orders-db", null, null, null,
                List.of("com.example.Frame" + id + ".run(Frame.java:1)", "java.lang.Thread.run(Thread.java:840)"));
    }
}
