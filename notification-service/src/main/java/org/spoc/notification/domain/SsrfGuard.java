package org.spoc.notification.domain;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

import org.jspecify.annotations.Nullable;

/**
 * Keeps webhooks from reaching inside the network (server-side request forgery). A URL passes only
 * when it is {@code http} or {@code https} without user info, and every address its host resolves to
 * is public: not loopback, unspecified, link-local (including cloud metadata 169.254.169.254),
 * private, shared CGNAT (100.64/10), unique-local IPv6 (including fd00:ec2::254), multicast,
 * reserved, documentation or benchmark ranges, nor an IPv6 form embedding such an IPv4 address
 * (mapped, NAT64, 6to4). Hosts, addresses and CIDR ranges on the allow-list pass anyway. Checked at
 * registration and again before every attempt (the DNS answer may have changed since).
 */
public final class SsrfGuard {

    /** Resolves a host name to its addresses; {@link InetAddress#getAllByName} in production. */
    @FunctionalInterface
    public interface Resolver {

        InetAddress[] resolve(String host) throws UnknownHostException;
    }

    /** The URL is not acceptable for a webhook; the message says why. */
    public static final class UnsafeUrlException extends RuntimeException {

        public UnsafeUrlException(String message) {
            super(message);
        }
    }

    private static final List<Cidr> BLOCKED = Arrays.stream(new String[] {
            "0.0.0.0/8", "10.0.0.0/8", "100.64.0.0/10", "127.0.0.0/8", "169.254.0.0/16", "172.16.0.0/12",
            "192.0.0.0/24", "192.0.2.0/24", "192.88.99.0/24", "192.168.0.0/16", "198.18.0.0/15",
            "198.51.100.0/24", "203.0.113.0/24", "224.0.0.0/4", "240.0.0.0/4",
            "::/128", "::1/128", "64:ff9b:1::/48", "100::/64", "2001::/23", "2001:db8::/32", "fc00::/7",
            "fe80::/10", "fec0::/10", "ff00::/8" }).map(Cidr::parse).toList();

    private final Set<String> allowedHosts;
    private final List<Cidr> allowedRanges;
    private final Resolver resolver;

    public SsrfGuard(Collection<String> allowList, Resolver resolver) {
        this.resolver = resolver;
        this.allowedHosts = allowList.stream().map(s -> s.trim().toLowerCase(Locale.ROOT)).filter(s -> !s.isEmpty())
                .collect(Collectors.toUnmodifiableSet());
        List<Cidr> ranges = new ArrayList<>();
        for (String entry : allowedHosts) {
            Cidr cidr = Cidr.tryParse(entry);
            if (cidr != null) {
                ranges.add(cidr);
            }
        }
        this.allowedRanges = List.copyOf(ranges);
    }

    /**
     * Checks {@code url} and answers it parsed.
     * @throws UnsafeUrlException when it is malformed, of another scheme, or reaches a blocked address
     */
    public URI check(String url) {
        URI uri;
        try {
            uri = new URI(url);
        }
        catch (URISyntaxException ex) {
            throw new UnsafeUrlException("is not a valid URL");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw new UnsafeUrlException("must be an http or https URL");
        }
        if (uri.getRawUserInfo() != null) {
            throw new UnsafeUrlException("must not carry user info (credentials) in the URL");
        }
        String host = uri.getHost();
        if (host == null || host.isBlank()) {
            throw new UnsafeUrlException("has no host");
        }
        String bare = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
        bare = bare.toLowerCase(Locale.ROOT);
        if (allowedHosts.contains(bare) || allowedHosts.contains(host.toLowerCase(Locale.ROOT))) {
            return uri;
        }
        InetAddress[] addresses;
        try {
            addresses = resolver.resolve(bare);
        }
        catch (UnknownHostException ex) {
            throw new UnsafeUrlException("host '" + bare + "' cannot be resolved");
        }
        if (addresses.length == 0) {
            throw new UnsafeUrlException("host '" + bare + "' cannot be resolved");
        }
        for (InetAddress address : addresses) {
            if (blocked(address) && allowedRanges.stream().noneMatch(r -> r.contains(address))) {
                throw new UnsafeUrlException("resolves to " + address.getHostAddress()
                        + ", a loopback, private, link-local, metadata or otherwise internal address");
            }
        }
        return uri;
    }

    static boolean blocked(InetAddress address) {
        if (address.isAnyLocalAddress() || address.isLoopbackAddress() || address.isLinkLocalAddress()
                || address.isSiteLocalAddress() || address.isMulticastAddress()) {
            return true;
        }
        if (BLOCKED.stream().anyMatch(c -> c.contains(address))) {
            return true;
        }
        Inet4Address embedded = embeddedIpv4(address);
        return embedded != null && blocked(embedded);
    }

    /** The IPv4 address inside an IPv4-compatible, NAT64 (64:ff9b::/96) or 6to4 (2002::/16) IPv6 address. */
    private static @Nullable Inet4Address embeddedIpv4(InetAddress address) {
        if (!(address instanceof Inet6Address)) {
            return null;
        }
        byte[] b = address.getAddress();
        try {
            if (b[0] == 0x20 && b[1] == 0x02) {
                return (Inet4Address) InetAddress.getByAddress(Arrays.copyOfRange(b, 2, 6));
            }
            boolean nat64 = b[0] == 0 && b[1] == 0x64 && (b[2] & 0xff) == 0xff && (b[3] & 0xff) == 0x9b;
            boolean zeros = true;
            for (int i = 4; i < 12; i++) {
                zeros &= b[i] == 0;
            }
            boolean compatible = zeros && b[0] == 0 && b[1] == 0 && b[2] == 0 && b[3] == 0;
            if ((nat64 && zeros) || compatible) {
                return (Inet4Address) InetAddress.getByAddress(Arrays.copyOfRange(b, 12, 16));
            }
            return null;
        }
        catch (UnknownHostException ex) {
            return null;
        }
    }

    /** An address range in CIDR notation; a bare address is a /32 or /128. */
    record Cidr(byte[] network, int prefix) {

        static Cidr parse(String text) {
            Cidr cidr = tryParse(text);
            if (cidr == null) {
                throw new IllegalArgumentException("not a CIDR range: " + text);
            }
            return cidr;
        }

        static @Nullable Cidr tryParse(String text) {
            String[] parts = text.split("/", 2);
            if (!parts[0].matches("[0-9.]+|[0-9a-fA-F:.]*:[0-9a-fA-F:.]*")) {
                return null; // a host name, not an address: never resolve allow-list entries
            }
            try {
                byte[] network = InetAddress.getByName(parts[0]).getAddress();
                int prefix = parts.length == 2 ? Integer.parseInt(parts[1]) : network.length * 8;
                return prefix < 0 || prefix > network.length * 8 ? null : new Cidr(network, prefix);
            }
            catch (UnknownHostException | NumberFormatException ex) {
                return null;
            }
        }

        boolean contains(InetAddress address) {
            byte[] a = address.getAddress();
            if (a.length != network.length) {
                return false;
            }
            int bits = prefix;
            for (int i = 0; i < a.length && bits > 0; i++, bits -= 8) {
                int mask = bits >= 8 ? 0xff : (0xff << (8 - bits)) & 0xff;
                if ((a[i] & mask) != (network[i] & mask)) {
                    return false;
                }
            }
            return true;
        }
    }
}
