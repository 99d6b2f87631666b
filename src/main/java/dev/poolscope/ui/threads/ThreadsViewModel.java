package dev.poolscope.ui.threads;

import dev.poolscope.attach.DeadlineRunner;
import dev.poolscope.live.ThreadPacing;
import dev.poolscope.live.diagnosis.Diagnoses;
import dev.poolscope.live.threads.ThreadCategory;
import dev.poolscope.live.threads.ThreadSample;
import dev.poolscope.live.threads.Headline;
import dev.poolscope.live.headline.HeadlineWriter;
import dev.poolscope.live.threads.StuckPolicy;
import dev.poolscope.live.threads.ThreadAnalysis;
import dev.poolscope.live.threads.ThreadDumpSource;
import dev.poolscope.live.threads.ThreadText;
import dev.poolscope.text.Durations;
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
import java.time.Instant;
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
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicReference;

/**
 * State of the threads panel: threads grouped by category with stuck ones first, durations that
 * tick between samples, a selection that survives refreshes (kept by thread id), the headline, and
 * the copy/export actions.
 *
 * <p>Threading: every method runs on the FX thread ({@code uiThread}). A refresh is prepared (grouped,
 * sorted, new rows built, headline written) on {@code prepare} and applied on {@code uiThread}, so that
 * with 5,000 threads no FX task passes 50 ms (issue 4); while one is being prepared, newer samples
 * replace each other and only the newest is applied. Reading and writing a full thread dump runs on
 * {@code background}. Tests pass same-thread executors, which makes {@link #apply} synchronous.
 */
public final class ThreadsViewModel {

    /**
     * Stuck first, then longest in the same place, then by name; hand-written: it runs ~60,000 times
     * per refresh. Sorts {@link Prepared.Entry} off the FX thread.
     */
    private static final Comparator<Prepared.Entry> DISPLAY_ORDER = (a, b) -> {
        if (a.stuck() != b.stuck()) {
            return a.stuck() ? -1 : 1;
        }
        Long millisA = a.sample().stuckMillis();
        Long millisB = b.sample().stuckMillis();
        if (millisA == null || millisB == null) {
            if (millisA != millisB) {
                return millisA == null ? 1 : -1;
            }
        } else if (millisA.longValue() != millisB.longValue()) {
            return Long.compare(millisB, millisA);
        }
        return a.sample().name().compareTo(b.sample().name());
    };

    private static final java.util.logging.Logger LOG = java.util.logging.Logger.getLogger(ThreadsViewModel.class.getName());

    /** See {@link #sharedPreparingThread()}. */
    private static final Executor SHARED_PREPARE = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "poolscope-threads-prepare");
        t.setDaemon(true);
        return t;
    });

    private static final List<ThreadCategory> GROUP_ORDER = List.of(ThreadCategory.SOCKET_IO,
            ThreadCategory.AWAITING_CONNECTION, ThreadCategory.BLOCKED, ThreadCategory.OTHER);

    private final Clock clock;
    private final Executor background;
    private final Executor uiThread;
    private final Executor prepare;
    private ThreadDumpSource dumpSource;
    /** The newest refresh not yet prepared; older ones waiting are dropped (newest sample wins). */
    private final AtomicReference<Request> pending = new AtomicReference<>();
    /** FX thread: number of the newest refresh asked for; a prepared refresh older than it is not applied. */
    private long requested;

    private final Map<ThreadCategory, ThreadGroupModel> groupByCategory = new EnumMap<>(ThreadCategory.class);
    private final ObservableList<ThreadGroupModel> groups = FXCollections.observableArrayList();
    /** The one read-only view of {@code groups}: FXCollections' wrapper listens to the list weakly, so a
     * new wrapper per call lost its listeners at the next GC (the pool tiles stayed blank). */
    private final ObservableList<ThreadGroupModel> groupsView = FXCollections.unmodifiableObservableList(groups);
    private final Map<Long, ThreadRow> rowsById = new HashMap<>();
    private ThreadAnalysis analysis;
    /** The newest sample asked for; a threshold change re-applies it. */
    private ThreadAnalysis requestedAnalysis;
    /** The diagnoses headlines are written with (FX thread); none until the live view hands some over. */
    private Diagnoses diagnoses = Diagnoses.NONE;

    private final ObjectProperty<Long> selectedThreadId = new SimpleObjectProperty<>(this, "selectedThreadId");
    private final ReadOnlyObjectWrapper<ThreadSample> selectedSample = new ReadOnlyObjectWrapper<>(this, "selectedSample");
    private final ReadOnlyStringWrapper stackText = new ReadOnlyStringWrapper(this, "stackText", "");
    private final ReadOnlyObjectWrapper<Headline> headline = new ReadOnlyObjectWrapper<>(this, "headline");
    private final ObjectProperty<Duration> threshold =
            new SimpleObjectProperty<>(this, "threshold", StuckPolicy.DEFAULT_THRESHOLD);
    private final ReadOnlyStringWrapper status = new ReadOnlyStringWrapper(this, "status", "");
    private final ReadOnlyBooleanWrapper exporting = new ReadOnlyBooleanWrapper(this, "exporting");
    /**
     * "Threads as of 10:31:02 (37 s ago) ..." while the shown threads come from an earlier read that
     * the poller carried again (threads are read less often than pools); null while each poll reads them.
     */
    private final ReadOnlyStringWrapper asOf = new ReadOnlyStringWrapper(this, "asOf");
    /** When the shown thread read was taken (the target's sample time), to tell a carried read from a new one. */
    private Instant shownSampledAt;
    /** App-clock millis when the shown read arrived: where durations stand still while it is carried. */
    private long shownArrivedMillis;
    /** Non-null while durations stand still at {@link #shownArrivedMillis}. */
    private Long frozenAtMillis;
    private ThreadPacing pacing;
    /** Incremented when groups or their order changed, so the view re-lays its tree once per refresh. */
    private final ReadOnlyLongWrapper revision = new ReadOnlyLongWrapper(this, "revision");

    /** Prepares refreshes on the calling thread: synchronous with same-thread executors (tests). */
    public ThreadsViewModel(Clock clock, Executor background, Executor uiThread) {
        this(clock, background, Runnable::run, uiThread);
    }

    /**
     * Where the app prepares refreshes: one daemon thread shared by all threads panels, since
     * preparing is CPU work of a few tens of milliseconds and the newest sample wins anyway.
     */
    public static Executor sharedPreparingThread() {
        return SHARED_PREPARE;
    }

    /**
     * @param prepare where a refresh's grouping, sorting, new rows and headline are computed, so that
     *                the FX thread ({@code uiThread}) only applies a ready result
     */
    public ThreadsViewModel(Clock clock, Executor background, Executor prepare, Executor uiThread) {
        this.clock = clock;
        this.background = background;
        this.prepare = prepare;
        this.uiThread = uiThread;
        for (ThreadCategory c : ThreadCategory.values()) {
            groupByCategory.put(c, new ThreadGroupModel(c));
        }
        selectedThreadId.addListener((obs, old, id) -> showSelection());
        threshold.addListener((obs, old, t) -> {
            if (requestedAnalysis != null) {
                apply(requestedAnalysis.withPolicy(policy()), false);
            }
        });
    }

    /** Where "Export thread dump" reads from; null while not connected. */
    public void setDumpSource(ThreadDumpSource dumpSource) {
        this.dumpSource = dumpSource;
    }

    /** A new sample with deadlocks and truncation known; the headline is written from it. */
    public void apply(ThreadAnalysis newAnalysis) {
        apply(newAnalysis, null);
    }

    /**
     * A sample as the poller delivered it. When it is the read already shown, carried again because
     * threads are read less often than pools ({@code pacing}), nothing is re-applied: the durations
     * stand still at what that read saw, and {@link #asOfProperty()} says when it was taken. Re-applying
     * it would restart each duration from the read's value at every poll, as if just observed.
     */
    public void apply(ThreadAnalysis newAnalysis, ThreadPacing pacing) {
        this.pacing = pacing;
        if (shownSampledAt != null && shownSampledAt.equals(newAnalysis.sampledAt())) {
            if (frozenAtMillis == null) {
                frozenAtMillis = shownArrivedMillis;
                tick();
            }
            tickAsOf();
            return;
        }
        frozenAtMillis = null;
        asOf.set(null);
        shownSampledAt = newAnalysis.sampledAt();
        apply(newAnalysis, true, null);
    }

    /**
     * The connections' diagnoses (kernel and server evidence) that the next headlines written here
     * take their causes from, as the CLI's do; without them a thread hung in a socket read is
     * reported without a cause. FX thread; kept until replaced.
     */
    public void setDiagnoses(Diagnoses diagnoses) {
        this.diagnoses = java.util.Objects.requireNonNull(diagnoses);
    }

    /** Threads could not be read (e.g. a read-only JMX role): an empty list and the reason, not "no stuck threads". */
    public void showUnavailable(String reason) {
        forgetCarriedRead();
        apply(List.of(), new Headline(Headline.Severity.WARNING, "Threads not analysed", reason, null));
        status.set(reason);
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
        forgetCarriedRead();
        apply(new ThreadAnalysis(clock.instant(), threads, List.of(), Set.of(), policy()), true, givenHeadline);
    }

    private void apply(ThreadAnalysis newAnalysis, boolean fresh) {
        apply(newAnalysis, fresh, null);
    }

    /** A sample that is not a poller's thread read (or none at all): nothing is carried or frozen. */
    private void forgetCarriedRead() {
        shownSampledAt = null;
        frozenAtMillis = null;
        asOf.set(null);
    }

    /** The time durations are computed at: the data's clock, held at the shown read while it is carried. */
    private long nowMillis() {
        long now = clock.millis();
        return frozenAtMillis == null ? now : Math.min(now, frozenAtMillis);
    }

    private void apply(ThreadAnalysis newAnalysis, boolean fresh, Headline givenHeadline) {
        long now = nowMillis();
        if (fresh) {
            shownArrivedMillis = now;
        }
        Map<Long, Long> receivedAt = null;
        if (!fresh) {
            // A threshold change keeps each row's arrival time, so durations go on ticking from it.
            receivedAt = new HashMap<>(rowsById.size() * 2);
            for (Map.Entry<Long, ThreadRow> e : rowsById.entrySet()) {
                receivedAt.put(e.getKey(), e.getValue().receivedAtMillis());
            }
        }
        requestedAnalysis = newAnalysis;
        Request request = new Request(++requested, newAnalysis, fresh, givenHeadline, diagnoses, policy(), now,
                Set.copyOf(rowsById.keySet()), receivedAt);
        if (pending.getAndSet(request) == null) {
            prepare.execute(this::prepareNewest);
        }
    }

    /** Off the FX thread: everything of a refresh that is not touching live rows or the tree. */
    private void prepareNewest() {
        Request request = pending.getAndSet(null);
        if (request == null) {
            return;
        }
        Prepared prepared;
        try {
            prepared = Prepared.of(request);
        } catch (RuntimeException e) {
            // A bug in grouping one sample must not print a trace or stop later samples: log it, skip it.
            LOG.log(java.util.logging.Level.WARNING, "Could not prepare a threads refresh; skipped", e);
            return;
        }
        uiThread.execute(() -> install(prepared));
    }

    /**
     * FX thread: applies a prepared refresh unless a newer one is coming. Applying is split into FX
     * tasks that each stay well under 50 ms on a cold JVM: rows in chunks, then the groups, the
     * headline (whose first label layout is slow), and the tree's re-layout. Between them the FX
     * thread handles input and pulses; the model stays consistent, as groups change in one step.
     */
    private void install(Prepared prepared) {
        if (prepared.request().number() < requested) {
            return; // a newer sample is being prepared
        }
        new Installation(prepared).rows();
    }

    /** Most rows updated in one FX task: on a cold JVM about 4 ms per thousand. */
    private static final int ROWS_PER_FX_TASK = 1_000;

    /** The FX-thread steps of applying one prepared refresh. */
    private final class Installation {
        private final Prepared prepared;
        private final Map<Long, ThreadRow> rows;
        private final Map<ThreadCategory, List<ThreadRow>> sorted = new EnumMap<>(ThreadCategory.class);
        private final Map<ThreadCategory, Integer> stuckCounts = new EnumMap<>(ThreadCategory.class);
        private final ThreadCategory[] categories = ThreadCategory.values();
        private int category;
        private int index;

        Installation(Prepared prepared) {
            this.prepared = prepared;
            this.rows = new HashMap<>(prepared.rowCount() * 2);
            for (ThreadCategory c : categories) {
                sorted.put(c, new ArrayList<>(prepared.byCategory().get(c).size()));
                stuckCounts.put(c, 0);
            }
        }

        /** Updates up to {@link #ROWS_PER_FX_TASK} rows in place, then goes on in the next FX task. */
        void rows() {
            Request request = prepared.request();
            StuckPolicy policy = request.policy();
            long now = request.nowMillis();
            int budget = ROWS_PER_FX_TASK;
            while (category < categories.length && budget > 0) {
                ThreadCategory c = categories[category];
                List<Prepared.Entry> entries = prepared.byCategory().get(c);
                if (index >= entries.size()) {
                    category++;
                    index = 0;
                    continue;
                }
                ThreadSample s = entries.get(index++).sample();
                budget--;
                ThreadRow row = rowsById.get(s.id());
                if (row == null) {
                    row = prepared.newRows().get(s.id());
                    if (row == null) { // ended and came back while this was prepared: rare
                        row = ThreadRow.thread(s.id());
                        row.update(s, now);
                    }
                } else if (request.fresh()) {
                    row.update(s, now);
                }
                refreshDuration(row, now, policy);
                if (row.stuckProperty().get()) {
                    stuckCounts.merge(c, 1, Integer::sum);
                }
                rows.put(s.id(), row);
                sorted.get(c).add(row);
            }
            uiThread.execute(category < categories.length ? this::rows : this::groups);
        }

        /** Moves the rows into their groups and orders the groups, all in one step. */
        void groups() {
            analysis = prepared.analysis();
            rowsById.clear();
            rowsById.putAll(rows);
            List<ThreadGroupModel> ordered = new ArrayList<>();
            for (ThreadCategory c : categories) {
                ThreadGroupModel group = groupByCategory.get(c);
                List<ThreadRow> members = sorted.get(c);
                if (!group.rows().equals(members)) {
                    group.rows().setAll(members);
                }
                int stuck = stuckCounts.get(c);
                group.setStuckCount(stuck);
                group.header().setGroupTitle(title(c, analysis.count(c), stuck));
                group.header().setGroupNote(unlistedNote(analysis.count(c), members.size()));
                if (!members.isEmpty() || analysis.count(c) > 0) {
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
            showSelection();
            uiThread.execute(this::headline);
        }

        void headline() {
            ThreadsViewModel.this.headline.set(prepared.headline());
            uiThread.execute(this::relayout);
        }

        /** Lets the view re-lay its tree once for this refresh. */
        void relayout() {
            revision.set(revision.get() + 1);
        }
    }

    /** One refresh as asked for on the FX thread; immutable, handed to the preparing thread. */
    private record Request(long number, ThreadAnalysis analysis, boolean fresh, Headline givenHeadline,
                           Diagnoses diagnoses, StuckPolicy policy, long nowMillis, Set<Long> knownIds, Map<Long, Long> receivedAtMillis) {
    }

    /**
     * A refresh ready to apply: threads per category in display order, rows for threads not seen
     * before (built off the FX thread and not yet shared with it), the headline.
     */
    private record Prepared(Request request, ThreadAnalysis analysis, Map<ThreadCategory, List<Entry>> byCategory,
                            Map<Long, ThreadRow> newRows, Headline headline, int rowCount) {

        record Entry(ThreadSample sample, boolean stuck) {
        }

        static Prepared of(Request request) {
            StuckPolicy policy = request.policy();
            long now = request.nowMillis();
            ThreadAnalysis analysis = request.analysis().withPolicy(policy);
            Map<ThreadCategory, List<Entry>> byCategory = new EnumMap<>(ThreadCategory.class);
            for (ThreadCategory c : ThreadCategory.values()) {
                byCategory.put(c, new ArrayList<>());
            }
            Map<Long, ThreadRow> newRows = new HashMap<>();
            for (ThreadSample s : analysis.threads()) {
                Long millis = s.stuckMillis();
                if (millis != null && request.receivedAtMillis() != null) {
                    Long received = request.receivedAtMillis().get(s.id());
                    millis = millis + (received == null ? 0 : Math.max(0, now - received));
                }
                byCategory.get(s.category()).add(new Entry(s, policy.isStuck(s.category(), millis)));
                if (!request.knownIds().contains(s.id())) {
                    ThreadRow row = ThreadRow.thread(s.id());
                    row.update(s, now);
                    refreshDuration(row, now, policy);
                    newRows.put(s.id(), row);
                }
            }
            for (List<Entry> entries : byCategory.values()) {
                entries.sort(DISPLAY_ORDER);
            }
            Headline headline = request.givenHeadline() != null ? request.givenHeadline()
                    : HeadlineWriter.write(analysis, request.diagnoses());
            return new Prepared(request, analysis, byCategory, newRows, headline, analysis.threads().size());
        }
    }

    /** Moves the displayed durations on to now; call about once a second. */
    public void tick() {
        tickAsOf();
        long now = nowMillis();
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
                group.header().setGroupTitle(title(group.category(),
                        analysis == null ? group.rows().size() : analysis.count(group.category()), stuck));
            }
        }
    }

    private void tickAsOf() {
        if (frozenAtMillis == null || shownSampledAt == null) {
            return;
        }
        String text = "Threads as of " + Durations.timeOfDay(shownSampledAt, clock.getZone()) + " ("
                + Durations.ago(Duration.between(shownSampledAt, clock.instant())) + ")";
        String every = pacing == null ? null : "read every ≥ " + Durations.elapsed(pacing.minGapMillis())
                + ", as reading them takes " + Durations.elapsed(pacing.readMillis());
        asOf.set(text + (every == null ? "" : "; " + every) + ". F5 reads them now.");
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
                message = dev.poolscope.live.threads.ThreadAccess.isDenied(e)
                        ? "Could not export the thread dump: dumpAllThreads is a JMX operation, and this JMX user has"
                        + " read-only access; it needs 'readwrite' in the target's jmxremote.access."
                        : "Could not export the thread dump: " + DeadlineRunner.describe(e);
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

    /**
     * "Other (5003)": short, as the tree's first column is narrow; what is not listed is said
     * in the group's {@link #unlistedNote}.
     *
     * @param count threads of the target in the category, listed or not
     */
    private static String title(ThreadCategory c, int count, int stuck) {
        String name = switch (c) {
            case AWAITING_CONNECTION -> "Waiting for a connection";
            case SOCKET_IO -> "Database socket I/O";
            case BLOCKED -> "Blocked on a lock";
            case OTHER -> "Other";
        };
        return name + " (" + count + (stuck > 0 ? ", " + stuck + " stuck)" : ")");
    }

    /**
     * Why a group counts more threads than it lists: the probe classified them in the target and
     * shipped only the ones that matter. Empty when every thread counted is listed.
     */
    static String unlistedNote(int count, int listed) {
        if (count <= listed) {
            return "";
        }
        int rest = count - listed;
        return (listed == 0 ? "all " + rest : rest + " of " + count) + " counted in the target by the probe, not listed;"
                + " Export thread dump lists every thread";
    }

    public ObservableList<ThreadGroupModel> groups() {
        return groupsView;
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

    /** Null while every poll reads the threads; else when the shown ones were read (see {@link #apply(ThreadAnalysis, ThreadPacing)}). */
    public ReadOnlyStringProperty asOfProperty() {
        return asOf.getReadOnlyProperty();
    }

    public ReadOnlyLongProperty revisionProperty() {
        return revision.getReadOnlyProperty();
    }
}
