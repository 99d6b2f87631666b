package dev.poolscope.ui.start;

import dev.poolscope.attach.JvmConnector;
import dev.poolscope.attach.LocalJvm;
import dev.poolscope.it.ChildJvm;
import dev.poolscope.it.IdleTarget;
import dev.poolscope.ui.Connected;
import dev.poolscope.ui.FxTaskExecutor;
import dev.poolscope.ui.app.PoolScopeApp;
import javafx.scene.Scene;
import javafx.scene.control.Label;
import javafx.scene.control.TableRow;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The start page over the real JvmConnector: a real child JVM in the list, a real refused connection. */
@ExtendWith(ApplicationExtension.class)
class StartViewIT {

    private static ChildJvm child;
    private final JvmConnector connector = new JvmConnector();
    private final FxTaskExecutor executor = new FxTaskExecutor();
    private final List<Connected> connected = new ArrayList<>();
    private StartViewModel vm;

    @BeforeAll
    static void startChild() throws Exception {
        child = ChildJvm.start(List.of(), IdleTarget.class.getName());
    }

    @AfterAll
    static void stopChild() throws Exception {
        child.close();
    }

    @Start
    void start(Stage stage) {
        vm = new StartViewModel(connector, progress -> {
            throw new IllegalStateException("not used here");
        }, executor, connected::add);
        Scene scene = new Scene(new StartView(vm), 1280, 760);
        scene.getStylesheets().add(PoolScopeApp.STYLESHEET);
        stage.setScene(scene);
        stage.show();
    }

    @Test
    void aRunningJvmIsListedAndFoundByItsPid(FxRobot robot) {
        robot.clickOn("#refresh-jvms");
        robot.clickOn("#jvm-filter").write(Long.toString(child.pid()));

        await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> {
            List<LocalJvm> rows = robot.lookup("#jvm-table .table-row-cell").queryAll().stream()
                    .map(n -> ((TableRow<?>) n).getItem())
                    .filter(LocalJvm.class::isInstance).map(LocalJvm.class::cast).toList();
            assertThat(rows).extracting(LocalJvm::pid).containsExactly(child.pid());
            assertThat(rows.get(0).displayName()).contains(IdleTarget.class.getName());
        });
    }

    @Test
    void aRefusedRemoteConnectionIsExplainedInline(FxRobot robot) {
        robot.clickOn("#remote-address").write("127.0.0.1:1");
        robot.clickOn("#remote-connect");

        await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> {
            Label error = robot.lookup("#remote-error").queryAs(Label.class);
            assertThat(error.isVisible()).isTrue();
            assertThat(error.getText()).containsIgnoringCase("refused");
        });
        assertThat(vm.remoteAddressProperty().get()).isEqualTo("127.0.0.1:1");
        assertThat(connected).isEmpty();
    }
}
