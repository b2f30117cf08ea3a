CREATE TABLE np_sharedtest_things (
    source_account_id VARCHAR(128) NOT NULL DEFAULT 'primary',
    id                UUID         NOT NULL,
    name              VARCHAR(100) NOT NULL,
    kind              VARCHAR(20)  NOT NULL,
    weight            INTEGER      NOT NULL,
    created_at        TIMESTAMPTZ  NOT NULL DEFAULT now(),
    PRIMARY KEY (source_account_id, id)
);
CREATE INDEX np_sharedtest_things_created ON np_sharedtest_things (source_account_id, created_at DESC);

CREATE TABLE np_sharedtest_job_runs (
    source_account_id VARCHAR(128) NOT NULL DEFAULT 'primary',
    job               VARCHAR(100) NOT NULL,
    unit_key          VARCHAR(200) NOT NULL,
    tick              TIMESTAMPTZ  NOT NULL,
    instance          VARCHAR(100) NOT NULL,
    finished_at       TIMESTAMPTZ  NOT NULL DEFAULT now(),
    PRIMARY KEY (source_account_id, job, unit_key, tick)
);
CREATE TABLE np_sharedtest_job_leases (
    source_account_id VARCHAR(128) NOT NULL DEFAULT 'primary',
    job               VARCHAR(100) NOT NULL,
    holder            VARCHAR(100) NOT NULL,
    leased_until      TIMESTAMPTZ  NOT NULL,
    PRIMARY KEY (source_account_id, job)
);
CREATE TABLE np_sharedtest_work_done (
    source_account_id VARCHAR(128) NOT NULL DEFAULT 'primary',
    unit_key          VARCHAR(200) NOT NULL,
    instance          VARCHAR(100) NOT NULL
);
