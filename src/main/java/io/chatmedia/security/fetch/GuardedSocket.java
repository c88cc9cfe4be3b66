package io.chatmedia.security.fetch;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketAddress;
import java.net.UnknownHostException;

/**
 * A plain socket that refuses to connect to an address the {@link AddressPolicy} refuses — the last check, on the
 * very address handed to {@code connect}, behind the vetting resolver (it also covers any path on which the HTTP
 * client would skip the resolver, e.g. a host that already carries its address). TLS is layered over it, so it
 * guards https too.
 */
final class GuardedSocket extends Socket {

    private final AddressPolicy policy;

    GuardedSocket(AddressPolicy policy) {
        this.policy = policy;
    }

    @Override
    public void connect(SocketAddress endpoint, int timeout) throws IOException {
        if (!(endpoint instanceof InetSocketAddress)) {
            throw new IOException(
                    "refusing to connect to a " + endpoint.getClass().getSimpleName());
        }
        InetSocketAddress target = (InetSocketAddress) endpoint;
        if (target.isUnresolved()) {
            throw new UnknownHostException("refusing to connect to the unresolved " + target.getHostString());
        }
        String kind = policy.refusal(target.getAddress()).orElse(null);
        if (kind != null) {
            throw new AddressRefusedException(target.getHostString(), target.getAddress(), kind);
        }
        super.connect(endpoint, timeout);
    }
}
