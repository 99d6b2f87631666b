package dev.poolscope.probe;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.concurrent.atomic.LongAdder;

/**
 * A small lock-free log-linear histogram of durations in microseconds: each power of two is split
 * into 16 linear sub-buckets, so a reported percentile is within about 3% of the true value (the
 * bucket's middle is reported, and never more than the exact maximum). Covers 0 µs to 2^40 µs
 * (12 days); larger values land in the last bucket.
 *
 * <p>Each bucket is a {@link LongAdder}, made the first time a value lands in it: uncontended it is
 * one CAS, and when borrowing threads collide on a bucket (similar latencies land in the same one)
 * it spreads them over padded per-thread-hashed cells, summed on read. So no cache line is written
 * by every borrow on every core, and memory grows only where there is contention (at most one cell
 * per CPU per bucket). About 2.4 KB per instance plus about 30 B per bucket used.
 *
 * <p>{@link #recordMicros} takes no lock and allocates only the first time a bucket is used; the
 * maximum is a CAS only when it is raised (read-only, so shared clean, otherwise).
 */
final class LatencyHistogram {

    private static final int SUB_BITS = 4;
    private static final int SUB_COUNT = 1 << SUB_BITS;
    private static final int MAX_EXPONENT = 40;
    static final int BUCKETS = (MAX_EXPONENT - SUB_BITS + 2) * SUB_COUNT;

    private final AtomicReferenceArray<LongAdder> counts = new AtomicReferenceArray<LongAdder>(BUCKETS);
    private final AtomicLong maxMicros = new AtomicLong(-1);

    void recordMicros(long micros) {
        long value = micros < 0 ? 0 : micros;
        int bucket = bucketOf(value);
        LongAdder count = counts.get(bucket);
        if (count == null) {
            counts.compareAndSet(bucket, null, new LongAdder());
            count = counts.get(bucket);
        }
        count.increment();
        long max;
        while (value > (max = maxMicros.get())) {
            if (maxMicros.compareAndSet(max, value)) {
                break;
            }
        }
    }

    void clear() {
        // Adders are kept (reset, not dropped) so a reused window allocates nothing.
        for (int i = 0; i < BUCKETS; i++) {
            LongAdder count = counts.get(i);
            if (count != null) {
                count.reset();
            }
        }
        maxMicros.set(-1);
    }

    /** Adds this histogram's counts into {@code into} and returns the larger maximum. */
    long addTo(long[] into, long maxSoFar) {
        for (int i = 0; i < BUCKETS; i++) {
            LongAdder count = counts.get(i);
            if (count != null) {
                into[i] += count.sum();
            }
        }
        return Math.max(maxSoFar, maxMicros.get());
    }

    static int bucketOf(long micros) {
        if (micros < SUB_COUNT) {
            return (int) micros;
        }
        int exponent = 63 - Long.numberOfLeadingZeros(micros);
        if (exponent > MAX_EXPONENT) {
            return BUCKETS - 1;
        }
        int sub = (int) (micros >>> (exponent - SUB_BITS)) & (SUB_COUNT - 1);
        return (exponent - SUB_BITS + 1) * SUB_COUNT + sub;
    }

    /** Smallest value that falls into {@code bucket}. */
    static long lowerBound(int bucket) {
        if (bucket < SUB_COUNT) {
            return bucket;
        }
        int exponent = bucket / SUB_COUNT + SUB_BITS - 1;
        int sub = bucket % SUB_COUNT;
        return ((long) (SUB_COUNT + sub)) << (exponent - SUB_BITS);
    }

    /** Width of {@code bucket} in microseconds. */
    static long width(int bucket) {
        if (bucket < SUB_COUNT) {
            return 1;
        }
        int exponent = bucket / SUB_COUNT + SUB_BITS - 1;
        return 1L << (exponent - SUB_BITS);
    }

    /** Percentiles of merged counts; immutable. */
    static final class Summary {
        final long count;
        final long maxMicros;
        private final long[] counts;

        Summary(long[] counts, long maxMicros) {
            this.counts = counts;
            long total = 0;
            for (long c : counts) {
                total += c;
            }
            this.count = total;
            this.maxMicros = maxMicros;
        }

        /** The value at {@code percentile} (0-100] in milliseconds, or -1 when empty. */
        double percentileMillis(double percentile) {
            if (count == 0) {
                return -1;
            }
            long rank = (long) Math.ceil(percentile / 100.0 * count);
            if (rank < 1) {
                rank = 1;
            }
            long seen = 0;
            for (int i = 0; i < counts.length; i++) {
                seen += counts[i];
                if (seen >= rank) {
                    double middle = lowerBound(i) + (width(i) - 1) / 2.0;
                    return Math.min(middle, (double) maxMicros) / 1000.0;
                }
            }
            return maxMicros / 1000.0;
        }

        double maxMillis() {
            return count == 0 ? -1 : maxMicros / 1000.0;
        }
    }

    Summary summary() {
        long[] merged = new long[BUCKETS];
        long max = addTo(merged, -1);
        return new Summary(merged, max);
    }
}
