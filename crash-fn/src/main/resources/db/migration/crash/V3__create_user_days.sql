-- Distinct-user sketches per UTC day, merged from the hourly rollups, so long ranges read one row
-- per day and release instead of one per hour.
CREATE TABLE np_crash_user_days (
    source_account_id VARCHAR(128) NOT NULL DEFAULT 'primary',
    day               DATE         NOT NULL,
    release           VARCHAR(200) NOT NULL,
    environment       VARCHAR(64)  NOT NULL,
    users             BYTEA,
    crashed_users     BYTEA,
    PRIMARY KEY (source_account_id, day, release, environment)
);
