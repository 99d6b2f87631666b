package dev.poolscope.ui.app;

import dev.poolscope.testing.MutableClock;
import dev.poolscope.ui.SameThreadTaskExecutor;
import dev.poolscope.ui.TestData;
import dev.poolscope.ui.live.LiveView;
import dev.poolscope.ui.live.LiveViewModel;
import javafx.scene.Scene;
import javafx.stage.Stage;

import java.util.List;

/** The live view as the app builds it (with the real threads panel) on a test stage, for the GUI tests in ui.app. */
final class LiveViewStage {

    private LiveViewStage() {
    }

    /** Shows a live view of pid 4242 at 1280x800 on {@code stage}, its clock {@code clock}, in UTC. */
    static LiveViewModel show(Stage stage, MutableClock clock) {
        LiveViewModel vm = new LiveViewModel(TestData.target(4242L, "pid 4242"), new SameThreadTaskExecutor(), clock,
                java.time.ZoneOffset.UTC);
        LiveView view = new LiveView(vm, List.of(ThreadsPanel.create(clock)), null, () -> { }, () -> { });
        Scene scene = new Scene(view, 1280, 800);
        scene.getStylesheets().add(PoolScopeApp.STYLESHEET);
        stage.setScene(scene);
        stage.show();
        return vm;
    }
}
