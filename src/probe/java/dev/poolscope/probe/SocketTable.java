package dev.poolscope.probe;

import java.util.List;
import java.util.Map;

/** Where a read finds the kernel's view of its connections' sockets: read now, or shared by a scrape. */
interface SocketTable {

    /** Null when the kernel view can be read here, else the reason in words (same for every socket). */
    String unavailableReason();

    /** The kernel's line for each wanted endpoint that it has; absent ones are missing from the map. */
    Map<ConnectionSockets.Endpoint, KernelTcp.Tcp> lookup(List<ConnectionSockets.Endpoint> wanted);
}
