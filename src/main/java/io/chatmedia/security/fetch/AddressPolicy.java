package io.chatmedia.security.fetch;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Which IP addresses ChatMedia may connect to when it fetches a URL a client gave it: public unicast only.
 *
 * <p>Refused (IPv4): {@code 0.0.0.0/8} (incl. the any-local {@code 0.0.0.0}), {@code 10/8}, {@code 100.64/10} (CGNAT,
 * incl. Alibaba Cloud's metadata {@code 100.100.100.200}), {@code 127/8}, {@code 169.254/16} (incl. the cloud metadata
 * {@code 169.254.169.254}), {@code 172.16/12}, {@code 192.0.0/24}, {@code 192.0.2/24}, {@code 192.88.99/24},
 * {@code 192.168/16}, {@code 198.18/15}, {@code 198.51.100/24}, {@code 203.0.113/24}, {@code 224/4} (multicast),
 * {@code 240/4} (reserved, incl. the broadcast {@code 255.255.255.255}).
 *
 * <p>Refused (IPv6): everything outside global unicast {@code 2000::/3} — so {@code ::} (any-local), {@code ::1}
 * (loopback), {@code fc00::/7} (unique-local, incl. AWS's metadata {@code fd00:ec2::254}), {@code fe80::/10}
 * (link-local), {@code fec0::/10} (old site-local), {@code ff00::/8} (multicast), {@code 100::/64} (discard),
 * {@code 64:ff9b:1::/48} — and inside it {@code 2001::/23} (IETF special purpose, incl. Teredo),
 * {@code 2001:db8::/32} and {@code 3fff::/20} (documentation). Forms that embed an IPv4 address are judged by that
 * address: IPv4-mapped {@code ::ffff:a.b.c.d}, IPv4-compatible {@code ::a.b.c.d}, NAT64 {@code 64:ff9b::/96} and
 * 6to4 {@code 2002::/16}; so {@code ::ffff:127.0.0.1} and {@code 2002:a00:1::} are refused like {@code 127.0.0.1}
 * and {@code 10.0.0.1}.
 */
public final class AddressPolicy {

    private static final AddressPolicy PUBLIC_ONLY = new AddressPolicy(Set.of());

    private static final List<Range> IPV4_REFUSED = List.of(
            new Range("0.0.0.0", 8, "'this network' (any-local)"),
            new Range("10.0.0.0", 8, "private"),
            new Range("100.64.0.0", 10, "carrier-grade NAT (shared)"),
            new Range("127.0.0.0", 8, "loopback"),
            new Range("169.254.0.0", 16, "link-local (incl. cloud metadata)"),
            new Range("172.16.0.0", 12, "private"),
            new Range("192.0.0.0", 24, "IETF protocol assignment"),
            new Range("192.0.2.0", 24, "documentation"),
            new Range("192.88.99.0", 24, "6to4 relay anycast"),
            new Range("192.168.0.0", 16, "private"),
            new Range("198.18.0.0", 15, "benchmarking"),
            new Range("198.51.100.0", 24, "documentation"),
            new Range("203.0.113.0", 24, "documentation"),
            new Range("224.0.0.0", 4, "multicast"),
            new Range("240.0.0.0", 4, "reserved/broadcast"));

    private final Set<InetAddress> alsoAdmitted;

    private AddressPolicy(Set<InetAddress> alsoAdmitted) {
        this.alsoAdmitted = alsoAdmitted;
    }

    /** The production policy: public unicast addresses only. */
    public static AddressPolicy publicOnly() {
        return PUBLIC_ONLY;
    }

    /** For tests only: this policy, also admitting exactly the given addresses (e.g. {@code 127.0.0.1}). */
    AddressPolicy alsoAdmitting(InetAddress... addresses) {
        HashSet<InetAddress> admitted = new HashSet<>(alsoAdmitted);
        admitted.addAll(List.of(addresses));
        return new AddressPolicy(Set.copyOf(admitted));
    }

    /** Whether ChatMedia may connect to this address. */
    public boolean permits(InetAddress address) {
        return refusal(address).isEmpty();
    }

    /**
     * Why ChatMedia must not connect to this address — e.g. {@code "loopback"}, {@code "IPv4-mapped private"} — or
     * empty when it may.
     */
    public Optional<String> refusal(InetAddress address) {
        if (address == null) {
            return Optional.of("missing");
        }
        if (alsoAdmitted.contains(address)) {
            return Optional.empty();
        }
        byte[] bytes = address.getAddress();
        if (address instanceof Inet4Address && bytes.length == 4) {
            return ipv4Refusal(bytes);
        }
        if (address instanceof Inet6Address && bytes.length == 16) {
            return ipv6Refusal(bytes);
        }
        return Optional.of("unknown kind of");
    }

    private static Optional<String> ipv4Refusal(byte[] v4) {
        int value = toInt(v4, 0);
        for (Range range : IPV4_REFUSED) {
            if (range.contains(value)) {
                return Optional.of(range.label);
            }
        }
        return Optional.empty();
    }

    private static Optional<String> ipv6Refusal(byte[] a) {
        if (allZero(a, 0, 16)) {
            return Optional.of("unspecified (any-local)");
        }
        if (allZero(a, 0, 15) && a[15] == 1) {
            return Optional.of("loopback");
        }
        if (allZero(a, 0, 10) && a[10] == (byte) 0xff && a[11] == (byte) 0xff) {
            return embedded(a, 12, "IPv4-mapped");
        }
        if (allZero(a, 0, 12)) {
            return embedded(a, 12, "IPv4-compatible");
        }
        if (startsWith(a, 0x00, 0x64, 0xff, 0x9b) && allZero(a, 4, 12)) {
            return embedded(a, 12, "NAT64");
        }
        if (startsWith(a, 0x20, 0x02)) {
            return embedded(a, 2, "6to4");
        }
        int first = a[0] & 0xff;
        if ((first & 0xfe) == 0xfc) {
            return Optional.of("unique-local");
        }
        if (first == 0xfe && (a[1] & 0xc0) == 0x80) {
            return Optional.of("link-local");
        }
        if (first == 0xfe && (a[1] & 0xc0) == 0xc0) {
            return Optional.of("site-local");
        }
        if (first == 0xff) {
            return Optional.of("multicast");
        }
        if ((first & 0xe0) != 0x20) {
            return Optional.of("reserved (not global unicast)");
        }
        if (startsWith(a, 0x20, 0x01) && (a[2] & 0xfe) == 0x00) {
            return Optional.of("IETF special-purpose (incl. Teredo)");
        }
        if (startsWith(a, 0x20, 0x01, 0x0d, 0xb8)) {
            return Optional.of("documentation");
        }
        if (startsWith(a, 0x3f, 0xff) && (a[2] & 0xf0) == 0x00) {
            return Optional.of("documentation");
        }
        return Optional.empty();
    }

    private static Optional<String> embedded(byte[] a, int offset, String form) {
        byte[] v4 = {a[offset], a[offset + 1], a[offset + 2], a[offset + 3]};
        return ipv4Refusal(v4).map(label -> form + " " + label);
    }

    private static boolean allZero(byte[] a, int from, int to) {
        for (int i = from; i < to; i++) {
            if (a[i] != 0) {
                return false;
            }
        }
        return true;
    }

    private static boolean startsWith(byte[] a, int... prefix) {
        for (int i = 0; i < prefix.length; i++) {
            if ((a[i] & 0xff) != prefix[i]) {
                return false;
            }
        }
        return true;
    }

    private static int toInt(byte[] a, int offset) {
        return (a[offset] & 0xff) << 24
                | (a[offset + 1] & 0xff) << 16
                | (a[offset + 2] & 0xff) << 8
                | (a[offset + 3] & 0xff);
    }

    private static final class Range {
        final int network;
        final int mask;
        final String label;

        Range(String dotted, int prefixLength, String label) {
            String[] parts = dotted.split("\\.");
            byte[] bytes = new byte[4];
            for (int i = 0; i < 4; i++) {
                bytes[i] = (byte) Integer.parseInt(parts[i]);
            }
            this.mask = prefixLength == 0 ? 0 : -1 << (32 - prefixLength);
            this.network = toInt(bytes, 0) & mask;
            this.label = label;
        }

        boolean contains(int address) {
            return (address & mask) == network;
        }
    }
}
