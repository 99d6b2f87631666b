package dev.poolscope.probe;

import java.lang.instrument.ClassFileTransformer;
import java.security.ProtectionDomain;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Rewrites HikariCP's pool classes when they are loaded or retransformed (see
 * {@link HikariClassRewriter}). Skips a class, leaving it untouched, whenever the rewritten code
 * could fail at run time: when its class loader does not see the bootstrap hooks (some OSGi
 * setups), or when its named module cannot be made to read them.
 */
final class HikariTransformer implements ClassFileTransformer {

    private static final String HIKARI_PACKAGE = "com/zaxxer/hikari/pool/";
    private static final String HIKARI_POOL = "com/zaxxer/hikari/pool/HikariPool";
    private static final String POOL_ENTRY = "com/zaxxer/hikari/pool/PoolEntry";

    private final Class<?> hooksClass;
    private final Modules modules;
    private final List<String> failures = new CopyOnWriteArrayList<String>();
    private final List<String> skipped = new CopyOnWriteArrayList<String>();

    HikariTransformer(Class<?> hooksClass, Modules modules) {
        this.hooksClass = hooksClass;
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
                skipped.add(className + " in " + loader + ": its class loader does not see the bootstrap class path");
                return null;
            }
            if (classBeingRedefined == null && Modules.supported()) {
                // Loading now: make its module (if named) read the hooks before any of its code runs.
                Class<?> sibling = Class.forName("com.zaxxer.hikari.HikariConfig", false, loader);
                modules.prepareHikariModule(sibling, hooksClass);
            }
            byte[] result = HikariClassRewriter.rewrite(classfileBuffer, className);
            if (result == null) {
                skipped.add(className + ": none of the expected methods found");
            }
            return result;
        } catch (Throwable t) {
            failures.add(className + ": " + t);
            return null;
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
