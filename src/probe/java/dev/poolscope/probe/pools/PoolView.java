package dev.poolscope.probe.pools;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One pool of some library, read without its locks. Figures the library does not keep are left at
 * -1 (or "") and {@link #unreadable()} says why, in words; the probe never reports them as 0.
 * Called on the probe's reader threads only; {@link #read} is called under the probe's own lock.
 */
public abstract class PoolView {

    private static final int MAX_UNREADABLE = 20;
    private final Set<String> unreadable = new LinkedHashSet<String>();

    /** The library's own pool name, or a stable readable one made from its URL. */
    public abstract String name();

    public abstract boolean isShutDown();

    /** A class from the library's own jar, for its version; null: the pool's class. */
    public Class<?> libraryClass() {
        return null;
    }

    /** The pool's connections at one instant, as far as a lock-free read can tell. */
    public abstract Counts read();

    /** Figures with the same meaning as HikariCP's config (for the common view and the doctor). */
    public abstract Common common();

    /** The library's own settings under their own names, in a stable order; values as text. */
    public abstract Map<String, String> libraryConfig();

    public final synchronized List<String> unreadable() {
        return new ArrayList<String>(unreadable);
    }

    /** Bounded: a failure that repeats on every read must not grow the list. */
    protected final synchronized void cannotRead(String what) {
        if (unreadable.size() < MAX_UNREADABLE) {
            unreadable.add(what);
        }
    }

    /** Counts and entries of one read. */
    public static final class Counts {
        public int active;
        public int idle;
        public int total;
        /** Threads waiting for a connection by the library's own count, -1 when it keeps none lock-free. */
        public int pending = -1;
        /**
         * False when the library does not list its borrowed connections (Vibur without tracking, Druid
         * without removeAbandoned): then a lease missing from the entries is not evidence that the
         * connection went back, and the probe keeps it (the return hook still releases it).
         */
        public boolean borrowedListed = true;
        public final List<Entry> entries = new ArrayList<Entry>();
    }

    /** One pooled connection. {@code key} is the object the hooks pass as the entry. */
    public static final class Entry {
        public Object key;
        /** The physical (driver) connection, for the running statement and the socket; may be null. */
        public Object connection;
        /** idle, in_use, reserved (being tested or created) or removed. */
        public String state = "unknown";
        public long createdEpochMillis = -1;
        /** For idle connections: since when, by the library's own clock (idleSince). */
        public long idleSinceEpochMillis = -1;
        /** For borrowed connections: when, by the library's own clock. */
        public long borrowedEpochMillis = -1;
    }

    /** The common configuration figures; -1 / "" where the library has no such setting. */
    public static final class Common {
        public int maximumPoolSize = -1;
        public int minimumIdle = -1;
        public long idleTimeoutMillis = -1;
        public long maxLifetimeMillis = -1;
        public long keepaliveTimeMillis = -1;
        public long validationTimeoutMillis = -1;
        public long connectionTimeoutMillis = -1;
        public long leakDetectionThresholdMillis = -1;
        public String connectionTestQuery = "";
        public String jdbcUrl = "";
        public String dataSourceClassName = "";
    }

    // ---- small helpers for the adapters ----

    static Map<String, String> ordered() {
        return new LinkedHashMap<String, String>();
    }

    static int intOf(Object v) {
        return v instanceof Number ? ((Number) v).intValue() : -1;
    }

    static long longOf(Object v) {
        return v instanceof Number ? ((Number) v).longValue() : -1;
    }

    /** A java.time.Duration (read reflectively, Java 8 API) in millis; -1 when absent or negative. */
    static long millisOf(Object duration) {
        if (duration instanceof java.time.Duration) {
            java.time.Duration d = (java.time.Duration) duration;
            return d.isNegative() ? -1 : d.toMillis();
        }
        return -1;
    }

    static String stringOf(Object v) {
        return v == null ? "" : String.valueOf(v);
    }

    /**
     * A stable, readable name for a pool that has none: its JDBC URL without the {@code jdbc:}
     * prefix, credentials and parameters, e.g. {@code postgresql://db:5432/orders}.
     */
    static String nameFromUrl(String kind, String url) {
        if (url == null || url.isEmpty()) {
            return kind;
        }
        String s = url.startsWith("jdbc:") ? url.substring(5) : url;
        int cut = s.length();
        for (char c : new char[] {'?', ';'}) {
            int i = s.indexOf(c);
            if (i >= 0 && i < cut) {
                cut = i;
            }
        }
        s = s.substring(0, cut);
        int at = s.lastIndexOf('@');
        int scheme = s.indexOf("//");
        if (at > 0 && scheme >= 0 && at > scheme) {
            s = s.substring(0, scheme + 2) + s.substring(at + 1);
        }
        return kind + " " + s;
    }
}
