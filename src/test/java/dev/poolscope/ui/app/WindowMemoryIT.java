package dev.poolscope.ui.app;

import dev.poolscope.ui.app.PoolScopeApp;
import javafx.application.Platform;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxToolkit;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The real app remembers its window bounds and page across runs, in the app-data folder. */
class WindowMemoryIT {

    @AfterEach
    void clearProperty() {
        System.clearProperty("poolscope.appdata.dir");
    }

    @Test
    void windowBoundsAndTheLabPageAreRestoredOnTheNextStart(@TempDir Path appData) throws Exception {
        System.setProperty("poolscope.appdata.dir", appData.toString());
        Stage first = FxToolkit.registerPrimaryStage();
        PoolScopeApp app = (PoolScopeApp) FxToolkit.setupApplication(PoolScopeApp.class);
        onFx(() -> {
            first.setX(40);
            first.setY(30);
            first.setWidth(1000);
            first.setHeight(700);
            app.showPageForTest(0); // the Lab
        });
        FxToolkit.cleanupApplication(app); // calls stop(), as closing the window does

        Path stateFile = dev.poolscope.appdata.AppDirs.forCurrentUser().stateFile();
        assertThat(stateFile).startsWith(appData);
        await().atMost(Duration.ofSeconds(10)).until(() -> Files.isRegularFile(stateFile) && Files.size(stateFile) > 0);
        Properties saved = new Properties();
        try (var in = Files.newInputStream(stateFile)) {
            saved.load(in);
        }
        assertThat(saved.getProperty("window.page")).isEqualTo("0");
        assertThat(saved.getProperty("window.width")).startsWith("1000");

        PoolScopeApp again = (PoolScopeApp) FxToolkit.setupApplication(PoolScopeApp.class);
        double[] bounds = onFx(() -> new double[] {first.getX(), first.getY(), first.getWidth(), first.getHeight(),
                again.pageIndexForTest()});
        assertThat(bounds[2]).isEqualTo(1000);
        assertThat(bounds[3]).isEqualTo(700);
        assertThat(bounds[4]).isEqualTo(0);
        FxToolkit.cleanupApplication(again);
    }

    private static <T> T onFx(java.util.concurrent.Callable<T> work) throws Exception {
        CompletableFuture<T> f = new CompletableFuture<>();
        Platform.runLater(() -> {
            try {
                f.complete(work.call());
            } catch (Exception e) {
                f.completeExceptionally(e);
            }
        });
        return f.get(10, TimeUnit.SECONDS);
    }

    private static void onFx(Runnable work) throws Exception {
        onFx(() -> {
            work.run();
            return null;
        });
    }
}
