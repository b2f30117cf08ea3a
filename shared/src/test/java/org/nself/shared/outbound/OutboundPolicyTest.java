package org.nself.shared.outbound;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.nself.shared.error.ApiException;

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
        "http://metadata.google.internal/, cloud metadata"
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
    @ValueSource(strings = {"http://8.8.8.8/hook", "https://1.1.1.1:8443/x"})
    void publicAddressesPass(String url) {
        assertThat(strict.check("url", url)).isNotEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"http://127.0.0.1:9093/", "http://10.0.0.7/x", "http://prometheus.internal/"})
    void allowListedAddressesAndHostsPass(String url) {
        OutboundPolicy allowing = new OutboundPolicy("127.0.0.0/8, 10.0.0.0/24, prometheus.internal");
        if (url.contains("prometheus.internal")) {
            // a host name on the list skips the address check; it still has to resolve
            assertThatThrownBy(() -> allowing.check("url", url)).hasMessageContaining("does not resolve");
        } else {
            assertThat(allowing.check("url", url)).isNotEmpty();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"http://10.0.1.7/x", "http://192.168.0.1/"})
    void anAllowListDoesNotOpenMoreThanItNames(String url) {
        OutboundPolicy allowing = new OutboundPolicy("10.0.0.0/24");
        assertThatThrownBy(() -> allowing.check("url", url)).hasMessageContaining("private");
    }
}
