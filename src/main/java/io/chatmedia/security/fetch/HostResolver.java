package io.chatmedia.security.fetch;

import java.net.InetAddress;
import java.net.UnknownHostException;

/** Host name to addresses; {@link InetAddress#getAllByName} in production, a fixed table in tests. */
@FunctionalInterface
interface HostResolver {

    HostResolver SYSTEM = InetAddress::getAllByName;

    InetAddress[] resolve(String host) throws UnknownHostException;
}
