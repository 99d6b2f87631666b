package dev.poolscope.lab.run;

/** How the middlebox drops: in the userspace proxy only, or also in the kernel (nftables, root). */
public enum MiddleboxMode {
    PROXY, KERNEL;

    public String id() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
