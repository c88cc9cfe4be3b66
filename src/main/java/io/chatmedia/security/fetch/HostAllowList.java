package io.chatmedia.security.fetch;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The operator's list of hosts ChatMedia may fetch from ({@code chatmedia.fetch.allowed-hosts}): exact host names
 * ({@code media.example.com}, also IP literals) or wildcards {@code *.example.com}, which match every sub-domain at
 * any depth but not {@code example.com} itself. Matching ignores case and a trailing dot. An empty list allows
 * nothing. Being on the list never exempts a host from the {@link AddressPolicy}.
 */
public final class HostAllowList {

    private static final Pattern HOST_NAME = Pattern.compile(
            "(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)(\\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*");
    private static final Pattern IPV6_LITERAL = Pattern.compile("[0-9a-f:][0-9a-f.]*:[0-9a-f:.]*");

    private final List<String> exact;
    private final List<String> suffixes;

    private HostAllowList(List<String> exact, List<String> suffixes) {
        this.exact = List.copyOf(exact);
        this.suffixes = List.copyOf(suffixes);
    }

    /**
     * @throws IllegalArgumentException for an entry that is neither a host name, an IP literal nor
     *                                  {@code *.<host name>} (e.g. {@code *}, {@code http://x}, {@code a*.b})
     */
    public static HostAllowList of(List<String> entries) {
        List<String> exact = new ArrayList<>();
        List<String> suffixes = new ArrayList<>();
        if (entries != null) {
            for (String entry : entries) {
                if (entry == null || entry.isBlank()) {
                    continue;
                }
                String trimmed = entry.trim();
                if (trimmed.startsWith("*.")) {
                    String domain = normalize(trimmed.substring(2));
                    if (!HOST_NAME.matcher(domain).matches()) {
                        throw invalid(entry);
                    }
                    suffixes.add("." + domain);
                } else {
                    String host = normalize(trimmed);
                    if (!HOST_NAME.matcher(host).matches() && !isIpv6Literal(host)) {
                        throw invalid(entry);
                    }
                    exact.add(host);
                }
            }
        }
        return new HostAllowList(exact, suffixes);
    }

    /** Whether the host (as in a URL: name, IPv4 literal or bracketed IPv6 literal) is on the list. */
    public boolean permits(String host) {
        if (host == null || host.isBlank()) {
            return false;
        }
        String normalized = normalize(host);
        if (exact.contains(normalized)) {
            return true;
        }
        for (String suffix : suffixes) {
            if (normalized.length() > suffix.length() && normalized.endsWith(suffix)) {
                return true;
            }
        }
        return false;
    }

    public boolean isEmpty() {
        return exact.isEmpty() && suffixes.isEmpty();
    }

    /** Lower case, without IPv6 brackets and without the trailing dot of a fully qualified name. */
    static String normalize(String host) {
        String h = host.trim().toLowerCase(Locale.ROOT);
        if (h.startsWith("[") && h.endsWith("]")) {
            h = h.substring(1, h.length() - 1);
        }
        if (h.endsWith(".")) {
            h = h.substring(0, h.length() - 1);
        }
        if (isIpv6Literal(h)) {
            try {
                // one spelling, so ::1 matches 0:0:0:0:0:0:0:1 (a literal: never a DNS lookup)
                h = InetAddress.getByName(h).getHostAddress();
            } catch (UnknownHostException notALiteral) {
                // left as written
            }
        }
        return h;
    }

    private static boolean isIpv6Literal(String h) {
        if (!IPV6_LITERAL.matcher(h).matches()) {
            return false;
        }
        try {
            InetAddress.getByName(h);
            return true;
        } catch (UnknownHostException e) {
            return false;
        }
    }

    private static IllegalArgumentException invalid(String entry) {
        return new IllegalArgumentException("chatmedia.fetch.allowed-hosts: '" + entry
                + "' is neither a host name, an IP literal nor a wildcard like *.example.com");
    }

    @Override
    public String toString() {
        List<String> all = new ArrayList<>(exact);
        suffixes.forEach(s -> all.add("*" + s));
        return all.toString();
    }
}
