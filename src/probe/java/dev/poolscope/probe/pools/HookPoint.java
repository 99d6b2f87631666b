package dev.poolscope.probe.pools;

/**
 * One place in a pool library where {@link PoolClassRewriter} inserts a call to the bootstrap
 * hooks ({@code dev.poolscope.probe.boot.ProbeHooks}), with the same meaning as for HikariCP:
 * borrow entry/exit, lease (in the borrowing thread, inside the borrow), release, creation.
 */
public final class HookPoint {

    public enum What {
        /** borrowStarted(pool) at entry, borrowEnded(pool, result) at each return, borrowFailed on throw. */
        BORROW,
        /** leased(local) at entry: the calling thread, inside a borrow, now holds that entry. */
        LEASE,
        /** released(pool, local) at entry: the entry goes back or leaves the pool. */
        RELEASE,
        /** created(result) at each return of a factory method. */
        CREATED_RESULT,
        /** created(this) before each return of a constructor. */
        CREATED_THIS,
        /** leased(result) at each return of a method inside a borrow that returns the entry (c3p0). */
        LEASE_RESULT,
        /** poolSeen(pool) at entry of the library's periodic housekeeping: finds pools nobody borrows from. */
        SEEN
    }

    final String owner;
    final String method;
    final String descriptor;
    final What what;
    /** Local slot of the entry for LEASE and RELEASE. */
    final int entrySlot;
    /** Field of {@code this} holding the pool (name and descriptor), or null: the pool is {@code this}. */
    final String poolField;
    final String poolFieldDescriptor;

    private HookPoint(String owner, String method, String descriptor, What what, int entrySlot, String poolField,
                      String poolFieldDescriptor) {
        this.owner = owner;
        this.method = method;
        this.descriptor = descriptor;
        this.what = what;
        this.entrySlot = entrySlot;
        this.poolField = poolField;
        this.poolFieldDescriptor = poolFieldDescriptor;
    }

    static HookPoint borrow(String owner, String method, String descriptor) {
        return new HookPoint(owner, method, descriptor, What.BORROW, -1, null, null);
    }

    static HookPoint borrowOf(String owner, String method, String descriptor, String poolField, String fieldDescriptor) {
        return new HookPoint(owner, method, descriptor, What.BORROW, -1, poolField, fieldDescriptor);
    }

    static HookPoint lease(String owner, String method, String descriptor, int entrySlot) {
        return new HookPoint(owner, method, descriptor, What.LEASE, entrySlot, null, null);
    }

    /** Listed after the BORROW point of the same method, so leased() runs before borrowEnded(). */
    static HookPoint leaseResult(String owner, String method, String descriptor) {
        return new HookPoint(owner, method, descriptor, What.LEASE_RESULT, -1, null, null);
    }

    static HookPoint release(String owner, String method, String descriptor, int entrySlot) {
        return new HookPoint(owner, method, descriptor, What.RELEASE, entrySlot, null, null);
    }

    static HookPoint releaseOf(String owner, String method, String descriptor, int entrySlot, String poolField,
                               String fieldDescriptor) {
        return new HookPoint(owner, method, descriptor, What.RELEASE, entrySlot, poolField, fieldDescriptor);
    }

    static HookPoint createdResult(String owner, String method, String descriptor) {
        return new HookPoint(owner, method, descriptor, What.CREATED_RESULT, -1, null, null);
    }

    /** The housekeeping method {@code method} of the pool class itself ({@code this} is the pool). */
    static HookPoint seen(String owner, String method, String descriptor) {
        return new HookPoint(owner, method, descriptor, What.SEEN, -1, null, null);
    }

    /**
     * The housekeeping task {@code owner} (a Runnable or TimerTask) whose field {@code poolField}
     * holds the pool, or a {@link java.lang.ref.Reference} to it.
     */
    static HookPoint seenOf(String owner, String method, String descriptor, String poolField, String fieldDescriptor) {
        return new HookPoint(owner, method, descriptor, What.SEEN, -1, poolField, fieldDescriptor);
    }

    static HookPoint createdThis(String owner) {
        return new HookPoint(owner, "<init>", null, What.CREATED_THIS, -1, null, null);
    }

    /** A method ending in '$' names a prefix: javac numbers lambda bodies ("lambda$init$5") per class. */
    boolean matches(String name, String desc) {
        boolean sameName = method.endsWith("$") ? name.startsWith(method) : method.equals(name);
        return sameName && (descriptor == null || descriptor.equals(desc));
    }

    @Override
    public String toString() {
        return owner.replace('/', '.') + "." + method + (descriptor == null ? "" : descriptor) + " (" + what + ")";
    }
}
