-- One mark per ingest transaction and hour (was one per hour), so the rollup job clears exactly the marks
-- it read: a mark written while it recomputes the hour stays, and the hour is redone on the next run.
ALTER TABLE np_crash_rollup_dirty ADD COLUMN id BIGINT GENERATED ALWAYS AS IDENTITY;
ALTER TABLE np_crash_rollup_dirty DROP CONSTRAINT np_crash_rollup_dirty_pkey;
ALTER TABLE np_crash_rollup_dirty ADD PRIMARY KEY (source_account_id, hour, id);
