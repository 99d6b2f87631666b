package dev.poolscope.probe;

import java.lang.instrument.Instrumentation;

/**
 * An agent that loads and returns at once without starting anything: what a probe that could not
 * start looks like from outside ({@code loadAgent} succeeds, no MBean ever appears).
 */
public final class InertAgent {

    private InertAgent() {
    }

    public static void agentmain(String args, Instrumentation inst) {
        // intentionally nothing: PoolScope must notice that no probe answers
    }
}
