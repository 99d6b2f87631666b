package dev.poolscope.lab.run;

import dev.poolscope.lab.db.DatabaseSpec;
import dev.poolscope.lab.scenario.ScenarioSpec;
import dev.poolscope.lab.strategy.StrategySettings;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** What to run: one scenario, against one database, for these strategies, through this middlebox. */
public record LabPlan(DatabaseSpec database, ScenarioSpec scenario, List<StrategySettings> strategies,
                      MiddleboxMode middlebox) {

    public LabPlan {
        strategies = List.copyOf(strategies);
        if (strategies.isEmpty()) {
            throw new IllegalArgumentException("choose at least one strategy");
        }
        Set<String> names = new HashSet<>();
        for (StrategySettings s : strategies) {
            if (!names.add(s.name())) {
                throw new IllegalArgumentException("two strategies are named '" + s.name() + "'; names must differ");
            }
        }
    }
}
