-- Alerts: a new group, a regression, a group's velocity spike and a release's crash-rate spike, each
-- recorded once per dedup key in the same transaction as the data that raised it (an outbox), then
-- delivered to the configured targets: the alert router's webhook and incident-fn's events endpoint.
CREATE TABLE np_crash_alerts (
    source_account_id VARCHAR(128) NOT NULL DEFAULT 'primary',
    id                UUID         NOT NULL,
    kind              VARCHAR(40)  NOT NULL,
    dedup_key         VARCHAR(300) NOT NULL,
    group_id          BIGINT,
    release           VARCHAR(200),
    data              JSONB        NOT NULL,
    created_at        TIMESTAMPTZ  NOT NULL DEFAULT now(),
    PRIMARY KEY (source_account_id, id),
    CONSTRAINT np_crash_alerts_kind_check
        CHECK (kind IN ('group.created', 'group.regressed', 'group.velocity', 'crash_rate.spike'))
);
CREATE UNIQUE INDEX np_crash_alerts_dedup ON np_crash_alerts (source_account_id, dedup_key);
CREATE INDEX np_crash_alerts_created ON np_crash_alerts (source_account_id, created_at DESC, id);

CREATE TABLE np_crash_alert_deliveries (
    source_account_id VARCHAR(128) NOT NULL DEFAULT 'primary',
    alert_id          UUID         NOT NULL,
    target            VARCHAR(20)  NOT NULL,
    status            VARCHAR(20)  NOT NULL DEFAULT 'pending',
    attempts          INTEGER      NOT NULL DEFAULT 0,
    next_attempt_at   TIMESTAMPTZ  NOT NULL DEFAULT now(),
    leased_until      TIMESTAMPTZ,
    last_status_code  INTEGER,
    last_error        VARCHAR(500),
    delivered_at      TIMESTAMPTZ,
    PRIMARY KEY (source_account_id, alert_id, target),
    FOREIGN KEY (source_account_id, alert_id) REFERENCES np_crash_alerts (source_account_id, id) ON DELETE CASCADE,
    CONSTRAINT np_crash_alert_deliveries_target_check CHECK (target IN ('webhook', 'incident')),
    CONSTRAINT np_crash_alert_deliveries_status_check CHECK (status IN ('pending', 'delivered', 'failed'))
);
CREATE INDEX np_crash_alert_deliveries_due ON np_crash_alert_deliveries (next_attempt_at) WHERE status = 'pending';
