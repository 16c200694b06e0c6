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
# indexes come back exactly as the migrations made them. So do the text-search triggers (migration 5: they would
# rewrite a transfer's search document once per tag and model row): the documents and their index are built in one
# pass afterwards, as migration 5 builds them for an existing history.
indexes=$(mktemp)
trap 'rm -f "$indexes"' EXIT
tables="('transfers', 'transfer_tags', 'transfer_models', 'log_events')"
triggered="('transfers', 'transfer_tags', 'transfer_models', 'transfer_search_docs')"
sqlite3 "$DB" "SELECT sql || ';' FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL AND tbl_name IN $tables" >"$indexes"
sqlite3 "$DB" "SELECT sql || ';' FROM sqlite_master WHERE type = 'trigger' AND tbl_name IN $triggered" >"$indexes.triggers"
sqlite3 "$DB" "$(sqlite3 "$DB" "SELECT 'DROP INDEX ' || name || ';' FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL AND tbl_name IN $tables")"
sqlite3 "$DB" "$(sqlite3 "$DB" "SELECT 'DROP TRIGGER ' || name || ';' FROM sqlite_master WHERE type = 'trigger' AND tbl_name IN $triggered") SELECT 1;" >/dev/null
log "writing $TRANSFERS transfers, their models, tags and $((TRANSFERS * 5)) log events"
sed "s/@TRANSFERS@/$TRANSFERS/g" "$HERE/history-data.sql" | sqlite3 "$DB"
log "rebuilding $(wc -l <"$indexes") indexes"
{ echo "PRAGMA cache_size = -262144; BEGIN;"; cat "$indexes"; echo "COMMIT; PRAGMA wal_checkpoint(TRUNCATE);"; } | sqlite3 "$DB" >/dev/null
if [[ -n $(sqlite3 "$DB" "SELECT name FROM sqlite_master WHERE name = 'transfer_search_docs'") ]]; then
  log "building the text-search documents and their index"
  {
    echo "PRAGMA cache_size = -262144; BEGIN;"
    echo "DELETE FROM transfer_search_docs;"
    echo "INSERT INTO transfer_search_docs (transfer_id, doc) SELECT transfer_id, doc FROM transfer_search_source;"
    if [[ -n $(sqlite3 "$DB" "SELECT name FROM sqlite_master WHERE name = 'transfer_search'") ]]; then
      echo "INSERT INTO transfer_search (transfer_search) VALUES ('rebuild');"
    fi
    echo "COMMIT; PRAGMA wal_checkpoint(TRUNCATE);"
  } | sqlite3 "$DB" >/dev/null
fi
{ echo "BEGIN;"; cat "$indexes.triggers"; echo "COMMIT;"; } | sqlite3 "$DB"
rm -f "$indexes.triggers"
log "done: $(du -h "$DB" | cut -f1) in $DB"
