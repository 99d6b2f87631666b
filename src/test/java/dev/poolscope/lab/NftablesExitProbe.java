package dev.poolscope.lab;

import dev.poolscope.lab.middlebox.NftablesDropper;

/** Child JVM for {@link KernelKeepaliveIT}: opens kernel rules, prints the table, exits without closing. */
public final class NftablesExitProbe {

    private NftablesExitProbe() {
    }

    public static void main(String[] args) throws Exception {
        NftablesDropper dropper = NftablesDropper.open();
        dropper.flowDropped(40001, 40002);
        System.out.println(dropper.table());
        System.out.flush();
        System.exit(0); // no close(): only the shutdown hook can remove the table now
    }
}
