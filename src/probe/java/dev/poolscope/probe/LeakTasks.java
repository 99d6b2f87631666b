package dev.poolscope.probe;

import java.lang.reflect.Field;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ScheduledThreadPoolExecutor;

/**
 * HikariCP's leak detection as a source of holder and borrow site, for borrows older than the probe.
 * With {@code leakDetectionThreshold} > 0, every borrow creates a {@code ProxyLeakTask} holding the
 * borrower's thread name, an Exception made at the borrow (its stack is the borrow site) and the
 * physical connection's {@code toString()}, and schedules it on the pool's housekeeping executor
 * (read in the HikariCP 4.0.3 and 6.3.3 sources). The task is reachable only from the proxy the
 * holder keeps, or from the executor's queue until it fires at the threshold.
 *
 * <p>Iterating the queue ({@code DelayedWorkQueue.iterator/toArray}) takes the queue's lock, which
 * HikariCP's borrow path takes to schedule the task, so this never does: it reads the queue's
 * backing array field ({@code DelayedWorkQueue.queue}) without the lock, a racy read of references
 * (never torn in Java). A stale or reshuffled array can miss a task or show a finished one; every
 * task read is validated by matching its connection name to exactly one connection in use, so a
 * wrong or missed read costs only a missed source. The borrow path is not touched at all.
 *
 * <p>Cost: one pass over the queue's array (the pool's own scheduled tasks: about three per
 * connection), reflective field reads only, and {@code Throwable.getStackTrace()} of a matched
 * task's exception once per connection (that call holds the exception's own monitor, which no borrow
 * takes). Scanner thread only, and only while a connection in use by an unseen borrow has no record.
 */
final class LeakTasks {

    static final String SOURCE = "leak_detection";
    private static final String TASK_CLASS = "com.zaxxer.hikari.pool.ProxyLeakTask";

    /** What one leak task says about one borrow. */
    static final class Record {
        final String threadName;
        final String[] site;

        Record(String threadName, String[] site) {
            this.threadName = threadName;
            this.site = site;
        }
    }

    private final Field executorField;
    private Field queueArray;
    private Field callable;
    private Field adapterTask;
    private Field taskException;
    private Field taskThreadName;
    private Field taskConnectionName;
    private volatile String problem;

    LeakTasks(Class<?> poolClass) {
        executorField = field(poolClass, "houseKeepingExecutorService");
    }

    /** Why leak tasks cannot be read, or null. */
    String problem() {
        return problem;
    }

    /**
     * @param wanted the physical connection of each entry (key) in use by a borrow the probe did not
     *               see and with no record yet
     * @return the record of each entry whose leak task was found in the queue (one match only)
     */
    Map<Object, Record> find(Object pool, Map<Object, Object> wanted) {
        Map<Object, Record> found = new IdentityHashMap<Object, Record>();
        if (wanted.isEmpty() || executorField == null) {
            return found;
        }
        try {
            Object executor = executorField.get(pool);
            if (!(executor instanceof ScheduledThreadPoolExecutor)) {
                problem = "leak-detection tasks: the housekeeping executor is not a ScheduledThreadPoolExecutor";
                return found;
            }
            // getQueue() returns the field; it takes no lock.
            Object[] tasks = queueArray(((ScheduledThreadPoolExecutor) executor).getQueue());
            if (tasks == null) {
                return found;
            }
            Map<String, List<Object>> byName = names(wanted);
            for (Object future : tasks) {
                Object task = leakTask(future);
                if (task == null) {
                    continue;
                }
                Object name = taskConnectionName.get(task);
                List<Object> keys = name == null ? null : byName.get(name.toString());
                if (keys == null || keys.size() != 1 || found.containsKey(keys.get(0))) {
                    continue; // not one of the wanted, or ambiguous (a driver whose toString is not unique)
                }
                Object thread = taskThreadName.get(task);
                Object exception = taskException.get(task);
                if (thread != null && exception instanceof Throwable) {
                    found.put(keys.get(0), new Record(thread.toString(), site(((Throwable) exception).getStackTrace())));
                }
            }
        } catch (Throwable t) {
            problem = "leak-detection tasks: " + t;
        }
        return found;
    }

    /** Connection name as ProxyLeakTask keeps it ({@code poolEntry.connection.toString()}) to entry keys. */
    private static Map<String, List<Object>> names(Map<Object, Object> wanted) {
        Map<String, List<Object>> byName = new HashMap<String, List<Object>>();
        for (Map.Entry<Object, Object> e : wanted.entrySet()) {
            if (e.getValue() == null) {
                continue;
            }
            // HikariCP calls the same toString() on every borrow, so calling it here is as safe.
            String name = e.getValue().toString();
            List<Object> keys = byName.get(name);
            if (keys == null) {
                keys = new ArrayList<Object>(1);
                byName.put(name, keys);
            }
            keys.add(e.getKey());
        }
        return byName;
    }

    /** The DelayedWorkQueue's backing array, read without its lock; null when not readable. */
    private Object[] queueArray(Collection<?> queue) throws IllegalAccessException {
        if (queueArray == null || queueArray.getDeclaringClass() != queue.getClass()) {
            queueArray = field(queue.getClass(), "queue");
            if (queueArray == null) {
                problem = "leak-detection tasks: no array field in " + queue.getClass().getName();
                return null;
            }
        }
        Object array = queueArray.get(queue);
        return array instanceof Object[] ? (Object[]) array : null;
    }

    /** ScheduledFutureTask → FutureTask.callable → Executors.RunnableAdapter.task, if it is a ProxyLeakTask. */
    private Object leakTask(Object future) throws IllegalAccessException {
        if (future == null) {
            return null;
        }
        if (callable == null) {
            callable = field(java.util.concurrent.FutureTask.class, "callable");
            if (callable == null) {
                return null;
            }
        }
        if (!(future instanceof java.util.concurrent.FutureTask)) {
            return null;
        }
        Object adapter = callable.get(future);
        if (adapter == null) {
            return null; // done: FutureTask drops its callable
        }
        if (adapterTask == null || adapterTask.getDeclaringClass() != adapter.getClass()) {
            Field f = field(adapter.getClass(), "task");
            if (f == null) {
                return null; // a callable, not a wrapped Runnable
            }
            adapterTask = f;
        }
        Object task = adapterTask.get(adapter);
        if (task == null || !TASK_CLASS.equals(task.getClass().getName())) {
            return null;
        }
        if (taskException == null || taskException.getDeclaringClass() != task.getClass()) {
            taskException = field(task.getClass(), "exception");
            taskThreadName = field(task.getClass(), "threadName");
            taskConnectionName = field(task.getClass(), "connectionName");
        }
        return taskException == null || taskThreadName == null || taskConnectionName == null ? null : task;
    }

    /**
     * The borrow site from the task's exception: HikariCP's own leading frames of making the task cut
     * (so it starts at HikariPool.getConnection, as the probe's own capture), at most MAX_FRAMES.
     */
    static String[] site(StackTraceElement[] frames) {
        int start = 0;
        while (start < frames.length && frames[start].getClassName().startsWith(TASK_CLASS)) {
            start++; // ProxyLeakTask.<init>, ProxyLeakTaskFactory.scheduleNewTask / schedule
        }
        int n = Math.min(frames.length - start, BorrowSiteCapture.MAX_FRAMES);
        String[] out = new String[Math.max(0, n)];
        for (int i = 0; i < out.length; i++) {
            out[i] = frames[start + i].toString();
        }
        return out;
    }

    private static Field field(Class<?> owner, String name) {
        for (Class<?> c = owner; c != null; c = c.getSuperclass()) {
            try {
                Field f = c.getDeclaredField(name);
                f.setAccessible(true);
                return f;
            } catch (NoSuchFieldException e) {
                // look in the superclass
            } catch (RuntimeException e) {
                return null; // not opened to the probe
            }
        }
        return null;
    }
}
