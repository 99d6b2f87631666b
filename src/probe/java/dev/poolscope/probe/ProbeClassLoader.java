package dev.poolscope.probe;

import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;

/**
 * The probe's own class loader (issue 10 item 4). The probe opens java.lang, java.util and
 * java.util.concurrent to its module for read-only reflection; loaded by the system class loader,
 * that module would be the application class path's unnamed module, so every library of the target
 * would gain the same access. Loaded here, the probe is the only code in its unnamed module and the
 * opens reach nothing else.
 *
 * <p>Loads every class of the agent jar itself (child first) except the hooks in
 * {@code dev.poolscope.probe.boot}: instrumented pool code finds those through the system class
 * loader, so the probe must use the very same classes to install its listener. Everything else
 * comes from the platform class loader (Java 9+; the bootstrap loader on Java 8), never from the
 * application's loaders, so the probe cannot see or clash with the target's own classes.
 */
final class ProbeClassLoader extends URLClassLoader {

    static final String SHARED_PACKAGE = "dev.poolscope.probe.boot.";

    static {
        registerAsParallelCapable();
    }

    private final ClassLoader hooksLoader;

    ProbeClassLoader(URL agentJar, ClassLoader hooksLoader) {
        super(new URL[] {agentJar}, platformLoader());
        this.hooksLoader = hooksLoader;
    }

    @Override
    protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
        if (name.startsWith(SHARED_PACKAGE)) {
            return hooksLoader.loadClass(name);
        }
        if (name.startsWith("dev.poolscope.")) {
            synchronized (getClassLoadingLock(name)) {
                Class<?> c = findLoadedClass(name);
                if (c == null) {
                    c = findClass(name); // the probe's own classes (ASM relocated under dev.poolscope too)
                }
                if (resolve) {
                    resolveClass(c);
                }
                return c;
            }
        }
        return super.loadClass(name, resolve);
    }

    /** ClassLoader.getPlatformClassLoader() on Java 9+ (called reflectively: the probe is Java 8 bytecode); null (bootstrap) on 8. */
    private static ClassLoader platformLoader() {
        try {
            Method m = ClassLoader.class.getMethod("getPlatformClassLoader");
            return (ClassLoader) m.invoke(null);
        } catch (Exception e) {
            return null;
        }
    }
}
