package dev.poolscope.lab.middlebox;

/** Whether kernel-level drops (nftables) can be used here, and if not, why not in words a user can act on. */
public record KernelAvailability(boolean available, String reason) {
}
