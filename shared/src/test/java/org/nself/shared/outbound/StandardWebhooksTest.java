package org.nself.shared.outbound;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class StandardWebhooksTest {
    // the example in the Standard Webhooks specification's reference test suite
    static final String SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    static final String ID = "msg_p5jXN8AQM9LWM0D4loKWxJek";
    static final long TIMESTAMP = 1614265330;
    static final String BODY = "{\"test\": 2432232314}";

    @Test
    void signsTheSpecificationsExampleAsTheSpecificationDoes() {
        assertThat(new StandardWebhooks(SECRET).sign(ID, TIMESTAMP, BODY))
                .isEqualTo("v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=");
    }

    @Test
    void verifiesAmongSeveralSignaturesAndRejectsATamperedBody() {
        StandardWebhooks hooks = new StandardWebhooks(SECRET);
        String header = "v1,bm9wZQ== " + hooks.sign(ID, TIMESTAMP, BODY);
        assertThat(hooks.verify(ID, TIMESTAMP, BODY, header)).isTrue();
        assertThat(hooks.verify(ID, TIMESTAMP, BODY + " ", header)).isFalse();
        assertThat(hooks.verify(ID, TIMESTAMP + 1, BODY, header)).isFalse();
    }

    @Test
    void newSecretsAreUsableAndWeakSecretsAreRefused() {
        String secret = StandardWebhooks.newSecret();
        assertThat(secret).startsWith("whsec_");
        assertThat(new StandardWebhooks(secret).headers("id", 1, "{}"))
                .containsKeys("webhook-id", "webhook-timestamp", "webhook-signature");
        assertThatThrownBy(() -> new StandardWebhooks("whsec_c2hvcnQ=")).hasMessageContaining("16 bytes");
        assertThatThrownBy(() -> new StandardWebhooks("whsec_!!!")).hasMessageContaining("base64");
    }
}
