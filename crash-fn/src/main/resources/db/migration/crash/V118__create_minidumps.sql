-- Minidumps kept with the report they became (issue 13): bearer users download them, and the stack is
-- walked again from them when the symbol files of their modules arrive. The bytes live apart from the
-- report row so that listing reports never reads them.
CREATE TABLE np_crash_minidumps (
    source_account_id VARCHAR(128) NOT NULL DEFAULT 'primary',
    event_id          UUID         NOT NULL,
    size_bytes        BIGINT       NOT NULL CHECK (size_bytes >= 0),
    content           BYTEA        NOT NULL,
    created_at        TIMESTAMPTZ  NOT NULL DEFAULT now(),
    PRIMARY KEY (source_account_id, event_id),
    -- retention deletes a report's dump with it
    FOREIGN KEY (source_account_id, event_id) REFERENCES np_crash_reports (source_account_id, event_id) ON DELETE CASCADE
);
CREATE INDEX np_crash_minidumps_created ON np_crash_minidumps (source_account_id, created_at);
