package org.nself.shared.outbound;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;

/**
 * Turns a host name (or an address literal) into addresses. {@link OutboundHttp} asks it once per attempt
 * and connects to exactly the addresses the {@link OutboundPolicy} checked, so an answer that changes
 * between the check and the connection (DNS rebinding) cannot reach an address the policy refuses.
 * Tests give their own to play a rebinding name server.
 */
@FunctionalInterface
public interface HostResolver {
    /** The JVM's resolver (the system's name service, with the JVM's cache). */
    HostResolver SYSTEM = host -> List.of(InetAddress.getAllByName(host));

    List<InetAddress> resolve(String host) throws UnknownHostException;
}
