package dev.poolscope.lab.scenario;

import dev.poolscope.lab.RecordEdits;

import java.lang.reflect.RecordComponent;
import java.util.Arrays;
import java.util.stream.Collectors;

/** Changing one scenario parameter from text ({@code quietMillis=20000}), by the record component's name. */
public final class ScenarioEdits {

    private ScenarioEdits() {
    }

    /**
     * @throws IllegalArgumentException with a user-facing message (unknown name, not a number, out of range)
     */
    public static ScenarioParams with(ScenarioParams p, String name, String text) {
        return RecordEdits.with(p, name, type -> {
            try {
                long v = Long.parseLong(text.strip());
                return type == int.class ? (Object) Math.toIntExact(v) : (Object) v;
            } catch (NumberFormatException | ArithmeticException e) {
                throw new IllegalArgumentException(name + ": '" + text + "' is not a whole number");
            }
        }, () -> "unknown scenario parameter '" + name + "'; known: "
                + Arrays.stream(ScenarioParams.class.getRecordComponents()).map(RecordComponent::getName)
                .collect(Collectors.joining(", ")));
    }
}
