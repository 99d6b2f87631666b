package dev.poolscope.ui.start;

import dev.poolscope.appdata.SavedConnection;
import dev.poolscope.appdata.SavedConnections;
import dev.poolscope.ui.Connected;
import dev.poolscope.ui.SameThreadTaskExecutor;
import dev.poolscope.ui.ScriptedConnector;
import dev.poolscope.ui.app.PoolScopeApp;
import javafx.scene.Scene;
import javafx.scene.control.Label;
import javafx.scene.control.ListView;
import javafx.scene.control.TextField;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 16 item 4: remote targets the user connected to come back on the start page, without
 * their passwords, with "Connect" and "Connect and load probe…", and the probe is loaded only
 * after the same consent as a local attach. The store is the real file in a temporary directory.
 */
@ExtendWith(ApplicationExtension.class)
class SavedTargetsViewTest {

    private static final String JAR = "/opt/poolscope/poolscope-probe.jar";

    private final ScriptedConnector connector = new ScriptedConnector();
    private final List<Connected> connected = new ArrayList<>();
    private Path file;
    private SavedConnections store;
    private StartViewModel vm;

    @Start
    void start(Stage stage) throws Exception {
        // A JVM's MBeans without DiagnosticCommand (as JDK 8): the probe load fails in words, the connection stays.
        connector.remoteMBeans = javax.management.MBeanServerFactory.newMBeanServer();
        file = Files.createTempDirectory("poolscope-saved").resolve("connections.properties");
        store = new SavedConnections(file);
        store.save(List.of(new SavedConnection("app-7.internal:9010", "app-7.internal:9010", "oncall", false, JAR)));
        vm = new StartViewModel(connector, progress -> {
            throw new IllegalStateException("not used here");
        }, new SameThreadTaskExecutor(), connected::add, store);
        Scene scene = new Scene(new StartView(vm), 1280, 800);
        scene.getStylesheets().add(PoolScopeApp.STYLESHEET);
        stage.setScene(scene);
        stage.show();
        vm.refresh();
    }

    @SuppressWarnings("unchecked")
    private ListView<SavedConnection> savedList(FxRobot robot) {
        return robot.lookup("#remote-saved").queryAs(ListView.class);
    }

    @Test
    void aSavedTargetFillsTheFormAndLoadsTheProbeOnlyAfterConsent(FxRobot robot) {
        ListView<SavedConnection> list = savedList(robot);
        assertThat(list.getItems()).extracting(SavedConnection::address).containsExactly("app-7.internal:9010");
        robot.interact(() -> list.getSelectionModel().select(0));
        assertThat(robot.lookup("#remote-address").queryAs(TextField.class).getText()).isEqualTo("app-7.internal:9010");
        assertThat(robot.lookup("#remote-user").queryAs(TextField.class).getText()).isEqualTo("oncall");
        assertThat(robot.lookup("#remote-probe-jar").queryAs(TextField.class).getText()).isEqualTo(JAR);

        robot.clickOn("#remote-password").write("pw-typed-now");
        robot.clickOn("#saved-connect-probe");
        Label text = robot.lookup("#attach-confirmation-text").queryAs(Label.class);
        assertThat(text.getText()).contains("app-7.internal:9010").contains(JAR).contains("JEP 451").contains("readwrite");
        robot.clickOn("Cancel");
        assertThat(connector.remoteTargets).isEmpty();

        robot.clickOn("#saved-connect-probe");
        robot.clickOn("Load probe and connect");
        assertThat(connector.remoteTargets).as(connector.calls + " / " + vm.remoteErrorProperty().get()).hasSize(1);
        assertThat(connector.remoteTargets.get(0).username()).isEqualTo("oncall");
        assertThat(connected).as(vm.remoteErrorProperty().get() + " / " + vm.savedMessageProperty().get()).hasSize(1);
        // The test connection has no DiagnosticCommand MBean, so the load failed and said so; the path stays saved.
        assertThat(connected.get(0).connection().info().probeMessage()).contains("DiagnosticCommand");
        assertThat(store.load()).singleElement().satisfies(c -> assertThat(c.probeJar()).isEqualTo(JAR));
    }

    @Test
    void aTargetConnectedToIsSavedWithoutItsPasswordAndCanBeForgotten(FxRobot robot) throws Exception {
        robot.clickOn("#remote-address").write("db-host:9010");
        robot.clickOn("#remote-user").write("ops");
        robot.clickOn("#remote-password").write("s3cret-never-on-disk");
        robot.clickOn("#remote-connect");

        assertThat(connected).hasSize(1);
        assertThat(savedList(robot).getItems()).extracting(SavedConnection::address)
                .containsExactly("app-7.internal:9010", "db-host:9010");
        String onDisk = Files.readString(file);
        assertThat(onDisk).contains("db-host\\:9010").contains("ops").doesNotContain("s3cret");
        assertThat(robot.lookup("#remote-saved .list-cell").queryAll()).extracting(n -> ((javafx.scene.control.ListCell<?>) n).getText())
                .contains("db-host:9010 · ops · no probe path saved");

        robot.interact(() -> savedList(robot).getSelectionModel().select(1));
        robot.clickOn("#saved-forget");
        assertThat(store.load()).extracting(SavedConnection::address).containsExactly("app-7.internal:9010");
        assertThat(savedList(robot).getItems()).hasSize(1);
    }

    @Test
    void connectAndLoadProbeWithoutAPathSaysWhatIsMissingAndConnectsNothing(FxRobot robot) {
        robot.interact(() -> {
            savedList(robot).getSelectionModel().select(0);
            vm.remoteProbeJarProperty().set("");
        });
        robot.clickOn("#saved-connect-probe");
        assertThat(robot.lookup("#remote-error").queryAs(Label.class).getText()).contains("path of poolscope-probe.jar");
        assertThat(connector.remoteTargets).isEmpty();
    }
}
