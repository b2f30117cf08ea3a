-- Seeds for docs/benchmarks.md: 50 groups for pgbench-report.sql, and 10 M sessions over 90 days.
INSERT INTO np_crash_groups (source_account_id, id, fingerprint, strategy_version, grouped_by, title, level, first_seen, last_seen)
SELECT 'bench-pgbench', nextval('np_crash_groups_id_seq'), md5(g::text) || md5((g + 1)::text), 1, 'stacktrace',
       'SIGSEGV ' || g, 'fatal', now(), now()
FROM generate_series(1, 50) g;
INSERT INTO np_crash_fingerprints (source_account_id, fingerprint, strategy_version, group_id)
SELECT source_account_id, fingerprint, 1, id FROM np_crash_groups WHERE source_account_id = 'bench-pgbench';

INSERT INTO np_crash_sessions (source_account_id, sid, did_hash, seq, init, started, updated, duration, status, errors, release, environment)
SELECT 'bench-stats', 's' || g, (hashint8(g % 200000))::bigint * 2654435761, 1, true,
       now() - interval '90 days' + (g * (interval '90 days' / 10000000)), now(), 60,
       CASE WHEN g % 50 = 0 THEN 'crashed' WHEN g % 100 = 1 THEN 'abnormal' WHEN g % 20 = 2 THEN 'errored' ELSE 'exited' END,
       0, 'game@' || (g % 3) || '.0.0', 'production'
FROM generate_series(1, 10000000) g;
INSERT INTO np_crash_rollup_dirty (source_account_id, hour)
SELECT DISTINCT 'bench-stats', date_trunc('hour', started) FROM np_crash_sessions WHERE source_account_id = 'bench-stats'
ON CONFLICT DO NOTHING;
