package dev.poolscope.attach;

import java.util.Set;

/**
 * The "main class and arguments" part of a java command line, like {@code sun.java.command}, for
 * JVMs PoolScope cannot ask (in a container, their perf-data file is not in the Attach API's list).
 */
final class CommandLines {

    /** Launcher options whose value is the next argument. */
    private static final Set<String> TAKES_VALUE = Set.of("-cp", "-classpath", "--class-path", "-p", "--module-path",
            "--upgrade-module-path", "--add-modules", "--add-opens", "--add-exports", "--add-reads", "--patch-module",
            "--limit-modules", "--enable-native-access");

    private CommandLines() {
    }

    /** {@code [-Xmx1g, -cp, app.jar, com.acme.Main, --port, 8080]} gives "com.acme.Main --port 8080". */
    static String mainOf(String[] arguments) {
        for (int i = 0; i < arguments.length; i++) {
            String a = arguments[i];
            if (a.equals("-jar") || a.equals("-m") || a.equals("--module")) {
                return join(arguments, i + 1);
            }
            if (TAKES_VALUE.contains(a)) {
                i++;
            } else if (!a.startsWith("-")) {
                return join(arguments, i);
            }
        }
        return "(unnamed JVM)";
    }

    private static String join(String[] arguments, int from) {
        if (from >= arguments.length) {
            return "(unnamed JVM)";
        }
        return String.join(" ", java.util.Arrays.asList(arguments).subList(from, arguments.length));
    }
}
