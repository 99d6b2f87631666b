package dev.poolscope.lab.scenario;

import java.lang.reflect.InvocationTargetException;
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
        RecordComponent[] comps = ScenarioParams.class.getRecordComponents();
        Object[] args = new Object[comps.length];
        Class<?>[] types = new Class<?>[comps.length];
        boolean found = false;
        for (int i = 0; i < comps.length; i++) {
            types[i] = comps[i].getType();
            try {
                args[i] = comps[i].getAccessor().invoke(p);
            } catch (IllegalAccessException | InvocationTargetException e) {
                throw new IllegalStateException(e);
            }
            if (comps[i].getName().equals(name)) {
                try {
                    long v = Long.parseLong(text.strip());
                    args[i] = types[i] == int.class ? (Object) Math.toIntExact(v) : (Object) v;
                } catch (NumberFormatException | ArithmeticException e) {
                    throw new IllegalArgumentException(name + ": '" + text + "' is not a whole number");
                }
                found = true;
            }
        }
        if (!found) {
            throw new IllegalArgumentException("unknown scenario parameter '" + name + "'; known: "
                    + Arrays.stream(comps).map(RecordComponent::getName).collect(Collectors.joining(", ")));
        }
        try {
            return ScenarioParams.class.getDeclaredConstructor(types).newInstance(args);
        } catch (InvocationTargetException e) {
            if (e.getCause() instanceof IllegalArgumentException iae) {
                throw iae;
            }
            throw new IllegalStateException(e.getCause());
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }
}
