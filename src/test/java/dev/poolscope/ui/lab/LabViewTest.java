package dev.poolscope.ui.lab;

import dev.poolscope.lab.strategy.StrategySettings;
import javafx.scene.Scene;
import javafx.scene.control.Button;
import javafx.scene.control.TextField;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.testfx.framework.junit5.ApplicationTest;
import org.testfx.util.WaitForAsyncUtils;

import java.time.Clock;

import static org.assertj.core.api.Assertions.assertThat;

/** The lab screen headless: strategy columns can be added, renamed and removed; nothing runs here. */
class LabViewTest extends ApplicationTest {

    private LabViewModel vm;

    // Monocle's headless screen is 1280x800: a larger stage overflows its frame buffer.

    @Override
    public void start(Stage stage) {
        vm = new LabViewModel(Runnable::run, Runnable::run, Clock.systemUTC());
        stage.setScene(new Scene(new LabView(vm).root(), 1200, 760));
        stage.show();
    }

    @Test
    void liveSamplesOfANewRunReachTheChartsAndStayBounded() {
        interact(() -> vm.samples().put("none", javafx.collections.FXCollections.observableArrayList()));
        System.gc(); // the columns listen weakly; they must still be alive and listening
        interact(() -> {
            var list = vm.samples().get("none");
            for (int i = 0; i < LabViewModel.MAX_POINTS + 10; i++) {
                list.add(new dev.poolscope.lab.run.Sample(i * 250L, 1.5, 2, 6, 8, 0, 0, i, 0));
            }
        });
        var chart = (javafx.scene.chart.LineChart<?, ?>) lookup(".lab-chart").queryAll().iterator().next();
        assertThat(chart.getData().get(0).getData()).hasSize(LabViewModel.MAX_POINTS);
    }

    @Test
    void addsRenamesAndRemovesStrategyColumns() {
        assertThat(lookup(".lab-strategy-column").queryAll()).hasSize(5);

        clickOn("#lab-add-strategy");
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(vm.strategies()).extracting(StrategySettings::name).contains("validate-2");
        assertThat(lookup(".lab-strategy-column").queryAll()).hasSize(6);

        interact(() -> {
            TextField name = lookup("#lab-validate-2-name").queryAs(TextField.class);
            name.setText("validate-fast");
            name.fireEvent(new javafx.event.ActionEvent());
        });
        assertThat(vm.strategies()).extracting(StrategySettings::name).contains("validate-fast")
                .doesNotContain("validate-2");

        interact(() -> vm.removeStrategy(vm.strategies().size() - 1));
        assertThat(lookup(".lab-strategy-column").queryAll()).hasSize(5);
        assertThat(lookup("#lab-run").queryAs(Button.class).isDisabled()).isFalse();
        assertThat(lookup("#lab-cancel").queryAs(Button.class).isDisabled()).isTrue();
    }
}
