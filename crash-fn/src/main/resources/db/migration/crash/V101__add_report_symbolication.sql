-- Symbolication of reports (issue 6, items 6 and 7). What ingest (or the re-symbolication job) did to
-- a report: 'none' (nothing to symbolicate), 'complete', or 'missing' (some symbol files absent; the
-- debug ids are rows of np_crash_report_missing_symbols). frames: the crash stack after symbolication,
-- for the report view. user_key: the hashed user identity, so that a report moved to another group
-- can take its user out of the old group's user count.
ALTER TABLE np_crash_reports
    ADD COLUMN symbolication VARCHAR(16) NOT NULL DEFAULT 'none' CHECK (symbolication IN ('none', 'complete', 'missing')),
    ADD COLUMN frames        JSONB,
    ADD COLUMN user_key      CHAR(16);
CREATE INDEX np_crash_reports_group_user ON np_crash_reports (source_account_id, group_id, user_key) WHERE user_key IS NOT NULL;

-- The debug ids (and ProGuard UUIDs) a report still lacks symbols for; the re-symbolication job finds
-- a debug id's waiting reports through the primary key.
CREATE TABLE np_crash_report_missing_symbols (
    source_account_id VARCHAR(128) NOT NULL DEFAULT 'primary',
    debug_id          VARCHAR(48)  NOT NULL,
    report_id         BIGINT       NOT NULL,
    PRIMARY KEY (source_account_id, debug_id, report_id),
    FOREIGN KEY (source_account_id, report_id) REFERENCES np_crash_reports (source_account_id, id) ON DELETE CASCADE
);
CREATE INDEX np_crash_report_missing_symbols_report ON np_crash_report_missing_symbols (source_account_id, report_id);

-- Debug ids whose symbol files arrived (written in the upload's transaction): the re-symbolication
-- job's work. after_report_id is the job's cursor through the waiting reports; a finished pass keeps
-- the row (not_before a minute on) until queued_at is a few minutes old, so reports that were being
-- committed while the upload happened are caught too.
CREATE TABLE np_crash_resymbolication_queue (
    source_account_id VARCHAR(128) NOT NULL DEFAULT 'primary',
    debug_id          VARCHAR(48)  NOT NULL,
    queued_at         TIMESTAMPTZ  NOT NULL DEFAULT now(),
    not_before        TIMESTAMPTZ  NOT NULL DEFAULT now(),
    after_report_id   BIGINT       NOT NULL DEFAULT 0,
    PRIMARY KEY (source_account_id, debug_id)
);
