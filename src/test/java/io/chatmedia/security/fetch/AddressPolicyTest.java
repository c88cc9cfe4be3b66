package io.chatmedia.security.fetch;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class AddressPolicyTest {

    private final AddressPolicy policy = AddressPolicy.publicOnly();

    @ParameterizedTest(name = "{0} is refused as {1}")
    @CsvSource({
        "0.0.0.0, any-local",
        "0.1.2.3, any-local",
        "10.0.0.1, private",
        "10.255.255.255, private",
        "100.64.0.1, carrier-grade NAT",
        "100.100.100.200, carrier-grade NAT",
        "100.127.255.255, carrier-grade NAT",
        "127.0.0.1, loopback",
        "127.255.255.254, loopback",
        "169.254.0.1, link-local",
        "169.254.169.254, link-local",
        "172.16.0.0, private",
        "172.31.255.255, private",
        "192.0.0.170, IETF",
        "192.0.2.1, documentation",
        "192.88.99.1, 6to4",
        "192.168.0.1, private",
        "192.168.255.255, private",
        "198.18.0.1, benchmarking",
        "198.19.255.255, benchmarking",
        "198.51.100.7, documentation",
        "203.0.113.9, documentation",
        "224.0.0.1, multicast",
        "239.255.255.250, multicast",
        "240.0.0.1, reserved",
        "255.255.255.255, reserved"
    })
    void refusesEverySpecialIpv4Range(String address, String kind) throws Exception {
        InetAddress ip = InetAddress.getByName(address);
        assertThat(ip).isInstanceOf(Inet4Address.class);
        assertThat(policy.permits(ip)).isFalse();
        assertThat(policy.refusal(ip)).get().asString().contains(kind);
    }

    @ParameterizedTest(name = "{0} is refused as {1}")
    @CsvSource({
        "::, any-local",
        "::1, loopback",
        "fc00::1, unique-local",
        "fd00:ec2::254, unique-local",
        "fdff:ffff:ffff:ffff:ffff:ffff:ffff:ffff, unique-local",
        "fe80::1, link-local",
        "febf:ffff::1, link-local",
        "fec0::1, site-local",
        "ff02::1, multicast",
        "ff0e::1, multicast",
        "100::1, reserved",
        "64:ff9b:1::1, reserved",
        "1fff:ffff::1, reserved",
        "4000::1, reserved",
        "2001::1, IETF",
        "2001:1ff::1, IETF",
        "2001:db8::1, documentation",
        "3fff::1, documentation"
    })
    void refusesEverySpecialIpv6Range(String address, String kind) throws Exception {
        InetAddress ip = InetAddress.getByName(address);
        assertThat(ip).isInstanceOf(Inet6Address.class);
        assertThat(policy.permits(ip)).isFalse();
        assertThat(policy.refusal(ip)).get().asString().contains(kind);
    }

    @ParameterizedTest(name = "::ffff:{0} is refused")
    @ValueSource(
            strings = {
                "0.0.0.0",
                "10.0.0.1",
                "100.64.0.1",
                "127.0.0.1",
                "169.254.169.254",
                "172.16.0.1",
                "192.168.1.1",
                "224.0.0.1",
                "255.255.255.255",
                "198.18.0.1"
            })
    void refusesTheIpv4MappedIpv6FormOfEveryRefusedIpv4Address(String v4) throws Exception {
        byte[] four = InetAddress.getByName(v4).getAddress();
        Inet6Address mapped = ipv6(
                new byte[] {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, (byte) 0xff, (byte) 0xff, four[0], four[1], four[2], four[3]
                });
        Inet6Address compatible =
                ipv6(new byte[] {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, four[0], four[1], four[2], four[3]});
        Inet6Address nat64 = ipv6(new byte[] {
            0, 0x64, (byte) 0xff, (byte) 0x9b, 0, 0, 0, 0, 0, 0, 0, 0, four[0], four[1], four[2], four[3]
        });
        Inet6Address sixToFour =
                ipv6(new byte[] {0x20, 0x02, four[0], four[1], four[2], four[3], 0, 0, 0, 0, 0, 0, 0, 0, 0, 1});

        assertThat(policy.refusal(mapped)).get().asString().startsWith("IPv4-mapped");
        assertThat(policy.refusal(compatible)).isPresent();
        assertThat(policy.refusal(nat64)).get().asString().startsWith("NAT64");
        assertThat(policy.refusal(sixToFour)).get().asString().startsWith("6to4");
        // and the JDK's own parsing turns the mapped text form into the IPv4 address, refused as well
        assertThat(policy.permits(InetAddress.getByName("::ffff:" + v4))).isFalse();
    }

    @ParameterizedTest(name = "{0} is permitted")
    @ValueSource(
            strings = {
                "8.8.8.8",
                "1.1.1.1",
                "93.184.216.34",
                "172.15.255.255",
                "172.32.0.0",
                "100.63.255.255",
                "100.128.0.0",
                "169.253.255.255",
                "192.169.0.1",
                "223.255.255.255",
                "11.0.0.1",
                "2606:4700:4700::1111",
                "2a00:1450:4001:82a::200e",
                "2400:cb00::1"
            })
    void permitsPublicAddresses(String address) throws Exception {
        assertThat(policy.permits(InetAddress.getByName(address))).isTrue();
    }

    @Test
    void permitsIpv6FormsEmbeddingAPublicIpv4Address() throws Exception {
        byte[] four = InetAddress.getByName("8.8.8.8").getAddress();
        Inet6Address mapped = ipv6(
                new byte[] {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, (byte) 0xff, (byte) 0xff, four[0], four[1], four[2], four[3]
                });
        Inet6Address sixToFour =
                ipv6(new byte[] {0x20, 0x02, four[0], four[1], four[2], four[3], 0, 0, 0, 0, 0, 0, 0, 0, 0, 1});

        assertThat(policy.permits(mapped)).isTrue();
        assertThat(policy.permits(sixToFour)).isTrue();
    }

    @Test
    void theTestPolicyAdmitsExactlyTheGivenAddressAndNothingElse() throws Exception {
        AddressPolicy forTests = policy.alsoAdmitting(InetAddress.getByName("127.0.0.1"));

        assertThat(forTests.permits(InetAddress.getByName("127.0.0.1"))).isTrue();
        assertThat(forTests.permits(InetAddress.getByName("127.0.0.2"))).isFalse();
        assertThat(forTests.permits(InetAddress.getByName("::1"))).isFalse();
        assertThat(forTests.permits(InetAddress.getByName("169.254.169.254"))).isFalse();
        assertThat(policy.permits(InetAddress.getByName("127.0.0.1"))).isFalse();
    }

    private static Inet6Address ipv6(byte[] bytes) throws Exception {
        // Inet6Address.getByAddress keeps an IPv4-mapped address IPv6 (InetAddress.getByAddress would not)
        return Inet6Address.getByAddress(null, bytes, -1);
    }
}
