package dev.poolscope.ui.start;

import dev.poolscope.attach.ConnectFailure;
import dev.poolscope.attach.LocalJvm;
import dev.poolscope.ui.Connected;
import dev.poolscope.ui.app.PoolScopeApp;
import dev.poolscope.ui.SameThreadTaskExecutor;
import dev.poolscope.ui.ScriptedConnector;
import javafx.scene.Scene;
import javafx.scene.control.Label;
import javafx.scene.control.PasswordField;
import javafx.scene.control.TableRow;
import javafx.scene.control.TextField;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

@ExtendWith(ApplicationExtension.class)
class StartViewTest {

    private final ScriptedConnector connector = new ScriptedConnector();
    private final List<Connected> connected = new ArrayList<>();
    private StartViewModel vm;

    @Start
    void start(Stage stage) {
        connector.local = List.of(
                new LocalJvm(4242, "com.example.orders.OrdersApplication", "21.0.2", true, null),
                new LocalJvm(5151, "com.example.billing.Billing", "17.0.9", true, null),
                new LocalJvm(6161, "org.gradle.launcher.daemon.bootstrap.GradleDaemon", "17.0.9", false,
                        "runs as another user (gradle)"));
        vm = new StartViewModel(connector, progress -> {
            throw new IllegalStateException("not used here");
        }, new SameThreadTaskExecutor(), connected::add);
        Scene scene = new Scene(new StartView(vm), 1280, 760);
        scene.getStylesheets().add(PoolScopeApp.STYLESHEET);
        stage.setScene(scene);
        stage.show();
        vm.refresh();
    }

    @Test
    void typingInTheFilterNarrowsTheList(FxRobot robot) {
        assertThat(robot.lookup("#jvm-table .table-row-cell").queryAll().stream()
                .filter(n -> ((TableRow<?>) n).getItem() != null)).hasSize(3);

        robot.clickOn("#jvm-filter").write("billing");

        assertThat(vm.jvms()).extracting(LocalJvm::pid).containsExactly(5151L);
    }

    @Test
    void aFailedRemoteConnectShowsTheSpecificMessageAndKeepsTheForm(FxRobot robot) {
        connector.connectFailure = new ConnectFailure(ConnectFailure.Reason.NAT_RMI,
                "Connected to the RMI registry at db-host:9010, but not to the JMX server it pointed to "
                        + "(10.0.3.7:41235). Set -Djava.rmi.server.hostname and "
                        + "-Dcom.sun.management.jmxremote.rmi.port equal to the registry port on the target.");

        robot.clickOn("#remote-address").write("db-host:9010");
        robot.clickOn("#remote-user").write("ops");
        robot.clickOn("#remote-password").write("s3cret");
        robot.clickOn("#remote-connect");

        Label error = robot.lookup("#remote-error").queryAs(Label.class);
        assertThat(error.isVisible()).isTrue();
        assertThat(error.getText()).contains("java.rmi.server.hostname").contains("10.0.3.7:41235");
        assertThat(robot.lookup("#remote-address").queryAs(TextField.class).getText()).isEqualTo("db-host:9010");
        assertThat(robot.lookup("#remote-user").queryAs(TextField.class).getText()).isEqualTo("ops");
        assertThat(robot.lookup("#remote-password").queryAs(PasswordField.class).getText()).isEqualTo("s3cret");
        assertThat(robot.lookup("#remote-address").queryAs(TextField.class).getStyleClass()).contains("field-error");
        assertThat(connected).isEmpty();
        saveScreenshot(robot, error.getScene().getRoot(), "start-remote-error");
    }

    private static void saveScreenshot(FxRobot robot, javafx.scene.Node node, String name) {
        robot.interact(() -> {
            try {
                dev.poolscope.ui.Screenshots.save(node, name);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
    }

    @Test
    void anAuthenticationFailureMarksTheCredentialFields(FxRobot robot) {
        connector.connectFailure = new ConnectFailure(ConnectFailure.Reason.AUTH_FAILED,
                "db-host:9010 refused the credentials for user 'ops'.");

        robot.clickOn("#remote-address").write("db-host:9010");
        robot.clickOn("#remote-connect");

        assertThat(robot.lookup("#remote-error").queryAs(Label.class).getText())
                .isEqualTo("db-host:9010 refused the credentials for user 'ops'.");
        assertThat(robot.lookup("#remote-password").queryAs(PasswordField.class).getStyleClass()).contains("field-error");
        assertThat(robot.lookup("#remote-address").queryAs(TextField.class).getStyleClass()).doesNotContain("field-error");
    }

    @Test
    void doubleClickAsksBeforeLoadingTheProbeAndOffersToConnectWithoutIt(FxRobot robot) {
        TableRow<?> orders = robot.lookup("#jvm-table .table-row-cell").match((TableRow<?> r) ->
                r.getItem() instanceof LocalJvm jvm && jvm.pid() == 4242).query();

        robot.doubleClickOn(orders);

        Label text = robot.lookup("#attach-confirmation-text").queryAs(Label.class);
        assertThat(text.getText()).contains("read-only").contains("JEP 451");
        assertThat(connector.calls).doesNotContain("attach 4242 with probe", "attach 4242 without probe");
        saveScreenshot(robot, text.getScene().getRoot(), "attach-confirmation");
        robot.clickOn("Connect without probe");

        assertThat(connector.calls).contains("attach 4242 without probe");
        assertThat(connected).hasSize(1);
    }

    @Test
    void aJvmThatCannotBeAttachedSaysWhy(FxRobot robot) {
        assertThat(robot.lookup("○ runs as another user (gradle)").tryQuery()).isPresent();
    }
}
