#!/usr/bin/env bash
# Copies the history of an SQLite state database that bench/history-data.sh filled into an empty PostgreSQL state
# database at the same schema version, so that ferry-history-bench can time the same reads on PostgreSQL
# (bench/history-bench --postgres URL). Create the PostgreSQL database first with any ferryctl command, e.g.
# `ferryctl --state postgresql://USER@HOST:PORT/DB transfer list`. Needs sqlite3 and psql; the password comes from
# PGPASSWORD or ~/.pgpass.
set -euo pipefail

usage() {
  cat <<EOF
Usage: bench/history-data-pg.sh --sqlite PATH --postgres URL

  --sqlite PATH     a state database filled by bench/history-data.sh
  --postgres URL    the PostgreSQL state database (postgresql://USER@HOST:PORT/DB: migrated, without transfers)
EOF
}

DB= URL=
while (($#)); do
  case $1 in
    --sqlite) DB=${2:?}; shift ;;
    --postgres) URL=${2:?}; shift ;;
    -h | --help) usage; exit 0 ;;
    *) usage >&2; exit 2 ;;
  esac
  shift
done
[[ -n $DB && -f $DB && -n $URL ]] || { usage >&2; exit 2; }
log() { printf '[history-data-pg %s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
pg() { psql "$URL" -X -q -v ON_ERROR_STOP=1 "$@"; }

existing=$(pg -Atc "SELECT COUNT(*) FROM transfers")
[[ $existing == 0 ]] || { echo "history-data-pg.sh: $URL already holds $existing transfers" >&2; exit 1; }
sqlite_version=$(sqlite3 "$DB" "SELECT MAX(version) FROM schema_version")
pg_version=$(pg -Atc "SELECT MAX(version) FROM schema_version")
[[ $sqlite_version == "$pg_version" ]] || { echo "history-data-pg.sh: schema versions differ ($sqlite_version, $pg_version)" >&2; exit 1; }

# As history-data.sh does: load without the secondary indexes and the text-search triggers, then build the indexes
# and the search documents in one pass each (PostgreSQL's own definitions, kept from pg_indexes).
tables="'transfers', 'transfer_tags', 'transfer_models', 'log_events', 'transfer_search_docs'"
indexes=$(pg -Atc "SELECT indexdef || ';' FROM pg_indexes WHERE schemaname = current_schema() AND tablename IN ($tables) AND indexname NOT LIKE '%_pkey'")
pg -Atc "SELECT 'DROP INDEX ' || indexname || ';' FROM pg_indexes WHERE schemaname = current_schema() AND tablename IN ($tables) AND indexname NOT LIKE '%_pkey'" | pg
for table in transfers transfer_tags transfer_models; do pg -c "ALTER TABLE $table DISABLE TRIGGER USER"; done

copy() { # table, columns, SELECT on the SQLite side (in that column order)
  log "copying $1"
  sqlite3 -csv "$DB" "$3" | pg -c "\\copy $1 ($2) FROM STDIN WITH (FORMAT csv)"
}
columns="id, destination_id, destination_name, recipient_name, status, is_full_refresh, requested_models, window_start, window_end, reason, submitted_at, started_at, ended_at, worker_id, heartbeat_at, cancel_requested, rows_transferred, bytes_transferred, error_code, error_title, error_message, error_blame, error_hint, updated_at"
copy transfers "$columns" "SELECT $columns FROM transfers ORDER BY rowid"
copy transfer_tags "transfer_id, tag_key, tag_value" "SELECT transfer_id, tag_key, tag_value FROM transfer_tags ORDER BY rowid"
columns="transfer_id, model_name, status, mode, cursor_from, cursor_to, most_recent_last_updated_at, windows_done, windows_planned, rows_read, rows_written, bytes, started_at, ended_at, error_phase, error_code, error_title, error_message, error_blame, error_hint"
copy transfer_models "$columns" "SELECT $columns FROM transfer_models ORDER BY rowid"
# Ids are generated in COPY order: the same as the SQLite ids.
columns="at, level, category, transfer_id, model_name, phase, message, fields"
copy log_events "$columns" "SELECT $columns FROM log_events ORDER BY id"

log "building the text-search documents"
pg -c "INSERT INTO transfer_search_docs (transfer_id, doc) SELECT transfer_id, doc FROM transfer_search_source"
log "rebuilding $(printf '%s\n' "$indexes" | grep -c .) indexes"
printf 'SET maintenance_work_mem = %s;\n%s\n' "'256MB'" "$indexes" | pg
for table in transfers transfer_tags transfer_models; do pg -c "ALTER TABLE $table ENABLE TRIGGER USER"; done
pg -c "VACUUM ANALYZE"
log "done: $(pg -Atc "SELECT pg_size_pretty(pg_database_size(current_database()))") in $URL"
