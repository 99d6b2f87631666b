package dev.poolscope.probe;

import java.lang.instrument.Instrumentation;
import java.lang.reflect.Method;

/**
 * Entry point of the PoolScope probe, loaded into a target JVM by {@code -javaagent:} or through
 * the Attach API. Loading it twice is harmless: the second load is only counted.
 *
 * <p>The hooks in {@code dev.poolscope.probe.boot} are loaded from the agent jar by the system class
 * loader, which the JVM has already extended with that jar; the rest of the probe runs in its own
 * {@link ProbeClassLoader} over the same jar, so that what it opens of the JDK is opened to it alone. Nothing is
 * written to the target's disk (its java.io.tmpdir may be read-only) and the bootstrap class path is
 * left alone (appending to it makes the target print a CDS warning and lose CDS for app classes):
 * docs/decisions/0004-probe-hooks-on-the-system-class-loader.md.
 */
public final class ProbeAgent {

    static final String HOOKS_CLASS = "dev.poolscope.probe.boot.ProbeHooks";
    /**
     * Set in the target when the probe could not start at all, so PoolScope can show the probe's own
     * reason (read over JMX from the target's system properties) instead of a class name or nothing.
     */
    static final String FAILURE_PROPERTY = "poolscope.probe.failure";

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
            String hooksProblem = hooksProblem();
            Class<?> runtimeClass = Class.forName("dev.poolscope.probe.ProbeRuntime", true, probeLoader());
            Method startMethod = runtimeClass.getMethod("start", Instrumentation.class, boolean.class, String.class,
                    String.class);
            runtime = startMethod.invoke(null, inst, atStartup, hooksProblem, args);
        } catch (Throwable t) {
            // Never fail the target's startup or the attach: say so once and stay inert.
            Throwable cause = t.getCause() != null && t instanceof java.lang.reflect.InvocationTargetException ? t.getCause() : t;
            String reason = "the probe could not start: " + cause;
            System.err.println("[poolscope-probe] " + reason);
            try {
                System.setProperty(FAILURE_PROPERTY, reason);
            } catch (Throwable ignored) {
                // a security manager may forbid it; stderr still has the reason
            }
        }
    }

    /**
     * The loader the probe runs in: its own ({@link ProbeClassLoader}), so that the JDK packages it
     * opens to itself are open to nothing else in the target. Kept referenced by the runtime's classes.
     * Falls back to this class's loader only when the agent jar cannot be located (then the opens reach
     * the application class path's unnamed module, as before; the probe says so in its status).
     */
    private static ClassLoader probeLoader() {
        ClassLoader system = ProbeAgent.class.getClassLoader();
        try {
            java.security.CodeSource source = ProbeAgent.class.getProtectionDomain().getCodeSource();
            if (source != null && source.getLocation() != null && source.getLocation().getPath().endsWith(".jar")) {
                return new ProbeClassLoader(source.getLocation(), system);
            }
        } catch (Throwable t) {
            // a security manager or an odd code source: run where we are loaded
        }
        return system;
    }

    /** Returns null when the hooks load from the agent jar, else why not. */
    private static String hooksProblem() {
        try {
            Class.forName(HOOKS_CLASS, false, ProbeAgent.class.getClassLoader());
            return null;
        } catch (Throwable t) {
            return "the probe jar has no " + HOOKS_CLASS + " (not built by the package step): " + t;
        }
    }
}
