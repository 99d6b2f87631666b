package dev.poolscope.doctor;

import java.util.Locale;
import java.util.Optional;

/** Documented idle timeouts of common network paths, each with the page it comes from. */
public enum PathPreset {
    AWS_NLB("aws-nlb", 350_000, "AWS Network Load Balancer TCP idle timeout (default 350 s)",
            "https://docs.aws.amazon.com/elasticloadbalancing/latest/network/network-load-balancers.html#connection-idle-timeout"),
    AZURE_LB("azure-lb", 240_000, "Azure Load Balancer TCP idle timeout (default 4 min, settable 4-100 min)",
            "https://learn.microsoft.com/en-us/azure/load-balancer/load-balancer-tcp-idle-timeout"),
    // Compute API RouterNat.tcpEstablishedIdleTimeoutSec: "Defaults to 1200s if not set."
    GCP_NAT("gcp-nat", 1_200_000, "GCP Cloud NAT TCP established idle timeout (default 1200 s)",
            "https://cloud.google.com/nat/docs/tuning-nat"),
    GCP_LB("gcp-lb", 1_200_000, "GCP path through Cloud NAT / passthrough LB connection tracking (1200 s)",
            "https://cloud.google.com/nat/docs/tuning-nat");

    public final String cliName;
    public final long idleTimeoutMillis;
    public final String description;
    public final String source;

    PathPreset(String cliName, long idleTimeoutMillis, String description, String source) {
        this.cliName = cliName;
        this.idleTimeoutMillis = idleTimeoutMillis;
        this.description = description;
        this.source = source;
    }

    public static Optional<PathPreset> byName(String name) {
        String n = name.toLowerCase(Locale.ROOT);
        for (PathPreset p : values()) {
            if (p.cliName.equals(n)) {
                return Optional.of(p);
            }
        }
        return Optional.empty();
    }
}
