package dev.poolscope.lab;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.RecordComponent;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Copies a record with one component replaced, by name: what the lab's editors (strategy settings,
 * scenario parameters) do when the user types into one field. The record's own constructor checks
 * the result, so its {@link IllegalArgumentException} reaches the user unchanged.
 */
public final class RecordEdits {

    private RecordEdits() {
    }

    /**
     * @param value   the new value for the component's type, from the user's text; throws
     *                IllegalArgumentException with a user-facing message when the text does not fit
     * @param unknown the user-facing message when no component has that name
     * @throws IllegalArgumentException with a user-facing message
     */
    public static <R extends Record> R with(R record, String name, Function<Class<?>, Object> value, Supplier<String> unknown) {
        @SuppressWarnings("unchecked")
        Class<R> type = (Class<R>) record.getClass();
        RecordComponent[] comps = type.getRecordComponents();
        Object[] args = new Object[comps.length];
        Class<?>[] types = new Class<?>[comps.length];
        boolean found = false;
        for (int i = 0; i < comps.length; i++) {
            types[i] = comps[i].getType();
            try {
                args[i] = comps[i].getAccessor().invoke(record);
            } catch (IllegalAccessException | InvocationTargetException e) {
                throw new IllegalStateException(e);
            }
            if (comps[i].getName().equals(name)) {
                args[i] = value.apply(types[i]);
                found = true;
            }
        }
        if (!found) {
            throw new IllegalArgumentException(unknown.get());
        }
        try {
            return type.getDeclaredConstructor(types).newInstance(args);
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
