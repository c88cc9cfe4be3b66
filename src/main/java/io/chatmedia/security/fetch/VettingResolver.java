package io.chatmedia.security.fetch;

import java.net.InetAddress;
import java.net.UnknownHostException;
import org.apache.hc.client5.http.DnsResolver;

/**
 * The HTTP client's name resolution: a host resolves once per connection, and the whole host is refused with an
 * {@link AddressRefusedException} when any of its addresses is one the {@link AddressPolicy} refuses; no address at
 * all is an {@link UnknownHostException}.
 */
final class VettingResolver implements DnsResolver {

    private final AddressPolicy policy;
    private final HostResolver resolver;

    VettingResolver(AddressPolicy policy, HostResolver resolver) {
        this.policy = policy;
        this.resolver = resolver;
    }

    @Override
    public InetAddress[] resolve(String host) throws UnknownHostException {
        InetAddress[] addresses = resolver.resolve(host);
        if (addresses == null || addresses.length == 0) {
            throw new UnknownHostException(host);
        }
        for (InetAddress address : addresses) {
            String kind = policy.refusal(address).orElse(null);
            if (kind != null) {
                throw new AddressRefusedException(host, address, kind);
            }
        }
        return addresses;
    }

    @Override
    public String resolveCanonicalHostname(String host) {
        return host;
    }
}
