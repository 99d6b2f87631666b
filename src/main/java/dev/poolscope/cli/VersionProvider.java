package dev.poolscope.cli;

import picocli.CommandLine;

/** Reads the version from the jar manifest, so a source build and the installed app both answer. */
public final class VersionProvider implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
        String v = PoolScopeCommand.class.getPackage().getImplementationVersion();
        return new String[] {"PoolScope " + (v == null ? "(development build)" : v),
                "Java " + System.getProperty("java.version") + " (" + System.getProperty("java.vm.vendor") + ")"};
    }
}
