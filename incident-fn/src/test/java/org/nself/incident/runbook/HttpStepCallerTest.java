package org.nself.incident.runbook;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.nself.shared.outbound.OutboundHttp;
import org.nself.shared.outbound.OutboundPolicy;
import org.nself.shared.testing.RawHttpPeer;
import org.nself.shared.testing.ScriptedResolver;

/**
 * A runbook step's retry is checked again: a name that answered a permitted address for the first attempt
 * and a loopback one for the retry (DNS rebinding) never reaches the loopback peer. The permitted
 * "public" address is played by 127.0.0.2, allowed by this test's policy, so nothing leaves the machine.
 */
class HttpStepCallerTest {
    @Test
    void aRetryThatResolvesToLoopbackIsRefusedAndTheLoopbackPeerGetsNothing() {
        try (RawHttpPeer checked = RawHttpPeer.start("127.0.0.2", 0, RawHttpPeer.answering(503, "busy"));
                RawHttpPeer internal =
                        RawHttpPeer.start("127.0.0.1", checked.port(), RawHttpPeer.answering(200, "secrets"))) {
            ScriptedResolver dns = new ScriptedResolver("localhost", "127.0.0.2", "127.0.0.1");
            HttpStepCaller caller = new HttpStepCaller(
                    new OutboundHttp(new OutboundPolicy("127.0.0.2/32", dns), null, Duration.ofSeconds(2)));
            StepDefinition.Http step = new StepDefinition.Http(
                    "s1",
                    "page",
                    "POST",
                    "http://localhost:" + checked.port() + "/hook",
                    Map.of("X-Incident", "{{incident.title}}"),
                    "{\"title\":\"{{incident.title}}\"}",
                    2_000,
                    2);

            HttpStepCaller.Result result = caller.call(step, Map.of("incident.title", "db down"));

            assertThat(result.ok()).isFalse();
            assertThat(result.attempts()).isEqualTo(2);
            assertThat(result.output().get("error").toString())
                    .startsWith("refused: ")
                    .contains("'localhost'", "loopback")
                    .doesNotContain("127.0.0.1");
            assertThat(checked.received()).singleElement().satisfies(r -> {
                assertThat(r.header("host")).isEqualTo("localhost:" + checked.port());
                assertThat(r.header("x-incident")).isEqualTo("db down");
            });
            assertThat(internal.received()).isEmpty();
            assertThat(dns.lookups()).isEqualTo(2);
        }
    }

    @Test
    void aTemplatedHeaderWithALineBreakCannotSplitTheRequest() {
        try (RawHttpPeer peer = RawHttpPeer.start("127.0.0.1", 0, RawHttpPeer.answering(200, "ok"))) {
            HttpStepCaller caller = new HttpStepCaller(new OutboundPolicy("127.0.0.1/32"));
            StepDefinition.Http step = new StepDefinition.Http(
                    "s1",
                    "page",
                    "GET",
                    "http://127.0.0.1:" + peer.port() + "/",
                    Map.of("X-Incident", "{{incident.title}}"),
                    null,
                    2_000,
                    3);
            HttpStepCaller.Result result = caller.call(step, Map.of("incident.title", "a\r\nX-Injected: yes"));
            assertThat(result.ok()).isFalse();
            assertThat(result.attempts()).isEqualTo(1);
            assertThat(result.output().get("error").toString()).startsWith("the request cannot be built");
            assertThat(peer.received()).isEmpty();
        }
    }
}
