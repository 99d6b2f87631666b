package dev.poolscope.probe;

/**
 * One thread that matters in a {@link ThreadSummary}: its classification by the rules the app uses
 * (dev.poolscope.threadrules.ThreadRules), its full stack, and since when the probe has seen it in
 * the same place. MXBean-mapped; add getters, never rename.
 */
public final class ThreadSummaryEntry {

    private final long id;
    private final String name;
    private final String state;
    private final String category;
    private final String signature;
    private final String detail;
    private final String pool;
    private final String lockInfo;
    private final String lockOwner;
    private final long lockOwnerId;
    private final boolean holdsConnection;
    private final String[] stack;
    private final long sameSinceEpochMillis;
    private final long notSeenSinceEpochMillis;

    ThreadSummaryEntry(long id, String name, String state, String category, String signature, String detail,
                       String pool, String lockInfo, String lockOwner, long lockOwnerId, boolean holdsConnection,
                       String[] stack, long sameSinceEpochMillis, long notSeenSinceEpochMillis) {
        this.id = id;
        this.name = name;
        this.state = state;
        this.category = category;
        this.signature = signature;
        this.detail = detail;
        this.pool = pool;
        this.lockInfo = lockInfo;
        this.lockOwner = lockOwner;
        this.lockOwnerId = lockOwnerId;
        this.holdsConnection = holdsConnection;
        this.stack = stack;
        this.sameSinceEpochMillis = sameSinceEpochMillis;
        this.notSeenSinceEpochMillis = notSeenSinceEpochMillis;
    }

    public long getId() {
        return id;
    }

    public String getName() {
        return name;
    }

    /** Thread.State name. */
    public String getState() {
        return state;
    }

    /** awaiting_connection, socket_io, blocked or other. */
    public String getCategory() {
        return category;
    }

    /** Category, top frame and deciding frame: what must stay equal for the thread to count as stuck in one place. */
    public String getSignature() {
        return signature;
    }

    public String getDetail() {
        return detail;
    }

    /** The pool named by the thread's own name (HikariCP's threads), or null. */
    public String getPool() {
        return pool;
    }

    public String getLockInfo() {
        return lockInfo;
    }

    public String getLockOwner() {
        return lockOwner;
    }

    /** -1 when no thread owns the lock. */
    public long getLockOwnerId() {
        return lockOwnerId;
    }

    /** True when the probe's lease table says this thread holds a pool connection. */
    public boolean isHoldsConnection() {
        return holdsConnection;
    }

    /** Every frame, "class.method(File.java:123)", top first. */
    public String[] getStack() {
        return stack.clone();
    }

    /** The first probe read that saw this thread with this signature (a lower bound of the start). */
    public long getSameSinceEpochMillis() {
        return sameSinceEpochMillis;
    }

    /**
     * The probe read before {@link #getSameSinceEpochMillis()}, which did not see it so: the state began
     * between the two. -1 when the state was there at the probe's first read (its start is unbounded).
     */
    public long getNotSeenSinceEpochMillis() {
        return notSeenSinceEpochMillis;
    }
}
