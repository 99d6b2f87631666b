package dev.poolscope.ui.shell;

import dev.poolscope.attach.LocalJvm;
import dev.poolscope.attach.TargetConnection;
import dev.poolscope.ui.TestConnection;
import dev.poolscope.live.TargetSnapshot;
import dev.poolscope.ui.AppServices;
import dev.poolscope.ui.FxTaskExecutor;
import dev.poolscope.ui.LivePanel;
import dev.poolscope.ui.app.PoolScopeApp;
import dev.poolscope.ui.Screen;
import dev.poolscope.ui.ScriptedConnector;
import dev.poolscope.ui.Screenshots;
import dev.poolscope.ui.TestData;
import javafx.beans.binding.Bindings;
import javafx.scene.control.Label;
import javafx.stage.Stage;
import org.controlsfx.control.StatusBar;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static dev.poolscope.ui.TestData.idle;
import static dev.poolscope.ui.TestData.inUse;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The shell with the real LivePoller and the real FX executor: snapshots come from a poller
 * thread and must reach the screen through Platform.runLater. Only the target is scripted.
 */
@ExtendWith(ApplicationExtension.class)
class ShellViewTest {

    private final ScriptedConnector connector = new ScriptedConnector();
    private final AtomicInteger reads = new AtomicInteger();
    private final AtomicInteger panelsDisposed = new AtomicInteger();
    private final List<TargetConnection> panelConnections = new java.util.concurrent.CopyOnWriteArrayList<>();
    private FxTaskExecutor executor;
    private ShellViewModel shell;

    @Start
    void start(Stage stage) {
        connector.local = List.of(new LocalJvm(4242, "com.example.orders.OrdersApplication", "21.0.2", true, null));
        AppServices services = new AppServices(connector, connection -> snapshot(reads.incrementAndGet()),
                progress -> {
                    throw new IllegalStateException("not used here");
                },
                List.of(new Screen("Lab", () -> new Label("lab screen content"))),
                List.of(new LivePanel("Threads", context -> {
                    var latest = context.snapshots();
                    panelConnections.add(context.connection());
                    context.onDispose().accept(panelsDisposed::incrementAndGet);
                    Label l = new Label();
                    l.setId("threads-panel");
                    l.textProperty().bind(Bindings.createStringBinding(() -> latest.getValue() == null
                            ? "no snapshot" : latest.getValue().pools().size() + " pool(s) seen", latest));
                    return l;
                })),
                Clock.systemUTC());
        executor = new FxTaskExecutor();
        shell = new ShellViewModel(services, executor);
        stage.setScene(PoolScopeApp.createScene(shell, 1280, 800));
        stage.show();
        shell.start().refresh();
    }

    @AfterEach
    void tearDown() {
        shell.close();
        executor.close();
    }

    /** Idle ages grow by a second per read, like a real pool between borrows. */
    private static TargetSnapshot snapshot(int n) {
        return TestData.snapshot(Instant.now(), TestData.pool("orders", List.of(
                idle("conn-1", 252_000 + n * 1_000L, 1_200_000 + n * 1_000L),
                idle("conn-2", 41_000 + n * 1_000L, 900_000 + n * 1_000L),
                inUse("conn-3", 2_300 + n * 1_000L, 600_000 + n * 1_000L, "http-nio-8080-exec-7"),
                idle("conn-4", 9_000 + n * 1_000L, 300_000 + n * 1_000L))));
    }

    private String status(FxRobot robot) {
        return robot.lookup("#status-bar").queryAs(StatusBar.class).getText();
    }

    @Test
    void attachingShowsTheLiveViewFedByThePollerThread(FxRobot robot) throws Exception {
        assertThat(status(robot)).isEqualTo("Not connected");

        robot.interact(() -> shell.start().attach(connector.local.get(0), true));

        await().atMost(Duration.ofSeconds(10)).until(() -> reads.get() >= 2);
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() ->
                assertThat(status(robot)).startsWith("pid 4242 · demo-service · updated ").endsWith(" s ago"));
        assertThat(robot.lookup("#live-view").tryQuery()).isPresent();
        assertThat(robot.lookup("#threads-panel").queryAs(Label.class).getText()).isEqualTo("1 pool(s) seen");
        robot.interact(() -> {
            try {
                Screenshots.save(robot.lookup("#live-view").query().getScene().getRoot(), "shell-live");
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
    }

    @Test
    void pausingStopsTheReads(FxRobot robot) {
        robot.interact(() -> shell.start().attach(connector.local.get(0), true));
        await().atMost(Duration.ofSeconds(10)).until(() -> reads.get() >= 1);

        robot.clickOn("#pause");
        int afterPause = reads.get();

        // One read may already be running when the pause lands; after that, none.
        await().during(Duration.ofMillis(2_500)).atMost(Duration.ofSeconds(4)).until(() -> reads.get() <= afterPause + 1);
        assertThat(status(robot)).contains("paused, data from");
    }

    @Test
    void disconnectGoesBackToTheStartPage(FxRobot robot) {
        robot.interact(() -> shell.start().attach(connector.local.get(0), true));
        await().atMost(Duration.ofSeconds(10)).until(() -> reads.get() >= 1);

        robot.clickOn("#disconnect");

        assertThat(robot.lookup("#start-view").tryQuery()).isPresent();
        assertThat(status(robot)).isEqualTo("Not connected");
        assertThat(panelsDisposed).hasValue(1);
        assertThat(panelConnections).hasSize(1);
        await().atMost(Duration.ofSeconds(5)).until(() -> ((TestConnection) panelConnections.get(0)).closed);
    }

    @Test
    void anExtraScreenIsOneMoreNavigationEntry(FxRobot robot) {
        robot.clickOn("#nav-lab");

        assertThat(robot.lookup("lab screen content").tryQuery()).isPresent();
        robot.clickOn("#nav-attach");
        assertThat(robot.lookup("#start-view").tryQuery()).isPresent();
    }
}
