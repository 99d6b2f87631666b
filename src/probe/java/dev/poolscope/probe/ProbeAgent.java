package dev.poolscope.probe;

import java.lang.instrument.Instrumentation;
import java.lang.reflect.Method;

/**
 * Entry point of the PoolScope probe, loaded into a target JVM by {@code -javaagent:} or through
 * the Attach API. Loading it twice is harmless: the second load is only counted.
 *
 * <p>Everything, the hooks in {@code dev.poolscope.probe.boot} included, is loaded from the agent jar
 * itself by the system class loader, which the JVM has already extended with that jar. Nothing is
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
            Class<?> runtimeClass = Class.forName("dev.poolscope.probe.ProbeRuntime");
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
