package org.nself.shared.outbound;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.nself.shared.outbox.OutboxLease;

class OutboundPostTest {
    /**
     * A peer that reads the whole request and then never answers, holding the connection: only the
     * deadline ends the call (what an outbox lease counts on). Its answer's body is never read, so a peer
     * stalling after its status line cannot hold a send either.
     */
    @Test
    void aPeerThatNeverAnswersIsCutAtTheDeadline() throws Exception {
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            Thread peer = new Thread(() -> {
                try (Socket s = server.accept()) {
                    InputStream in = s.getInputStream();
                    byte[] buffer = new byte[8192];
                    String seen = "";
                    while (!seen.contains("\r\n\r\n")) {
                        int n = in.read(buffer);
                        if (n < 0) {
                            return;
                        }
                        seen += new String(buffer, 0, n, StandardCharsets.ISO_8859_1);
                    }
                    while (in.read(buffer) >= 0) {} // holds the connection open until the client gives up
                } catch (IOException e) {
                    // the client closed the connection: done
                }
            });
            peer.setDaemon(true);
            peer.start();

            OutboundPost.Outcome outcome = OutboundPost.post(
                    "http://127.0.0.1:" + server.getLocalPort() + "/hook", Map.of(), "{}", Duration.ofMillis(500));

            assertThat(outcome.delivered()).isFalse();
            assertThat(outcome.error()).startsWith("timed out");
        }
    }

    @Test
    void theLongestSendIsTheConnectAndRequestTimeOutsTogether() {
        assertThat(OutboundPost.LONGEST_SEND).isEqualTo(Duration.ofSeconds(15));
        assertThat(OutboxLease.covering(50)).isGreaterThan(OutboundPost.LONGEST_SEND.multipliedBy(50));
        assertThat(OutboxLease.covering(1)).isGreaterThan(OutboundPost.LONGEST_SEND);
    }
}
