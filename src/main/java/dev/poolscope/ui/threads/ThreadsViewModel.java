package dev.poolscope.ui.threads;

import dev.poolscope.attach.DeadlineRunner;
import dev.poolscope.live.ThreadCategory;
import dev.poolscope.live.ThreadSample;
import dev.poolscope.live.threads.Headline;
import dev.poolscope.live.threads.HeadlineWriter;
import dev.poolscope.live.threads.StuckPolicy;
import dev.poolscope.live.threads.ThreadAnalysis;
import dev.poolscope.live.threads.ThreadDumpSource;
import dev.poolscope.live.threads.ThreadText;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyLongProperty;
import javafx.beans.property.ReadOnlyLongWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleObjectProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Executor;

/**
 * State of the threads panel: threads grouped by category with stuck ones first, durations that
 * tick between samples, a selection that survives refreshes (kept by thread id), the headline, and
 * the copy/export actions.
 *
 * <p>Threading: every method runs on the FX thread ({@code uiThread}); the only blocking work, reading
 * and writing a full thread dump, runs on {@code background} and reports back through {@code uiThread}.
 * Tests pass same-thread executors.
 */
public final class ThreadsViewModel {

    /** Stuck first, then longest in the same place, then by name; hand-written: it runs ~60,000 times per refresh. */
    private static final Comparator<ThreadRow> DISPLAY_ORDER = (a, b) -> {
        boolean stuckA = a.stuckProperty().get();
        if (stuckA != b.stuckProperty().get()) {
            return stuckA ? -1 : 1;
        }
        Long millisA = a.sampleProperty().get().stuckMillis();
        Long millisB = b.sampleProperty().get().stuckMillis();
        if (millisA == null || millisB == null) {
            if (millisA != millisB) {
                return millisA == null ? 1 : -1;
            }
        } else if (millisA.longValue() != millisB.longValue()) {
            return Long.compare(millisB, millisA);
        }
        return a.nameProperty().get().compareTo(b.nameProperty().get());
    };

    private static final List<ThreadCategory> GROUP_ORDER = List.of(ThreadCategory.SOCKET_IO,
            ThreadCategory.AWAITING_CONNECTION, ThreadCategory.BLOCKED, ThreadCategory.OTHER);

    private final Clock clock;
    private final Executor background;
    private final Executor uiThread;
    private ThreadDumpSource dumpSource;

    private final Map<ThreadCategory, ThreadGroupModel> groupByCategory = new EnumMap<>(ThreadCategory.class);
    private final ObservableList<ThreadGroupModel> groups = FXCollections.observableArrayList();
    private final Map<Long, ThreadRow> rowsById = new HashMap<>();
    private ThreadAnalysis analysis;

    private final ObjectProperty<Long> selectedThreadId = new SimpleObjectProperty<>(this, "selectedThreadId");
    private final ReadOnlyObjectWrapper<ThreadSample> selectedSample = new ReadOnlyObjectWrapper<>(this, "selectedSample");
    private final ReadOnlyStringWrapper stackText = new ReadOnlyStringWrapper(this, "stackText", "");
    private final ReadOnlyObjectWrapper<Headline> headline = new ReadOnlyObjectWrapper<>(this, "headline");
    private final ObjectProperty<Duration> threshold =
            new SimpleObjectProperty<>(this, "threshold", StuckPolicy.DEFAULT_THRESHOLD);
    private final ReadOnlyStringWrapper status = new ReadOnlyStringWrapper(this, "status", "");
    private final ReadOnlyBooleanWrapper exporting = new ReadOnlyBooleanWrapper(this, "exporting");
    /** Incremented when groups or their order changed, so the view re-lays its tree once per refresh. */
    private final ReadOnlyLongWrapper revision = new ReadOnlyLongWrapper(this, "revision");

    public ThreadsViewModel(Clock clock, Executor background, Executor uiThread) {
        this.clock = clock;
        this.background = background;
        this.uiThread = uiThread;
        for (ThreadCategory c : ThreadCategory.values()) {
            groupByCategory.put(c, new ThreadGroupModel(c));
        }
        selectedThreadId.addListener((obs, old, id) -> showSelection());
        threshold.addListener((obs, old, t) -> {
            if (analysis != null) {
                apply(analysis.withPolicy(policy()), false);
            }
        });
    }

    /** Where "Export thread dump" reads from; null while not connected. */
    public void setDumpSource(ThreadDumpSource dumpSource) {
        this.dumpSource = dumpSource;
    }

    /** A new sample with deadlocks and truncation known; the headline is written from it. */
    public void apply(ThreadAnalysis newAnalysis) {
        apply(newAnalysis, true, null);
    }

    /** A new sample as a snapshot carries it (no deadlock groups); the headline is written from it. */
    public void apply(List<ThreadSample> threads) {
        apply(threads, null);
    }

    /**
     * A new sample with a headline the caller wrote (e.g. knowing more about the pools). A change of
     * the stuck threshold rewrites the headline with {@link HeadlineWriter} until the next sample.
     */
    public void apply(List<ThreadSample> threads, Headline givenHeadline) {
        apply(new ThreadAnalysis(clock.instant(), threads, List.of(), Set.of(), policy()), true, givenHeadline);
    }

    private void apply(ThreadAnalysis newAnalysis, boolean fresh) {
        apply(newAnalysis, fresh, null);
    }

    private void apply(ThreadAnalysis newAnalysis, boolean fresh, Headline givenHeadline) {
        StuckPolicy policy = policy();
        analysis = newAnalysis.withPolicy(policy);
        long now = clock.millis();
        Set<Long> seen = new HashSet<>();
        Map<ThreadCategory, List<ThreadRow>> byCategory = new EnumMap<>(ThreadCategory.class);
        for (ThreadSample s : analysis.threads()) {
            seen.add(s.id());
            ThreadRow row = rowsById.computeIfAbsent(s.id(), ThreadRow::thread);
            if (fresh) {
                row.update(s, now);
            }
            refreshDuration(row, now, policy);
            byCategory.computeIfAbsent(s.category(), c -> new ArrayList<>()).add(row);
        }
        rowsById.keySet().retainAll(seen);

        List<ThreadGroupModel> ordered = new ArrayList<>();
        for (ThreadCategory c : ThreadCategory.values()) {
            ThreadGroupModel group = groupByCategory.get(c);
            List<ThreadRow> rows = byCategory.getOrDefault(c, List.of());
            List<ThreadRow> sorted;
            if (stillInOrder(group.rows(), rows.size(), c)) {
                // The usual case for the thousands of idle threads: same members, same order.
                sorted = group.rows();
            } else {
                sorted = new ArrayList<>(rows);
                sorted.sort(DISPLAY_ORDER);
                group.rows().setAll(sorted);
            }
            int stuck = 0;
            for (ThreadRow r : sorted) {
                if (r.stuckProperty().get()) {
                    stuck++;
                }
            }
            group.setStuckCount(stuck);
            group.header().setGroupTitle(title(c, sorted.size(), stuck));
            if (!sorted.isEmpty()) {
                ordered.add(group);
            }
        }
        // Groups holding stuck threads first; then socket I/O (usually the cause), waiters (the
        // effect), blocked, other.
        ordered.sort(Comparator.comparing((ThreadGroupModel g) -> g.stuckCount() == 0)
                .thenComparing(g -> GROUP_ORDER.indexOf(g.category())));
        if (!groups.equals(ordered)) {
            groups.setAll(ordered);
        }
        headline.set(givenHeadline != null ? givenHeadline : HeadlineWriter.write(analysis));
        revision.set(revision.get() + 1);
        showSelection();
    }

    /**
     * True when a group's current rows are exactly this refresh's rows of that category (same
     * count, each still present and in the category) and still in display order: then neither a
     * sort nor a list change is needed.
     */
    private boolean stillInOrder(List<ThreadRow> current, int newCount, ThreadCategory category) {
        if (current.size() != newCount) {
            return false;
        }
        ThreadRow previous = null;
        for (ThreadRow r : current) {
            if (rowsById.get(r.threadId()) != r || r.category() != category) {
                return false;
            }
            if (previous != null && DISPLAY_ORDER.compare(previous, r) > 0) {
                return false;
            }
            previous = r;
        }
        return true;
    }

    /** Moves the displayed durations on to now; call about once a second. */
    public void tick() {
        long now = clock.millis();
        StuckPolicy policy = policy();
        for (ThreadGroupModel group : groups) {
            int stuck = 0;
            for (ThreadRow row : group.rows()) {
                refreshDuration(row, now, policy);
                if (row.stuckProperty().get()) {
                    stuck++;
                }
            }
            // Rows keep their order until the next sample; the count follows the ticking durations.
            if (stuck != group.stuckCount()) {
                group.setStuckCount(stuck);
                group.header().setGroupTitle(title(group.category(), group.rows().size(), stuck));
            }
        }
    }

    private static void refreshDuration(ThreadRow row, long now, StuckPolicy policy) {
        ThreadSample s = row.sampleProperty().get();
        Long millis = row.stuckMillisAt(now);
        row.setDuration(millis, s.stuckLowerBound());
        row.setStuck(policy.isStuck(s.category(), millis));
    }

    private void showSelection() {
        Long id = selectedThreadId.get();
        ThreadRow row = id == null ? null : rowsById.get(id);
        ThreadSample s = row == null ? null : row.sampleProperty().get();
        selectedSample.set(s);
        if (s == null) {
            stackText.set(id == null ? "" : "Thread #" + id + " has ended.");
            return;
        }
        String text = ThreadText.format(s);
        if (analysis != null && analysis.truncatedStackIds().contains(id)) {
            text += "\t... (stack cut; export a thread dump for every frame)\n";
        }
        if (analysis != null && analysis.isDeadlocked(id)) {
            text = "DEADLOCKED\n" + text;
        }
        stackText.set(text);
    }

    /**
     * Selects a thread from outside (the connection table's "Show thread").
     *
     * @return false when the thread is not in the newest sample (it ended, or threads were not read)
     */
    public boolean selectThread(long threadId) {
        if (!rowsById.containsKey(threadId)) {
            return false;
        }
        selectedThreadId.set(threadId);
        return true;
    }

    /** The pool and connection the selected thread holds, for "Show connection"; empty when it holds none. */
    public Optional<HeldConnection> selectedHeldConnection() {
        ThreadSample s = selectedSample.get();
        return s == null || s.pool() == null || s.connectionId() == null
                ? Optional.empty() : Optional.of(new HeldConnection(s.pool(), s.connectionId()));
    }

    /** A pooled connection a thread holds. */
    public record HeldConnection(String pool, String connectionId) {
    }

    /** The selected thread as text for the clipboard. */
    public Optional<String> selectedThreadText() {
        ThreadSample s = selectedSample.get();
        return s == null ? Optional.empty() : Optional.of(stackText.get());
    }

    /**
     * Reads a full dump from the target and writes it to {@code file}, off the FX thread. The outcome
     * lands in {@link #statusProperty()}.
     */
    public void exportDump(Path file) {
        ThreadDumpSource source = dumpSource;
        if (source == null) {
            status.set("Not connected to a target: nothing to export.");
            return;
        }
        if (exporting.get()) {
            return;
        }
        exporting.set(true);
        status.set("Reading a thread dump from the target…");
        background.execute(() -> {
            String message;
            try {
                String dump = source.jstackDump();
                Files.writeString(file, dump);
                message = "Thread dump saved to " + file + " (" + dump.lines().filter(l -> l.startsWith("\"")).count()
                        + " threads).";
            } catch (Exception e) {
                message = "Could not export the thread dump: " + DeadlineRunner.describe(e);
            }
            String result = message;
            uiThread.execute(() -> {
                exporting.set(false);
                status.set(result);
            });
        });
    }

    private StuckPolicy policy() {
        return new StuckPolicy(threshold.get());
    }

    private static String title(ThreadCategory c, int count, int stuck) {
        String name = switch (c) {
            case AWAITING_CONNECTION -> "Waiting for a connection";
            case SOCKET_IO -> "Database socket I/O";
            case BLOCKED -> "Blocked on a lock";
            case OTHER -> "Other";
        };
        return name + " (" + count + (stuck > 0 ? ", " + stuck + " stuck)" : ")");
    }

    public ObservableList<ThreadGroupModel> groups() {
        return FXCollections.unmodifiableObservableList(groups);
    }

    /** The row of a thread, or null when it is not in the last sample. */
    public ThreadRow row(long threadId) {
        return rowsById.get(threadId);
    }

    public ObjectProperty<Long> selectedThreadIdProperty() {
        return selectedThreadId;
    }

    public ReadOnlyObjectProperty<ThreadSample> selectedSampleProperty() {
        return selectedSample.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty stackTextProperty() {
        return stackText.getReadOnlyProperty();
    }

    public ReadOnlyObjectProperty<Headline> headlineProperty() {
        return headline.getReadOnlyProperty();
    }

    public ObjectProperty<Duration> thresholdProperty() {
        return threshold;
    }

    public ReadOnlyStringProperty statusProperty() {
        return status.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty exportingProperty() {
        return exporting.getReadOnlyProperty();
    }

    public ReadOnlyLongProperty revisionProperty() {
        return revision.getReadOnlyProperty();
    }
}
