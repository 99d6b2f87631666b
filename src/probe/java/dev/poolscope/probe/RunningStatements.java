package dev.poolscope.probe;

import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.util.Deque;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The SQL a held connection is executing right now, where the driver lets a reader see it:
 * pgjdbc keeps each sent query in its query executor's {@code pendingExecuteQueue} until the
 * results are read, so a statement hanging on a dead socket stays visible there. Read-only and
 * racy by design: one volatile-free peek at the head of the queue from the probe's reader thread,
 * never a lock, never a call into the socket. The text is the statement with its placeholders,
 * never the parameter values. Other drivers keep nothing comparable: "" for them.
 */
final class RunningStatements {

    static final int MAX_CHARS = 2_000;

    /** Per driver class: how to reach the pending queue, or null when it cannot be reached. */
    private final Map<Class<?>, Accessors> byClass = new ConcurrentHashMap<Class<?>, Accessors>();
    private volatile String problem;

    private static final class Accessors {
        final Method queryExecutor;
        final Field pendingQueue;
        final Field query;

        Accessors(Method queryExecutor, Field pendingQueue, Field query) {
            this.queryExecutor = queryExecutor;
            this.pendingQueue = pendingQueue;
            this.query = query;
        }
    }

    /** The running statement, "" when none is running or the driver does not expose it. */
    String of(Object rawConnection) {
        if (rawConnection == null || !rawConnection.getClass().getName().startsWith("org.postgresql.")) {
            return "";
        }
        Accessors a = accessors(rawConnection.getClass());
        if (a == null) {
            return "";
        }
        try {
            Object executor = a.queryExecutor.invoke(rawConnection);
            Object queue = executor == null ? null : a.pendingQueue.get(executor);
            Object head = queue instanceof Deque ? ((Deque<?>) queue).peekFirst() : null;
            Object q = head == null ? null : a.query.get(head);
            if (q == null) {
                return "";
            }
            String sql = q.toString();
            return sql.length() <= MAX_CHARS ? sql : sql.substring(0, MAX_CHARS) + "…";
        } catch (Throwable t) {
            // A racy read of a queue the owner is changing: report nothing rather than guess.
            return "";
        }
    }

    /** Why running statements cannot be read, or null. */
    String problem() {
        return problem;
    }

    private Accessors accessors(Class<?> connectionClass) {
        if (byClass.containsKey(connectionClass)) {
            return byClass.get(connectionClass) == NONE ? null : byClass.get(connectionClass);
        }
        Accessors found = NONE;
        try {
            Method getExecutor = connectionClass.getMethod("getQueryExecutor");
            Class<?> executorClass = Class.forName("org.postgresql.core.v3.QueryExecutorImpl", false,
                    connectionClass.getClassLoader());
            Field pending = executorClass.getDeclaredField("pendingExecuteQueue");
            Class<?> requestClass = Class.forName("org.postgresql.core.v3.ExecuteRequest", false,
                    connectionClass.getClassLoader());
            Field query = requestClass.getDeclaredField("query");
            getExecutor.setAccessible(true);
            pending.setAccessible(true);
            query.setAccessible(true);
            found = new Accessors(getExecutor, pending, query);
        } catch (Throwable t) {
            problem = "running statements: pgjdbc's query queue is not readable here (a newer pgjdbc, or pgjdbc on the module path): " + t;
        }
        byClass.put(connectionClass, found);
        return found == NONE ? null : found;
    }

    private static final Accessors NONE = new Accessors(null, null, null);
}
