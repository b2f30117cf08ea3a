-- The writes of 100 session updates, one transaction per batch (pgbench baseline for docs/benchmarks.md).
BEGIN;
INSERT INTO np_crash_sessions AS s (source_account_id, sid, did_hash, seq, init, started, updated, duration, status, errors, release, environment)
  SELECT 'bench-pgbench', gen_random_uuid()::text, (random() * 20000)::bigint, 1, true, date_trunc('hour', now()), now(), 60,
         CASE WHEN g % 20 = 0 THEN 'crashed' ELSE 'exited' END, 0, 'game@1.0.0', 'production'
  FROM generate_series(1, 100) g
  ON CONFLICT (source_account_id, sid) DO UPDATE SET status = EXCLUDED.status WHERE s.status = 'ok' AND EXCLUDED.seq > s.seq;
INSERT INTO np_crash_rollup_dirty (source_account_id, hour) VALUES ('bench-pgbench', date_trunc('hour', now()));
END;
