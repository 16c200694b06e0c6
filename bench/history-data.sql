-- Fills an SQLite state database (at the current schema, indexes dropped by bench/history-data.sh) with a history:
-- :transfers transfers over two years from 2024-01-01, 3 models each, tags env/customer_tier on every transfer and
-- `incident` on 0.01%, 5 log events per transfer. Deterministic: a transfer's values follow from its number i.
-- The shell script replaces @TRANSFERS@.
PRAGMA synchronous = OFF;
PRAGMA cache_size = -262144;
PRAGMA temp_store = MEMORY;
BEGIN;
CREATE TEMP TABLE g AS
WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i < @TRANSFERS@ - 1),
h AS (SELECT i, ((i * 2654435761) % 1000003) % 10000 AS r,
             -- 499 destinations share the history; dest-499 is rare (one transfer in 50,000)
             CASE WHEN i % 50000 = 7 THEN 499 ELSE (i * 7919) % 499 END AS d
      FROM n)
SELECT i, r, d,
       printf('%08x-%04x-4%03x-8%03x-%012x', (i * 2654435761) % 4294967296, (i * 40503) % 65536, i % 4096,
              (i * 7) % 4096, i) AS id,
       1704067200 + i * (63072000.0 / @TRANSFERS@) + (r % 1000) / 1000.0 AS sub,
       CASE WHEN i >= @TRANSFERS@ - 10 THEN 'PENDING'
            WHEN i >= @TRANSFERS@ - 30 THEN 'RUNNING'
            WHEN r < 9000 THEN 'SUCCESS' WHEN r < 9400 THEN 'ERROR' WHEN r < 9600 THEN 'PARTIAL_FAILURE'
            WHEN r < 9750 THEN 'CANCELLED' WHEN r < 9900 THEN 'KILLED' WHEN r < 9950 THEN 'EXPIRED'
            ELSE 'ORPHANED' END AS status
FROM h;

CREATE TEMP TABLE errors (k INTEGER PRIMARY KEY, code TEXT, title TEXT, message TEXT, blame TEXT);
INSERT INTO errors VALUES
  (0, 'FERRY-SRC-QUERY', 'Source query failed', 'relation "events" does not exist', 'source'),
  (1, 'FERRY-DST-VALUE', 'Value out of range', 'model "orders": column amount cannot hold 1e40', 'destination'),
  (2, 'FERRY-SRC-AUTH', 'Source refused the password', 'password authentication failed for user "app"', 'source'),
  (3, 'FERRY-DST-CONNECT', 'Cannot reach the destination', 'server closed the connection: connection reset by peer', 'destination'),
  (4, 'FERRY-AUDIT-COUNT', 'Audit failed: row count', 'the destination staged 9 rows of 10 read', 'ferry');

INSERT INTO transfers (id, destination_id, destination_name, recipient_name, status, is_full_refresh, requested_models,
                       reason, submitted_at, started_at, ended_at, worker_id, heartbeat_at, cancel_requested,
                       rows_transferred, bytes_transferred, error_code, error_title, error_message, error_blame,
                       error_hint, updated_at)
SELECT id, printf('dest-%03d', d), printf('destination-%03d', d), printf('recipient-%03d', d % 200), status,
       (r % 50 = 0), '[]', CASE WHEN r % 4 = 0 THEN 'user' ELSE 'schedule' END,
       strftime('%Y-%m-%dT%H:%M:%fZ', sub, 'unixepoch'),
       CASE WHEN status IN ('PENDING', 'CANCELLED', 'EXPIRED') THEN NULL ELSE strftime('%Y-%m-%dT%H:%M:%fZ', sub + 2, 'unixepoch') END,
       CASE WHEN status IN ('PENDING', 'RUNNING') THEN NULL ELSE strftime('%Y-%m-%dT%H:%M:%fZ', sub + 32 + r % 600, 'unixepoch') END,
       CASE WHEN status IN ('PENDING', 'CANCELLED', 'EXPIRED') THEN NULL ELSE printf('bench-host:%d:0000:%d', 1000 + r % 7, r % 2 + 1) END,
       CASE WHEN status IN ('PENDING', 'CANCELLED', 'EXPIRED') THEN NULL ELSE strftime('%Y-%m-%dT%H:%M:%fZ', sub + 30, 'unixepoch') END,
       0,
       CASE WHEN status IN ('SUCCESS', 'PARTIAL_FAILURE') THEN (r * 37) % 100000 ELSE 0 END,
       CASE WHEN status IN ('SUCCESS', 'PARTIAL_FAILURE') THEN (r * 37) % 100000 * 200 ELSE 0 END,
       CASE status WHEN 'KILLED' THEN 'FERRY-KILLED' WHEN 'EXPIRED' THEN 'FERRY-EXPIRED' WHEN 'ORPHANED' THEN 'FERRY-ORPHANED'
                   WHEN 'ERROR' THEN e.code WHEN 'PARTIAL_FAILURE' THEN e.code END,
       CASE status WHEN 'KILLED' THEN 'Transfer killed' WHEN 'EXPIRED' THEN 'Expired' WHEN 'ORPHANED' THEN 'Worker stopped'
                   WHEN 'ERROR' THEN e.title WHEN 'PARTIAL_FAILURE' THEN e.title END,
       CASE status WHEN 'KILLED' THEN 'a user stopped the transfer while it ran'
                   WHEN 'EXPIRED' THEN 'the transfer waited more than 6 hours without being able to start'
                   WHEN 'ORPHANED' THEN 'the worker running this transfer stopped sending heartbeats'
                   WHEN 'ERROR' THEN e.message WHEN 'PARTIAL_FAILURE' THEN e.message END,
       CASE WHEN status IN ('KILLED', 'EXPIRED') THEN 'config' WHEN status = 'ORPHANED' THEN 'ferry'
            WHEN status IN ('ERROR', 'PARTIAL_FAILURE') THEN e.blame END,
       NULL,
       CASE WHEN status = 'PENDING' THEN strftime('%Y-%m-%dT%H:%M:%fZ', sub, 'unixepoch')
            WHEN status = 'RUNNING' THEN strftime('%Y-%m-%dT%H:%M:%fZ', sub + 30, 'unixepoch')
            ELSE strftime('%Y-%m-%dT%H:%M:%fZ', sub + 32 + r % 600, 'unixepoch') END
FROM g JOIN errors e ON e.k = g.r % 5
ORDER BY g.i;

INSERT INTO transfer_tags (transfer_id, tag_key, tag_value)
SELECT id, k, v FROM (
  SELECT i, id, 'env' AS k, CASE WHEN r % 10 < 7 THEN 'prod' WHEN r % 10 < 9 THEN 'staging' ELSE 'dev' END AS v FROM g
  UNION ALL
  SELECT i, id, 'customer_tier', CASE r % 3 WHEN 0 THEN 'gold' WHEN 1 THEN 'silver' ELSE 'bronze' END FROM g
  UNION ALL
  SELECT i, id, 'incident', printf('INC-%04d', i / 10000) FROM g WHERE i % 10000 = 3)
ORDER BY i; -- rows land in time order, as transfers are enqueued

CREATE TEMP TABLE model_names (m INTEGER PRIMARY KEY, name TEXT);
INSERT INTO model_names VALUES (0, 'events'), (1, 'users'), (2, 'orders');
INSERT INTO transfer_models (transfer_id, model_name, status, mode, cursor_from, cursor_to, most_recent_last_updated_at,
                             windows_done, windows_planned, rows_read, rows_written, bytes, started_at, ended_at,
                             error_phase, error_code, error_title, error_message, error_blame, error_hint)
SELECT g.id, mn.name, s.model_status, CASE WHEN g.r % 50 = 0 THEN 'full_refresh' WHEN g.i < 500 THEN 'backfill' ELSE 'incremental' END,
       NULL, NULL, NULL,
       CASE WHEN s.model_status = 'SUCCESS' THEN 1 + g.r % 3 ELSE g.r % 2 END, 1 + g.r % 3,
       (g.r * (mn.m + 3)) % 40000, CASE WHEN s.model_status = 'SUCCESS' THEN (g.r * (mn.m + 3)) % 40000 ELSE 0 END,
       (g.r * (mn.m + 3)) % 40000 * 200,
       strftime('%Y-%m-%dT%H:%M:%fZ', g.sub + 3, 'unixepoch'),
       CASE WHEN s.model_status IN ('RUNNING', 'PENDING') THEN NULL ELSE strftime('%Y-%m-%dT%H:%M:%fZ', g.sub + 30 + g.r % 600, 'unixepoch') END,
       CASE WHEN s.model_status = 'ERROR' THEN 'read' END,
       CASE WHEN s.model_status = 'ERROR' THEN e.code END,
       CASE WHEN s.model_status = 'ERROR' THEN e.title END,
       CASE WHEN s.model_status = 'ERROR' THEN e.message END,
       CASE WHEN s.model_status = 'ERROR' THEN e.blame END,
       NULL
FROM g CROSS JOIN model_names mn JOIN errors e ON e.k = g.r % 5
JOIN (SELECT 'SUCCESS' AS t, 0 AS m, 'SUCCESS' AS model_status UNION ALL SELECT 'SUCCESS', 1, 'SUCCESS' UNION ALL SELECT 'SUCCESS', 2, 'SUCCESS'
      UNION ALL SELECT 'ERROR', 0, 'ERROR' UNION ALL SELECT 'ERROR', 1, 'ERROR' UNION ALL SELECT 'ERROR', 2, 'ERROR'
      UNION ALL SELECT 'PARTIAL_FAILURE', 0, 'ERROR' UNION ALL SELECT 'PARTIAL_FAILURE', 1, 'SUCCESS' UNION ALL SELECT 'PARTIAL_FAILURE', 2, 'SUCCESS'
      UNION ALL SELECT 'KILLED', 0, 'SUCCESS' UNION ALL SELECT 'KILLED', 1, 'KILLED' UNION ALL SELECT 'KILLED', 2, 'KILLED'
      UNION ALL SELECT 'ORPHANED', 0, 'SUCCESS' UNION ALL SELECT 'ORPHANED', 1, 'ORPHANED' UNION ALL SELECT 'ORPHANED', 2, 'ORPHANED'
      UNION ALL SELECT 'RUNNING', 0, 'SUCCESS' UNION ALL SELECT 'RUNNING', 1, 'RUNNING' UNION ALL SELECT 'RUNNING', 2, 'RUNNING') s
  ON s.t = g.status AND s.m = mn.m
ORDER BY g.i, mn.m;

-- Five events per transfer, ids rising with time: queued, started, two model lines (a warning now and then), the end.
CREATE TEMP TABLE steps (k INTEGER PRIMARY KEY);
INSERT INTO steps VALUES (0), (1), (2), (3), (4);
INSERT INTO log_events (at, level, category, transfer_id, model_name, phase, message, fields)
SELECT strftime('%Y-%m-%dT%H:%M:%fZ', g.sub + s.k * 7, 'unixepoch'),
       CASE WHEN s.k = 4 AND g.status NOT IN ('SUCCESS', 'PENDING', 'RUNNING', 'CANCELLED') THEN 'error'
            WHEN s.k = 3 AND g.r % 33 = 0 THEN 'warning'
            WHEN s.k = 2 AND g.r % 4 = 0 THEN 'debug' ELSE 'info' END,
       CASE WHEN s.k = 0 THEN 'queue' ELSE 'engine' END,
       g.id,
       CASE WHEN s.k IN (2, 3) THEN mn.name END,
       CASE s.k WHEN 0 THEN NULL WHEN 1 THEN 'connect' WHEN 2 THEN 'read' WHEN 3 THEN 'publish' ELSE 'cleanup' END,
       CASE s.k WHEN 0 THEN printf('queued for destination-%03d (schedule)', g.d)
                WHEN 1 THEN printf('transfer to destination-%03d started on worker bench-host:%d:0000:1', g.d, 1000 + g.r % 7)
                WHEN 2 THEN printf('window 1/1 read: %d row(s)', g.r * 3 % 40000)
                WHEN 3 THEN CASE WHEN g.r % 33 = 0 THEN printf('a key of %s repeats among the rows read', mn.name)
                                 ELSE printf('window 1/1: %d row(s)', g.r * 3 % 40000) END
                ELSE CASE WHEN g.status IN ('SUCCESS', 'PENDING', 'RUNNING', 'CANCELLED') THEN printf('transfer ended %s: %d row(s)', g.status, (g.r * 37) % 100000)
                          ELSE printf('%s: %s', e.title, e.message) END END,
       '{}'
FROM g CROSS JOIN steps s JOIN model_names mn ON mn.m = (g.i + s.k) % 3 JOIN errors e ON e.k = g.r % 5
ORDER BY g.i, s.k;
COMMIT;
