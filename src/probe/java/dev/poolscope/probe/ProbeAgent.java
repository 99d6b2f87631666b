package dev.poolscope.probe;

import java.io.File;
import java.io.FileOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.instrument.Instrumentation;
import java.lang.reflect.Method;
import java.util.jar.JarFile;

/**
 * Entry point of the PoolScope probe, loaded into a target JVM by {@code -javaagent:} or through
 * the Attach API. Loading it twice is harmless: the second load is only counted.
 *
 * <p>This class must not mention {@code dev.poolscope.probe.boot} types: those have to be put on the
 * bootstrap class path first, so that HikariCP classes in any class loader or module resolve the
 * same copy. Everything else is reached reflectively through {@link ProbeRuntime} afterwards.
 */
public final class ProbeAgent {

    static final String BOOT_JAR_RESOURCE = "poolscope-probe-boot.jar";
    static final String HOOKS_CLASS = "dev.poolscope.probe.boot.ProbeHooks";

    private static Object runtime;

    private ProbeAgent() {
    }

    public static void premain(String args, Instrumentation inst) {
        start(args, inst, true);
    }

    public static void agentmain(String args, Instrumentation inst) {
        start(args, inst, false);
    }

    private static synchronized void start(String args, Instrumentation inst, boolean atStartup) {
        try {
            if (runtime != null) {
                runtime.getClass().getMethod("loadedAgain").invoke(runtime);
                return;
            }
            String bootProblem = putHooksOnBootClassPath(inst);
            Class<?> runtimeClass = Class.forName("dev.poolscope.probe.ProbeRuntime");
            Method startMethod = runtimeClass.getMethod("start", Instrumentation.class, boolean.class, String.class,
                    String.class);
            runtime = startMethod.invoke(null, inst, atStartup, bootProblem, args);
        } catch (Throwable t) {
            // Never fail the target's startup or the attach: report on stderr once and stay inert.
            System.err.println("[poolscope-probe] could not start: " + t);
        }
    }

    /** Returns null when the hooks are visible from the bootstrap loader, else why not. */
    private static String putHooksOnBootClassPath(Instrumentation inst) {
        try {
            Class.forName(HOOKS_CLASS, false, null);
            return null; // already there (another copy of the probe put it there)
        } catch (ClassNotFoundException notYet) {
            // expected on the first load
        }
        try (InputStream in = ProbeAgent.class.getResourceAsStream(BOOT_JAR_RESOURCE)) {
            if (in == null) {
                return "the probe jar has no " + BOOT_JAR_RESOURCE + " (not built by the package step)";
            }
            File file = File.createTempFile("poolscope-probe-boot-", ".jar");
            file.deleteOnExit();
            try (OutputStream out = new FileOutputStream(file)) {
                byte[] buffer = new byte[8192];
                int n;
                while ((n = in.read(buffer)) > 0) {
                    out.write(buffer, 0, n);
                }
            }
            inst.appendToBootstrapClassLoaderSearch(new JarFile(file));
            Class.forName(HOOKS_CLASS, false, null);
            return null;
        } catch (Throwable t) {
            return "could not put the probe hooks on the bootstrap class path: " + t;
        }
    }
}
