package org.nself.shared.outbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micronaut.json.JsonMapper;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.transaction.TransactionOperations;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.nself.shared.outbound.StandardWebhooks;
import org.nself.shared.outbound.WebhookMessage;
import org.nself.shared.testing.PostgresTest;
import org.nself.shared.testing.SlowTarget;
import org.nself.shared.testing.WebhookReceiver;

/**
 * The one outbox against real PostgreSQL and a real local HTTP peer: a table of the standard shape (made
 * here, not by shared's migrations), signed webhooks as the target.
 */
@MicronautTest(transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OutboxDeliveryJobTest implements PostgresTest {
    static final String TABLE = "np_sharedtest_outbox";
    static final String SECRET = StandardWebhooks.newSecret();
    static final WebhookReceiver RECEIVER = WebhookReceiver.start();
    static final Outbox OUTBOX = new Outbox(TABLE);

    @Inject
    TransactionOperations<Connection> tx;

    @Inject
    JsonMapper json;

    String account;
    OutboxDeliveryJob job;

    /** Sends the stored body, signed, to the receiver's /hook. */
    final DeliveryTarget webhook = new DeliveryTarget() {
        @Override
        public String name() {
            return "webhook";
        }

        @Override
        public Send prepare(Connection c, Delivery d) {
            return () -> new WebhookMessage(d.messageId().toString(), d.body())
                    .sendToOperatorTarget(RECEIVER.url("/hook"), new StandardWebhooks(SECRET), "nself-test");
        }
    };

    /** Builds its body in the renewing transaction from the row's own column. */
    final DeliveryTarget noted = new DeliveryTarget() {
        @Override
        public String name() {
            return "noted";
        }

        @Override
        public Send prepare(Connection c, Delivery d) throws SQLException {
            try (PreparedStatement select =
                    c.prepareStatement("SELECT note FROM " + TABLE + " WHERE source_account_id = ? AND id = ?")) {
                select.setString(1, d.account());
                select.setObject(2, d.id());
                try (ResultSet r = select.executeQuery()) {
                    r.next();
                    String note = r.getString(1);
                    if (note == null) {
                        return Send.refused("nothing to say");
                    }
                    return () -> WebhookMessage.of(json, d.messageId().toString(), "test.noted", Instant.EPOCH, note)
                            .sendToOperatorTarget(RECEIVER.url("/noted"), new StandardWebhooks(SECRET), "nself-test");
                }
            }
        }
    };

    @BeforeAll
    void createTheTable() {
        write(c -> {
            try (var create = c.createStatement()) {
                create.execute(
                        """
                        CREATE TABLE IF NOT EXISTS np_sharedtest_outbox (
                            source_account_id VARCHAR(128) NOT NULL DEFAULT 'primary',
                            id                UUID         NOT NULL,
                            message_id        UUID         NOT NULL,
                            target            VARCHAR(20)  NOT NULL,
                            body              TEXT,
                            status            VARCHAR(20)  NOT NULL DEFAULT 'pending',
                            attempts          INTEGER      NOT NULL DEFAULT 0,
                            next_attempt_at   TIMESTAMPTZ  NOT NULL DEFAULT now(),
                            leased_until      TIMESTAMPTZ,
                            lease_token       UUID,
                            last_status_code  INTEGER,
                            last_error        VARCHAR(500),
                            created_at        TIMESTAMPTZ  NOT NULL DEFAULT now(),
                            delivered_at      TIMESTAMPTZ,
                            note              VARCHAR(100),
                            PRIMARY KEY (source_account_id, id),
                            UNIQUE (source_account_id, message_id, target)
                        );
                        CREATE INDEX IF NOT EXISTS np_sharedtest_outbox_due
                            ON np_sharedtest_outbox (source_account_id, next_attempt_at) WHERE status = 'pending'""");
            }
            return null;
        });
    }

    @AfterAll
    void stop() {
        RECEIVER.close();
    }

    @BeforeEach
    void freshAccount() {
        account = "t-" + UUID.randomUUID().toString().substring(0, 12);
        job = new OutboxDeliveryJob("test-outbox", OUTBOX, tx, List.of(webhook, noted));
    }

    /** Settles what a test left, so no later test finds another test's row due. */
    @AfterEach
    void forgetTheAccount() {
        sql("DELETE FROM " + TABLE + " WHERE source_account_id = ?");
    }

    @Test
    void aMessageIsDeliveredOnceSignedWithItsIdAndMarkedDelivered() {
        UUID message = UUID.randomUUID();
        enqueue(new Outbox.Message(account, message, "webhook", "{\"hello\":\"" + account + "\"}"));

        drain();

        assertThat(received("/hook")).singleElement().satisfies(r -> {
            assertThat(r.body()).isEqualTo("{\"hello\":\"" + account + "\"}");
            assertThat(r.header("webhook-id")).isEqualTo(message.toString());
            assertThat(r.header("User-Agent")).isEqualTo("nself-test");
            assertThat(new StandardWebhooks(SECRET)
                            .verify(
                                    r.header("webhook-id"),
                                    Long.parseLong(r.header("webhook-timestamp")),
                                    r.body(),
                                    r.header("webhook-signature")))
                    .isTrue();
        });
        assertThat(state()).containsExactly("webhook/delivered/1/204/-");
    }

    @Test
    void aMessageIsRecordedOnlyWhenTheCallersTransactionCommits() {
        assertThatThrownBy(() -> write(c -> {
                    OUTBOX.enqueue(
                            c, List.of(new Outbox.Message(account, UUID.randomUUID(), "webhook", "{\"rolled\":1}")));
                    throw new IllegalStateException("the change it announced failed");
                }))
                .hasMessageContaining("the change it announced failed");

        assertThat(job.run(Instant.now())).isZero();
        assertThat(state()).isEmpty();
    }

    @Test
    void theSameMessageForTheSameTargetIsRecordedOnce() {
        UUID message = UUID.randomUUID();

        int first = enqueue(
                new Outbox.Message(account, message, "webhook", "{}"),
                new Outbox.Message(account, message, "noted", null, Map.of("note", "hi")));
        int again = enqueue(new Outbox.Message(account, message, "webhook", "{}"));

        assertThat(first).isEqualTo(2);
        assertThat(again).isZero();
        assertThat(state()).hasSize(2);
    }

    @Test
    void aFailedAttemptIsRetriedAfterTheBackOffWithTheSameMessageId() {
        UUID message = UUID.randomUUID();
        RECEIVER.failNext("/hook", 1, 503);
        enqueue(new Outbox.Message(account, message, "webhook", "{\"retry\":\"" + account + "\"}"));

        drain();
        assertThat(state()).containsExactly("webhook/pending/1/503/answered HTTP 503");
        assertThat(nextAttemptIn()).isBetween(Duration.ofSeconds(5), Backoff.after(1));
        assertThat(job.run(Instant.now())).as("not due before the back-off").isZero();

        sql("UPDATE " + TABLE + " SET next_attempt_at = now() WHERE source_account_id = ?");
        drain();

        assertThat(state()).containsExactly("webhook/delivered/2/204/-");
        assertThat(received("/hook")).extracting(r -> r.header("webhook-id")).containsExactly(message.toString());
    }

    @Test
    void aDeliveryFailsForGoodAfterTheLastAttempt() {
        enqueue(new Outbox.Message(account, UUID.randomUUID(), "webhook", "{}"));
        sql("UPDATE " + TABLE + " SET attempts = " + (Backoff.MAX_ATTEMPTS - 1) + " WHERE source_account_id = ?");
        RECEIVER.failNext("/hook", 1, 500);

        drain();

        assertThat(state()).containsExactly("webhook/failed/" + Backoff.MAX_ATTEMPTS + "/500/answered HTTP 500");
    }

    @Test
    void aTargetBuildsItsMessageFromTheRowInTheRenewingTransaction() {
        UUID message = UUID.randomUUID();
        enqueue(
                new Outbox.Message(account, message, "noted", null, Map.of("note", account)),
                new Outbox.Message(account, UUID.randomUUID(), "noted", null));

        drain();

        assertThat(received("/noted"))
                .extracting(r -> r.body())
                .containsExactly("{\"type\":\"test.noted\",\"timestamp\":\"1970-01-01T00:00:00Z\",\"data\":\"" + account
                        + "\"}");
        assertThat(state()).containsExactlyInAnyOrder("noted/delivered/1/204/-", "noted/pending/1/-/nothing to say");
    }

    @Test
    void aRowWhoseTargetNoOneKnowsIsRecordedAsAFailedAttempt() {
        enqueue(new Outbox.Message(account, UUID.randomUUID(), "gone", "{}"));

        drain();

        assertThat(state()).containsExactly("gone/pending/1/-/unknown target gone");
    }

    @Test
    void aTargetAnsweringAtTheTimeOutGetsEachMessageOnceWhileAnotherRunRaces() {
        List<Outbox.Message> messages = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            messages.add(new Outbox.Message(account, UUID.randomUUID(), "webhook", "{\"slow\":\"" + account + "\"}"));
        }
        enqueue(messages.toArray(Outbox.Message[]::new));

        SlowTarget.race(
                RECEIVER,
                took -> sql("UPDATE " + TABLE + " SET leased_until = leased_until - interval '" + took.toMillis()
                        + " milliseconds', next_attempt_at = next_attempt_at - interval '" + took.toMillis()
                        + " milliseconds' WHERE source_account_id = ?"),
                () -> job.run(Instant.now()));
        drain();

        assertThat(received("/hook"))
                .extracting(r -> r.header("webhook-id"))
                .hasSize(12)
                .doesNotHaveDuplicates();
        assertThat(state()).hasSize(12).allMatch(s -> s.startsWith("webhook/delivered/"));
    }

    @Test
    void anOutboxTakesOnlyPlainTableAndColumnNames() {
        assertThatThrownBy(() -> new Outbox("np_x; DROP TABLE y")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Outbox.Message(account, UUID.randomUUID(), "webhook", "{}", Map.of("a b", 1)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void twoTargetsOfOneNameAreRefused() {
        assertThatThrownBy(() -> new OutboxDeliveryJob("twice", OUTBOX, tx, List.of(webhook, webhook)))
                .hasMessageContaining("webhook");
    }

    @Test
    void theBackOffDoublesFromTenSecondsWithinAnHourAndEnds() {
        assertThat(Backoff.after(1)).isEqualTo(Duration.ofSeconds(10));
        assertThat(Backoff.after(2)).isEqualTo(Duration.ofSeconds(20));
        assertThat(Backoff.after(Backoff.MAX_ATTEMPTS - 1))
                .isEqualTo(Duration.ofSeconds(10L << (Backoff.MAX_ATTEMPTS - 2)))
                .isLessThanOrEqualTo(Duration.ofHours(1));
        assertThat(Backoff.after(Backoff.MAX_ATTEMPTS)).isNull();
    }

    // --- helpers ------------------------------------------------------------------------------

    @FunctionalInterface
    interface Work<T> {
        T on(Connection c) throws SQLException;
    }

    <T> T write(Work<T> work) {
        return tx.executeWrite(status -> {
            try {
                return work.on(status.getConnection());
            } catch (SQLException e) {
                throw new IllegalStateException(e);
            }
        });
    }

    int enqueue(Outbox.Message... messages) {
        return write(c -> OUTBOX.enqueue(c, List.of(messages)));
    }

    void drain() {
        while (job.run(Instant.now()) > 0) {}
    }

    /** This account's statement with {@code ?} for the account. */
    void sql(String statement) {
        write(c -> {
            try (PreparedStatement s = c.prepareStatement(statement)) {
                s.setString(1, account);
                return s.executeUpdate();
            }
        });
    }

    /** target/status/attempts/last status code/last error of this account's rows. */
    List<String> state() {
        return write(c -> {
            try (PreparedStatement s = c.prepareStatement("SELECT target || '/' || status || '/' || attempts || '/'"
                    + " || COALESCE(last_status_code::text, '-') || '/' || COALESCE(last_error, '-') FROM " + TABLE
                    + " WHERE source_account_id = ? ORDER BY target, status")) {
                s.setString(1, account);
                List<String> rows = new ArrayList<>();
                try (ResultSet r = s.executeQuery()) {
                    while (r.next()) {
                        rows.add(r.getString(1));
                    }
                }
                return rows;
            }
        });
    }

    Duration nextAttemptIn() {
        return write(c -> {
            try (PreparedStatement s = c.prepareStatement("SELECT EXTRACT(EPOCH FROM next_attempt_at - now()) FROM "
                    + TABLE + " WHERE source_account_id = ?")) {
                s.setString(1, account);
                try (ResultSet r = s.executeQuery()) {
                    r.next();
                    return Duration.ofMillis((long) (r.getDouble(1) * 1000));
                }
            }
        });
    }

    List<WebhookReceiver.Request> received(String path) {
        return RECEIVER.received(path).stream()
                .filter(r -> r.body().contains(account))
                .toList();
    }
}
