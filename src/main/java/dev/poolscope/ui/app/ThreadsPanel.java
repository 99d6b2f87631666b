package dev.poolscope.ui.app;

import dev.poolscope.ui.LivePanel;
import dev.poolscope.attach.DeadlineRunner;
import dev.poolscope.attach.TargetConnection;
import dev.poolscope.live.TargetSnapshot;
import dev.poolscope.live.threads.ThreadClassifier;
import dev.poolscope.live.threads.ThreadDumpSource;
import dev.poolscope.live.threads.ThreadReader;
import dev.poolscope.ui.threads.ThreadsView;
import dev.poolscope.live.diagnosis.Diagnoses;
import dev.poolscope.ui.threads.ThreadsViewModel;
import javafx.application.Platform;
import javafx.beans.value.ChangeListener;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Puts the threads panel (ui.threads) under the live view's connection table: one view-model per
 * connection, fed from each snapshot's thread analysis, with "export thread dump" reading a full
 * dump over the same connection.
 */
final class ThreadsPanel {

    /** A full dump of a few thousand threads over RMI takes seconds; a hung target must not hang the export. */
    static final Duration DUMP_DEADLINE = Duration.ofSeconds(20);

    private ThreadsPanel() {
    }

    static LivePanel create(Clock clock) {
        return new LivePanel("Threads", context -> {
            ExecutorService work = Executors.newSingleThreadExecutor(r -> {
                Thread t = new Thread(r, "poolscope-threads-export");
                t.setDaemon(true);
                return t;
            });
            DeadlineRunner runner = new DeadlineRunner("poolscope-thread-dump");
            // Grouping, sorting and the headline of 5,000 threads are prepared off the FX thread (issue 4).
            ThreadsViewModel vm = new ThreadsViewModel(context.dataAge().clock(), work, ThreadsViewModel.sharedPreparingThread(), Platform::runLater);
            TargetConnection connection = context.connection();
            if (connection != null) {
                vm.setDumpSource(() -> runner.call("reading a thread dump", DUMP_DEADLINE, () ->
                        ThreadDumpSource.of(new ThreadReader(connection.mbeans(), new ThreadClassifier(), clock)).jstackDump()));
            }
            ChangeListener<TargetSnapshot> feed = (obs, old, snapshot) -> feed(vm, snapshot, context.diagnoses().getValue());
            context.snapshots().addListener(feed);
            feed(vm, context.snapshots().getValue(), context.diagnoses().getValue());
            ThreadsView view = new ThreadsView(vm);
            // The live view shows the same headline in its banner at the top.
            view.setHeadlineShown(false);
            context.onDispose().accept(() -> {
                context.snapshots().removeListener(feed);
                view.dispose();
                work.shutdownNow();
                runner.close();
            });
            return view;
        });
    }

    private static void feed(ThreadsViewModel vm, TargetSnapshot snapshot, Diagnoses diagnoses) {
        if (snapshot == null) {
            return;
        }
        // The banner's cause follows each connection's evidence, as the CLI's headline does.
        vm.setDiagnoses(diagnoses == null ? Diagnoses.NONE : diagnoses);
        if (snapshot.threadsUnavailableReason() != null) {
            vm.showUnavailable(snapshot.threadsUnavailableReason());
        } else if (snapshot.threadAnalysis() != null) {
            vm.apply(snapshot.threadAnalysis(), snapshot.threadPacing());
        } else {
            vm.apply(snapshot.threads());
        }
    }
}
