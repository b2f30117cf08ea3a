-- Leases for scheduled work (org.nself.shared.jobs.JobLease): one row per unit of work per tick.
CREATE TABLE np_anomaly_job_runs (
    source_account_id VARCHAR(128) NOT NULL DEFAULT 'primary',
    job               VARCHAR(100) NOT NULL,
    unit_key          VARCHAR(200) NOT NULL,
    tick              TIMESTAMPTZ  NOT NULL,
    instance          VARCHAR(100) NOT NULL,
    finished_at       TIMESTAMPTZ  NOT NULL DEFAULT now(),
    PRIMARY KEY (source_account_id, job, unit_key, tick)
);
CREATE INDEX np_anomaly_job_runs_tick_brin ON np_anomaly_job_runs USING brin (tick);

CREATE TABLE np_anomaly_job_leases (
    source_account_id VARCHAR(128) NOT NULL DEFAULT 'primary',
    job               VARCHAR(100) NOT NULL,
    holder            VARCHAR(100) NOT NULL,
    leased_until      TIMESTAMPTZ  NOT NULL,
    PRIMARY KEY (source_account_id, job)
);
