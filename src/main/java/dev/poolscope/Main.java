package dev.poolscope;

import dev.poolscope.cli.PoolScopeCommand;
import dev.poolscope.ui.PoolScopeApp;

/**
 * Entry point of target/poolscope.jar and of the installed launcher. With no arguments it opens the
 * GUI; with a command it runs the CLI. This class must not extend javafx.application.Application,
 * so that JavaFX on the class path (the runnable jar) starts without "runtime components missing".
 */
public final class Main {

    private Main() {
    }

    public static void main(String[] args) {
        if (args.length == 0 || (args.length == 1 && args[0].equals("gui"))) {
            PoolScopeApp.launchApp(new String[0]);
            return;
        }
        System.exit(PoolScopeCommand.run(args));
    }
}
