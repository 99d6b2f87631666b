package dev.poolscope.ui.lab;

import javafx.application.Application;
import javafx.application.Platform;
import javafx.scene.Scene;
import javafx.scene.control.Button;
import javafx.stage.Stage;

/**
 * Shows the lab screen alone in a window, to look at it before it is in the app shell:
 * {@code java -cp ... dev.poolscope.ui.lab.LabViewDemo [run]} ("run" presses Run after 1 s).
 */
public final class LabViewDemo {

    private LabViewDemo() {
    }

    public static void main(String[] args) {
        Application.launch(App.class, args);
    }

    public static final class App extends Application {
        @Override
        public void start(Stage stage) {
            var root = LabView.create();
            stage.setScene(new Scene(root, 1400, 900));
            stage.setTitle("PoolScope lab");
            stage.show();
            if (getParameters().getRaw().contains("run")) {
                Thread t = new Thread(() -> {
                    try {
                        Thread.sleep(1000);
                    } catch (InterruptedException e) {
                        return;
                    }
                    Platform.runLater(() -> ((Button) root.lookup("#lab-run")).fire());
                }, "lab-demo-press-run");
                t.setDaemon(true);
                t.start();
            }
        }
    }
}
