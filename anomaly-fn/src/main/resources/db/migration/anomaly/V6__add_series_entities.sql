-- Many series per detector (OpenSearch AD's category field): a pulled source that answers several series
-- scores each with its own model, keyed by its labels. The entity is the canonical key of the series' label
-- set ('' = the detector's default series, whose model stays in np_anomaly_detectors as before).
CREATE TABLE np_anomaly_entities (
    source_account_id VARCHAR(128) NOT NULL DEFAULT 'primary',
    detector_id       VARCHAR(128) NOT NULL,
    entity            VARCHAR(512) NOT NULL,
    labels            JSONB        NOT NULL,
    state             BYTEA,
    rule_state        BYTEA,
    points_learned    BIGINT       NOT NULL DEFAULT 0,
    last_timestamp    TIMESTAMPTZ,
    watermark         TIMESTAMPTZ,
    created_at        TIMESTAMPTZ  NOT NULL DEFAULT now(),
    updated_at        TIMESTAMPTZ  NOT NULL DEFAULT now(),
    PRIMARY KEY (source_account_id, detector_id, entity)
);

-- Existing points and anomalies are the default series'.
ALTER TABLE np_anomaly_data_points ADD COLUMN entity VARCHAR(512) NOT NULL DEFAULT '';
ALTER TABLE np_anomaly_data_points DROP CONSTRAINT np_anomaly_data_points_pkey;
ALTER TABLE np_anomaly_data_points ADD PRIMARY KEY (source_account_id, detector_id, entity, ts);

ALTER TABLE np_anomaly_events ADD COLUMN entity VARCHAR(512) NOT NULL DEFAULT '';
ALTER TABLE np_anomaly_events ADD COLUMN entity_labels JSONB NOT NULL DEFAULT '{}';
DROP INDEX np_anomaly_events_detector_idx;
CREATE INDEX np_anomaly_events_detector_idx ON np_anomaly_events (source_account_id, detector_id, entity, started_at DESC);
