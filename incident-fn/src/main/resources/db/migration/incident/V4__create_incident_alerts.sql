-- Alerts collected by an incident (Alertmanager alerts by fingerprint), so that a redelivered webhook changes nothing.
CREATE TABLE np_incident_alerts (
    source_account_id VARCHAR(128) NOT NULL DEFAULT 'primary',
    incident_id       UUID         NOT NULL,
    fingerprint       VARCHAR(128) NOT NULL,
    status            VARCHAR(20)  NOT NULL,
    starts_at         TIMESTAMPTZ,
    ends_at           TIMESTAMPTZ,
    labels            JSONB        NOT NULL DEFAULT '{}'::jsonb,
    updated_at        TIMESTAMPTZ  NOT NULL DEFAULT now(),
    PRIMARY KEY (source_account_id, incident_id, fingerprint),
    FOREIGN KEY (source_account_id, incident_id) REFERENCES np_incidents (source_account_id, id) ON DELETE CASCADE
);
