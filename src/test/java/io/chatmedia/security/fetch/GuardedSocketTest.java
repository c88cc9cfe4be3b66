package io.chatmedia.security.fetch;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.SocketTimeoutException;
import org.junit.jupiter.api.Test;

/** The last line: even an address that skipped the resolver is refused by the socket, before any packet. */
class GuardedSocketTest {

    @Test
    void refusesToConnectToARefusedAddressWithoutConnecting() throws Exception {
        try (ServerSocket listener = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
                GuardedSocket socket = new GuardedSocket(AddressPolicy.publicOnly())) {
            listener.setSoTimeout(300);

            assertThatThrownBy(() -> socket.connect(
                            new InetSocketAddress(listener.getInetAddress(), listener.getLocalPort()), 1000))
                    .isInstanceOf(AddressRefusedException.class)
                    .hasMessageContaining("loopback");
            assertThatThrownBy(listener::accept).isInstanceOf(SocketTimeoutException.class);
        }
    }

    @Test
    void refusesAnUnresolvedAddress() throws Exception {
        try (GuardedSocket socket = new GuardedSocket(AddressPolicy.publicOnly())) {
            assertThatThrownBy(() -> socket.connect(InetSocketAddress.createUnresolved("example.com", 80), 1000))
                    .hasMessageContaining("unresolved");
        }
    }
}
