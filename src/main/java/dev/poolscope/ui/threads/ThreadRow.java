package dev.poolscope.ui.threads;

import dev.poolscope.live.ThreadCategory;
import dev.poolscope.live.ThreadSample;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;

/**
 * One line of the threads table: either a category group or a thread. Thread rows are kept per
 * thread id and updated in place on refresh, so the table keeps selection and scroll position.
 * FX thread only.
 */
public final class ThreadRow {

    private final Long threadId;
    private final ThreadCategory category;
    private final ReadOnlyStringWrapper name = new ReadOnlyStringWrapper(this, "name");
    private final ReadOnlyStringWrapper state = new ReadOnlyStringWrapper(this, "state", "");
    private final ReadOnlyStringWrapper duration = new ReadOnlyStringWrapper(this, "duration", "");
    private final ReadOnlyStringWrapper pool = new ReadOnlyStringWrapper(this, "pool", "");
    private final ReadOnlyStringWrapper connection = new ReadOnlyStringWrapper(this, "connection", "");
    private final ReadOnlyStringWrapper waitingFor = new ReadOnlyStringWrapper(this, "waitingFor", "");
    private final ReadOnlyBooleanWrapper stuck = new ReadOnlyBooleanWrapper(this, "stuck");
    private final ReadOnlyObjectWrapper<ThreadSample> sample = new ReadOnlyObjectWrapper<>(this, "sample");
    /** App clock millis when the sample arrived; the displayed duration ticks on from there. */
    private long receivedAtMillis;

    private ThreadRow(Long threadId, ThreadCategory category) {
        this.threadId = threadId;
        this.category = category;
    }

    static ThreadRow group(ThreadCategory category) {
        return new ThreadRow(null, category);
    }

    static ThreadRow thread(long id) {
        return new ThreadRow(id, null);
    }

    public boolean isGroup() {
        return threadId == null;
    }

    /** Null for group rows. */
    public Long threadId() {
        return threadId;
    }

    /** The group's category, or the thread's current one. */
    public ThreadCategory category() {
        return isGroup() ? category : sample.get().category();
    }

    void update(ThreadSample s, long receivedAtMillis) {
        this.receivedAtMillis = receivedAtMillis;
        sample.set(s);
        name.set(s.name());
        state.set(s.state());
        pool.set(s.pool() == null ? "" : s.pool());
        connection.set(s.connectionId() == null ? "" : s.connectionId());
        waitingFor.set(waitingFor(s));
    }

    /** What the thread waits for, in words: the pool's internal queue object would tell a user nothing. */
    private static String waitingFor(ThreadSample s) {
        return switch (s.category()) {
            case AWAITING_CONNECTION -> "a connection" + (s.pool() == null ? "" : " from " + s.pool());
            case SOCKET_IO -> "the database to answer";
            case BLOCKED -> (s.lockInfo() == null ? "a lock" : s.lockInfo())
                    + (s.lockOwner() == null ? "" : " held by " + s.lockOwner());
            case OTHER -> "";
        };
    }

    /** Milliseconds in the same place as of {@code nowMillis}, or null when unknown. */
    Long stuckMillisAt(long nowMillis) {
        ThreadSample s = sample.get();
        if (s == null || s.stuckMillis() == null) {
            return null;
        }
        return s.stuckMillis() + Math.max(0, nowMillis - receivedAtMillis);
    }

    void setDuration(String text) {
        duration.set(text);
    }

    void setStuck(boolean value) {
        stuck.set(value);
    }

    void setGroupTitle(String title) {
        name.set(title);
    }

    public ReadOnlyStringProperty nameProperty() {
        return name.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty stateProperty() {
        return state.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty durationProperty() {
        return duration.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty poolProperty() {
        return pool.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty connectionProperty() {
        return connection.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty waitingForProperty() {
        return waitingFor.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty stuckProperty() {
        return stuck.getReadOnlyProperty();
    }

    public ReadOnlyObjectProperty<ThreadSample> sampleProperty() {
        return sample.getReadOnlyProperty();
    }

    @Override
    public String toString() {
        return name.get();
    }
}
