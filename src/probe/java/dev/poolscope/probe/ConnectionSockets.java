package dev.poolscope.probe;

import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.net.InetAddress;
import java.net.Socket;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The socket and backend pid behind a raw pgjdbc connection: PgConnection.getQueryExecutor() →
 * QueryExecutorBase.pgStream → PGStream.getSocket(), and QueryExecutor.getBackendPID() (kept by
 * the driver since login, no round trip). Reflection handles are looked up once per connection
 * class; only the probe's reader calls this (never the borrow path). Reading the socket's
 * addresses takes no lock and does no I/O. Other drivers: null.
 */
final class ConnectionSockets {

    /** What a connection's socket is, as the kernel names it. */
    static final class Endpoint {
        final int backendPid;
        final InetAddress localAddress;
        final int localPort;
        final InetAddress remoteAddress;
        final int remotePort;

        Endpoint(int backendPid, InetAddress localAddress, int localPort, InetAddress remoteAddress, int remotePort) {
            this.backendPid = backendPid;
            this.localAddress = localAddress;
            this.localPort = localPort;
            this.remoteAddress = remoteAddress;
            this.remotePort = remotePort;
        }
    }

    private static final class Accessors {
        final Method queryExecutor;
        final Method backendPid;
        final Field pgStream;
        final Method socket;
        /** QueryExecutorBase.lock (pgjdbc 42.6+, a ReentrantLock held for a whole execute), or null. */
        final Field lock;

        Accessors(Method queryExecutor, Method backendPid, Field pgStream, Method socket, Field lock) {
            this.queryExecutor = queryExecutor;
            this.backendPid = backendPid;
            this.pgStream = pgStream;
            this.socket = socket;
            this.lock = lock;
        }
    }

    private static final Accessors NONE = new Accessors(null, null, null, null, null);
    private static final String LOCKED_BY = "[Locked by thread ";
    private final Map<Class<?>, Accessors> byClass = new ConcurrentHashMap<Class<?>, Accessors>();
    private volatile String problem;

    /** The endpoint of a raw connection, or null when it is not pgjdbc or cannot be read. */
    Endpoint of(Object rawConnection) {
        if (rawConnection == null || !rawConnection.getClass().getName().startsWith("org.postgresql.")) {
            return null;
        }
        Accessors a = accessors(rawConnection.getClass());
        if (a == NONE) {
            return null;
        }
        try {
            Object executor = a.queryExecutor.invoke(rawConnection);
            if (executor == null) {
                return null;
            }
            int pid = a.backendPid == null ? -1 : ((Number) a.backendPid.invoke(executor)).intValue();
            Object stream = a.pgStream == null ? null : a.pgStream.get(executor);
            Object s = stream == null ? null : a.socket.invoke(stream);
            if (!(s instanceof Socket)) {
                return new Endpoint(pid, null, -1, null, -1);
            }
            Socket socket = (Socket) s;
            return new Endpoint(pid, socket.getLocalAddress(), socket.getLocalPort(), socket.getInetAddress(),
                    socket.getPort());
        } catch (Throwable t) {
            // A connection being closed or replaced while read: report nothing rather than guess.
            return null;
        }
    }

    /**
     * The name of the thread inside a statement on this raw connection: the owner of pgjdbc's
     * executor lock (42.6+), which it holds from sending the query until the results are read. The
     * owner is read through ReentrantLock's public toString ("[Locked by thread NAME]"), so nothing
     * in java.base has to be opened. Null when unlocked (no statement in flight), older pgjdbc or
     * another driver. Reader thread only; takes no lock.
     */
    String statementThreadName(Object rawConnection) {
        if (rawConnection == null || !rawConnection.getClass().getName().startsWith("org.postgresql.")) {
            return null;
        }
        Accessors a = accessors(rawConnection.getClass());
        if (a.lock == null) {
            return null;
        }
        try {
            Object executor = a.queryExecutor.invoke(rawConnection);
            Object lock = executor == null ? null : a.lock.get(executor);
            if (!(lock instanceof java.util.concurrent.locks.ReentrantLock)
                    || !((java.util.concurrent.locks.ReentrantLock) lock).isLocked()) {
                return null;
            }
            String text = lock.toString();
            int at = text.indexOf(LOCKED_BY);
            return at < 0 || !text.endsWith("]") ? null : text.substring(at + LOCKED_BY.length(), text.length() - 1);
        } catch (Throwable t) {
            return null;
        }
    }

    /**
     * The object whose monitor the driver holds while a statement runs on this raw connection, for
     * drivers that hold a Java monitor rather than a lock object: pgjdbc before 42.6 synchronizes
     * execute on its QueryExecutorImpl; other drivers are assumed to synchronize on the connection
     * (Connector/J's connection mutex is the connection). Null for pgjdbc 42.6+ (its ReentrantLock is
     * read by {@link #statementThreadName}) or when the executor cannot be reached. Reader and
     * scanner threads; takes no lock.
     */
    Object statementMonitor(Object rawConnection) {
        if (rawConnection == null) {
            return null;
        }
        if (!rawConnection.getClass().getName().startsWith("org.postgresql.")) {
            return rawConnection;
        }
        Accessors a = accessors(rawConnection.getClass());
        if (a == NONE || a.lock != null) {
            return null;
        }
        try {
            return a.queryExecutor.invoke(rawConnection);
        } catch (Throwable t) {
            return null;
        }
    }

    /** Why sockets cannot be read, or null. */
    String problem() {
        return problem;
    }

    private Accessors accessors(Class<?> connectionClass) {
        Accessors cached = byClass.get(connectionClass);
        if (cached != null) {
            return cached;
        }
        Accessors found = NONE;
        try {
            Method getExecutor = connectionClass.getMethod("getQueryExecutor");
            getExecutor.setAccessible(true);
            ClassLoader loader = connectionClass.getClassLoader();
            Class<?> executorInterface = Class.forName("org.postgresql.core.QueryExecutor", false, loader);
            Method pid = executorInterface.getMethod("getBackendPID");
            Class<?> base = Class.forName("org.postgresql.core.QueryExecutorBase", false, loader);
            Field stream = base.getDeclaredField("pgStream");
            stream.setAccessible(true);
            Class<?> pgStreamClass = Class.forName("org.postgresql.core.PGStream", false, loader);
            Method socket = pgStreamClass.getMethod("getSocket");
            Field lock = null;
            try {
                lock = base.getDeclaredField("lock");
                lock.setAccessible(true);
            } catch (Throwable older) {
                // pgjdbc before 42.6 synchronizes on the executor: no lock object to ask.
            }
            found = new Accessors(getExecutor, pid, stream, socket, lock);
        } catch (Throwable t) {
            problem = "connection sockets: this pgjdbc version hides its socket (" + t + ")";
        }
        byClass.put(connectionClass, found);
        return found;
    }
}
