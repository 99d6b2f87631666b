package dev.poolscope.live.threads;


import java.time.Duration;

/**
 * When a thread counts as stuck: not {@code other}, and in the same category at the same frame for at
 * least {@code threshold}. Threads in {@code other} (idle executors, selectors) are never flagged:
 * they park for hours by design.
 */
public record StuckPolicy(Duration threshold) {

    public static final Duration DEFAULT_THRESHOLD = Duration.ofSeconds(10);
    public static final StuckPolicy DEFAULT = new StuckPolicy(DEFAULT_THRESHOLD);

    public StuckPolicy {
        if (threshold.isNegative()) {
            throw new IllegalArgumentException("threshold must not be negative: " + threshold);
        }
    }

    public boolean isStuck(ThreadSample t) {
        return isStuck(t.category(), t.stuckMillis());
    }

    public boolean isStuck(ThreadCategory category, Long stuckMillis) {
        return category != ThreadCategory.OTHER && stuckMillis != null && stuckMillis >= threshold.toMillis();
    }
}
