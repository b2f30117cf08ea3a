-- Projects: a Sentry DSN (public key + numeric project id) maps to an account.
CREATE TABLE np_crash_projects (
    source_account_id VARCHAR(128) NOT NULL DEFAULT 'primary',
    id                BIGSERIAL    NOT NULL,
    name              VARCHAR(200) NOT NULL,
    public_key        CHAR(32)     NOT NULL,
    created_at        TIMESTAMPTZ  NOT NULL DEFAULT now(),
    PRIMARY KEY (source_account_id, id)
);
-- The one lookup that has no account yet: the DSN key is what names the account.
CREATE UNIQUE INDEX np_crash_projects_key ON np_crash_projects (public_key);

-- Groups of reports that share a fingerprint.
CREATE TABLE np_crash_groups (
    source_account_id   VARCHAR(128) NOT NULL DEFAULT 'primary',
    id                  BIGINT       NOT NULL,
    fingerprint         CHAR(64)     NOT NULL,
    strategy_version    INT          NOT NULL,
    grouped_by          VARCHAR(20)  NOT NULL,
    title               VARCHAR(500) NOT NULL,
    culprit             VARCHAR(500),
    exception_type      VARCHAR(200),
    level               VARCHAR(10)  NOT NULL,
    status              VARCHAR(30)  NOT NULL DEFAULT 'unresolved',
    platforms           TEXT[]       NOT NULL DEFAULT '{}',
    environments        TEXT[]       NOT NULL DEFAULT '{}',
    first_seen          TIMESTAMPTZ  NOT NULL,
    last_seen           TIMESTAMPTZ  NOT NULL,
    count               BIGINT       NOT NULL DEFAULT 0,
    crash_count         BIGINT       NOT NULL DEFAULT 0,
    user_count          BIGINT       NOT NULL DEFAULT 0,
    first_release       VARCHAR(200),
    last_release        VARCHAR(200),
    resolved_at         TIMESTAMPTZ,
    resolved_in_release VARCHAR(200),
    regressed_at        TIMESTAMPTZ,
    merged_into         BIGINT,
    created_at          TIMESTAMPTZ  NOT NULL DEFAULT now(),
    updated_at          TIMESTAMPTZ  NOT NULL DEFAULT now(),
    PRIMARY KEY (source_account_id, id)
);
CREATE SEQUENCE np_crash_groups_id_seq OWNED BY np_crash_groups.id;
CREATE INDEX np_crash_groups_last_seen ON np_crash_groups (source_account_id, last_seen DESC) WHERE merged_into IS NULL;
CREATE INDEX np_crash_groups_status ON np_crash_groups (source_account_id, status, last_seen DESC) WHERE merged_into IS NULL;

-- Fingerprint aliases: every fingerprint (of any strategy version) that leads to a group. Merges
-- repoint them, so future reports of a merged fingerprint land in the target.
CREATE TABLE np_crash_fingerprints (
    source_account_id VARCHAR(128) NOT NULL DEFAULT 'primary',
    fingerprint       CHAR(64)     NOT NULL,
    strategy_version  INT          NOT NULL,
    group_id          BIGINT       NOT NULL,
    created_at        TIMESTAMPTZ  NOT NULL DEFAULT now(),
    PRIMARY KEY (source_account_id, fingerprint)
);
CREATE INDEX np_crash_fingerprints_group ON np_crash_fingerprints (source_account_id, group_id);

-- Distinct users per group (user_count), and per-release counts (regressions, releases view).
CREATE TABLE np_crash_group_users (
    source_account_id VARCHAR(128) NOT NULL DEFAULT 'primary',
    group_id          BIGINT       NOT NULL,
    user_key          CHAR(16)     NOT NULL,
    PRIMARY KEY (source_account_id, group_id, user_key)
);
CREATE TABLE np_crash_group_releases (
    source_account_id VARCHAR(128) NOT NULL DEFAULT 'primary',
    group_id          BIGINT       NOT NULL,
    release           VARCHAR(200) NOT NULL,
    count             BIGINT       NOT NULL DEFAULT 0,
    first_seen        TIMESTAMPTZ  NOT NULL,
    last_seen         TIMESTAMPTZ  NOT NULL,
    PRIMARY KEY (source_account_id, group_id, release)
);
CREATE TABLE np_crash_regressions (
    source_account_id VARCHAR(128) NOT NULL DEFAULT 'primary',
    id                BIGSERIAL    NOT NULL,
    group_id          BIGINT       NOT NULL,
    release           VARCHAR(200) NOT NULL,
    event_id          UUID         NOT NULL,
    created_at        TIMESTAMPTZ  NOT NULL DEFAULT now(),
    PRIMARY KEY (source_account_id, id)
);
CREATE INDEX np_crash_regressions_group ON np_crash_regressions (source_account_id, group_id);

-- One row per report; the payload is kept as received for retroactive symbolication.
CREATE TABLE np_crash_reports (
    source_account_id VARCHAR(128) NOT NULL DEFAULT 'primary',
    id                BIGSERIAL    NOT NULL,
    event_id          UUID         NOT NULL,
    group_id          BIGINT       NOT NULL,
    fingerprint       CHAR(64)     NOT NULL,
    strategy_version  INT          NOT NULL,
    occurred_at       TIMESTAMPTZ  NOT NULL,
    received_at       TIMESTAMPTZ  NOT NULL DEFAULT now(),
    platform          VARCHAR(32)  NOT NULL,
    level             VARCHAR(10)  NOT NULL,
    is_crash          BOOLEAN      NOT NULL,
    release           VARCHAR(200),
    dist              VARCHAR(64),
    environment       VARCHAR(64),
    user_id           VARCHAR(128),
    session_id        VARCHAR(64),
    exception_type    VARCHAR(200),
    exception_value   VARCHAR(1000),
    title             VARCHAR(500) NOT NULL,
    payload           JSONB        NOT NULL,
    PRIMARY KEY (source_account_id, id)
);
CREATE UNIQUE INDEX np_crash_reports_event ON np_crash_reports (source_account_id, event_id);
CREATE INDEX np_crash_reports_group ON np_crash_reports (source_account_id, group_id, id DESC);
CREATE INDEX np_crash_reports_received ON np_crash_reports (source_account_id, received_at);

-- Sessions, upserted by sid; did is stored hashed (64 bits of SHA-256).
CREATE TABLE np_crash_sessions (
    source_account_id  VARCHAR(128) NOT NULL DEFAULT 'primary',
    sid                VARCHAR(64)  NOT NULL,
    did_hash           BIGINT,
    seq                BIGINT       NOT NULL,
    init               BOOLEAN      NOT NULL,
    started            TIMESTAMPTZ  NOT NULL,
    updated            TIMESTAMPTZ  NOT NULL,
    duration           DOUBLE PRECISION,
    status             VARCHAR(10)  NOT NULL,
    errors             INT          NOT NULL DEFAULT 0,
    abnormal_mechanism VARCHAR(64),
    release            VARCHAR(200) NOT NULL,
    environment        VARCHAR(64)  NOT NULL DEFAULT 'production',
    user_agent         VARCHAR(300),
    received_at        TIMESTAMPTZ  NOT NULL DEFAULT now(),
    PRIMARY KEY (source_account_id, sid)
);
CREATE INDEX np_crash_sessions_started ON np_crash_sessions (source_account_id, started DESC);
CREATE INDEX np_crash_sessions_release ON np_crash_sessions (source_account_id, release, started DESC);

-- Pre-aggregated session counts (the "sessions" item of Sentry SDKs in server mode).
CREATE TABLE np_crash_session_aggregates (
    source_account_id VARCHAR(128) NOT NULL DEFAULT 'primary',
    id                BIGSERIAL    NOT NULL,
    started           TIMESTAMPTZ  NOT NULL,
    did_hash          BIGINT,
    release           VARCHAR(200) NOT NULL,
    environment       VARCHAR(64)  NOT NULL DEFAULT 'production',
    exited            INT          NOT NULL DEFAULT 0,
    errored           INT          NOT NULL DEFAULT 0,
    abnormal          INT          NOT NULL DEFAULT 0,
    crashed           INT          NOT NULL DEFAULT 0,
    PRIMARY KEY (source_account_id, id)
);
CREATE INDEX np_crash_session_aggregates_started ON np_crash_session_aggregates (source_account_id, started);

-- Hours whose rollup must be recomputed; written beside every session change and report.
CREATE TABLE np_crash_rollup_dirty (
    source_account_id VARCHAR(128) NOT NULL DEFAULT 'primary',
    hour              TIMESTAMPTZ  NOT NULL,
    PRIMARY KEY (source_account_id, hour)
);

-- Hourly rollups, recomputed whole from the source rows (so late or repeated updates are exact).
CREATE TABLE np_crash_session_rollups (
    source_account_id VARCHAR(128) NOT NULL DEFAULT 'primary',
    hour              TIMESTAMPTZ  NOT NULL,
    release           VARCHAR(200) NOT NULL,
    environment       VARCHAR(64)  NOT NULL,
    started           BIGINT       NOT NULL,
    crashed           BIGINT       NOT NULL,
    abnormal          BIGINT       NOT NULL,
    errored           BIGINT       NOT NULL,
    users             BYTEA,
    crashed_users     BYTEA,
    PRIMARY KEY (source_account_id, hour, release, environment)
);
CREATE TABLE np_crash_report_rollups (
    source_account_id VARCHAR(128) NOT NULL DEFAULT 'primary',
    hour              TIMESTAMPTZ  NOT NULL,
    release           VARCHAR(200) NOT NULL,
    environment       VARCHAR(64)  NOT NULL,
    group_id          BIGINT       NOT NULL,
    reports           BIGINT       NOT NULL,
    crashes           BIGINT       NOT NULL
);
CREATE INDEX np_crash_report_rollups_hour ON np_crash_report_rollups (source_account_id, hour);
