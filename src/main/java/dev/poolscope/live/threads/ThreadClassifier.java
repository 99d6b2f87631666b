package dev.poolscope.live.threads;


import java.lang.management.ThreadInfo;
import java.util.Map;
import java.util.Set;

/**
 * Sorts a thread into awaiting_connection, socket_io, blocked or other from its state, frames and
 * lock. A pure function with no state: safe on any thread. Cost is one pass over the frames with
 * string equality checks (no regex, no allocation except the result), so 2,000 threads take a few
 * milliseconds (see docs/benchmarks.md).
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
public final class ThreadClassifier {

    /** A socket frame deeper than this is not "what the thread is doing now". */
    static final int SOCKET_FRAME_MAX_DEPTH = 12;

    /**
     * JDK frames a thread blocked in socket I/O sits in, class to methods. JDK 8-12 use the
     * SocketInputStream/SocketOutputStream natives; JDK 13+ (JEP 353) NioSocketImpl, which parks in
     * Net.poll for timed reads.
     */
    private static final Map<String, Set<String>> SOCKET_FRAMES = Map.of(
            "java.net.SocketInputStream", Set.of("socketRead0", "socketRead", "read"),
            "java.net.SocketOutputStream", Set.of("socketWrite0", "socketWrite", "write"),
            "java.net.PlainSocketImpl", Set.of("socketConnect", "connect"),
            "sun.nio.ch.NioSocketImpl", Set.of("park", "read", "timedRead", "implRead", "write", "implWrite",
                    "connect", "timedFinishConnect"),
            "sun.nio.ch.Net", Set.of("poll", "connect0", "pollConnect", "pollConnectNow"),
            "sun.nio.ch.SocketDispatcher", Set.of("read0", "read", "write0", "write"),
            "sun.nio.ch.SocketChannelImpl", Set.of("read", "write", "connect", "finishConnect"));

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
    private static final Map<String, Set<String>> BORROW_FRAMES = Map.ofEntries(
            Map.entry("com.zaxxer.hikari.pool.HikariPool", Set.of("getConnection")),
            Map.entry("com.zaxxer.hikari.util.ConcurrentBag", Set.of("borrow")),
            Map.entry("com.zaxxer.hikari.util.SuspendResumeLock", Set.of("acquire")),
            Map.entry("org.apache.commons.dbcp2.PoolingDataSource", Set.of("getConnection")),
            Map.entry("org.apache.commons.dbcp2.BasicDataSource", Set.of("getConnection")),
            Map.entry("org.apache.commons.dbcp.PoolingDataSource", Set.of("getConnection")),
            Map.entry("org.apache.tomcat.dbcp.dbcp2.PoolingDataSource", Set.of("getConnection")),
            Map.entry("org.apache.tomcat.jdbc.pool.ConnectionPool", Set.of("borrowConnection")),
            Map.entry("com.mchange.v2.resourcepool.BasicResourcePool", Set.of("checkoutResource", "awaitAvailable")),
            Map.entry("io.agroal.pool.ConnectionPool", Set.of("getConnection")),
            Map.entry("org.vibur.dbcp.pool.PoolOperations", Set.of("getConnHolder", "getProxyConnection")),
            Map.entry("com.alibaba.druid.pool.DruidDataSource",
                    Set.of("pollLast", "takeLast", "getConnectionInternal", "getConnectionDirect")),
            Map.entry("oracle.ucp.jdbc.PoolDataSourceImpl", Set.of("getConnection")),
            // UCP 23.x waiter, top first: Semaphore.tryAcquire < CriStats$BorrowSemaphore.tryAcquire <
            // Core.findFirst < Core.helpBorrow < Core.borrow < UniversalConnectionPoolImpl.getAvailableConnection
            Map.entry("oracle.ucp.common.Core", Set.of("borrow", "helpBorrow")),
            Map.entry("oracle.ucp.common.UniversalConnectionPoolImpl",
                    Set.of("borrowConnection", "borrowConnectionAndValidate", "borrowConnectionWithoutCountingRequests")));

    private static final Map<String, String> POOL_LIBRARY = Map.of(
            "com.zaxxer.", "HikariCP", "org.apache.commons.dbcp", "DBCP", "org.apache.tomcat.dbcp.", "Tomcat DBCP",
            "org.apache.tomcat.jdbc.", "tomcat-jdbc", "com.mchange.", "c3p0", "io.agroal.", "Agroal",
            "org.vibur.", "Vibur", "com.alibaba.druid.", "Druid", "oracle.ucp.", "UCP");

    /** HikariCP names its own threads after the pool: "pool housekeeper" (to 5.x), "pool:housekeeper" (6.x+). */
    private static final String[] HIKARI_THREAD_SUFFIXES = {
            " housekeeper", " connection adder", " connection closer",
            ":housekeeper", ":connection-adder", ":connection-closer"};

    public Classification classify(ThreadInfo info) {
        return classify(info.getThreadName(), info.getThreadState(), info.getStackTrace(),
                info.getLockName(), info.getLockOwnerId(), info.getLockOwnerName());
    }

    /**
     * @param frames      top first, as ThreadInfo gives them
     * @param lockName    ThreadInfo's lock name ("class@hash") or null
     * @param lockOwnerId -1 when no thread owns the lock
     */
    public Classification classify(String threadName, Thread.State state, StackTraceElement[] frames,
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
                return new Classification(ThreadCategory.SOCKET_IO, poolFromName, lockName, lockOwner, lockOwnerId,
                        "socket " + kind + " under " + driverPackage,
                        "socket_io|" + top + "|" + frameKey(frames[driver]));
            }
        }
        int borrow = borrowFrame(frames);
        if (borrow >= 0) {
            String caller = borrow + 1 < frames.length ? frameKey(frames[firstFrameOutsidePool(frames, borrow)]) : "";
            return new Classification(ThreadCategory.AWAITING_CONNECTION, poolFromName, lockName, lockOwner,
                    lockOwnerId, libraryOf(frames[borrow].getClassName()) + " " + frames[borrow].getMethodName(),
                    "awaiting_connection|" + top + "|" + caller);
        }
        boolean waitingOnOwnedLock = (state == Thread.State.WAITING || state == Thread.State.TIMED_WAITING)
                && lockOwnerId >= 0;
        if (state == Thread.State.BLOCKED || waitingOnOwnedLock) {
            String detail = state == Thread.State.BLOCKED ? "blocked on a monitor" : "waiting for a lock";
            return new Classification(ThreadCategory.BLOCKED, poolFromName, lockName, lockOwner, lockOwnerId,
                    lockOwner == null ? detail : detail + " held by " + lockOwner,
                    "blocked|" + top + "|" + lockName);
        }
        String detail = socket >= 0 ? "socket " + socketOperation(frames, socket) + " (not under a JDBC driver)" : null;
        return new Classification(ThreadCategory.OTHER, poolFromName, lockName, lockOwner, lockOwnerId, detail,
                "other|" + top);
    }

    /**
     * True when a stack cut at {@code frames.length} might classify differently in full: the top is a
     * socket frame but no driver frame was reached. {@link ThreadReader} fetches those deeper.
     */
    public boolean mayNeedDeeperStack(StackTraceElement[] frames) {
        int socket = socketFrame(frames);
        return socket >= 0 && driverFrameBelow(frames, socket) < 0;
    }

    /** The pool a HikariCP-owned thread works for, from its name, or null. */
    static String hikariPoolOfThread(String threadName) {
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
        for (Map.Entry<String, String> e : POOL_LIBRARY.entrySet()) {
            if (cls.startsWith(e.getKey())) {
                return e.getValue();
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
