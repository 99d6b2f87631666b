package dev.poolscope.ui.app;

import dev.poolscope.testing.MutableClock;
import dev.poolscope.ui.SameThreadTaskExecutor;
import dev.poolscope.ui.TestData;
import dev.poolscope.ui.live.LiveView;
import dev.poolscope.ui.live.LiveViewModel;
import javafx.scene.Scene;
import javafx.stage.Stage;
import org.testfx.util.WaitForAsyncUtils;

import java.util.List;
import java.util.concurrent.Callable;

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

    /** Runs {@code work} on the FX thread and returns its result, so related properties are read together. */
    static <T> T onFx(Callable<T> work) {
        try {
            return WaitForAsyncUtils.asyncFx(work).get();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
