package org.nself.shared.outbound;

import io.micronaut.context.annotation.Value;
import jakarta.inject.Singleton;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.nself.shared.error.ApiException;

/**
 * SSRF protection for every call the services make on a user's behalf (runbook HTTP steps, webhooks,
 * metric sources): only http(s), and no loopback, private, carrier-grade NAT, link-local (which holds
 * the cloud metadata address 169.254.169.254), unique-local, multicast or unspecified address — unless
 * the address or host is allow-listed in {@code nself.outbound.allow} (comma separated CIDRs or host
 * names, e.g. {@code 127.0.0.1/32,prometheus.internal}).
 */
@Singleton
public final class OutboundPolicy {
    private static final List<String> METADATA_HOSTS = List.of("metadata.google.internal", "metadata", "instance-data");
    private final List<Cidr> allowedCidrs = new ArrayList<>();
    private final List<String> allowedHosts = new ArrayList<>();

    public OutboundPolicy(@Value("${nself.outbound.allow:}") String allow) {
        for (String raw : allow.split(",")) {
            String entry = raw.strip().toLowerCase(Locale.ROOT);
            if (entry.isEmpty()) {
                continue;
            }
            Cidr cidr = Cidr.parse(entry);
            if (cidr != null) {
                allowedCidrs.add(cidr);
            } else {
                allowedHosts.add(entry);
            }
        }
    }

    /** Refuses a URL the service must not call (400 naming the reason); returns the addresses it may use. */
    public List<InetAddress> check(String field, String url) {
        URI uri;
        try {
            uri = new URI(url);
        } catch (java.net.URISyntaxException | NullPointerException e) {
            throw ApiException.invalid(field, "is not a valid URL");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw ApiException.invalid(field, "must be an http or https URL");
        }
        String host = uri.getHost();
        if (host == null || host.isBlank()) {
            throw ApiException.invalid(field, "has no host");
        }
        if (uri.getUserInfo() != null) {
            throw ApiException.invalid(field, "must not carry credentials in the URL");
        }
        String bareHost = host.startsWith("[") ? host.substring(1, host.length() - 1) : host;
        String lower = bareHost.toLowerCase(Locale.ROOT);
        if (allowedHosts.contains(lower)) {
            return resolve(field, bareHost);
        }
        if (METADATA_HOSTS.contains(lower)) {
            throw ApiException.invalid(field, "targets a cloud metadata service");
        }
        List<InetAddress> addresses = resolve(field, bareHost);
        for (InetAddress address : addresses) {
            String refusal = refusal(address);
            if (refusal != null && allowedCidrs.stream().noneMatch(c -> c.contains(address))) {
                throw ApiException.invalid(
                        field,
                        "targets a " + refusal + " address (" + address.getHostAddress()
                                + "); allow it with NSELF_OUTBOUND_ALLOW if intended");
            }
        }
        return addresses;
    }

    /** Why an address is refused by default, or null when it is a public address. */
    static String refusal(InetAddress address) {
        InetAddress a = unmapped(address);
        if (a.isLoopbackAddress()) {
            return "loopback";
        }
        if (a.isAnyLocalAddress()) {
            return "unspecified";
        }
        if (a.isLinkLocalAddress()) {
            byte[] b = a.getAddress();
            if (b.length == 4 && (b[2] & 0xff) == 169 && (b[3] & 0xff) == 254) {
                return "cloud metadata";
            }
            return "link-local";
        }
        if (a.isMulticastAddress()) {
            return "multicast";
        }
        if (a.isSiteLocalAddress()) {
            return "private";
        }
        byte[] b = a.getAddress();
        if (a instanceof Inet4Address) {
            int first = b[0] & 0xff;
            int second = b[1] & 0xff;
            if (first == 100 && second >= 64 && second <= 127) {
                return "carrier-grade NAT";
            }
            if (first == 0 || first >= 240) {
                return "reserved";
            }
            if (first == 192 && second == 0 && (b[2] & 0xff) == 0) {
                return "reserved";
            }
            if (first == 198 && (second == 18 || second == 19)) {
                return "benchmarking";
            }
        } else if (a instanceof Inet6Address) {
            if ((b[0] & 0xfe) == 0xfc) {
                return "private";
            }
            if ((b[0] & 0xff) == 0xfd && (b[1] & 0xff) == 0x00 && (b[2] & 0xff) == 0x0e && (b[3] & 0xff) == 0xc2) {
                return "cloud metadata"; // fd00:ec2::254
            }
        }
        return null;
    }

    private static InetAddress unmapped(InetAddress address) {
        byte[] b = address.getAddress();
        if (address instanceof Inet6Address && b.length == 16) {
            boolean mapped = true;
            for (int i = 0; i < 10; i++) {
                mapped &= b[i] == 0;
            }
            mapped &= (b[10] & 0xff) == 0xff && (b[11] & 0xff) == 0xff;
            if (mapped) {
                try {
                    return InetAddress.getByAddress(new byte[] {b[12], b[13], b[14], b[15]});
                } catch (UnknownHostException e) {
                    return address;
                }
            }
        }
        return address;
    }

    /**
     * Whether an allow-list in the {@code NSELF_OUTBOUND_ALLOW} form names a host: by name, or, for an
     * address literal, by a CIDR holding it. Names are not resolved here.
     */
    public static boolean allowListNames(String allow, String host) {
        if (allow == null || host == null) {
            return false;
        }
        OutboundPolicy policy = new OutboundPolicy(allow);
        String bare = (host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host)
                .toLowerCase(Locale.ROOT);
        if (policy.allowedHosts.contains(bare)) {
            return true;
        }
        if (!bare.matches("[0-9.]+") && !bare.contains(":")) {
            return false;
        }
        try {
            InetAddress literal = InetAddress.getByName(bare);
            return policy.allowedCidrs.stream().anyMatch(c -> c.contains(literal));
        } catch (UnknownHostException e) {
            return false;
        }
    }

    private static List<InetAddress> resolve(String field, String host) {
        try {
            return List.of(InetAddress.getAllByName(host));
        } catch (UnknownHostException e) {
            throw ApiException.invalid(field, "host '" + host + "' does not resolve");
        }
    }

    /** An address block. */
    record Cidr(byte[] network, int bits) {
        static Cidr parse(String text) {
            int slash = text.indexOf('/');
            String addressPart = slash < 0 ? text : text.substring(0, slash);
            if (!addressPart.matches("[0-9.]+") && !addressPart.contains(":")) {
                return null;
            }
            try {
                byte[] network = InetAddress.getByName(addressPart).getAddress();
                int bits = slash < 0 ? network.length * 8 : Integer.parseInt(text.substring(slash + 1));
                if (bits < 0 || bits > network.length * 8) {
                    throw new IllegalArgumentException("bad prefix length in " + text);
                }
                return new Cidr(network, bits);
            } catch (UnknownHostException | NumberFormatException e) {
                throw new IllegalArgumentException("nself.outbound.allow: cannot read " + text);
            }
        }

        boolean contains(InetAddress address) {
            byte[] b = unmapped(address).getAddress();
            if (b.length != network.length) {
                return false;
            }
            int full = bits / 8;
            for (int i = 0; i < full; i++) {
                if (b[i] != network[i]) {
                    return false;
                }
            }
            int rest = bits % 8;
            if (rest == 0) {
                return true;
            }
            int mask = (0xff << (8 - rest)) & 0xff;
            return (b[full] & mask) == (network[full] & mask);
        }
    }
}
