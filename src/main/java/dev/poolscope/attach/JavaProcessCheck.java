package dev.poolscope.attach;


/**
 * Decides, from /proc alone, whether a pid is a HotSpot JVM that PoolScope may attach to.
 * The Attach API's first step on Linux is SIGQUIT plus an .attach_pid file: a process that is not
 * a JVM dies of the signal (Python exits 131) or treats it as a crash (PostgreSQL). So nothing is
 * sent and no file is written until every check here has passed; the checks only read.
 */
final class JavaProcessCheck {

    /** SIGQUIT is signal 3, i.e. bit 2 of the SigCgt mask. */
    private static final long SIGQUIT_MASK = 1L << 2;

    private final Namespaces namespaces;

    /** Reads /proc and the perf-data files through {@code namespaces}, the one reader of both. */
    JavaProcessCheck(Namespaces namespaces) {
        this.namespaces = namespaces;
    }

    JavaProcessCheck() {
        this(new Namespaces());
    }

    /** Null when the pid looks like an attachable JVM, else the sentence to show. */
    String refusal(long pid) {
        if (!namespaces.hasProc()) {
            return null; // No /proc (macOS, Windows): the Attach API there does not use SIGQUIT.
        }
        if (!namespaces.exists(pid)) {
            return "no process with pid " + pid + " (it may have exited; `poolscope list` shows the JVMs on this machine).";
        }
        String comm = namespaces.statusField(pid, "Name:");
        String notJava = "pid " + pid + " is not a Java process (it is `" + (comm == null ? "unknown" : comm) + "`)";
        String exe = namespaces.exeName(pid);
        if (exe != null && !exe.startsWith("java")) {
            return notJava + "; nothing was sent to it. `poolscope list` shows the JVMs on this machine.";
        }
        if (namespaces.perfDataOf(pid).isEmpty()) {
            return (exe == null ? notJava : "pid " + pid + " runs `" + exe + "` but has no HotSpot perf-data file"
                    + " (hsperfdata); it may run with -XX:-UsePerfData or not be a HotSpot JVM")
                    + "; nothing was sent to it. `poolscope list` shows the JVMs PoolScope can attach to.";
        }
        String sigCgt = namespaces.statusField(pid, "SigCgt:");
        if (sigCgt != null && (parseHex(sigCgt) & SIGQUIT_MASK) == 0) {
            return "pid " + pid + " does not handle SIGQUIT (it may run with -Xrs or be starting up), so attaching would kill it;"
                    + " nothing was sent to it. Connect over remote JMX instead.";
        }
        return null;
    }

    private static long parseHex(String s) {
        try {
            return Long.parseUnsignedLong(s, 16);
        } catch (NumberFormatException e) {
            return -1L; // Unparseable: do not refuse on this check alone.
        }
    }
}
