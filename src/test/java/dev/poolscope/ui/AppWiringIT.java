package dev.poolscope.ui;

import dev.poolscope.ui.app.PoolScopeApp;
import dev.poolscope.ui.app.AppWiring;
import dev.poolscope.ui.shell.ShellViewModel;
import javafx.scene.control.ToggleButton;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

import static org.assertj.core.api.Assertions.assertThat;

/** The app as composed for users (AppWiring.standard()): its navigation and the lab screen it wires in. */
@ExtendWith(ApplicationExtension.class)
class AppWiringIT {

    private FxTaskExecutor executor;
    private ShellViewModel shell;

    @Start
    void start(Stage stage) {
        executor = new FxTaskExecutor();
        shell = new ShellViewModel(AppWiring.standard(), executor);
        stage.setScene(PoolScopeApp.createScene(shell, 1280, 800));
        stage.show();
    }

    @AfterEach
    void stop() {
        shell.close();
        executor.close();
    }

    @Test
    void navigationOffersAttachLiveAndLabWithLiveDisabledUntilConnected(FxRobot robot) {
        assertThat(robot.lookup("#nav-attach").queryAs(ToggleButton.class).isSelected()).isTrue();
        assertThat(robot.lookup("#nav-live").queryAs(ToggleButton.class).isDisabled()).isTrue();
        assertThat(robot.lookup("#nav-lab").tryQuery()).isPresent();
    }

    @Test
    void theLabScreenOpensFromTheNavigation(FxRobot robot) throws Exception {
        robot.clickOn("#nav-lab");

        assertThat(robot.lookup("#nav-lab").queryAs(ToggleButton.class).isSelected()).isTrue();
        assertThat(robot.lookup("#start-view").tryQuery()).isEmpty();
        robot.interact(() -> {
            try {
                Screenshots.save(robot.lookup("#nav-lab").query().getScene().getRoot(), "lab-in-shell");
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
    }
}
