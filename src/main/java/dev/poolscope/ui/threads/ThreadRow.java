package dev.poolscope.ui.threads;

import javafx.beans.binding.StringBinding;
import javafx.beans.binding.StringExpression;
import java.util.Objects;

import dev.poolscope.live.threads.ThreadCategory;
import dev.poolscope.live.threads.ThreadSample;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;

/**
 * One line of the threads table: either a category group or a thread. Thread rows are kept per
 * thread id and updated in place on refresh, so the table keeps selection and scroll position.
 * FX thread only, once shared: a new row may be built and filled on the preparing thread before it
 * is handed to the FX thread.
 */
public final class ThreadRow {

    private final Long threadId;
    private final ThreadCategory category;
    private final ReadOnlyStringWrapper name = new ReadOnlyStringWrapper(this, "name");
    private final ReadOnlyStringWrapper state = new ReadOnlyStringWrapper(this, "state", "");
    /**
     * Formatted only when read: of 5,000 rows only the twenty or so on screen have a cell asking,
     * so a refresh invalidates instead of building 5,000 strings.
     */
    private final StringBinding duration = new StringBinding() {
        @Override
        protected String computeValue() {
            return durationKnown ? DurationText.format(durationMillis, durationLowerBound) : "";
        }
    };
    private long durationMillis;
    private boolean durationKnown;
    private boolean durationLowerBound;
    /** What the displayed text depends on (ms below 1 s, then whole seconds, then minutes); -1 unknown. */
    private long durationKey = -1;
    private final ReadOnlyStringWrapper pool = new ReadOnlyStringWrapper(this, "pool", "");
    private final ReadOnlyStringWrapper connection = new ReadOnlyStringWrapper(this, "connection", "");
    /** Built from the sample only when a cell shows it. */
    private final StringBinding waitingFor = new StringBinding() {
        @Override
        protected String computeValue() {
            ThreadSample s = sample.get();
            return s == null ? groupNote : waitingFor(s);
        }
    };
    /** A group row's word on threads it counts but does not list, in the wide "Waiting for" column. */
    private String groupNote = "";
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
        name.set(s.name());
        state.set(s.state());
        pool.set(s.pool() == null ? "" : s.pool());
        connection.set(s.connectionId() == null ? "" : s.connectionId());
        ThreadSample before = sample.get();
        if (before == null || before.category() != s.category() || !Objects.equals(before.pool(), s.pool())
                || !Objects.equals(before.lockInfo(), s.lockInfo()) || !Objects.equals(before.lockOwner(), s.lockOwner())) {
            waitingFor.invalidate();
        }
        sample.set(s);
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

    long receivedAtMillis() {
        return receivedAtMillis;
    }

    /** Milliseconds in the same place as of {@code nowMillis}, or null when unknown. */
    Long stuckMillisAt(long nowMillis) {
        ThreadSample s = sample.get();
        if (s == null || s.stuckMillis() == null) {
            return null;
        }
        return s.stuckMillis() + Math.max(0, nowMillis - receivedAtMillis);
    }

    /** Sets the time in the same place; the text is rebuilt only when what it shows changes. */
    void setDuration(Long millis, boolean lowerBound) {
        long key = millis == null ? -1 : millis < 1000 ? millis : millis < 3_600_000 ? 1_000 + millis / 1000
                : 10_000 + millis / 60_000;
        if (key == durationKey && lowerBound == durationLowerBound) {
            return;
        }
        durationKey = key;
        durationKnown = millis != null;
        durationMillis = millis == null ? 0 : millis;
        durationLowerBound = lowerBound;
        duration.invalidate();
    }

    /** The displayed time in the same place, for sorting by it; null when unknown. */
    Long durationMillis() {
        return durationKnown ? durationMillis : null;
    }

    /** The displayed values as text: one tab-separated line, what Ctrl+C copies. */
    String line() {
        return String.join("\t", name.get() == null ? "" : name.get(), state.get(), duration.get(), pool.get(),
                connection.get(), waitingFor.get());
    }

    /** Whether the filter text is in the name, state, pool, connection, what it waits for, or a stack frame. */
    boolean matches(String needle) {
        for (String field : new String[]{name.get(), state.get(), pool.get(), connection.get(), waitingFor.get()}) {
            if (field != null && field.toLowerCase(java.util.Locale.ROOT).contains(needle)) {
                return true;
            }
        }
        ThreadSample s = sample.get();
        if (s != null) {
            for (String frame : s.stack()) {
                if (frame.toLowerCase(java.util.Locale.ROOT).contains(needle)) {
                    return true;
                }
            }
        }
        return false;
    }

    void setStuck(boolean value) {
        stuck.set(value);
    }

    void setGroupTitle(String title) {
        name.set(title);
    }

    void setGroupNote(String note) {
        String text = note == null ? "" : note;
        if (!text.equals(groupNote)) {
            groupNote = text;
            waitingFor.invalidate();
        }
    }

    public ReadOnlyStringProperty nameProperty() {
        return name.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty stateProperty() {
        return state.getReadOnlyProperty();
    }

    public StringExpression durationProperty() {
        return duration;
    }

    public ReadOnlyStringProperty poolProperty() {
        return pool.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty connectionProperty() {
        return connection.getReadOnlyProperty();
    }

    public StringExpression waitingForProperty() {
        return waitingFor;
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
