package dev.poolscope.doctor;

import java.util.Optional;

/** One check over a pool's settings; returns a finding only when something should change. */
interface Rule {
    Optional<Finding> check(DoctorInput in, Recommendations rec);
}
