package dev.poolscope.lab.scenario;

import java.util.Objects;

/** A scenario and its parameters, as chosen by the user. */
public record ScenarioSpec(ScenarioKind kind, ScenarioParams params) {

    public ScenarioSpec {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(params, "params");
    }

    public static ScenarioSpec defaults(ScenarioKind kind) {
        return new ScenarioSpec(kind, ScenarioParams.defaults(kind));
    }
}
