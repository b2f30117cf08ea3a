-- Session aggregates are idempotent on resend: each entry carries a key made from its whole payload and
-- its place in it, unique per account and started minute, so an SDK's retry of the same payload inserts
-- nothing. Rows from before this version have no key and never conflict. The unique index also serves the
-- rollup's range reads by (account, started), which the index it replaces did.
ALTER TABLE np_crash_session_aggregates ADD COLUMN resend_key BIGINT;
CREATE UNIQUE INDEX np_crash_session_aggregates_resend
    ON np_crash_session_aggregates (source_account_id, started, resend_key);
DROP INDEX np_crash_session_aggregates_started;
