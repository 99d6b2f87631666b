package dev.poolscope.attach;

import java.util.Locale;

/** Whether PoolScope's probe runs in the target: JSON "loaded", "absent" or "failed". */
public enum ProbeStatus {
    LOADED, ABSENT, FAILED;

    public String jsonName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
