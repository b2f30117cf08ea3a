package org.nself.shared.outbound;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.nself.shared.testing.RawHttpPeer;
import org.nself.shared.testing.ScriptedResolver;

/**
 * The outbound client against real local peers. A rebinding name server is played by
 * {@link ScriptedResolver}; the "public" address it answers first is 127.0.0.2, which these tests'
 * policy allows, so nothing leaves the machine, while 127.0.0.1 stays refused as loopback.
 */
class OutboundHttpTest {
    static final Duration TIMEOUT = Duration.ofSeconds(5);
    static SSLContext serverTls;
    static SSLContext clientTls;

    final List<RawHttpPeer> peers = new java.util.ArrayList<>();

    @BeforeAll
    static void certificate(@TempDir Path dir) throws Exception {
        // a self-signed certificate for hooks.example only, made by the JDK's keytool
        Path store = dir.resolve("peer.p12");
        Process keytool = new ProcessBuilder(
                        Path.of(System.getProperty("java.home"), "bin", "keytool")
                                .toString(),
                        "-genkeypair",
                        "-alias",
                        "peer",
                        "-keyalg",
                        "RSA",
                        "-keysize",
                        "2048",
                        "-validity",
                        "2",
                        "-dname",
                        "CN=hooks.example",
                        "-ext",
                        "SAN=dns:hooks.example",
                        "-storetype",
                        "PKCS12",
                        "-keystore",
                        store.toString(),
                        "-storepass",
                        "changeit")
                .redirectErrorStream(true)
                .start();
        String output = new String(keytool.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(keytool.waitFor()).as(output).isZero();
        KeyStore keys = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(store)) {
            keys.load(in, "changeit".toCharArray());
        }
        KeyManagerFactory km = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        km.init(keys, "changeit".toCharArray());
        serverTls = SSLContext.getInstance("TLS");
        serverTls.init(km.getKeyManagers(), null, null);
        TrustManagerFactory tm = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tm.init(keys);
        clientTls = SSLContext.getInstance("TLS");
        clientTls.init(null, tm.getTrustManagers(), null);
    }

    @AfterEach
    void stopPeers() {
        peers.forEach(RawHttpPeer::close);
    }

    RawHttpPeer peer(String address, int port, RawHttpPeer.Responder responder) {
        RawHttpPeer peer = RawHttpPeer.start(address, port, responder);
        peers.add(peer);
        return peer;
    }

    static OutboundHttp client(String allow, HostResolver resolver) {
        return new OutboundHttp(
                new OutboundPolicy(allow, resolver), clientTls.getSocketFactory(), Duration.ofSeconds(2));
    }

    static OutboundHttp.Request get(String url, int maxBody) {
        return new OutboundHttp.Request("GET", url, Map.of(), null, TIMEOUT, maxBody);
    }

    @Test
    void aRebindingNameIsConnectedToTheAddressCheckedAndRefusedWhenItTurnsInternal() throws Exception {
        RawHttpPeer checked = peer("127.0.0.2", 0, RawHttpPeer.answering(200, "from the checked address"));
        RawHttpPeer internal = peer("127.0.0.1", checked.port(), RawHttpPeer.answering(200, "internal"));
        // "localhost": had the client asked the system resolver again, it would have reached 127.0.0.1
        ScriptedResolver dns = new ScriptedResolver("localhost", "127.0.0.2", "127.0.0.1");
        OutboundHttp http = client("127.0.0.2/32", dns);
        String url = "http://localhost:" + checked.port() + "/status?x=1";

        OutboundHttp.Response first = http.send("url", get(url, 1000));
        assertThat(new String(first.body(), StandardCharsets.UTF_8)).isEqualTo("from the checked address");
        assertThat(checked.received()).singleElement().satisfies(r -> {
            assertThat(r.requestLine()).isEqualTo("GET /status?x=1 HTTP/1.1");
            assertThat(r.header("Host")).isEqualTo("localhost:" + checked.port());
        });

        assertThatThrownBy(() -> http.send("url", get(url, 1000)))
                .isInstanceOfSatisfying(OutboundHttp.Failure.class, f -> {
                    assertThat(f.kind()).isEqualTo(OutboundHttp.Failure.Kind.REFUSED);
                    assertThat(f.retryable()).isFalse();
                    assertThat(f.getMessage())
                            .contains("'localhost'", "loopback")
                            .doesNotContain("127.0.0.1");
                });
        assertThat(internal.received()).isEmpty();
        assertThat(dns.lookups()).isEqualTo(2);
    }

    @Test
    void aPostCarriesItsBodyAndHeadersAndTheHostAsGiven() throws Exception {
        RawHttpPeer peer = peer("127.0.0.1", 0, RawHttpPeer.answering(201, "{}"));
        OutboundHttp http = client("127.0.0.1/32", new ScriptedResolver("hooks.example", "127.0.0.1"));
        OutboundHttp.Response response = http.send(
                "url",
                new OutboundHttp.Request(
                        "POST",
                        "http://hooks.example:" + peer.port() + "/in",
                        Map.of("Content-Type", "application/json", "X-Signature", "v1,abc"),
                        "{\"a\":1}".getBytes(StandardCharsets.UTF_8),
                        TIMEOUT,
                        0));
        assertThat(response.status()).isEqualTo(201);
        assertThat(response.body()).isEmpty();
        assertThat(peer.received()).singleElement().satisfies(r -> {
            assertThat(r.requestLine()).isEqualTo("POST /in HTTP/1.1");
            assertThat(r.header("host")).isEqualTo("hooks.example:" + peer.port());
            assertThat(r.header("x-signature")).isEqualTo("v1,abc");
            assertThat(r.header("content-length")).isEqualTo("7");
            assertThat(r.bodyText()).isEqualTo("{\"a\":1}");
        });
    }

    @Test
    void aRedirectIsReturnedNotFollowed() throws Exception {
        RawHttpPeer elsewhere = peer("127.0.0.1", 0, RawHttpPeer.answering(200, "followed"));
        RawHttpPeer peer = peer(
                "127.0.0.1",
                0,
                (request, out) -> out.write(("HTTP/1.1 302 Found\r\nLocation: http://" + "127.0.0.1:" + elsewhere.port()
                                + "/\r\nContent-Length: 0\r\n\r\n")
                        .getBytes(StandardCharsets.ISO_8859_1)));
        OutboundHttp.Response response =
                client("127.0.0.1/32", HostResolver.SYSTEM).send("url", get("http://127.0.0.1:" + peer.port(), 100));
        assertThat(response.status()).isEqualTo(302);
        assertThat(response.header("Location")).endsWith(":" + elsewhere.port() + "/");
        assertThat(elsewhere.received()).isEmpty();
    }

    @Test
    void bodiesAreCutAtTheCapWhileTheyStreamIn() throws Exception {
        OutboundHttp http = client("127.0.0.1/32", HostResolver.SYSTEM);
        byte[] mib = new byte[1024 * 1024];
        java.util.Arrays.fill(mib, (byte) 'a');
        RawHttpPeer sized = peer("127.0.0.1", 0, (request, out) -> {
            out.write(("HTTP/1.1 200 OK\r\nContent-Length: " + mib.length + "\r\n\r\n")
                    .getBytes(StandardCharsets.ISO_8859_1));
            out.write(mib);
        });
        OutboundHttp.Response cut = http.send("url", get("http://127.0.0.1:" + sized.port() + "/", 1000));
        assertThat(cut.body()).hasSize(1000);
        assertThat(cut.truncated()).isTrue();

        // endless, chunked or not: the call returns once it holds the cap, so it cannot fill the heap
        CountDownLatch hungUp = new CountDownLatch(2);
        RawHttpPeer.Responder endlessChunks = (request, out) -> {
            out.write("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
            try {
                while (true) {
                    out.write("4\r\nabcd\r\n".getBytes(StandardCharsets.ISO_8859_1));
                }
            } finally {
                hungUp.countDown();
            }
        };
        RawHttpPeer.Responder endlessUntilClose = (request, out) -> {
            out.write("HTTP/1.1 200 OK\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
            try {
                while (true) {
                    out.write(mib, 0, 8192);
                }
            } finally {
                hungUp.countDown();
            }
        };
        for (RawHttpPeer.Responder endless : List.of(endlessChunks, endlessUntilClose)) {
            RawHttpPeer peer = peer("127.0.0.1", 0, endless);
            OutboundHttp.Response response = http.send("url", get("http://127.0.0.1:" + peer.port() + "/", 10_000));
            assertThat(response.body()).hasSize(10_000);
            assertThat(response.truncated()).isTrue();
        }
        hungUp.await();

        RawHttpPeer tinyChunks = peer("127.0.0.1", 0, (request, out) -> {
            out.write("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
            byte[] chunk = "1\r\nz\r\n".getBytes(StandardCharsets.ISO_8859_1);
            for (int i = 0; i < 50_000; i++) {
                out.write(chunk);
            }
            out.write("0\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
        });
        OutboundHttp.Response many = http.send("url", get("http://127.0.0.1:" + tinyChunks.port() + "/", 100_000));
        assertThat(many.body()).hasSize(50_000);
        assertThat(many.truncated()).isFalse();

        RawHttpPeer chunked = peer(
                "127.0.0.1",
                0,
                (request, out) -> out.write(
                        "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5;ext=1\r\nhello\r\n6\r\n world\r\n0\r\n\r\n"
                                .getBytes(StandardCharsets.ISO_8859_1)));
        OutboundHttp.Response whole = http.send("url", get("http://127.0.0.1:" + chunked.port() + "/", 1000));
        assertThat(new String(whole.body(), StandardCharsets.UTF_8)).isEqualTo("hello world");
        assertThat(whole.truncated()).isFalse();
    }

    @Test
    void aSilentPeerTimesOutAndAnInterimAnswerIsSkipped() throws Exception {
        OutboundHttp http = client("127.0.0.1/32", HostResolver.SYSTEM);
        CountDownLatch release = new CountDownLatch(1);
        RawHttpPeer silent = peer("127.0.0.1", 0, (request, out) -> {
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        try {
            assertThatThrownBy(() -> http.send(
                            "url",
                            new OutboundHttp.Request(
                                    "GET",
                                    "http://127.0.0.1:" + silent.port() + "/",
                                    Map.of(),
                                    null,
                                    Duration.ofMillis(300),
                                    100)))
                    .isInstanceOfSatisfying(OutboundHttp.Failure.class, f -> {
                        assertThat(f.kind()).isEqualTo(OutboundHttp.Failure.Kind.TIMED_OUT);
                        assertThat(f.retryable()).isTrue();
                    });
        } finally {
            release.countDown();
        }
        RawHttpPeer interim = peer(
                "127.0.0.1",
                0,
                (request, out) -> out.write("HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 204 No Content\r\n\r\n"
                        .getBytes(StandardCharsets.ISO_8859_1)));
        assertThat(http.send("url", get("http://127.0.0.1:" + interim.port() + "/", 100))
                        .status())
                .isEqualTo(204);
    }

    @Test
    // without the deadline's watchdog the write below blocks for good; the test thread is left and fails
    @Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void aPeerThatStopsReadingCannotHoldACallPastItsDeadline() throws Exception {
        try (java.net.ServerSocket deaf = new java.net.ServerSocket()) {
            deaf.setReceiveBufferSize(4096);
            deaf.bind(new java.net.InetSocketAddress("127.0.0.1", 0), 1);
            CountDownLatch clientLeft = new CountDownLatch(1);
            Thread acceptor = new Thread(() -> {
                try (java.net.Socket s = deaf.accept()) {
                    s.getInputStream().read(new byte[1]); // then reads no more until the client has left
                    clientLeft.await();
                } catch (java.io.IOException e) {
                    // the client closed
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            acceptor.setDaemon(true);
            acceptor.start();
            byte[] big = new byte[64 * 1024 * 1024];
            OutboundHttp http = client("127.0.0.1/32", HostResolver.SYSTEM);
            try {
                assertThatThrownBy(() -> http.send(
                                "url",
                                new OutboundHttp.Request(
                                        "POST",
                                        "http://127.0.0.1:" + deaf.getLocalPort() + "/",
                                        Map.of(),
                                        big,
                                        Duration.ofMillis(500),
                                        0)))
                        .isInstanceOfSatisfying(OutboundHttp.Failure.class, f -> assertThat(f.kind())
                                .isEqualTo(OutboundHttp.Failure.Kind.TIMED_OUT));
            } finally {
                clientLeft.countDown();
            }
        }
    }

    @Test
    void aHeaderThatWouldSplitTheRequestIsRefusedBeforeConnecting() {
        RawHttpPeer peer = peer("127.0.0.1", 0, RawHttpPeer.answering(200, ""));
        OutboundHttp http = client("127.0.0.1/32", HostResolver.SYSTEM);
        String url = "http://127.0.0.1:" + peer.port() + "/";
        for (Map<String, String> headers : List.of(
                Map.of("X-Title", "a\r\nX-Injected: 1"),
                Map.of("Host", "elsewhere.example"),
                Map.of("Content-Length", "0"),
                Map.of("Bad Name", "x"))) {
            assertThatThrownBy(() -> http.send("url", new OutboundHttp.Request("GET", url, headers, null, TIMEOUT, 0)))
                    .isInstanceOfSatisfying(OutboundHttp.Failure.class, f -> assertThat(f.kind())
                            .isEqualTo(OutboundHttp.Failure.Kind.INVALID));
        }
        assertThat(peer.received()).isEmpty();
    }

    @Test
    void notHttpAnswersAndUnreachablePeersAreFailuresWithoutTheAddress() throws Exception {
        RawHttpPeer garbage = peer(
                "127.0.0.1", 0, (request, out) -> out.write("SSH-2.0-OpenSSH\r\n".getBytes(StandardCharsets.US_ASCII)));
        OutboundHttp http = client("127.0.0.1/32", new ScriptedResolver("hooks.example", "127.0.0.1"));
        assertThatThrownBy(() -> http.send("url", get("http://hooks.example:" + garbage.port() + "/", 100)))
                .isInstanceOfSatisfying(OutboundHttp.Failure.class, f -> {
                    assertThat(f.kind()).isEqualTo(OutboundHttp.Failure.Kind.BAD_RESPONSE);
                    assertThat(f.getMessage()).contains("hooks.example").doesNotContain("127.0.0.1");
                });
        int closedPort;
        try (java.net.ServerSocket s = new java.net.ServerSocket(0, 1, java.net.InetAddress.getByName("127.0.0.1"))) {
            closedPort = s.getLocalPort();
        }
        assertThatThrownBy(() -> http.send("url", get("http://hooks.example:" + closedPort + "/", 100)))
                .isInstanceOfSatisfying(OutboundHttp.Failure.class, f -> {
                    assertThat(f.kind()).isEqualTo(OutboundHttp.Failure.Kind.CONNECTION_FAILED);
                    assertThat(f.getMessage()).contains("hooks.example").doesNotContain("127.0.0.1");
                });
    }

    @Test
    void httpsSendsTheHostAsSniAndChecksTheCertificateAgainstIt() throws Exception {
        RawHttpPeer peer = RawHttpPeer.start("127.0.0.1", 0, serverTls, RawHttpPeer.answering(200, "secure"));
        peers.add(peer);
        OutboundHttp.Response response = client("127.0.0.1/32", new ScriptedResolver("hooks.example", "127.0.0.1"))
                .send("url", get("https://hooks.example:" + peer.port() + "/tls", 100));
        assertThat(new String(response.body(), StandardCharsets.UTF_8)).isEqualTo("secure");
        assertThat(peer.received()).singleElement().satisfies(r -> {
            assertThat(r.serverNames()).containsExactly("hooks.example");
            assertThat(r.header("host")).isEqualTo("hooks.example:" + peer.port());
        });

        // the same peer and address under another name: its certificate does not name it
        OutboundHttp other = client("127.0.0.1/32", new ScriptedResolver("other.example", "127.0.0.1"));
        assertThatThrownBy(() -> other.send("url", get("https://other.example:" + peer.port() + "/tls", 100)))
                .isInstanceOfSatisfying(OutboundHttp.Failure.class, f -> {
                    assertThat(f.kind()).isEqualTo(OutboundHttp.Failure.Kind.CONNECTION_FAILED);
                    assertThat(f.getMessage()).contains("TLS with other.example");
                });
        assertThat(peer.received()).hasSize(1);
    }
}
