package dev.poolscope.ui.threads;

import dev.poolscope.bench.SyntheticThreads;
import dev.poolscope.live.threads.ClassifiedThread;
import dev.poolscope.live.threads.ProbeThreadHints;
import dev.poolscope.live.threads.StackFrames;
import dev.poolscope.live.threads.StuckPolicy;
import dev.poolscope.live.threads.StuckTracker;
import dev.poolscope.live.threads.ThreadAnalysis;
import dev.poolscope.live.threads.ThreadClassifier;
import javafx.application.Application;
import javafx.application.Platform;
import javafx.scene.Scene;
import javafx.stage.Stage;

import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Shows the threads panel with a synthetic target (for screenshots and a look by eye):
 * {@code java -cp target/classes:target/test-classes:<test class path> dev.poolscope.ui.threads.ThreadsViewDemo$Main}.
 */
public final class ThreadsViewDemo extends Application {

    /** A main class that is not an Application, so JavaFX on the class path (not module path) starts. */
    public static final class Main {
        public static void main(String[] args) {
            Application.launch(ThreadsViewDemo.class, args);
        }
    }

    @Override
    public void start(Stage stage) {
        ThreadClassifier classifier = new ThreadClassifier();
        List<ClassifiedThread> threads = new ArrayList<>();
        Map<Long, ProbeThreadHints.BorrowWait> waiting = new HashMap<>();
        Map<Long, ProbeThreadHints.HeldConnection> held = new HashMap<>();
        long now = System.currentTimeMillis();
        for (SyntheticThreads.Raw t : SyntheticThreads.population(120, 7)) {
            var c = classifier.classify(t.name(), t.state(), t.frames(), t.lockName(), t.lockOwnerId(), t.lockOwnerName());
            threads.add(new ClassifiedThread(t.id(), t.name(), t.state().name(), c, StackFrames.format(t.frames())));
            switch (c.category()) {
                case AWAITING_CONNECTION -> waiting.put(t.id(), new ProbeThreadHints.BorrowWait("orders-db", now - 4_000 - t.id() * 97));
                case SOCKET_IO -> held.put(t.id(), new ProbeThreadHints.HeldConnection("orders-db", "conn-" + t.id(), now - 60_000 - t.id() * 1_000));
                default -> { }
            }
        }
        StuckTracker tracker = new StuckTracker(Clock.systemUTC(), StuckPolicy.DEFAULT);
        ThreadAnalysis analysis = tracker.update(threads, Set.of(), new ProbeThreadHints(now, waiting, held));

        ThreadsViewModel vm = new ThreadsViewModel(Clock.systemUTC(), Runnable::run, Platform::runLater);
        ThreadsView view = new ThreadsView(vm);
        vm.apply(analysis);
        analysis.stuck().stream().findFirst().ifPresent(t -> vm.selectedThreadIdProperty().set(t.id()));
        stage.setTitle("PoolScope — threads");
        stage.setScene(new Scene(view, 1300, 850));
        stage.show();
    }
}
