-- Incidents, their ordered timeline and the per-account incident number.
CREATE TABLE np_incident_counters (
    source_account_id VARCHAR(128) NOT NULL DEFAULT 'primary',
    last_number       BIGINT       NOT NULL,
    PRIMARY KEY (source_account_id)
);

CREATE TABLE np_incidents (
    source_account_id VARCHAR(128)  NOT NULL DEFAULT 'primary',
    id                UUID          NOT NULL,
    number            BIGINT        NOT NULL,
    title             VARCHAR(500)  NOT NULL,
    description       TEXT          NOT NULL DEFAULT '',
    severity          VARCHAR(4)    NOT NULL,
    status            VARCHAR(20)   NOT NULL,
    type              VARCHAR(100),
    labels            JSONB         NOT NULL DEFAULT '{}'::jsonb,
    commander         VARCHAR(200),
    assignees         JSONB         NOT NULL DEFAULT '[]'::jsonb,
    source            VARCHAR(20)   NOT NULL DEFAULT 'manual',
    dedup_key         VARCHAR(255),
    started_at        TIMESTAMPTZ   NOT NULL,
    detected_at       TIMESTAMPTZ   NOT NULL,
    acknowledged_at   TIMESTAMPTZ,
    mitigated_at      TIMESTAMPTZ,
    resolved_at       TIMESTAMPTZ,
    closed_at         TIMESTAMPTZ,
    cancelled_at      TIMESTAMPTZ,
    reopen_count      INTEGER       NOT NULL DEFAULT 0,
    version           BIGINT        NOT NULL DEFAULT 1,
    last_seq          BIGINT        NOT NULL DEFAULT 0,
    created_at        TIMESTAMPTZ   NOT NULL DEFAULT now(),
    updated_at        TIMESTAMPTZ   NOT NULL DEFAULT now(),
    PRIMARY KEY (source_account_id, id),
    CONSTRAINT np_incidents_number_key UNIQUE (source_account_id, number),
    CONSTRAINT np_incidents_severity_check CHECK (severity IN ('SEV1', 'SEV2', 'SEV3', 'SEV4', 'SEV5')),
    CONSTRAINT np_incidents_status_check CHECK (status IN ('triggered', 'acknowledged', 'investigating', 'identified',
        'monitoring', 'resolved', 'closed', 'cancelled')),
    CONSTRAINT np_incidents_milestones_check CHECK (detected_at >= started_at
        AND (acknowledged_at IS NULL OR acknowledged_at >= started_at)
        AND (mitigated_at IS NULL OR mitigated_at >= started_at)
        AND (resolved_at IS NULL OR resolved_at >= started_at)
        AND (closed_at IS NULL OR closed_at >= started_at))
);
CREATE INDEX np_incidents_created_idx ON np_incidents (source_account_id, created_at DESC, id);
CREATE INDEX np_incidents_status_idx ON np_incidents (source_account_id, status, created_at DESC);
CREATE INDEX np_incidents_severity_idx ON np_incidents (source_account_id, severity, created_at DESC);
CREATE INDEX np_incidents_started_idx ON np_incidents (source_account_id, started_at);
-- One open incident per dedup key: concurrent alert deliveries cannot open two.
CREATE UNIQUE INDEX np_incidents_open_dedup_key ON np_incidents (source_account_id, dedup_key)
    WHERE dedup_key IS NOT NULL AND status NOT IN ('resolved', 'closed', 'cancelled');

-- Append-only; seq is allocated from np_incidents.last_seq under the incident's row lock, so it is gapless.
CREATE TABLE np_incident_timeline (
    source_account_id VARCHAR(128) NOT NULL DEFAULT 'primary',
    incident_id       UUID         NOT NULL,
    seq               BIGINT       NOT NULL,
    id                UUID         NOT NULL,
    kind              VARCHAR(40)  NOT NULL,
    actor             VARCHAR(200) NOT NULL,
    system            BOOLEAN      NOT NULL,
    occurred_at       TIMESTAMPTZ  NOT NULL,
    created_at        TIMESTAMPTZ  NOT NULL DEFAULT now(),
    data              JSONB        NOT NULL DEFAULT '{}'::jsonb,
    PRIMARY KEY (source_account_id, incident_id, seq),
    FOREIGN KEY (source_account_id, incident_id) REFERENCES np_incidents (source_account_id, id) ON DELETE CASCADE
);
CREATE UNIQUE INDEX np_incident_timeline_id_key ON np_incident_timeline (source_account_id, id);

-- Idempotency-Key replays for POST /api/v1/incidents.
CREATE TABLE np_incident_idempotency_keys (
    source_account_id VARCHAR(128) NOT NULL DEFAULT 'primary',
    idempotency_key   VARCHAR(255) NOT NULL,
    request_hash      VARCHAR(64)  NOT NULL,
    response_status   INTEGER,
    response_body     TEXT,
    created_at        TIMESTAMPTZ  NOT NULL DEFAULT now(),
    PRIMARY KEY (source_account_id, idempotency_key)
);
CREATE INDEX np_incident_idempotency_keys_created_idx ON np_incident_idempotency_keys (source_account_id, created_at);
