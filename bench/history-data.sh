#!/usr/bin/env bash
# Fills an empty SQLite state database at the current schema with a large transfer history (bench/history-data.sql):
# what bench/history-bench times, and what a UI benchmark can load. Create the database first with any ferryctl
# command, e.g. `ferryctl --state sqlite:PATH transfer list`.
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)

usage() {
  cat <<EOF
Usage: bench/history-data.sh --sqlite PATH [--transfers N]

  --sqlite PATH     the state database (migrated, without transfers)
  --transfers N     transfers to write (default 1000000); 3 models, 2 tags (3 on 0.01%) and 5 log events each
EOF
}

DB= TRANSFERS=1000000
while (($#)); do
  case $1 in
    --sqlite) DB=${2:?}; shift ;;
    --transfers) TRANSFERS=${2:?}; shift ;;
    -h | --help) usage; exit 0 ;;
    *) usage >&2; exit 2 ;;
  esac
  shift
done
[[ -n $DB && -f $DB ]] || { usage >&2; exit 2; }
[[ $TRANSFERS =~ ^[1-9][0-9]*$ ]] || { echo "history-data.sh: --transfers is a whole number" >&2; exit 2; }
command -v sqlite3 >/dev/null || { echo "history-data.sh: needs the sqlite3 command (apt-get install sqlite3)" >&2; exit 1; }
log() { printf '[history-data %s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }

existing=$(sqlite3 "$DB" "SELECT COUNT(*) FROM transfers")
[[ $existing == 0 ]] || { echo "history-data.sh: $DB already holds $existing transfers" >&2; exit 1; }

# Loading into tables without their secondary indexes and building those afterwards is several times faster; the
# indexes come back exactly as the migrations made them.
indexes=$(mktemp)
trap 'rm -f "$indexes"' EXIT
tables="('transfers', 'transfer_tags', 'transfer_models', 'log_events')"
sqlite3 "$DB" "SELECT sql || ';' FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL AND tbl_name IN $tables" >"$indexes"
sqlite3 "$DB" "$(sqlite3 "$DB" "SELECT 'DROP INDEX ' || name || ';' FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL AND tbl_name IN $tables")"
log "writing $TRANSFERS transfers, their models, tags and $((TRANSFERS * 5)) log events"
sed "s/@TRANSFERS@/$TRANSFERS/g" "$HERE/history-data.sql" | sqlite3 "$DB"
log "rebuilding $(wc -l <"$indexes") indexes"
{ echo "PRAGMA cache_size = -262144; BEGIN;"; cat "$indexes"; echo "COMMIT; PRAGMA wal_checkpoint(TRUNCATE);"; } | sqlite3 "$DB" >/dev/null
log "done: $(du -h "$DB" | cut -f1) in $DB"
