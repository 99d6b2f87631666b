package dev.poolscope.probe;

import java.util.Arrays;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLongFieldUpdater;

/**
 * Whether a pool's borrows record their caller's stack (the borrow site) now. A stack costs tens of
 * microseconds and a few KB, so it is never taken by default: the probe's scanner arms capture when
 * it first sees a connection held past the stack threshold with no borrow site, and capture then runs
 * for a bounded window with a bounded budget, sampled at most once per {@link #minGapNanos}. Unarmed,
 * the borrow path pays one volatile read of {@link #armed} (a plain load on x86) and allocates nothing.
 *
 * <p>Threads: {@link #tryTake} runs on borrowing threads (lock-free: one CAS per sampled borrow);
 * {@link #armFor} on the scanner; {@link #notCapturedReason} on readers. Every method takes the time
 * as a {@link System#nanoTime()} value, so the window logic is testable without a clock.
 */
final class BorrowSiteCapture {

    static final long DEFAULT_WINDOW_MILLIS = 60_000;
    static final long DEFAULT_MIN_GAP_MILLIS = 20;
    static final int DEFAULT_BUDGET = 500;
    static final long DEFAULT_REARM_AFTER_MILLIS = 10 * 60_000;
    /** Frames kept per borrow site, top first (the caller of getConnection and what called it). */
    static final int MAX_FRAMES = 32;

    private static final AtomicLongFieldUpdater<BorrowSiteCapture> NEXT =
            AtomicLongFieldUpdater.newUpdater(BorrowSiteCapture.class, "nextTakeNanos");
    /** Frames of the probe itself at the top of a captured stack (leading ones only). */
    private static final String[] OWN_FRAMES = {
        BorrowSiteCapture.class.getName(), BorrowRecorder.class.getName(), "dev.poolscope.probe.boot.ProbeHooks"};

    private final long windowNanos;
    private final long minGapNanos;
    private final int budget;
    private final long rearmAfterNanos;

    /** The only field the unarmed borrow path reads. */
    private volatile boolean armed;
    private volatile boolean everArmed;
    private volatile long armedAtNanos;
    /** End of the last window: armedAt + window, or earlier when the budget ran out. */
    private volatile long windowEndNanos;
    private volatile long nextTakeNanos;
    private volatile long armedForHeldMillis;
    private final AtomicInteger left = new AtomicInteger();

    BorrowSiteCapture() {
        this(DEFAULT_WINDOW_MILLIS, DEFAULT_MIN_GAP_MILLIS, DEFAULT_BUDGET, DEFAULT_REARM_AFTER_MILLIS);
    }

    BorrowSiteCapture(long windowMillis, long minGapMillis, int budget, long rearmAfterMillis) {
        this.windowNanos = windowMillis * 1_000_000L;
        this.minGapNanos = minGapMillis * 1_000_000L;
        this.budget = budget;
        this.rearmAfterNanos = Math.max(windowMillis, rearmAfterMillis) * 1_000_000L;
    }

    // ---- hot path (borrowing threads) ----

    /** True when this borrow should record its stack: capture is armed and this borrow is sampled. */
    boolean tryTake(long nowNanos) {
        return armed && takeArmed(nowNanos);
    }

    private boolean takeArmed(long nowNanos) {
        if (nowNanos - windowEndNanos >= 0) {
            armed = false;
            return false;
        }
        long next = nextTakeNanos;
        if (nowNanos - next < 0 || !NEXT.compareAndSet(this, next, nowNanos + minGapNanos)) {
            return false; // sampled out, or another borrow took this turn
        }
        int remaining = left.decrementAndGet();
        if (remaining <= 0) {
            windowEndNanos = nowNanos;
            armed = false;
        }
        return remaining >= 0;
    }

    /**
     * The calling thread's stack without the probe's own frames, at most {@link #MAX_FRAMES}. Only
     * called for a sampled borrow; the allocation is bounded by the budget.
     */
    static StackTraceElement[] callerStack() {
        StackTraceElement[] all = new Throwable().getStackTrace();
        int from = 0;
        while (from < all.length && isOwnFrame(all[from].getClassName())) {
            from++;
        }
        return Arrays.copyOfRange(all, from, Math.min(all.length, from + MAX_FRAMES));
    }

    private static boolean isOwnFrame(String className) {
        for (String own : OWN_FRAMES) {
            if (own.equals(className)) {
                return true;
            }
        }
        return false;
    }

    // ---- scanner ----

    /**
     * Arms capture because a connection has been held {@code heldMillis} (past the threshold) and its
     * borrow site is not known. Does nothing while armed, or within {@link #rearmAfterNanos} of the
     * last arming: a service whose holds are routinely long pays at most one window per that period.
     * True when this call armed it.
     */
    boolean armFor(long heldMillis, long nowNanos) {
        if (armed && nowNanos - windowEndNanos < 0) {
            return false;
        }
        if (everArmed && nowNanos - armedAtNanos < rearmAfterNanos) {
            return false;
        }
        left.set(budget);
        armedAtNanos = nowNanos;
        windowEndNanos = nowNanos + windowNanos;
        nextTakeNanos = nowNanos;
        armedForHeldMillis = heldMillis;
        everArmed = true;
        armed = true;
        return true;
    }

    boolean armed(long nowNanos) {
        return armed && nowNanos - windowEndNanos < 0;
    }

    // ---- readers ----

    /**
     * Why a lease that began at {@code borrowedAtNanos} has no borrow site, in words; {@code
     * thresholdMillis} is the hold that arms capture.
     */
    String notCapturedReason(long borrowedAtNanos, long thresholdMillis) {
        String arms = "capture arms when the probe first sees a connection held past " + thresholdMillis
                + " ms, for " + windowNanos / 1_000_000_000L + " s or " + budget + " stacks, at most once per "
                + rearmAfterNanos / 60_000_000_000L + " min";
        if (!everArmed || borrowedAtNanos - armedAtNanos < 0) {
            return "borrowed before borrow-site capture was armed (" + arms + ")";
        }
        if (borrowedAtNanos - windowEndNanos < 0) {
            return "not sampled: while armed, capture takes at most one stack per " + minGapNanos / 1_000_000L
                    + " ms per pool";
        }
        return "borrowed after borrow-site capture had stopped (" + arms + ")";
    }

    /** Source of a borrow site taken by this class, as the MXBean and the JSON name it. */
    static final String SOURCE = "probe_capture";

    /** Fills {@code c}'s borrow site from {@code lease}, or the reason it has none. Reader side. */
    void describe(PoolReader.ConnectionRead c, Lease lease, long thresholdMillis) {
        if (lease.borrowSite != null) {
            c.borrowSite = text(lease.borrowSite);
            c.borrowSiteSource = SOURCE;
        } else {
            c.borrowSiteUnknownReason = notCapturedReason(lease.sinceNanos, thresholdMillis);
        }
    }

    /** The state in words, starting "armed" or "off" (the MBean's BorrowSiteCapture attribute). */
    String describe(long nowNanos) {
        if (!everArmed) {
            return "off: not armed yet; it arms when the probe first sees a connection held past the stack"
                    + " threshold without a captured borrow site";
        }
        if (armed(nowNanos)) {
            return "armed: " + (windowEndNanos - nowNanos) / 1_000_000_000L + " s and " + Math.max(0, left.get())
                    + " stacks left (armed when a connection had been held " + armedForHeldMillis + " ms)";
        }
        long rearm = Math.max(0, (armedAtNanos + rearmAfterNanos - nowNanos) / 1_000_000_000L);
        return "off: the last window ended " + Math.max(0, (nowNanos - windowEndNanos) / 1_000_000_000L)
                + " s ago; it can re-arm in " + rearm + " s";
    }

    /** The held time that armed the last window, -1 never armed (for messages and tests). */
    long armedForHeldMillis() {
        return everArmed ? armedForHeldMillis : -1;
    }

    /** Frames as text, top first; empty for null. */
    static String[] text(StackTraceElement[] frames) {
        if (frames == null) {
            return new String[0];
        }
        String[] out = new String[frames.length];
        for (int i = 0; i < frames.length; i++) {
            out[i] = frames[i].toString();
        }
        return out;
    }
}
