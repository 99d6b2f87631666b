package dev.poolscope.probe;

import java.lang.instrument.ClassFileTransformer;
import java.security.ProtectionDomain;
import java.util.List;
import java.util.Map;
import java.util.WeakHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Rewrites HikariCP's pool classes when they are loaded or retransformed (see
 * {@link HikariClassRewriter}). Skips a class, leaving it untouched, whenever the rewritten code
 * could fail at run time: when its class loader does not see the hooks on the system class loader
 * (OSGi, JBoss Modules), or when its named module cannot be made to read them.
 */
final class HikariTransformer implements ClassFileTransformer {

    private static final String HIKARI_PACKAGE = "com/zaxxer/hikari/pool/";
    private static final String HIKARI_POOL = "com/zaxxer/hikari/pool/HikariPool";
    private static final String POOL_ENTRY = "com/zaxxer/hikari/pool/PoolEntry";

    private final Class<?> hooksClass;
    /** The hooks that class has (an older probe's copy, loaded first, may lack newer ones). */
    private final HikariClassRewriter.Hooks hooks;
    private final Modules modules;
    private final List<String> failures = new CopyOnWriteArrayList<String>();
    private final List<String> skipped = new CopyOnWriteArrayList<String>();
    /** Class loaders whose HikariPool was rewritten (null key: the bootstrap loader). */
    private final Map<ClassLoader, Boolean> instrumentedLoaders = new WeakHashMap<ClassLoader, Boolean>();
    private static final int MAX_NOTES = 20;

    HikariTransformer(Class<?> hooksClass, Modules modules) {
        this.hooksClass = hooksClass;
        this.hooks = HikariClassRewriter.Hooks.of(hooksClass);
        this.modules = modules;
    }

    @Override
    public byte[] transform(ClassLoader loader, String className, Class<?> classBeingRedefined,
                            ProtectionDomain protectionDomain, byte[] classfileBuffer) {
        // Plain string tests only: this runs for every class loaded, including the probe's own, and must
        // not itself trigger loading a probe class (that recursion defines the class twice).
        if (className == null || !className.startsWith(HIKARI_PACKAGE)
                || !(className.equals(HIKARI_POOL) || className.equals(POOL_ENTRY))) {
            return null;
        }
        try {
            if (!hooksVisibleFrom(loader)) {
                note(skipped, className + " in " + loader + ": its class loader does not delegate to the system class loader, where the probe's hooks are");
                return null;
            }
            if (classBeingRedefined == null && Modules.supported()) {
                // Loading now: make its module (if named) read the hooks before any of its code runs.
                Class<?> sibling = Class.forName("com.zaxxer.hikari.HikariConfig", false, loader);
                modules.prepareHikariModule(sibling, hooksClass);
            }
            byte[] result = HikariClassRewriter.rewrite(classfileBuffer, className, hooks);
            if (result == null) {
                note(skipped, className + ": none of the expected methods found");
            } else if (className.equals(HIKARI_POOL)) {
                synchronized (instrumentedLoaders) {
                    instrumentedLoaders.put(loader, Boolean.TRUE);
                }
            }
            return result;
        } catch (Throwable t) {
            note(failures, className + ": " + t);
            return null;
        }
    }

    /** Whether the HikariPool class of {@code poolClass}'s loader carries the hooks. */
    boolean instrumented(Class<?> poolClass) {
        synchronized (instrumentedLoaders) {
            return instrumentedLoaders.containsKey(poolClass.getClassLoader());
        }
    }

    private static void note(List<String> notes, String note) {
        if (notes.size() < MAX_NOTES) { // bounded: a redeploying app server may load HikariCP often
            notes.add(note);
        }
    }

    private boolean hooksVisibleFrom(ClassLoader loader) {
        try {
            return Class.forName(hooksClass.getName(), false, loader) == hooksClass;
        } catch (Throwable t) {
            return false;
        }
    }

    List<String> failures() {
        return failures;
    }

    List<String> skipped() {
        return skipped;
    }
}
