package dev.poolscope.doctor;



import javax.management.InstanceNotFoundException;
import javax.management.MBeanServerConnection;
import javax.management.ObjectName;

/**
 * Reads the probe's dev.poolscope:type=TcpSysctls MBean. Callers run this under a
 * DeadlineRunner: each getAttribute crosses into the target.
 */
public final class TcpSysctlsReader {

    public static final String NAME = "dev.poolscope:type=TcpSysctls";

    public OsTcpSettings read(MBeanServerConnection mbeans) {
        try {
            ObjectName name = new ObjectName(NAME);
            String reason = (String) mbeans.getAttribute(name, "NotReadReason");
            if (reason != null) {
                return OsTcpSettings.notRead(reason);
            }
            return new OsTcpSettings((Integer) mbeans.getAttribute(name, "TcpKeepaliveTime"),
                    (Integer) mbeans.getAttribute(name, "TcpKeepaliveIntvl"),
                    (Integer) mbeans.getAttribute(name, "TcpKeepaliveProbes"),
                    (Integer) mbeans.getAttribute(name, "TcpRetries2"), null);
        } catch (InstanceNotFoundException e) {
            return OsTcpSettings.notRead("the PoolScope probe is not loaded in the target (attached with --no-probe, "
                    + "or over --jmx without the agent), so the target's sysctls could not be read");
        } catch (Exception e) {
            return OsTcpSettings.notRead("reading " + NAME + " failed: " + e.getMessage());
        }
    }
}
