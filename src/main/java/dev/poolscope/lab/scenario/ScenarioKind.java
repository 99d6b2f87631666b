package dev.poolscope.lab.scenario;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** The faults a lab run can play, by the names the CLI and the UI use. */
public enum ScenarioKind {
    MONDAY_MORNING("monday-morning", "Steady load, a quiet period longer than the middlebox idle timeout, then a burst."),
    DROP_MID_QUERY("drop-mid-query", "Every flow is dropped silently while queries are running."),
    DB_RESTART("db-restart", "pg_terminate_backend of every backend of the lab's pools."),
    PARTITION("partition", "Everything is blackholed for a while, then the network heals.");

    private final String id;
    private final String description;

    ScenarioKind(String id, String description) {
        this.id = id;
        this.description = description;
    }

    public String id() {
        return id;
    }

    public String description() {
        return description;
    }

    public static ScenarioKind parse(String id) {
        for (ScenarioKind k : values()) {
            if (k.id.equals(id.toLowerCase(Locale.ROOT).strip())) {
                return k;
            }
        }
        throw new IllegalArgumentException("unknown scenario '" + id + "'; choose from "
                + Arrays.stream(values()).map(ScenarioKind::id).collect(Collectors.joining(", ")));
    }

    @Override
    public String toString() {
        return id;
    }
}
