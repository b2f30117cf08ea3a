-- Outbound webhooks per account and their delivery log (a transactional outbox: a delivery row is written
-- in the transaction of the timeline entry it announces).
CREATE TABLE np_incident_webhooks (
    source_account_id VARCHAR(128)  NOT NULL DEFAULT 'primary',
    id                UUID          NOT NULL,
    url               VARCHAR(2000) NOT NULL,
    secret            VARCHAR(200)  NOT NULL,
    description       VARCHAR(500)  NOT NULL DEFAULT '',
    event_types       JSONB         NOT NULL DEFAULT '[]'::jsonb,
    enabled           BOOLEAN       NOT NULL DEFAULT true,
    created_at        TIMESTAMPTZ   NOT NULL DEFAULT now(),
    updated_at        TIMESTAMPTZ   NOT NULL DEFAULT now(),
    PRIMARY KEY (source_account_id, id)
);
CREATE INDEX np_incident_webhooks_created_idx ON np_incident_webhooks (source_account_id, created_at, id);

CREATE TABLE np_incident_webhook_deliveries (
    source_account_id VARCHAR(128) NOT NULL DEFAULT 'primary',
    id                UUID         NOT NULL,
    webhook_id        UUID         NOT NULL,
    event_id          UUID         NOT NULL,
    event_type        VARCHAR(60)  NOT NULL,
    incident_id       UUID         NOT NULL,
    seq               BIGINT       NOT NULL,
    payload           TEXT         NOT NULL,
    status            VARCHAR(20)  NOT NULL DEFAULT 'pending',
    attempts          INTEGER      NOT NULL DEFAULT 0,
    next_attempt_at   TIMESTAMPTZ  NOT NULL DEFAULT now(),
    leased_until      TIMESTAMPTZ,
    last_status_code  INTEGER,
    last_error        VARCHAR(500),
    created_at        TIMESTAMPTZ  NOT NULL DEFAULT now(),
    delivered_at      TIMESTAMPTZ,
    PRIMARY KEY (source_account_id, id),
    FOREIGN KEY (source_account_id, webhook_id) REFERENCES np_incident_webhooks (source_account_id, id) ON DELETE CASCADE,
    CONSTRAINT np_incident_webhook_deliveries_status_check CHECK (status IN ('pending', 'delivered', 'failed'))
);
CREATE INDEX np_incident_webhook_deliveries_webhook_idx
    ON np_incident_webhook_deliveries (source_account_id, webhook_id, created_at DESC);
-- Only pending rows: small, scanned by the delivery job across accounts.
CREATE INDEX np_incident_webhook_deliveries_due_idx
    ON np_incident_webhook_deliveries (source_account_id, next_attempt_at) WHERE status = 'pending';
