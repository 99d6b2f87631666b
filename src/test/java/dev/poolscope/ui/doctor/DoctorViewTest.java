package dev.poolscope.ui.doctor;

import dev.poolscope.doctor.Doctor;
import dev.poolscope.doctor.OsTcpSettings;
import dev.poolscope.live.BorrowStats;
import dev.poolscope.live.PoolConfig;
import dev.poolscope.live.PoolSnapshot;
import dev.poolscope.live.TargetSnapshot;
import dev.poolscope.ui.FxTaskExecutor;
import dev.poolscope.ui.TestData;
import dev.poolscope.ui.app.PoolScopeApp;
import javafx.scene.Node;
import javafx.scene.Scene;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.TextField;
import javafx.scene.input.Clipboard;
import javafx.scene.input.KeyCode;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

@ExtendWith(ApplicationExtension.class)
class DoctorViewTest {

    /** minimumIdle = maximumPoolSize (idleTimeout inactive), keepalive off, no socketTimeout. */
    static final PoolConfig RISKY = new PoolConfig(10, 10, 600_000L, 1_800_000L, 0L, 5_000L, 30_000L, 0L, null,
            "jdbc:postgresql://127.0.0.1:5432/orders");

    private DoctorViewModel vm;
    // The app's executor: the finder reports progress from its own thread, and the view must get it on the FX thread.
    private FxTaskExecutor executor;

    @Start
    void start(Stage stage) {
        executor = new FxTaskExecutor();
        vm = new DoctorViewModel(new Doctor(), executor);
        vm.setOsTcpSettings(new OsTcpSettings(7200, 75, 9, 15, null));
        PoolSnapshot pool = new PoolSnapshot("orders", "HikariCP", "6.3.3", 0, 10, 10, 0, RISKY,
                new BorrowStats(10, 0, 0.4, 12.0, 210.0, 0), List.of(), true, List.of());
        vm.apply(new TargetSnapshot(Instant.parse("2026-12-03T10:00:00Z"), TestData.target(4242L, "pid 4242"),
                List.of(pool), List.of()));
        Scene scene = new Scene(new DoctorView(vm), 1100, 700);
        scene.getStylesheets().add(PoolScopeApp.STYLESHEET);
        stage.setScene(scene);
        stage.show();
    }

    @AfterEach
    void closeExecutor() {
        executor.close();
    }

    private static void choosePath(FxRobot robot, String item) {
        ComboBox<String> box = robot.lookup("#doctor-path").queryComboBox();
        robot.interact(() -> {
            box.getSelectionModel().select(item);
            box.getOnAction().handle(null);
        });
    }

    @Test
    void behindAnAwsNlbTheCriticalKeepaliveFindingComesFirstAndCopiesAsBothPropertyForms(FxRobot robot) {
        choosePath(robot, "aws-nlb (5m 50s)");

        List<Node> severities = List.copyOf(robot.lookup(".doctor-severity").queryAll());
        assertThat(((Label) severities.get(0)).getText()).isEqualTo("CRITICAL");
        assertThat(severities).extracting(n -> ((Label) n).getText()).isSortedAccordingTo(
                java.util.Comparator.comparingInt(s -> List.of("CRITICAL", "WARNING", "INFO").indexOf(s)));

        robot.clickOn((Button) robot.lookup(".doctor-copy-spring").queryAll().iterator().next());
        assertThat(clipboard(robot)).isEqualTo("spring.datasource.hikari.keepalive-time=60000");
        robot.clickOn((Button) robot.lookup(".doctor-copy-hikari").queryAll().iterator().next());
        assertThat(clipboard(robot)).isEqualTo("keepaliveTime=60000");
    }

    @Test
    void aCustomPathTypedInTheSelectorBecomesThePathTheRulesUse(FxRobot robot) {
        choosePath(robot, DoctorView.CUSTOM);
        robot.clickOn("#doctor-custom-path").write("45s").type(KeyCode.ENTER);

        assertThat(vm.pathProperty().get().millis()).isEqualTo(45_000);
        assertThat(robot.lookup("#doctor-path-source").queryAs(Label.class).getText()).startsWith("Path: 45 s");
        assertThat(vm.findings()).anyMatch(f -> f.setting().equals("keepaliveTime") && f.recommendedMillis() != null);
    }

    @Test
    void withNoPathGivenTheRulesAskForOneInsteadOfAssumingIt(FxRobot robot) {
        assertThat(vm.pathProperty().get()).isNull();
        assertThat(robot.lookup(".doctor-why").queryAll()).extracting(n -> ((Label) n).getText())
                .noneMatch(t -> t.contains("5m 50s"));
    }

    @Test
    void aFinderThatCannotConnectSaysWhyWithThePasswordMasked(FxRobot robot) {
        TextField url = robot.lookup("#doctor-finder-url").queryAs(TextField.class);
        assertThat(url.getText()).isEqualTo("jdbc:postgresql://127.0.0.1:5432/orders");
        robot.interact(() -> url.setText("jdbc:postgresql://127.0.0.1:1/orders?password=hunter2"));
        robot.clickOn("#doctor-find");

        Label statusLabel = robot.lookup("#doctor-find-status").queryAs(Label.class);
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(20)).until(() ->
                dev.poolscope.ui.FxThread.read(() -> !vm.findingProperty().get()));
        String status = dev.poolscope.ui.FxThread.read(statusLabel::getText);
        assertThat(status).startsWith("Could not measure: Cannot connect to").doesNotContain("hunter2");
        assertThat(vm.findingProperty().get()).isFalse();
        assertThat(robot.lookup("#doctor-find").queryButton().isDisabled()).isFalse();
    }

    private static String clipboard(FxRobot robot) {
        String[] out = new String[1];
        robot.interact(() -> out[0] = Clipboard.getSystemClipboard().getString());
        return out[0];
    }
}
