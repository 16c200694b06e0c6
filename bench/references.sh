# Sourced by bench/transfer-bench: the reference measurements, i.e. the fastest plain-tool way to move the same
# tenant slice, which Ferry's figures are divided by. Every repetition checks the row count it loaded: a reference
# that moved the wrong rows would make every ratio meaningless, so it is reported as WRONG ROW COUNT and the run
# exits non-zero.

# The reference tables use the native types Ferry's SqlDialect gives the model's logical types (string, decimal,
# timestamp), so both sides write the same bytes: text/numeric/timestamptz in PostgreSQL, VARCHAR(255) key +
# LONGTEXT/DECIMAL(38,9)/DATETIME(6) in MariaDB, TEXT everywhere in SQLite.
pg_target_ddl() {
  printf 'CREATE TABLE %s (id text PRIMARY KEY, user_id text, event_type text, amount numeric, payload text,
          created_at timestamptz, updated_at timestamptz)' "$1"
}
MY_TARGET_DDL="CREATE TABLE events (id VARCHAR(255) NOT NULL PRIMARY KEY, user_id LONGTEXT, event_type LONGTEXT,
  amount DECIMAL(38,9), payload LONGTEXT, created_at DATETIME(6), updated_at DATETIME(6))"
SQLITE_TARGET_DDL="CREATE TABLE events (id TEXT PRIMARY KEY, user_id TEXT, event_type TEXT, amount TEXT,
  payload TEXT, created_at TEXT, updated_at TEXT)"

# The tenant's rows as a COPY source query; an optional extra condition narrows it (incremental reads).
tenant_select() { printf "SELECT %s FROM events WHERE tenant_id = '%s'%s" "$BENCH_COLUMNS" "$BENCH_TENANT" "${1:-}"; }

# COPY ... TO STDOUT of the tenant's rows in PostgreSQL's binary format (the cheapest encoding there is).
pg_copy_out_binary() { pg "$SRC_DB" -c "COPY ($(tenant_select "${1:-}")) TO STDOUT (FORMAT binary)"; }

# Staging + upsert into TARGET in one transaction, reading binary COPY data on stdin. The ON CONFLICT ... WHERE
# keeps Ferry's rule that an older row never overwrites a newer one, so the reference does the same work.
pg_staged_upsert() {
  local target=$1
  pg "$REF_DB" -1 \
    -c "CREATE UNLOGGED TABLE ref_staging (LIKE $target)" \
    -c "COPY ref_staging FROM STDIN (FORMAT binary)" \
    -c "INSERT INTO $target SELECT * FROM ref_staging
        ON CONFLICT (id) DO UPDATE SET user_id = EXCLUDED.user_id, event_type = EXCLUDED.event_type,
          amount = EXCLUDED.amount, payload = EXCLUDED.payload, created_at = EXCLUDED.created_at,
          updated_at = EXCLUDED.updated_at
        WHERE $target.updated_at <= EXCLUDED.updated_at" \
    -c "DROP TABLE ref_staging"
}

# A fresh PostgreSQL target holding the whole tenant slice, vacuumed so hint bits and the visibility map are set
# (otherwise the first timed pass over it would pay for them).
pg_full_target() {
  local target=$1
  pg "$REF_DB" -c "DROP TABLE IF EXISTS $target" -c "$(pg_target_ddl "$target")"
  pg_copy_out_binary | pg "$REF_DB" -c "COPY $target FROM STDIN (FORMAT binary)"
  pg "$REF_DB" -c "VACUUM ANALYZE $target"
}

# ref_check NAME LOADED EXPECTED: a wrong count is loud and marks the measurement failed.
ref_check() {
  local name=$1 loaded=$2 expected=$3
  if [[ "$loaded" != "$expected" ]]; then
    printf '\n*** %s: WRONG ROW COUNT: loaded %s rows, expected %s ***\n\n' "$name" "$loaded" "$expected" >&2
    bench_fail "$name" "WRONG ROW COUNT: loaded $loaded, expected $expected"
    touch "$WORK/wrong-count"
    return 1
  fi
  bench_log "$name: $loaded rows ok"
}

# bench_timed VAR COMMAND...: runs COMMAND, puts its wall-clock seconds in VAR.
bench_timed() {
  local -n seconds_out=$1
  shift
  local started rc=0
  started=$(bench_now)
  "$@" || rc=$?
  # shellcheck disable=SC2034 # a nameref: assigning it sets the caller's variable
  seconds_out=$(bench_elapsed "$started" "$(bench_now)")
  return $rc
}

# ---------------------------------------------------------------------------------------------------------------

# PG -> PG: binary COPY out piped into binary COPY in, into a logged table that already has its primary key.
ref_pg_copy_once() {
  pg_copy_out_binary | pg "$REF_DB" -c "COPY ref_copy FROM STDIN (FORMAT binary)"
}
ref_pg_copy() {
  local r seconds
  for ((r = 1; r <= REPEAT; r++)); do
    pg "$REF_DB" -c "DROP TABLE IF EXISTS ref_copy" -c "$(pg_target_ddl ref_copy)"
    bench_quiesce
    bench_timed seconds ref_pg_copy_once
    ref_check ref-pg-copy "$(pg_value "$REF_DB" 'SELECT count(*) FROM ref_copy')" "$TENANT_ROWS" || return 0
    bench_record ref-pg-copy "$seconds" "$TENANT_ROWS" "$TENANT_BYTES"
  done
}

# The read alone: the source's own COPY of the tenant's rows (text format, as Ferry reads them) into /dev/null, the
# floor one read stream can reach; Ferry's backfill is held to 0.9x of it. Nothing is written, so the row count is
# checked once beforehand, untimed, on the same command's output.
ref_pg_read_once() { pg "$SRC_DB" -c "COPY ($(tenant_select)) TO STDOUT" >/dev/null; }
ref_pg_read() {
  local r seconds
  ref_check ref-pg-read "$(pg "$SRC_DB" -c "COPY ($(tenant_select)) TO STDOUT" | wc -l)" "$TENANT_ROWS" || return 0
  for ((r = 1; r <= REPEAT; r++)); do
    bench_quiesce
    bench_timed seconds ref_pg_read_once
    bench_record ref-pg-read "$seconds" "$TENANT_ROWS" "$TENANT_BYTES"
  done
}

# Staging + ON CONFLICT, into an empty target (as a first load would) and into a full one (every row conflicts and
# is rewritten: what a full refresh by upsert costs).
ref_upsert_once() { pg_copy_out_binary | pg_staged_upsert ref_upsert; }
ref_upsert() {
  local name=$1 fill=$2 r seconds
  for ((r = 1; r <= REPEAT; r++)); do
    if [[ $fill == full ]]; then
      pg_full_target ref_upsert
    else
      pg "$REF_DB" -c "DROP TABLE IF EXISTS ref_upsert" -c "$(pg_target_ddl ref_upsert)"
    fi
    bench_quiesce
    bench_timed seconds ref_upsert_once
    ref_check "$name" "$(pg_value "$REF_DB" 'SELECT count(*) FROM ref_upsert')" "$TENANT_ROWS" || return 0
    bench_record "$name" "$seconds" "$TENANT_ROWS" "$TENANT_BYTES"
  done
}
ref_upsert_empty() { ref_upsert ref-upsert-empty empty; }
ref_upsert_full() { ref_upsert ref-upsert-full full; }

# PG -> MariaDB: CSV to a file, then LOAD DATA LOCAL INFILE. Timestamps leave PostgreSQL as UTC wall-clock text
# (DATETIME(6) has no time zone) and NULL as \N, which LOAD DATA reads as NULL. --show-warnings makes any
# truncation or conversion visible: the load must be clean to count.
ref_mariadb_once() {
  pg "$SRC_DB" -c "COPY (SELECT id, user_id, event_type, amount, payload, created_at AT TIME ZONE 'UTC',
                          updated_at AT TIME ZONE 'UTC' FROM events WHERE tenant_id = '$BENCH_TENANT')
                   TO STDOUT (FORMAT csv, NULL '\\N')" >"$WORK/ref-mariadb.csv" &&
    my --local-infile=1 --show-warnings "$MY_REF_DB" -e "LOAD DATA LOCAL INFILE '$WORK/ref-mariadb.csv'
        INTO TABLE events CHARACTER SET utf8mb4
        FIELDS TERMINATED BY ',' OPTIONALLY ENCLOSED BY '\"' LINES TERMINATED BY '\n'
        (id, user_id, event_type, amount, payload, created_at, updated_at)" >"$WORK/ref-mariadb.warnings"
}
ref_mariadb() {
  local r seconds
  for ((r = 1; r <= REPEAT; r++)); do
    my "$MY_REF_DB" -e "DROP TABLE IF EXISTS events; $MY_TARGET_DDL"
    bench_quiesce
    bench_timed seconds ref_mariadb_once
    rm -f "$WORK/ref-mariadb.csv"
    if [[ -s "$WORK/ref-mariadb.warnings" ]]; then
      bench_log "ref-mariadb: LOAD DATA warnings: $(bench_tail "$WORK/ref-mariadb.warnings" 5)"
      bench_fail ref-mariadb "LOAD DATA reported warnings"
      touch "$WORK/wrong-count"
      return 0
    fi
    ref_check ref-mariadb "$(my "$MY_REF_DB" -e 'SELECT count(*) FROM events')" "$TENANT_ROWS" || return 0
    bench_record ref-mariadb "$seconds" "$TENANT_ROWS" "$TENANT_BYTES"
  done
}

# PG -> SQLite: CSV piped into the sqlite3 shell's .import (one transaction), WAL + synchronous=NORMAL, into a
# table created with its primary key. Timestamps are written as Ferry writes them (RFC 3339 UTC, microseconds).
# Caveat: .import stores NULL amounts as '' (it has no NULL marker), so this reference is slightly optimistic.
ref_sqlite_once() {
  local ts="'YYYY-MM-DD\"T\"HH24:MI:SS.US\"Z\"'"
  pg "$SRC_DB" -c "COPY (SELECT id, user_id, event_type, amount, payload,
                          to_char(created_at AT TIME ZONE 'UTC', $ts), to_char(updated_at AT TIME ZONE 'UTC', $ts)
                          FROM events WHERE tenant_id = '$BENCH_TENANT') TO STDOUT (FORMAT csv)" |
    sqlite3 -batch -bail -cmd 'PRAGMA journal_mode=WAL' -cmd 'PRAGMA synchronous=NORMAL' \
      -cmd '.import --csv /dev/stdin events' "$WORK/ref.sqlite" >/dev/null
}
ref_sqlite() {
  local r seconds
  for ((r = 1; r <= REPEAT; r++)); do
    rm -f "$WORK/ref.sqlite" "$WORK/ref.sqlite-wal" "$WORK/ref.sqlite-shm"
    sqlite3 "$WORK/ref.sqlite" "PRAGMA journal_mode=WAL; $SQLITE_TARGET_DDL" >/dev/null
    bench_quiesce
    bench_timed seconds ref_sqlite_once
    ref_check ref-sqlite "$(sqlite3 "$WORK/ref.sqlite" 'SELECT count(*) FROM events')" "$TENANT_ROWS" || return 0
    bench_record ref-sqlite "$seconds" "$TENANT_ROWS" "$TENANT_BYTES"
  done
}

# pgloader, PG -> PG. pgloader cannot filter a table's rows (no WHERE for database loads), so the tenant slice
# comes from its MATERIALIZE VIEWS clause: pgloader creates that view in the source, copies it into the
# same-named, pre-created target table (with its primary key, like the other references), and drops the view.
# `prefetch rows = 25000` (default 100000): with the default, Debian's pgloader exhausted its Lisp heap on a
# 1,000,000-row tenant in 2 of 3 runs ("Heap exhausted, game over"); with it, it runs every time, and faster.
pgloader_load_file() {
  cat <<EOF_LOAD
LOAD DATABASE
  FROM pgsql://$PG_USER@$PG_HOST:$PG_PORT/$SRC_DB?sslmode=disable
  INTO pgsql://$PG_USER@$PG_HOST:$PG_PORT/$REF_DB?sslmode=disable
  WITH prefetch rows = 25000, data only, create no tables, create no indexes, no truncate, reset no sequences
  INCLUDING ONLY TABLE NAMES MATCHING 'events_${BENCH_TENANT}' IN SCHEMA 'public'
  MATERIALIZE VIEWS events_${BENCH_TENANT} AS \$\$ $(tenant_select) \$\$
;
EOF_LOAD
}
pgloader_once() {
  # The password comes from PGPASSWORD, never the load file.
  (cd "$WORK" && pgloader --logfile "$WORK/pgloader.log" "$WORK/pgloader.load" >"$WORK/pgloader.out" 2>&1)
}
pgloader_bench() {
  local r seconds target="events_${BENCH_TENANT}"
  if ! command -v pgloader >/dev/null; then
    echo "pgloader: failed (not installed)" >&2
    bench_fail pgloader "not installed"
    return 0
  fi
  pgloader_load_file >"$WORK/pgloader.load"
  for ((r = 1; r <= REPEAT; r++)); do
    pg "$REF_DB" -c "DROP TABLE IF EXISTS $target" -c "$(pg_target_ddl "$target")"
    # A pgloader that died leaves its view in the source, and the next run would fail on it.
    pg "$SRC_DB" -c "DROP VIEW IF EXISTS $target"
    bench_quiesce
    local rc=0
    bench_timed seconds pgloader_once || rc=$?
    if ((rc != 0)); then
      echo "pgloader: failed (exit code $rc, $(bench_tail "$WORK/pgloader.out" 3))" >&2
      bench_fail pgloader "pgloader exited non-zero: $(bench_tail "$WORK/pgloader.out" 1)"
      return 0
    fi
    local loaded
    loaded=$(pg_value "$REF_DB" "SELECT count(*) FROM $target")
    if [[ "$loaded" != "$TENANT_ROWS" ]]; then
      # pgloader logs rejected rows and still exits 0: a short load is pgloader failing, not a wrong reference.
      echo "pgloader: failed (loaded $loaded of $TENANT_ROWS rows: $(bench_tail "$WORK/pgloader.out" 3))" >&2
      bench_fail pgloader "loaded $loaded of $TENANT_ROWS rows"
      return 0
    fi
    bench_log "pgloader: $loaded rows ok"
    bench_record pgloader "$seconds" "$TENANT_ROWS" "$TENANT_BYTES"
  done
}

# Incremental reference, one repetition (called by the incremental phase after each 1% change): the rows changed
# since CURSOR (the same window Ferry reads: checkpoint minus the source's lookback), binary COPY into staging and
# ON CONFLICT into a target that already holds the whole slice.
ref_incremental_once() { pg_copy_out_binary " AND updated_at > '$1'::timestamptz" | pg_staged_upsert ref_incremental; }
ref_incremental_rep() {
  local since=$1 expected=$2 seconds
  [[ -e "$WORK/marks/ref-incremental-target" ]] || { pg_full_target ref_incremental; touch "$WORK/marks/ref-incremental-target"; }
  bench_quiesce
  bench_timed seconds ref_incremental_once "$since"
  # The target still holds exactly the tenant's rows, and exactly the changed ones are newer than the window start.
  ref_check ref-incremental "$(pg_value "$REF_DB" "SELECT count(*) FROM ref_incremental")" "$TENANT_ROWS" || return 0
  ref_check ref-incremental "$(pg_value "$REF_DB" \
    "SELECT count(*) FROM ref_incremental WHERE updated_at > '$since'::timestamptz")" "$expected" || return 0
  bench_record ref-incremental "$seconds" "$expected" "$(bench_calc 'b * e / r' b="$TENANT_BYTES" e="$expected" r="$TENANT_ROWS")"
}
