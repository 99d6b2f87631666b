package dev.poolscope.lab.strategy;

import dev.poolscope.lab.RecordEdits;

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
        return RecordEdits.with(s, field, type -> parse(field, type, text.strip()), () -> "no setting named " + field);
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
