package dev.poolscope.ui;

import javafx.application.Application;
import javafx.scene.Scene;
import javafx.scene.control.Label;
import javafx.stage.Stage;

/** The JavaFX application: builds the shell and shows the start page. */
public final class PoolScopeApp extends Application {

    public static void launchApp(String[] args) {
        Application.launch(PoolScopeApp.class, args);
    }

    @Override
    public void start(Stage stage) {
        stage.setTitle("PoolScope");
        stage.setScene(new Scene(new Label("PoolScope"), 1200, 800));
        stage.show();
    }
}
