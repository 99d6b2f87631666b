package dev.poolscope.live;

import javax.management.openmbean.CompositeData;
import java.util.List;

/**
 * Null-tolerant reads from the probe's CompositeData: an item the probe (an older or newer
 * version) does not have becomes null instead of an exception, and -1 / "" mean "not known".
 */
final class OpenData {

    private OpenData() {
    }

    static Object get(CompositeData cd, String key) {
        if (cd == null || !cd.containsKey(key)) {
            return null;
        }
        return cd.get(key);
    }

    static Long millis(CompositeData cd, String key) {
        Object v = get(cd, key);
        if (v instanceof Number n && n.longValue() >= 0) {
            return n.longValue();
        }
        return null;
    }

    static Integer integer(CompositeData cd, String key) {
        Object v = get(cd, key);
        if (v instanceof Number n && n.intValue() >= 0) {
            return n.intValue();
        }
        return null;
    }

    static int count(CompositeData cd, String key) {
        Integer v = integer(cd, key);
        return v == null ? 0 : v;
    }

    static Double doubleValue(CompositeData cd, String key) {
        Object v = get(cd, key);
        if (v instanceof Number n && n.doubleValue() >= 0) {
            return n.doubleValue();
        }
        return null;
    }

    static String string(CompositeData cd, String key) {
        Object v = get(cd, key);
        return v == null || v.toString().isEmpty() ? null : v.toString();
    }

    static boolean bool(CompositeData cd, String key) {
        return Boolean.TRUE.equals(get(cd, key));
    }

    static CompositeData composite(CompositeData cd, String key) {
        return get(cd, key) instanceof CompositeData c ? c : null;
    }

    static List<CompositeData> composites(CompositeData cd, String key) {
        return get(cd, key) instanceof CompositeData[] arr ? List.of(arr) : List.of();
    }

    static List<String> strings(Object value) {
        return value instanceof String[] arr ? List.of(arr) : List.of();
    }
}
