package dev.poolscope.live;

import java.util.Locale;

/** A pooled connection's state as HikariCP's PoolEntry keeps it; JSON names are the lower-case forms. */
public enum ConnectionState {
    IDLE, IN_USE, RESERVED, REMOVED, UNKNOWN;

    public String jsonName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Parses the probe's state strings; anything unexpected becomes {@link #UNKNOWN} rather than an error. */
    public static ConnectionState fromJsonName(String s) {
        if (s == null) {
            return UNKNOWN;
        }
        try {
            return valueOf(s.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            return UNKNOWN;
        }
    }
}
