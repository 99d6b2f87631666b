package dev.poolscope.live.threads;

import java.util.Locale;

/** Why a thread is not making progress; JSON names are the lower-case forms. */
public enum ThreadCategory {
    AWAITING_CONNECTION, SOCKET_IO, BLOCKED, OTHER;

    public String jsonName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
