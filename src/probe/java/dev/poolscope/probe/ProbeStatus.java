package dev.poolscope.probe;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/** The agent-wide facts the MBeans show: load count, whether instrumentation works, notes for the user. */
final class ProbeStatus {

    static final String ACTIVE = "active";
    private static final int MAX_MESSAGES = 50;

    final long loadedAtEpochMillis = System.currentTimeMillis();
    final AtomicInteger loadCount = new AtomicInteger(1);
    private volatile String instrumentation = "starting";
    private final List<String> messages = new CopyOnWriteArrayList<String>();

    String instrumentation() {
        return instrumentation;
    }

    boolean instrumented() {
        return ACTIVE.equals(instrumentation);
    }

    void instrumentationActive() {
        instrumentation = ACTIVE;
    }

    void instrumentationRefused(String reason) {
        instrumentation = "refused: " + reason;
    }

    void addMessage(String message) {
        // Bounded: a guest must not grow without limit, even when something fails on every scan.
        if (messages.size() < MAX_MESSAGES && !messages.contains(message)) {
            messages.add(message);
        }
    }

    void removeMessage(String message) {
        messages.remove(message);
    }

    List<String> messages() {
        return new ArrayList<String>(messages);
    }
}
