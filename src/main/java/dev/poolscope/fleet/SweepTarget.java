package dev.poolscope.fleet;

import java.util.ArrayList;
import java.util.List;

/**
 * One line of a targets file: a local pid (all digits) or a JMX address (host:port or a
 * service:jmx: URL). Anything else is still a target: connecting to it fails with a reason in
 * words, so a typo becomes a row in the sweep, never a silently dropped service.
 *
 * @param text the line as written (trimmed), shown as the target's name
 * @param pid  the local pid, or null for a JMX address
 */
public record SweepTarget(String text, Long pid) {

    /** Targets in file order; blank lines and {@code #} comments (whole-line or trailing) skipped. */
    public static List<SweepTarget> parse(List<String> lines) {
        List<SweepTarget> targets = new ArrayList<>();
        for (String line : lines) {
            int hash = line.indexOf('#');
            String text = (hash >= 0 ? line.substring(0, hash) : line).strip();
            if (!text.isEmpty()) {
                targets.add(new SweepTarget(text, text.chars().allMatch(Character::isDigit) && text.length() < 19
                        ? Long.valueOf(text) : null));
            }
        }
        return List.copyOf(targets);
    }
}
