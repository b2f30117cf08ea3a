package org.nself.shared.outbound;

import jakarta.inject.Inject;
import jakarta.inject.Singleton;
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
 * metric sources): only http(s), and no address of a special-purpose range — loopback, private,
 * carrier-grade NAT, link-local (which holds the cloud metadata address 169.254.169.254), unique-local,
 * multicast, broadcast, unspecified, documentation, benchmarking, NAT64 ({@code 64:ff9b::/96}), 6to4 of
 * such an address, or any IPv6 address outside global unicast {@code 2000::/3} — unless the address or
 * host is allow-listed in {@code nself.outbound.allow} (comma separated CIDRs or host names, e.g.
 * {@code 127.0.0.1/32,prometheus.internal}). {@link #check} resolves once and returns the addresses it
 * checked; {@link OutboundHttp} connects to those and no others. A refusal names the host the user gave,
 * never the address it resolved to.
 */
@Singleton
public final class OutboundPolicy {
    private static final List<String> METADATA_HOSTS = List.of("metadata.google.internal", "metadata", "instance-data");
    /**
     * Special-purpose blocks (IANA registries), the first match names the refusal. An IPv4-mapped address
     * ({@code ::ffff:0:0/96}) is checked, and connected to, as the IPv4 address it carries.
     */
    private static final List<Range> SPECIAL = List.of(
            new Range("0.0.0.0/8", "unspecified"),
            new Range("10.0.0.0/8", "private"),
            new Range("100.64.0.0/10", "carrier-grade NAT"),
            new Range("127.0.0.0/8", "loopback"),
            new Range("169.254.169.254/32", "cloud metadata"),
            new Range("169.254.0.0/16", "link-local"),
            new Range("172.16.0.0/12", "private"),
            new Range("192.0.0.0/24", "reserved"),
            new Range("192.0.2.0/24", "documentation"),
            new Range("192.88.99.0/24", "reserved"),
            new Range("192.168.0.0/16", "private"),
            new Range("198.18.0.0/15", "benchmarking"),
            new Range("198.51.100.0/24", "documentation"),
            new Range("203.0.113.0/24", "documentation"),
            new Range("224.0.0.0/4", "multicast"),
            new Range("255.255.255.255/32", "broadcast"),
            new Range("240.0.0.0/4", "reserved"),
            new Range("::/128", "unspecified"),
            new Range("::1/128", "loopback"),
            new Range("64:ff9b::/96", "NAT64"),
            new Range("64:ff9b:1::/48", "NAT64"),
            new Range("100::/64", "discard"),
            new Range("2001:db8::/32", "documentation"),
            new Range("2001::/23", "reserved"),
            new Range("3fff::/20", "documentation"),
            new Range("5f00::/16", "reserved"),
            new Range("fd00:ec2::254/128", "cloud metadata"),
            new Range("fc00::/7", "private"),
            new Range("fe80::/10", "link-local"),
            new Range("fec0::/10", "site-local"),
            new Range("ff00::/8", "multicast"));

    private static final Cidr SIX_TO_FOUR = Cidr.parse("2002::/16");
    private static final Cidr GLOBAL_UNICAST = Cidr.parse("2000::/3");

    private final List<Cidr> allowedCidrs = new ArrayList<>();
    private final List<String> allowedHosts = new ArrayList<>();
    private final HostResolver resolver;
    private final boolean unrestricted;

    @Inject
    OutboundPolicy(OutboundSettings settings) {
        this(settings.allow(), HostResolver.SYSTEM);
    }

    public OutboundPolicy(String allow) {
        this(allow, HostResolver.SYSTEM);
    }

    /** With the resolver {@link #check} uses (tests give one that answers differently each time). */
    public OutboundPolicy(String allow, HostResolver resolver) {
        this.resolver = resolver;
        this.unrestricted = false;
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

    private OutboundPolicy(HostResolver resolver) {
        this.resolver = resolver;
        this.unrestricted = true;
    }

    /**
     * For URLs the operator configured (an alert router, incident-fn on the private network): no tenant can
     * change them, and such peers live at private addresses, so no address is refused; the URL rules
     * (http(s), no credentials) and the pinned connection still hold.
     */
    public static OutboundPolicy operatorTargets() {
        return new OutboundPolicy(HostResolver.SYSTEM);
    }

    /** Where a checked URL goes: the host as given (for Host and SNI) and the addresses that passed. */
    public record Target(URI uri, String host, int port, boolean https, List<InetAddress> addresses) {
        /** The Host header: the name as the user wrote it, with the port unless it is the scheme's. */
        public String hostHeader() {
            String name = host.contains(":") ? "[" + host + "]" : host;
            return port == (https ? 443 : 80) ? name : name + ":" + port;
        }
    }

    /**
     * Refuses a URL the service must not call (400 naming the reason); otherwise resolves its host once and
     * returns the addresses that passed, which are the only ones a connection may use.
     */
    public Target check(String field, String url) {
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
        boolean https = scheme.equals("https");
        int port = uri.getPort() < 0 ? (https ? 443 : 80) : uri.getPort();
        if (port < 1 || port > 65_535) {
            throw ApiException.invalid(field, "has a port out of range");
        }
        String bareHost = host.startsWith("[") ? host.substring(1, host.length() - 1) : host;
        String lower = bareHost.toLowerCase(Locale.ROOT);
        if (unrestricted || allowedHosts.contains(lower)) {
            return new Target(uri, bareHost, port, https, resolve(field, bareHost));
        }
        if (METADATA_HOSTS.contains(lower)) {
            throw ApiException.invalid(field, "targets a cloud metadata service");
        }
        List<InetAddress> addresses = resolve(field, bareHost);
        for (InetAddress address : addresses) {
            String refusal = refusal(address);
            if (refusal != null && allowedCidrs.stream().noneMatch(c -> c.contains(address))) {
                // the host as given, never the address: a refusal must not map the internal network
                throw ApiException.invalid(
                        field,
                        "host '" + bareHost + "' is a " + refusal
                                + " address or resolves to one; allow it with NSELF_OUTBOUND_ALLOW if intended");
            }
        }
        return new Target(uri, bareHost, port, https, addresses);
    }

    /** Why an address is refused by default, or null when it is a public address. */
    static String refusal(InetAddress address) {
        InetAddress a = unmapped(address);
        for (Range range : SPECIAL) {
            if (range.cidr().contains(a)) {
                return range.label();
            }
        }
        if (a instanceof Inet6Address) {
            byte[] b = a.getAddress();
            if (SIX_TO_FOUR.contains(a)) {
                try {
                    String inner = refusal(InetAddress.getByAddress(new byte[] {b[2], b[3], b[4], b[5]}));
                    return inner == null ? null : "6to4 " + inner;
                } catch (UnknownHostException e) {
                    return "reserved";
                }
            }
            if (!GLOBAL_UNICAST.contains(a)) {
                return "reserved";
            }
        }
        return null;
    }

    static InetAddress unmapped(InetAddress address) {
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

    private List<InetAddress> resolve(String field, String host) {
        try {
            List<InetAddress> addresses = resolver.resolve(host);
            if (addresses == null || addresses.isEmpty()) {
                throw new UnknownHostException(host);
            }
            return addresses.stream().map(OutboundPolicy::unmapped).toList();
        } catch (UnknownHostException e) {
            throw ApiException.invalid(field, "host '" + host + "' does not resolve");
        }
    }

    private record Range(Cidr cidr, String label) {
        Range(String cidr, String label) {
            this(Cidr.parse(cidr), label);
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
