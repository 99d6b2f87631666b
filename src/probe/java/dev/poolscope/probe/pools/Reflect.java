package dev.poolscope.probe.pools;

import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.util.HashMap;
import java.util.Map;
import java.util.WeakHashMap;

/**
 * Reflection handles of pool classes, looked up once per class and kept (weakly per class, so a
 * redeployed application's loader can go). A missing member is remembered as missing, with the
 * reason in words, so a failed lookup is not repeated on every read. Used on the probe's reader
 * threads (JMX, scanner), never on a borrow.
 */
final class Reflect {

    private static final Object MISSING = new Object();

    private final Map<Class<?>, Map<String, Object>> byClass = new WeakHashMap<Class<?>, Map<String, Object>>();

    /** A field of {@code owner} or its superclasses, made accessible; null if absent or closed. */
    synchronized Field field(Class<?> owner, String name) {
        Map<String, Object> members = members(owner);
        String key = "f:" + name;
        Object known = members.get(key);
        if (known == null) {
            known = MISSING;
            for (Class<?> c = owner; c != null && known == MISSING; c = c.getSuperclass()) {
                try {
                    Field f = c.getDeclaredField(name);
                    f.setAccessible(true);
                    known = f;
                } catch (NoSuchFieldException e) {
                    // look in the superclass
                } catch (RuntimeException e) {
                    break; // InaccessibleObjectException: its module is not open to the probe
                }
            }
            members.put(key, known);
        }
        return known == MISSING ? null : (Field) known;
    }

    /** A public no-argument method of {@code owner}; null if absent. */
    synchronized Method method(Class<?> owner, String name) {
        Map<String, Object> members = members(owner);
        String key = "m:" + name;
        Object known = members.get(key);
        if (known == null) {
            known = MISSING;
            try {
                Method m = owner.getMethod(name);
                m.setAccessible(true); // public methods of non-public classes (lambdas, inner classes)
                known = m;
            } catch (NoSuchMethodException e) {
                // absent in this version
            } catch (RuntimeException e) {
                try {
                    known = owner.getMethod(name); // not openable, but maybe callable as is
                } catch (Exception ignored) {
                    // stays missing
                }
            }
            members.put(key, known);
        }
        return known == MISSING ? null : (Method) known;
    }

    private Map<String, Object> members(Class<?> owner) {
        Map<String, Object> m = byClass.get(owner);
        if (m == null) {
            m = new HashMap<String, Object>();
            byClass.put(owner, m);
        }
        return m;
    }

    /** The value of {@code target.name}, or null when it cannot be read. */
    Object get(Object target, String name) {
        if (target == null) {
            return null;
        }
        Field f = field(target.getClass(), name);
        try {
            return f == null ? null : f.get(target);
        } catch (Exception e) {
            return null;
        }
    }

    /** The result of {@code target.name()}, or null when it cannot be called. */
    Object call(Object target, String name) {
        if (target == null) {
            return null;
        }
        Method m = method(target.getClass(), name);
        try {
            return m == null ? null : m.invoke(target);
        } catch (Exception e) {
            return null;
        }
    }

    /** Whether {@code target} has a readable field or getter {@code name}. */
    boolean has(Object target, String name) {
        return target != null && (field(target.getClass(), name) != null || method(target.getClass(), name) != null);
    }

    /** A setting's value as text for the library's own config view; says which of "not set" / "not readable". */
    String describe(Object target, String getter) {
        if (target == null || method(target.getClass(), getter) == null) {
            return "(not readable in this version)";
        }
        Object v = call(target, getter);
        return v == null ? "(not set)" : String.valueOf(v);
    }
}
