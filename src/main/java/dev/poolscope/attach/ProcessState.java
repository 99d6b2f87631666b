package dev.poolscope.attach;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Whether a local process is stopped (SIGSTOP, job control, a debugger), read from Linux's
 * /proc/PID/stat, so a reconnect to a stopped local target sends nothing at all: a TCP connect to
 * it would succeed (its kernel accepts) and then wait out the RMI handshake timeout, leaving one
 * unread connection in its listen backlog per attempt.
 */
final class ProcessState {

    private ProcessState() {
    }

    /** True only when /proc says so (state T or t); false where there is no /proc or it cannot be read. */
    static boolean stopped(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            return stoppedState(stat);
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    /** The state is the first field after the command name, which is in parentheses and may hold spaces or ')'. */
    static boolean stoppedState(String stat) {
        int end = stat.lastIndexOf(')');
        if (end < 0 || end + 2 >= stat.length()) {
            return false;
        }
        char state = stat.charAt(end + 2);
        return state == 'T' || state == 't';
    }
}
