package dev.poolscope.cli;

import java.net.URISyntaxException;
import java.nio.file.Path;
import java.security.CodeSource;

/**
 * How the user can run this same PoolScope again, for hints such as "Try: ... snapshot --pid N":
 * the installed launcher is {@code poolscope}, a runnable jar is {@code java -jar <that jar>}.
 * A hint must be a command that works where it is printed.
 */
final class SelfInvocation {

    private SelfInvocation() {
    }

    static String command() {
        // jpackage's launcher sets jpackage.app-path to itself.
        String launcher = System.getProperty("jpackage.app-path");
        if (launcher != null && !launcher.isBlank()) {
            String name = Path.of(launcher).getFileName().toString();
            return name.equals("poolscope") ? "poolscope" : launcher;
        }
        Path jar = ownJar();
        if (jar != null) {
            return "java -jar " + shellWord(jar.toString());
        }
        return "java -cp " + shellWord(System.getProperty("java.class.path")) + " dev.poolscope.Main";
    }

    private static Path ownJar() {
        try {
            CodeSource source = SelfInvocation.class.getProtectionDomain().getCodeSource();
            if (source == null || source.getLocation() == null) {
                return null;
            }
            Path path = Path.of(source.getLocation().toURI());
            return path.toString().endsWith(".jar") ? relativeIfShorter(path) : null;
        } catch (URISyntaxException | IllegalArgumentException | SecurityException e) {
            return null;
        }
    }

    private static Path relativeIfShorter(Path jar) {
        Path cwd = Path.of("").toAbsolutePath();
        Path absolute = jar.toAbsolutePath();
        if (absolute.startsWith(cwd)) {
            return cwd.relativize(absolute);
        }
        return absolute;
    }

    /** Quotes a path for a POSIX shell when it holds anything but safe characters. */
    static String shellWord(String s) {
        if (s.matches("[A-Za-z0-9_./:@%+=,-]+")) {
            return s;
        }
        return "'" + s.replace("'", "'\\''") + "'";
    }
}
