package dev.poolscope.probe;

import java.lang.instrument.Instrumentation;
import java.lang.reflect.Method;
import java.util.Collections;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * Opens modules to the probe on Java 9+ through {@code Instrumentation.redefineModule}, called
 * reflectively because the probe is Java 8 bytecode. On Java 8 every method is a no-op.
 *
 * <p>Why: HikariCP 7.x (and 5.x/6.x on the module path) does not open its packages, so the probe's
 * read-only reflection into {@code PoolEntry} needs an opened package; instrumented HikariCP code in
 * a named module must also read the system loader's unnamed module (the agent jar's) to call the hooks; and finding
 * pools through the housekeeper thread reads private fields of {@code java.lang.Thread} and
 * {@code java.util.concurrent} classes.
 */
final class Modules {

    private static final Method GET_MODULE = method(Class.class, "getModule");
    private static final Class<?> MODULE_CLASS = classNamed("java.lang.Module");
    private static final Method IS_NAMED = MODULE_CLASS == null ? null : method(MODULE_CLASS, "isNamed");
    private static final Method GET_PACKAGES = MODULE_CLASS == null ? null : method(MODULE_CLASS, "getPackages");
    private static final Method REDEFINE = MODULE_CLASS == null ? null
            : method(Instrumentation.class, "redefineModule", MODULE_CLASS, Set.class, Map.class, Map.class, Set.class, Map.class);

    private final Instrumentation inst;
    private final Object probeModule;

    Modules(Instrumentation inst) {
        this.inst = inst;
        this.probeModule = moduleOf(Modules.class);
    }

    static boolean supported() {
        return REDEFINE != null;
    }

    static Object moduleOf(Class<?> type) {
        if (GET_MODULE == null) {
            return null;
        }
        try {
            return GET_MODULE.invoke(type);
        } catch (Exception e) {
            return null;
        }
    }

    static boolean isNamed(Object module) {
        try {
            return module != null && (Boolean) IS_NAMED.invoke(module);
        } catch (Exception e) {
            return false;
        }
    }

    /** Opens the given packages of {@code type}'s module to the probe (no-op for unnamed modules). */
    void openToProbe(Class<?> type, String... packages) throws Exception {
        Object module = moduleOf(type);
        if (!isNamed(module)) {
            return;
        }
        Map<String, Set<Object>> opens = new HashMap<String, Set<Object>>();
        for (String p : packages) {
            opens.put(p, Collections.singleton(probeModule));
        }
        REDEFINE.invoke(inst, module, Collections.emptySet(), Collections.emptyMap(), opens,
                Collections.emptySet(), Collections.emptyMap());
    }

    /**
     * Makes a named module (HikariCP's) able to call the hooks, and opens all its packages to the
     * probe for read-only reflection.
     */
    @SuppressWarnings("unchecked")
    void prepareHikariModule(Class<?> anyHikariClass, Class<?> hooksClass) throws Exception {
        Object module = moduleOf(anyHikariClass);
        if (!isNamed(module)) {
            return;
        }
        Map<String, Set<Object>> opens = new HashMap<String, Set<Object>>();
        for (String p : (Set<String>) GET_PACKAGES.invoke(module)) {
            opens.put(p, Collections.singleton(probeModule));
        }
        REDEFINE.invoke(inst, module, Collections.singleton(moduleOf(hooksClass)), Collections.emptyMap(), opens,
                Collections.emptySet(), Collections.emptyMap());
    }

    private static Method method(Class<?> owner, String name, Class<?>... params) {
        try {
            return owner.getMethod(name, params);
        } catch (Exception e) {
            return null;
        }
    }

    private static Class<?> classNamed(String name) {
        try {
            return Class.forName(name);
        } catch (Exception e) {
            return null;
        }
    }
}
