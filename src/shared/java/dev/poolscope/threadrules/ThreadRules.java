package dev.poolscope.threadrules;

import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * The one set of rules that sorts a thread into awaiting_connection, socket_io, blocked or other from
 * its state, frames and lock. Compiled into the app (ThreadClassifier, over ThreadInfos read through
 * JMX) and into the probe (ThreadCensus, over the target's own ThreadInfos), so both paths classify
 * alike: docs/decisions/0007-thread-rules-shared-with-the-probe.md. Java 8 and JDK-only, as
 * dev.poolscope.secrets. A pure function with no state: safe on any thread. One pass over the frames
 * with string equality checks (no regex, no allocation except the result).
 *
 * <p>Order of the rules, and why:
 * <ol>
 * <li>socket_io: a socket read/write/connect at the top AND a JDBC driver frame below it. A socket
 *     read without a driver frame (an HTTP client, a Redis client, an idle server socket) is not a
 *     database problem, so it falls through. It wins over awaiting_connection because a pool that
 *     validates on borrow does that I/O inside getConnection: the thread is then really hung on the
 *     wire, and only socketTimeout/validationTimeout will free it.</li>
 * <li>awaiting_connection: inside a pool's borrow method.</li>
 * <li>blocked: BLOCKED on a monitor, or WAITING on a java.util.concurrent lock that has an owner.</li>
 * <li>other.</li>
 * </ol>
 */
public final class ThreadRules {

    public static final String AWAITING_CONNECTION = "awaiting_connection";
    public static final String SOCKET_IO = "socket_io";
    public static final String BLOCKED = "blocked";
    public static final String OTHER = "other";

    /** A socket frame deeper than this is not "what the thread is doing now". */
    public static final int SOCKET_FRAME_MAX_DEPTH = 12;

    /**
     * JDK frames a thread blocked in socket I/O sits in, class to methods. JDK 8-12 use the
     * SocketInputStream/SocketOutputStream natives; JDK 13+ (JEP 353) NioSocketImpl, which parks in
     * Net.poll for timed reads.
     */
    private static final Map<String, Set<String>> SOCKET_FRAMES = new HashMap<String, Set<String>>();

    /** Packages of JDBC drivers whose frames below a socket frame make it a database socket. */
    private static final String[] DRIVER_PREFIXES = {
            "org.postgresql.", "com.mysql.", "org.mariadb.jdbc.", "oracle.jdbc.", "oracle.net.",
            "com.microsoft.sqlserver.", "com.ibm.db2.", "net.sourceforge.jtds.", "org.h2.", "org.hsqldb.",
            "org.apache.derby.client.", "com.sybase.jdbc", "org.firebirdsql.", "com.amazon.redshift.",
            "com.clickhouse.", "io.trino.jdbc.", "com.ing.data.cassandra.jdbc."};

    /**
     * Borrow methods of connection pools: a thread inside one is waiting for a connection. HikariCP is
     * the product's focus; the others are recognised because it costs one map lookup per frame:
     * Apache Commons DBCP 1/2 (and Tomcat's repackaged copy), tomcat-jdbc, c3p0, Agroal, Vibur, Druid
     * and Oracle UCP. Frames checked against each library's real waiting borrower
     * (OtherPoolsBorrowClassificationTest).
     */
    private static final Map<String, Set<String>> BORROW_FRAMES = new HashMap<String, Set<String>>();

    /** Package prefix to library name; checked in this order. */
    private static final String[][] POOL_LIBRARY = {
            {"com.zaxxer.", "HikariCP"}, {"org.apache.commons.dbcp", "DBCP"}, {"org.apache.tomcat.dbcp.", "Tomcat DBCP"},
            {"org.apache.tomcat.jdbc.", "tomcat-jdbc"}, {"com.mchange.", "c3p0"}, {"io.agroal.", "Agroal"},
            {"org.vibur.", "Vibur"}, {"com.alibaba.druid.", "Druid"}, {"oracle.ucp.", "UCP"}};

    /** HikariCP names its own threads after the pool: "pool housekeeper" (to 5.x), "pool:housekeeper" (6.x+). */
    private static final String[] HIKARI_THREAD_SUFFIXES = {
            " housekeeper", " connection adder", " connection closer",
            ":housekeeper", ":connection-adder", ":connection-closer"};

    static {
        frames(SOCKET_FRAMES, "java.net.SocketInputStream", "socketRead0", "socketRead", "read");
        frames(SOCKET_FRAMES, "java.net.SocketOutputStream", "socketWrite0", "socketWrite", "write");
        frames(SOCKET_FRAMES, "java.net.PlainSocketImpl", "socketConnect", "connect");
        frames(SOCKET_FRAMES, "sun.nio.ch.NioSocketImpl", "park", "read", "timedRead", "implRead", "write", "implWrite",
                "connect", "timedFinishConnect");
        frames(SOCKET_FRAMES, "sun.nio.ch.Net", "poll", "connect0", "pollConnect", "pollConnectNow");
        frames(SOCKET_FRAMES, "sun.nio.ch.SocketDispatcher", "read0", "read", "write0", "write");
        frames(SOCKET_FRAMES, "sun.nio.ch.SocketChannelImpl", "read", "write", "connect", "finishConnect");

        frames(BORROW_FRAMES, "com.zaxxer.hikari.pool.HikariPool", "getConnection");
        frames(BORROW_FRAMES, "com.zaxxer.hikari.util.ConcurrentBag", "borrow");
        frames(BORROW_FRAMES, "com.zaxxer.hikari.util.SuspendResumeLock", "acquire");
        frames(BORROW_FRAMES, "org.apache.commons.dbcp2.PoolingDataSource", "getConnection");
        frames(BORROW_FRAMES, "org.apache.commons.dbcp2.BasicDataSource", "getConnection");
        frames(BORROW_FRAMES, "org.apache.commons.dbcp.PoolingDataSource", "getConnection");
        frames(BORROW_FRAMES, "org.apache.tomcat.dbcp.dbcp2.PoolingDataSource", "getConnection");
        frames(BORROW_FRAMES, "org.apache.tomcat.jdbc.pool.ConnectionPool", "borrowConnection");
        frames(BORROW_FRAMES, "com.mchange.v2.resourcepool.BasicResourcePool", "checkoutResource", "awaitAvailable");
        frames(BORROW_FRAMES, "io.agroal.pool.ConnectionPool", "getConnection");
        frames(BORROW_FRAMES, "org.vibur.dbcp.pool.PoolOperations", "getConnHolder", "getProxyConnection");
        frames(BORROW_FRAMES, "com.alibaba.druid.pool.DruidDataSource",
                "pollLast", "takeLast", "getConnectionInternal", "getConnectionDirect");
        frames(BORROW_FRAMES, "oracle.ucp.jdbc.PoolDataSourceImpl", "getConnection");
        // UCP 23.x waiter, top first: Semaphore.tryAcquire < CriStats$BorrowSemaphore.tryAcquire <
        // Core.findFirst < Core.helpBorrow < Core.borrow < UniversalConnectionPoolImpl.getAvailableConnection
        frames(BORROW_FRAMES, "oracle.ucp.common.Core", "borrow", "helpBorrow");
        frames(BORROW_FRAMES, "oracle.ucp.common.UniversalConnectionPoolImpl",
                "borrowConnection", "borrowConnectionAndValidate", "borrowConnectionWithoutCountingRequests");
    }

    private static void frames(Map<String, Set<String>> into, String cls, String... methods) {
        Set<String> set = new HashSet<String>();
        Collections.addAll(set, methods);
        into.put(cls, Collections.unmodifiableSet(set));
    }

    /** What the rules concluded about one thread. Immutable. */
    public static final class Verdict {
        /** One of {@link #AWAITING_CONNECTION}, {@link #SOCKET_IO}, {@link #BLOCKED}, {@link #OTHER}. */
        public final String category;
        /** Pool name when the thread name carries it (HikariCP's own threads), else null. */
        public final String pool;
        /** The monitor or lock the thread waits for, as "class@identityHash", or null. */
        public final String lockInfo;
        /** The thread holding it, as "name (#id)", or null. */
        public final String lockOwner;
        public final long lockOwnerId;
        /** A short phrase for people, e.g. "socket read under org.postgresql", or null. */
        public final String detail;
        /** What must stay the same between samples for the thread to count as stuck in one place. */
        public final String signature;

        Verdict(String category, String pool, String lockInfo, String lockOwner, long lockOwnerId, String detail,
                String signature) {
            this.category = category;
            this.pool = pool;
            this.lockInfo = lockInfo;
            this.lockOwner = lockOwner;
            this.lockOwnerId = lockOwnerId;
            this.detail = detail;
            this.signature = signature;
        }
    }

    private ThreadRules() {
    }

    /**
     * @param frames      top first, as ThreadInfo gives them
     * @param lockName    ThreadInfo's lock name ("class@hash") or null
     * @param lockOwnerId -1 when no thread owns the lock
     */
    public static Verdict classify(String threadName, Thread.State state, StackTraceElement[] frames,
                                   String lockName, long lockOwnerId, String lockOwnerName) {
        String top = frames.length == 0 ? "" : frameKey(frames[0]);
        String lockOwner = lockOwnerId < 0 ? null : lockOwnerName + " (#" + lockOwnerId + ")";
        String poolFromName = hikariPoolOfThread(threadName);

        int socket = socketFrame(frames);
        if (socket >= 0) {
            int driver = driverFrameBelow(frames, socket);
            if (driver >= 0) {
                String kind = socketOperation(frames, socket);
                String driverPackage = packageOf(frames[driver].getClassName());
                return new Verdict(SOCKET_IO, poolFromName, lockName, lockOwner, lockOwnerId,
                        "socket " + kind + " under " + driverPackage,
                        SOCKET_IO + "|" + top + "|" + frameKey(frames[driver]));
            }
        }
        int borrow = borrowFrame(frames);
        if (borrow >= 0) {
            String caller = borrow + 1 < frames.length ? frameKey(frames[firstFrameOutsidePool(frames, borrow)]) : "";
            return new Verdict(AWAITING_CONNECTION, poolFromName, lockName, lockOwner, lockOwnerId,
                    libraryOf(frames[borrow].getClassName()) + " " + frames[borrow].getMethodName(),
                    AWAITING_CONNECTION + "|" + top + "|" + caller);
        }
        boolean waitingOnOwnedLock = (state == Thread.State.WAITING || state == Thread.State.TIMED_WAITING)
                && lockOwnerId >= 0;
        if (state == Thread.State.BLOCKED || waitingOnOwnedLock) {
            String detail = state == Thread.State.BLOCKED ? "blocked on a monitor" : "waiting for a lock";
            return new Verdict(BLOCKED, poolFromName, lockName, lockOwner, lockOwnerId,
                    lockOwner == null ? detail : detail + " held by " + lockOwner,
                    BLOCKED + "|" + top + "|" + lockName);
        }
        String detail = socket >= 0 ? "socket " + socketOperation(frames, socket) + " (not under a JDBC driver)" : null;
        return new Verdict(OTHER, poolFromName, lockName, lockOwner, lockOwnerId, detail, OTHER + "|" + top);
    }

    /**
     * True when a stack cut at {@code frames.length} might classify differently in full: the top is a
     * socket frame but no driver frame was reached. Readers fetch those deeper.
     */
    public static boolean mayNeedDeeperStack(StackTraceElement[] frames) {
        int socket = socketFrame(frames);
        return socket >= 0 && driverFrameBelow(frames, socket) < 0;
    }

    /** The pool a HikariCP-owned thread works for, from its name, or null. */
    public static String hikariPoolOfThread(String threadName) {
        if (threadName == null) {
            return null;
        }
        for (String suffix : HIKARI_THREAD_SUFFIXES) {
            if (threadName.endsWith(suffix) && threadName.length() > suffix.length()) {
                return threadName.substring(0, threadName.length() - suffix.length());
            }
        }
        return null;
    }

    /**
     * "class.method(File.java:123)", the form PoolScope shows and exports, like jstack. Deliberately not
     * {@link StackTraceElement#toString()}, which on JDK 9+ prefixes the class loader and module
     * ("app//", "java.base@17/") and so differs between the JDKs of app and target.
     */
    public static String frameText(StackTraceElement e) {
        StringBuilder sb = new StringBuilder(e.getClassName().length() + e.getMethodName().length() + 24);
        sb.append(e.getClassName()).append('.').append(e.getMethodName()).append('(');
        if (e.isNativeMethod()) {
            sb.append("Native Method");
        } else if (e.getFileName() == null) {
            sb.append("Unknown Source");
        } else {
            sb.append(e.getFileName());
            if (e.getLineNumber() >= 0) {
                sb.append(':').append(e.getLineNumber());
            }
        }
        return sb.append(')').toString();
    }

    /** First socket frame within the top frames, reached through JDK frames only; -1 if none. */
    private static int socketFrame(StackTraceElement[] frames) {
        int limit = Math.min(frames.length, SOCKET_FRAME_MAX_DEPTH);
        for (int i = 0; i < limit; i++) {
            String cls = frames[i].getClassName();
            Set<String> methods = SOCKET_FRAMES.get(cls);
            if (methods != null && methods.contains(frames[i].getMethodName())) {
                return i;
            }
            if (!isJdkClass(cls)) {
                return -1; // application or library code is on top: the thread is not blocked in the socket
            }
        }
        return -1;
    }

    private static int driverFrameBelow(StackTraceElement[] frames, int from) {
        for (int i = from + 1; i < frames.length; i++) {
            String cls = frames[i].getClassName();
            for (String prefix : DRIVER_PREFIXES) {
                if (cls.startsWith(prefix)) {
                    return i;
                }
            }
        }
        return -1;
    }

    private static int borrowFrame(StackTraceElement[] frames) {
        for (int i = 0; i < frames.length; i++) {
            Set<String> methods = BORROW_FRAMES.get(frames[i].getClassName());
            if (methods != null && methods.contains(frames[i].getMethodName())) {
                return i;
            }
        }
        return -1;
    }

    /** The caller of the pool: the first frame below the borrow frame that is not pool code. */
    private static int firstFrameOutsidePool(StackTraceElement[] frames, int borrow) {
        for (int i = borrow + 1; i < frames.length; i++) {
            if (libraryOf(frames[i].getClassName()) == null) {
                return i;
            }
        }
        return frames.length - 1;
    }

    /** "read", "write" or "connect", from the socket frame or the JDK frames just below it. */
    private static String socketOperation(StackTraceElement[] frames, int socket) {
        int limit = Math.min(frames.length, socket + 4);
        for (int i = socket; i < limit; i++) {
            String m = frames[i].getMethodName();
            if (m.contains("onnect")) {
                return "connect";
            }
            if (m.contains("rite")) {
                return "write";
            }
            if (m.contains("ead")) {
                return "read";
            }
        }
        return "read";
    }

    private static boolean isJdkClass(String cls) {
        return cls.startsWith("java.") || cls.startsWith("sun.") || cls.startsWith("jdk.")
                || cls.startsWith("javax.net.") || cls.startsWith("com.sun.");
    }

    private static String libraryOf(String cls) {
        for (String[] e : POOL_LIBRARY) {
            if (cls.startsWith(e[0])) {
                return e[1];
            }
        }
        return null;
    }

    private static String packageOf(String cls) {
        for (String prefix : DRIVER_PREFIXES) {
            if (cls.startsWith(prefix)) {
                return prefix.endsWith(".") ? prefix.substring(0, prefix.length() - 1) : prefix;
            }
        }
        return cls;
    }

    private static String frameKey(StackTraceElement e) {
        return e.getClassName() + "." + e.getMethodName();
    }
}
