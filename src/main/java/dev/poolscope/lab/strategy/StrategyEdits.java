package dev.poolscope.lab.strategy;

import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.RecordComponent;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Editing one field of a {@link StrategySettings} from text (a table cell, a form field), by the
 * record component's name. Going through the canonical constructor keeps every check in one place.
 */
public final class StrategyEdits {

    private StrategyEdits() {
    }

    /** Component name to its current value as text, in declaration order. */
    public static Map<String, String> fields(StrategySettings s) {
        Map<String, String> m = new LinkedHashMap<>();
        for (RecordComponent c : StrategySettings.class.getRecordComponents()) {
            try {
                m.put(c.getName(), String.valueOf(c.getAccessor().invoke(s)));
            } catch (IllegalAccessException | InvocationTargetException e) {
                throw new IllegalStateException(e);
            }
        }
        return m;
    }

    /**
     * @throws IllegalArgumentException with a user-facing message if the text is not a valid value
     */
    public static StrategySettings with(StrategySettings s, String field, String text) {
        RecordComponent[] comps = StrategySettings.class.getRecordComponents();
        Object[] args = new Object[comps.length];
        Class<?>[] types = new Class<?>[comps.length];
        boolean found = false;
        for (int i = 0; i < comps.length; i++) {
            types[i] = comps[i].getType();
            try {
                args[i] = comps[i].getAccessor().invoke(s);
            } catch (IllegalAccessException | InvocationTargetException e) {
                throw new IllegalStateException(e);
            }
            if (comps[i].getName().equals(field)) {
                args[i] = parse(field, types[i], text.strip());
                found = true;
            }
        }
        if (!found) {
            throw new IllegalArgumentException("no setting named " + field);
        }
        try {
            Constructor<StrategySettings> ctor = StrategySettings.class.getDeclaredConstructor(types);
            return ctor.newInstance(args);
        } catch (InvocationTargetException e) {
            if (e.getCause() instanceof IllegalArgumentException iae) {
                throw iae;
            }
            throw new IllegalStateException(e.getCause());
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Object parse(String field, Class<?> type, String text) {
        try {
            if (type == int.class) {
                return Integer.parseInt(text);
            }
            if (type == long.class) {
                return Long.parseLong(text);
            }
            if (type == boolean.class) {
                if (!text.equalsIgnoreCase("true") && !text.equalsIgnoreCase("false")) {
                    throw new IllegalArgumentException(field + " must be true or false");
                }
                return Boolean.parseBoolean(text);
            }
            return text;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(field + ": '" + text + "' is not a whole number");
        }
    }
}
