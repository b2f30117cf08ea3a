-- The writes one crash report costs, one transaction per report (pgbench baseline for docs/benchmarks.md).
\set g random(1, 50)
\set u random(1, 5000)
BEGIN;
SELECT group_id FROM np_crash_fingerprints WHERE source_account_id = 'bench-pgbench' AND fingerprint = (SELECT fingerprint FROM np_crash_groups WHERE source_account_id = 'bench-pgbench' ORDER BY id OFFSET :g - 1 LIMIT 1);
WITH r AS (
INSERT INTO np_crash_reports (source_account_id, event_id, group_id, fingerprint, strategy_version, occurred_at, platform, level, is_crash, release, environment, user_id, exception_type, exception_value, title, payload, symbolication, user_key)
  SELECT 'bench-pgbench', gen_random_uuid(), id, fingerprint, 1, now(), 'native', 'fatal', true, 'game@1.0.0', 'production', 'user-' || :u, 'SIGSEGV', 'Segfault', title, jsonb_build_object('pad', repeat('x', 3600)), 'missing', lpad(:u::text, 16, '0')
  FROM np_crash_groups WHERE source_account_id = 'bench-pgbench' ORDER BY id OFFSET :g - 1 LIMIT 1
  ON CONFLICT (source_account_id, event_id) DO NOTHING RETURNING id)
INSERT INTO np_crash_report_missing_symbols (source_account_id, debug_id, report_id) SELECT 'bench-pgbench', '0c1e5b2a-7f3d-4e21-9a8b-1234567890ab', id FROM r;
INSERT INTO np_crash_group_users (source_account_id, group_id, user_key) SELECT 'bench-pgbench', id, lpad(:u::text, 16, '0') FROM np_crash_groups WHERE source_account_id = 'bench-pgbench' ORDER BY id OFFSET :g - 1 LIMIT 1 ON CONFLICT DO NOTHING;
INSERT INTO np_crash_group_releases (source_account_id, group_id, release, count, first_seen, last_seen) SELECT 'bench-pgbench', id, 'game@1.0.0', 1, now(), now() FROM np_crash_groups WHERE source_account_id = 'bench-pgbench' ORDER BY id OFFSET :g - 1 LIMIT 1
  ON CONFLICT (source_account_id, group_id, release) DO UPDATE SET count = np_crash_group_releases.count + 1, last_seen = EXCLUDED.last_seen;
UPDATE np_crash_groups SET count = count + 1, crash_count = crash_count + 1, last_seen = now() WHERE source_account_id = 'bench-pgbench' AND id = (SELECT id FROM np_crash_groups WHERE source_account_id = 'bench-pgbench' ORDER BY id OFFSET :g - 1 LIMIT 1);
INSERT INTO np_crash_rollup_dirty (source_account_id, hour) VALUES ('bench-pgbench', date_trunc('hour', now()));
END;
