-- What an opened anomaly sends (the alert router's webhook, incident-fn's events endpoint), written in the
-- transaction that opened it (an outbox) and delivered by the anomaly-notifications job with retries.
CREATE TABLE np_anomaly_notifications (
    source_account_id VARCHAR(128) NOT NULL DEFAULT 'primary',
    anomaly_id        UUID         NOT NULL,
    target            VARCHAR(20)  NOT NULL,
    body              TEXT         NOT NULL,
    status            VARCHAR(20)  NOT NULL DEFAULT 'pending',
    attempts          INTEGER      NOT NULL DEFAULT 0,
    next_attempt_at   TIMESTAMPTZ  NOT NULL DEFAULT now(),
    leased_until      TIMESTAMPTZ,
    last_status_code  INTEGER,
    last_error        VARCHAR(500),
    created_at        TIMESTAMPTZ  NOT NULL DEFAULT now(),
    delivered_at      TIMESTAMPTZ,
    PRIMARY KEY (source_account_id, anomaly_id, target),
    CONSTRAINT np_anomaly_notifications_target_check CHECK (target IN ('webhook', 'incident')),
    CONSTRAINT np_anomaly_notifications_status_check CHECK (status IN ('pending', 'delivered', 'failed'))
);
CREATE INDEX np_anomaly_notifications_due ON np_anomaly_notifications (next_attempt_at) WHERE status = 'pending';
