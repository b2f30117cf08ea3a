package org.nself.shared.outbound;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.nself.shared.error.ApiException;
import org.nself.shared.testing.ScriptedResolver;

class OutboundPolicyTest {
    final OutboundPolicy strict = new OutboundPolicy("");

    @ParameterizedTest
    @CsvSource({
        "http://127.0.0.1:8080/hook, loopback",
        "http://localhost/hook, loopback",
        "http://[::1]/hook, loopback",
        "http://10.1.2.3/hook, private",
        "http://172.16.0.1/hook, private",
        "http://192.168.1.1/hook, private",
        "http://169.254.169.254/latest/meta-data/, cloud metadata",
        "http://169.254.10.10/, link-local",
        "http://[fe80::1]/, link-local",
        "http://[fd00::1]/, private",
        "http://[::ffff:127.0.0.1]/, loopback",
        "http://100.64.0.1/, carrier-grade NAT",
        "http://0.0.0.0/, unspecified",
        "http://metadata.google.internal/, cloud metadata",
        "http://[64:ff9b::7f00:1]/, NAT64",
        "http://[64:ff9b::808:808]/, NAT64",
        "http://[64:ff9b:1::a00:1]/, NAT64",
        "http://[2002:7f00:1::1]/, 6to4 loopback",
        "http://[2002:a9fe:a9fe::]/, 6to4 cloud metadata",
        "http://[::127.0.0.1]/, reserved",
        "http://[::]/, unspecified",
        "http://[fd00:ec2::254]/, cloud metadata",
        "http://[fec0::1]/, site-local",
        "http://[ff02::1]/, multicast",
        "http://[100::1]/, discard",
        "http://[2001::1]/, reserved",
        "http://[2001:db8::1]/, documentation",
        "http://[3fff::1]/, documentation",
        "http://192.0.2.1/, documentation",
        "http://198.51.100.1/, documentation",
        "http://203.0.113.1/, documentation",
        "http://198.18.0.1/, benchmarking",
        "http://224.0.0.1/, multicast",
        "http://255.255.255.255/, broadcast",
        "http://240.0.0.1/, reserved",
        "http://0.1.2.3/, unspecified",
        "http://2130706433/, loopback"
    })
    void internalAddressesAreRefusedByDefault(String url, String reason) {
        assertThatThrownBy(() -> strict.check("url", url))
                .isInstanceOf(ApiException.class)
                .hasMessageContaining(reason);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "ftp://example.com/x",
                "file:///etc/passwd",
                "gopher://x",
                "http://user:pw@8.8.8.8/",
                "not a url",
                "http:///nohost"
            })
    void otherSchemesCredentialsAndGarbageAreRefused(String url) {
        assertThatThrownBy(() -> strict.check("url", url)).isInstanceOf(ApiException.class);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "http://8.8.8.8/hook",
                "https://1.1.1.1:8443/x",
                "http://[2606:4700:4700::1111]/",
                "http://[2002:808:808::1]/",
                "http://[::ffff:8.8.8.8]/"
            })
    void publicAddressesPass(String url) {
        assertThat(strict.check("url", url).addresses()).isNotEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"http://127.0.0.1:9093/", "http://10.0.0.7/x", "http://prometheus.internal/"})
    void allowListedAddressesAndHostsPass(String url) {
        OutboundPolicy allowing = new OutboundPolicy("127.0.0.0/8, 10.0.0.0/24, prometheus.internal");
        if (url.contains("prometheus.internal")) {
            // a host name on the list skips the address check; it still has to resolve
            assertThatThrownBy(() -> allowing.check("url", url)).hasMessageContaining("does not resolve");
        } else {
            assertThat(allowing.check("url", url).addresses()).isNotEmpty();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"http://10.0.1.7/x", "http://192.168.0.1/"})
    void anAllowListDoesNotOpenMoreThanItNames(String url) {
        OutboundPolicy allowing = new OutboundPolicy("10.0.0.0/24");
        assertThatThrownBy(() -> allowing.check("url", url)).hasMessageContaining("private");
    }

    @Test
    void eachCheckResolvesAgainAndARebindingToLoopbackIsRefusedWithoutNamingTheAddress() {
        ScriptedResolver dns = new ScriptedResolver("hooks.example", "93.184.215.14", "127.0.0.1");
        OutboundPolicy policy = new OutboundPolicy("", dns);
        OutboundPolicy.Target first = policy.check("url", "https://hooks.example/x");
        assertThat(first.addresses()).extracting(InetAddress::getHostAddress).containsExactly("93.184.215.14");
        assertThat(first.hostHeader()).isEqualTo("hooks.example");
        assertThatThrownBy(() -> policy.check("url", "https://hooks.example/x"))
                .isInstanceOf(ApiException.class)
                .hasMessageContaining("'hooks.example'")
                .hasMessageContaining("loopback")
                .hasMessageNotContaining("127.0.0.1");
        assertThat(dns.lookups()).isEqualTo(2);
    }

    @Test
    void anAddressOfAMixedAnswerRefusesTheWholeName() {
        OutboundPolicy policy = new OutboundPolicy(
                "", host -> List.of(InetAddress.getByName("8.8.8.8"), InetAddress.getByName("10.0.0.1")));
        assertThatThrownBy(() -> policy.check("url", "http://mixed.example/"))
                .hasMessageContaining("private")
                .hasMessageNotContaining("10.0.0.1");
    }

    @Test
    void operatorTargetsMayBePrivateButKeepTheUrlRules() {
        assertThat(OutboundPolicy.operatorTargets()
                        .check("url", "http://127.0.0.1:3833/")
                        .addresses())
                .isNotEmpty();
        assertThatThrownBy(() -> OutboundPolicy.operatorTargets().check("url", "file:///etc/passwd"))
                .isInstanceOf(ApiException.class);
    }
}
