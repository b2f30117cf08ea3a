-- Tags worth filtering on (issue 13, item 6). Each report keeps the tags read from it at ingest
-- (level, release, environment, os.name, os.version, device.model, app.version, and the app's own):
-- tags is {key: value}; tag_problems lists the tags dropped and why ([{field, message}], NULL when none).
-- Reports stored before this migration have no tags.
ALTER TABLE np_crash_reports
    ADD COLUMN tags         JSONB NOT NULL DEFAULT '{}',
    ADD COLUMN tag_problems JSONB;

-- Per group, how many of its reports carry each tag value: derived from the reports' tags, counted in
-- the transaction that stores, moves (re-grouping) or merges them, like the group's own counters. A
-- value whose reports all moved away keeps no row.
CREATE TABLE np_crash_group_tags (
    source_account_id VARCHAR(128) NOT NULL DEFAULT 'primary',
    group_id          BIGINT       NOT NULL,
    key               VARCHAR(32)  NOT NULL,
    value             VARCHAR(200) NOT NULL,
    count             BIGINT       NOT NULL,
    first_seen        TIMESTAMPTZ  NOT NULL,
    last_seen         TIMESTAMPTZ  NOT NULL,
    PRIMARY KEY (source_account_id, group_id, key, value)
);
-- The group list's tag filter: the groups of an account that have a value.
CREATE INDEX np_crash_group_tags_value ON np_crash_group_tags (source_account_id, key, value, group_id);
