package dev.poolscope;

import java.io.File;
import java.lang.management.ManagementFactory;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Starts the GUI with JavaFX on the module path, its supported configuration (issue 14 item 8):
 * loaded from the class path (the runnable jar), JavaFX warns "Unsupported JavaFX configuration:
 * classes were loaded from 'unnamed module'" on every start. A jar manifest cannot name a module
 * path, so when JavaFX is not a named module yet and its modular jars lie beside the app jar (in
 * {@code javafx/}, put there by the build and the installers), the GUI runs in a child JVM started
 * with them on the module path; this JVM only waits for it and passes on its exit code.
 *
 * <p>Without that directory (or with {@code -Dpoolscope.javafx.modules=off}) the GUI starts here
 * as before, warning included.
 */
final class GuiLauncher {

    /** Set in the child, so that it never relaunches itself. */
    static final String CHILD_PROPERTY = "poolscope.gui.child";
    /** Where JavaFX's modular jars are; default: the {@code javafx} directory beside the app jar. */
    static final String DIR_PROPERTY = "poolscope.javafx.modules";

    /**
     * The packages ControlsFX reaches into; on the class path nothing was encapsulated, as modules
     * they must be opened to it (ControlsFX's documented list for JavaFX 9+).
     */
    private static final List<String> CONTROLSFX_ACCESS = List.of(
            "--add-exports=javafx.base/com.sun.javafx.event=ALL-UNNAMED",
            "--add-exports=javafx.controls/com.sun.javafx.scene.control=ALL-UNNAMED",
            "--add-exports=javafx.controls/com.sun.javafx.scene.control.behavior=ALL-UNNAMED",
            "--add-exports=javafx.controls/com.sun.javafx.scene.control.inputmap=ALL-UNNAMED",
            "--add-exports=javafx.graphics/com.sun.javafx.scene=ALL-UNNAMED",
            "--add-exports=javafx.graphics/com.sun.javafx.scene.traversal=ALL-UNNAMED",
            "--add-exports=javafx.graphics/com.sun.javafx.css=ALL-UNNAMED",
            "--add-opens=javafx.controls/javafx.scene.control.skin=ALL-UNNAMED",
            "--add-opens=javafx.graphics/javafx.scene=ALL-UNNAMED");

    private GuiLauncher() {
    }

    /**
     * @return the child's exit code, or empty when the GUI should start in this JVM
     */
    static Optional<Integer> runAsModulesIfPossible(String[] guiArgs) {
        if (Boolean.getBoolean(CHILD_PROPERTY)) {
            exitWithParent();
            return Optional.empty(); // started by the launcher below: the supported configuration
        }
        if (ModuleLayer.boot().findModule("javafx.graphics").isPresent()) {
            return Optional.empty(); // already the supported configuration
        }
        Optional<Path> appJar = appJar();
        Optional<Path> modules = modulesDir(appJar);
        if (appJar.isEmpty() || modules.isEmpty()) {
            return Optional.empty();
        }
        List<String> command = command(appJar.get(), modules.get(), guiArgs);
        try {
            Process child = new ProcessBuilder(command).inheritIO().start();
            // SIGTERM or Ctrl-C of this JVM ends the window too; the child's own hooks then clean up.
            Thread stopChild = new Thread(child::destroy, "poolscope-gui-child-stopper");
            Runtime.getRuntime().addShutdownHook(stopChild);
            int code = child.waitFor();
            try {
                Runtime.getRuntime().removeShutdownHook(stopChild);
            } catch (IllegalStateException shuttingDown) {
                // already exiting: the hook runs and finds the child gone
            }
            return Optional.of(code);
        } catch (java.io.IOException e) {
            System.err.println("poolscope: could not start the window with JavaFX as modules (" + e.getMessage()
                    + "); starting it from the class path.");
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.of(130);
        }
    }

    /**
     * In the window's JVM: when the launcher is killed (kill -9 of the pid the user sees as
     * `java -jar poolscope.jar gui`), exit too, through the shutdown hooks that stop the demo and its
     * PostgreSQL, instead of living on as an orphan.
     */
    private static void exitWithParent() {
        ProcessHandle.current().parent().ifPresent(parent -> parent.onExit().thenRun(() -> {
            System.err.println("poolscope: the launcher (pid " + parent.pid() + ") has exited; closing the window.");
            System.exit(143);
        }));
    }

    static List<String> command(Path appJar, Path modules, String[] guiArgs) {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", isWindows() ? "java.exe" : "java").toString());
        // The parent's JVM options (-D..., -Xmx, the installer's probe path) apply to the child too.
        for (String option : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
            if (!option.startsWith("-agentlib:jdwp") && !option.startsWith("-javaagent")) {
                cmd.add(option);
            }
        }
        cmd.add("-D" + CHILD_PROPERTY + "=true");
        cmd.add("--module-path");
        cmd.add(modules.toString());
        cmd.add("--add-modules");
        cmd.add("javafx.controls");
        cmd.addAll(CONTROLSFX_ACCESS);
        cmd.add("-cp");
        cmd.add(appJar.toString());
        cmd.add(Main.class.getName());
        cmd.add("gui");
        cmd.addAll(List.of(guiArgs));
        return cmd;
    }

    /** The jar this class was loaded from; empty when run from classes (an IDE, the tests). */
    private static Optional<Path> appJar() {
        try {
            var source = GuiLauncher.class.getProtectionDomain().getCodeSource();
            if (source == null) {
                return Optional.empty();
            }
            Path path = Path.of(source.getLocation().toURI());
            return Files.isRegularFile(path) && path.toString().endsWith(".jar") ? Optional.of(path) : Optional.empty();
        } catch (URISyntaxException | IllegalArgumentException | SecurityException e) {
            return Optional.empty();
        }
    }

    private static Optional<Path> modulesDir(Optional<Path> appJar) {
        String configured = System.getProperty(DIR_PROPERTY);
        if ("off".equals(configured)) {
            return Optional.empty();
        }
        Path dir = configured != null ? Path.of(configured)
                : appJar.map(jar -> jar.toAbsolutePath().getParent().resolve("javafx")).orElse(null);
        if (dir == null || !Files.isDirectory(dir)) {
            return Optional.empty();
        }
        try (var files = Files.list(dir)) {
            // The graphics module with this platform's natives must be there, else the child could not start.
            boolean graphics = files.map(p -> p.getFileName().toString())
                    .anyMatch(n -> n.startsWith("javafx-graphics-") && n.endsWith(".jar") && n.contains("-" + platform()));
            return graphics ? Optional.of(dir) : Optional.empty();
        } catch (java.io.IOException e) {
            return Optional.empty();
        }
    }

    /** The classifier of JavaFX's platform jars: linux, win, mac (plus -aarch64 variants). */
    private static String platform() {
        String os = System.getProperty("os.name", "").toLowerCase(java.util.Locale.ROOT);
        return os.startsWith("windows") ? "win" : os.startsWith("mac") ? "mac" : "linux";
    }

    private static boolean isWindows() {
        return File.separatorChar == '\\';
    }
}
