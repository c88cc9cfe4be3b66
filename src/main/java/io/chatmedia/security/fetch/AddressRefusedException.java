package io.chatmedia.security.fetch;

import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * Thrown from inside the HTTP client (name resolution or socket connect) when a host resolves to an address the
 * {@link AddressPolicy} refuses; {@link FetchErrors} turns it into a 403. It is an {@link UnknownHostException} because
 * that is what a DNS resolver may throw and what the client never retries.
 */
final class AddressRefusedException extends UnknownHostException {

    private final String host;
    private final transient InetAddress address;
    private final String kind;

    AddressRefusedException(String host, InetAddress address, String kind) {
        super("refusing to connect to " + host + ": " + address.getHostAddress() + " is not a public address (" + kind
                + ")");
        this.host = host;
        this.address = address;
        this.kind = kind;
    }

    String host() {
        return host;
    }

    InetAddress address() {
        return address;
    }

    String kind() {
        return kind;
    }
}
