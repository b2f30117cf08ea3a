-- Detectors: a user-chosen id per account, the configuration, and the persisted model state.
CREATE TABLE np_anomaly_detectors (
    source_account_id VARCHAR(128) NOT NULL DEFAULT 'primary',
    id                VARCHAR(128) NOT NULL,
    name              VARCHAR(200) NOT NULL,
    source            JSONB        NOT NULL DEFAULT '{"type":"push"}',
    algorithm         VARCHAR(32)  NOT NULL,
    params            JSONB        NOT NULL DEFAULT '{}',
    threshold         JSONB        NOT NULL DEFAULT '{}',
    schedule          VARCHAR(32),
    enabled           BOOLEAN      NOT NULL DEFAULT true,
    status            VARCHAR(16)  NOT NULL DEFAULT 'learning',
    status_reason     VARCHAR(500),
    state             BYTEA,
    rule_state        BYTEA,
    points_learned    BIGINT       NOT NULL DEFAULT 0,
    last_timestamp    TIMESTAMPTZ,
    watermark         TIMESTAMPTZ,
    next_run_at       TIMESTAMPTZ,
    version           INTEGER      NOT NULL DEFAULT 1,
    last_run_at       TIMESTAMPTZ,
    created_at        TIMESTAMPTZ  NOT NULL DEFAULT now(),
    updated_at        TIMESTAMPTZ  NOT NULL DEFAULT now(),
    PRIMARY KEY (source_account_id, id),
    CONSTRAINT np_anomaly_detectors_status_check CHECK (status IN ('learning', 'active', 'paused', 'error'))
);
CREATE INDEX np_anomaly_detectors_due_idx ON np_anomaly_detectors (source_account_id, next_run_at) WHERE schedule IS NOT NULL;

-- Data points: one row per (detector, timestamp), with the scoring result. Append-mostly; BRIN on time.
CREATE TABLE np_anomaly_data_points (
    source_account_id VARCHAR(128)     NOT NULL DEFAULT 'primary',
    detector_id       VARCHAR(128)     NOT NULL,
    ts                TIMESTAMPTZ      NOT NULL,
    value             DOUBLE PRECISION NOT NULL,
    score             DOUBLE PRECISION NOT NULL,
    is_anomaly        BOOLEAN          NOT NULL DEFAULT false,
    expected          DOUBLE PRECISION,
    lower_bound       DOUBLE PRECISION,
    upper_bound       DOUBLE PRECISION,
    late              BOOLEAN          NOT NULL DEFAULT false,
    detector_version  INTEGER          NOT NULL,
    created_at        TIMESTAMPTZ      NOT NULL DEFAULT now(),
    PRIMARY KEY (source_account_id, detector_id, ts)
);
CREATE INDEX np_anomaly_data_points_created_brin ON np_anomaly_data_points USING brin (created_at);

-- Anomalies: consecutive anomalous points of a detector merged into one event.
CREATE TABLE np_anomaly_events (
    source_account_id VARCHAR(128)     NOT NULL DEFAULT 'primary',
    id                UUID             NOT NULL,
    detector_id       VARCHAR(128)     NOT NULL,
    started_at        TIMESTAMPTZ      NOT NULL,
    ended_at          TIMESTAMPTZ      NOT NULL,
    last_point_at     TIMESTAMPTZ      NOT NULL,
    peak_score        DOUBLE PRECISION NOT NULL,
    peak_value        DOUBLE PRECISION NOT NULL,
    peak_expected     DOUBLE PRECISION,
    point_count       INTEGER          NOT NULL DEFAULT 1,
    severity          VARCHAR(16)      NOT NULL,
    direction         VARCHAR(8)       NOT NULL,
    status            VARCHAR(16)      NOT NULL DEFAULT 'open',
    feedback          VARCHAR(32),
    feedback_note     VARCHAR(1000),
    detector_version  INTEGER          NOT NULL,
    algorithm         VARCHAR(32)      NOT NULL,
    params            JSONB            NOT NULL DEFAULT '{}',
    created_at        TIMESTAMPTZ      NOT NULL DEFAULT now(),
    updated_at        TIMESTAMPTZ      NOT NULL DEFAULT now(),
    PRIMARY KEY (source_account_id, id),
    CONSTRAINT np_anomaly_events_status_check CHECK (status IN ('open', 'closed')),
    CONSTRAINT np_anomaly_events_feedback_check CHECK (feedback IS NULL OR feedback IN ('true_positive', 'false_positive'))
);
CREATE INDEX np_anomaly_events_detector_idx ON np_anomaly_events (source_account_id, detector_id, started_at DESC);
CREATE INDEX np_anomaly_events_started_idx ON np_anomaly_events (source_account_id, started_at DESC);
