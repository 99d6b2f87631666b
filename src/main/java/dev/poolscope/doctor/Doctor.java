package dev.poolscope.doctor;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** Runs the rule table over one pool and ranks the findings, most severe first. */
public final class Doctor {

    private final List<Rule> rules;

    public Doctor() {
        this(Rules.ALL);
    }

    Doctor(List<Rule> rules) {
        this.rules = List.copyOf(rules);
    }

    /** Every pool of a snapshot, in pool order, each pool's findings ranked. */
    public List<Finding> examineAll(List<dev.poolscope.live.PoolSnapshot> pools, OsTcpSettings os,
                                    PathIdleTimeout path) {
        List<Finding> out = new ArrayList<>();
        for (dev.poolscope.live.PoolSnapshot pool : pools) {
            out.addAll(examine(DoctorInput.of(pool.name(), pool.kind(), pool.config(), pool.libraryConfig(), os,
                    path == null ? null : path.millis(), path == null ? null : path.source(),
                    pool.absentReasons().get("config.keepaliveTimeMillis"))));
        }
        return List.copyOf(out);
    }

    public List<Finding> examine(DoctorInput in) {
        Recommendations rec = Recommendations.from(in);
        List<Finding> out = new ArrayList<>();
        for (Rule r : rules) {
            r.check(in, rec).ifPresent(out::add);
        }
        // Stable sort: within a severity, rule-table order (most consequential first).
        out.sort(Comparator.comparing(Finding::severity));
        return List.copyOf(out);
    }
}
