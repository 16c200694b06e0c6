# Sourced by bench/transfer-bench: Ferry's side, driven only through ferryctl, as a user's script would: a workspace
# folder, `apply`, then per measurement `transfer create` + `run --once` (timed, peak RSS from /usr/bin/time) +
# `transfer show --json` (status and row count checked). A failing ferryctl never stops the run: the measurement
# prints "ferry: failed (exit code, stderr tail)" and the table shows it.

# The source's lookback_seconds: not set, so the source has Ferry's default for postgres (30 s, SPEC section 2), as
# a user's source would. The reference reads from the same cursor minus the same lookback, so both move the same
# rows. LOOKBACK=N writes lookback_seconds N into the source instead (LOOKBACK=0 was this benchmark's old setting).
PG_DEFAULT_LOOKBACK=30
SOURCE_LOOKBACK=${LOOKBACK:-$PG_DEFAULT_LOOKBACK}

# Builds the release ferryctl unless FERRYCTL names one. A build failure is recorded, not fatal: the references
# still run, and every Ferry measurement reports the failure.
ferry_build() {
  if [[ -n "${FERRYCTL:-}" ]]; then
    [[ -x "$FERRYCTL" ]] || echo "$FERRYCTL is not an executable" >"$WORK/ferry-unavailable"
    return 0
  fi
  FERRYCTL="$ROOT/build/release/app/ferryctl/ferryctl"
  bench_log "building Ferry (release preset; log: $WORK/build.log)"
  if ! (cd "$ROOT" && scripts/install-deps && cmake --preset release && cmake --build --preset release) \
    >"$WORK/build.log" 2>&1; then
    echo "release build failed: $(grep -m1 -E 'error|Error' "$WORK/build.log" | cut -c1-200)" >"$WORK/ferry-unavailable"
    bench_log "ferry: build failed, Ferry measurements will be skipped ($WORK/build.log)"
  fi
}

ferryctl_state() { "$FERRYCTL" --state "sqlite:$WORK/state.db" "$@"; }

# ---------------------------------------------------------------------------------------------------------------
# The workspace: one source, the events model (and events_x5 for the memory check), one product per model so
# each destination receives exactly one model, one recipient, and a fresh destination per backfill repetition
# (a destination with no checkpoint gets a backfill; dropping tables would leave Ferry's checkpoint behind).

ferry_json_column() {
  jq -n --arg n "$1" --arg t "$2" --argjson pk "${3:-false}" --argjson lm "${4:-false}" \
    '{name_in_source: $n, name_in_destination: $n, data_type: $t, is_primary_key: $pk, is_last_modified: $lm}'
}

# ferry_write_model MODEL [SOURCE_TABLE [SOURCE]]: the model (its name is the destination table's) and its product.
ferry_write_model() {
  local model=$1 table=${2:-$1} source=${3:-bench-source} columns
  columns=$(jq -s . <(ferry_json_column id string true) <(ferry_json_column user_id string) \
    <(ferry_json_column event_type string) <(ferry_json_column amount decimal) <(ferry_json_column payload string) \
    <(ferry_json_column created_at timestamp) <(ferry_json_column updated_at timestamp false true))
  jq -n --arg m "$model" --arg t "$table" --arg s "$source" --argjson c "$columns" \
    '{model_name: $m, source_name: $s, source_table: $t, organization_column: "tenant_id", columns: $c}' \
    >"$WORKSPACE_DIR/models/$model.json"
  jq -n --arg m "$model" '{name: $m, models: [$m]}' >"$WORKSPACE_DIR/products/$model.json"
}

# ferry_write_destination NAME VENDOR PRODUCT DATABASE_OR_PATH
ferry_write_destination() {
  local name=$1 vendor=$2 product=$3 where=$4
  local base
  base=$(jq -n --arg n "$name" --arg v "$vendor" --arg p "$product" \
    '{name: $n, recipient: "tenant_000", vendor: $v, products: [$p]}')
  case $vendor in
    postgres)
      jq --arg h "$PG_HOST" --argjson port "$PG_PORT" --arg d "$where" --arg u "$PG_USER" \
        '. + {host: $h, port: $port, database: $d, username: $u, password_env: "PGPASSWORD", ssl_mode: "disable"}' ;;
    mysql)
      jq --arg h "$MY_HOST" --argjson port "$MY_PORT" --arg d "$where" --arg u "$MY_USER" \
        '. + {host: $h, port: $port, database: $d, username: $u, password_env: "FERRY_TEST_MYSQL_PASSWORD",
              ssl_mode: "disable"}' ;;
    sqlite)
      jq --arg p "$where" '. + {path: $p}' ;;
  esac <<<"$base" >"$WORKSPACE_DIR/destinations/$name.json"
}

# ferry_write_source NAME PORT: the benchmark source on PORT (the server's, or PgBouncer's in front of it).
# lookback_seconds only when LOOKBACK is set: otherwise the vendor's default applies, as for a user's source.
ferry_write_source() {
  jq -n --arg n "$1" --arg h "$PG_HOST" --argjson port "$2" --arg d "$SRC_DB" --arg u "$PG_USER" \
    --arg lb "${LOOKBACK:-}" \
    '{name: $n, vendor: "postgres", host: $h, port: $port, database: $d, username: $u,
      password_env: "PGPASSWORD", ssl_mode: "disable"}
     + (if $lb == "" then {} else {lookback_seconds: ($lb | tonumber)} end)' >"$WORKSPACE_DIR/sources/$1.json"
}

ferry_write_workspace() {
  WORKSPACE_DIR="$WORK/workspace"
  rm -rf "$WORKSPACE_DIR"
  mkdir -p "$WORKSPACE_DIR"/{sources,models,products,recipients,destinations}
  ferry_write_source bench-source "$PG_PORT"
  ferry_write_model events
  bench_selected ferry-rss-5x && ferry_write_model events_x5
  jq -n --arg t "$BENCH_TENANT" '{name: "tenant_000", id_in_provider_system: $t}' \
    >"$WORKSPACE_DIR/recipients/tenant_000.json"
  local r
  for ((r = 1; r <= REPEAT; r++)); do
    ferry_write_destination "pg-$r" postgres events "ferry_bench_pg_$r"
    ferry_write_destination "mysql-$r" mysql events "ferry_bench_my_$r"
    ferry_write_destination "sqlite-$r" sqlite events "$WORK/ferry-sqlite-$r.db"
  done
  bench_selected ferry-rss-5x && ferry_write_destination pg-x5 postgres events_x5 ferry_bench_pg_x5
  # The same table read through PgBouncer (transaction pooling): its own source, model and destinations.
  if bench_selected ferry-pg-backfill-pooled; then
    ferry_write_source bench-source-pooled "$PGBOUNCER_PORT"
    ferry_write_model events_pooled events bench-source-pooled
    for ((r = 1; r <= REPEAT; r++)); do
      ferry_write_destination "pgpool-$r" postgres events_pooled "ferry_bench_pgpool_$r"
    done
  fi
  return 0
}

# Empty destination databases (Ferry creates the tables; the database itself is the recipient's to provide).
ferry_prepare_destinations() {
  local r
  for ((r = 1; r <= REPEAT; r++)); do
    pg_recreate_database "ferry_bench_pg_$r"
    my_recreate_database "ferry_bench_my_$r"
    rm -f "$WORK/ferry-sqlite-$r.db"*
  done
  if bench_selected ferry-rss-5x; then pg_recreate_database ferry_bench_pg_x5; fi
  if bench_selected ferry-pg-backfill-pooled; then
    for ((r = 1; r <= REPEAT; r++)); do pg_recreate_database "ferry_bench_pgpool_$r"; done
  fi
}

# Called once before the first Ferry measurement; a failure makes every Ferry measurement report it.
ferry_setup() {
  [[ -e "$WORK/ferry-unavailable" ]] && return 0
  ferry_write_workspace
  ferry_prepare_destinations
  local rc=0
  ferryctl_state apply "$WORKSPACE_DIR" >"$WORK/apply.out" 2>"$WORK/apply.err" || rc=$?
  if ((rc != 0)); then
    echo "exit code $rc from ferryctl apply: $(bench_tail "$WORK/apply.err" 5)" >"$WORK/ferry-unavailable"
    bench_log "ferry: $(cat "$WORK/ferry-unavailable")"
  fi
  return 0
}

# ---------------------------------------------------------------------------------------------------------------

# ferry_transfer DESTINATION MIN_ROWS MAX_ROWS [transfer create options...]
# Enqueues one transfer and runs the queue once. On success sets FT_SECONDS (wall clock of `run --once`),
# FT_RSS_KIB (its peak RSS) and FT_ROWS; on failure prints "ferry: failed (...)", sets FT_ERROR and returns 1.
ferry_transfer() {
  local destination=$1 min_rows=$2 max_rows=$3
  shift 3
  FT_ERROR=""
  if [[ -e "$WORK/ferry-unavailable" ]]; then
    FT_ERROR=$(cat "$WORK/ferry-unavailable")
  else
    ferry_transfer_run "$destination" "$min_rows" "$max_rows" "$@" || true
  fi
  if [[ -n "$FT_ERROR" ]]; then
    echo "ferry: failed ($FT_ERROR)" >&2
    return 1
  fi
}

# FT_TIME_CREATE=1 times `transfer create` too (as a script that enqueues and runs a transfer sees it: two process
# starts); the peak RSS is then the larger of the two processes'.
ferry_transfer_run() {
  local destination=$1 min_rows=$2 max_rows=$3 id rc=0 started
  shift 3
  local err="$WORK/ferryctl.err"
  if [[ ${FT_TIME_CREATE:-0} == 1 ]]; then
    bench_quiesce
    started=$(bench_now)
  fi
  id=$(/usr/bin/time -f %M -o "$WORK/ferry-create.rss" "$FERRYCTL" --state "sqlite:$WORK/state.db" \
    transfer create --destination "$destination" "$@" 2>"$err") || rc=$?
  if ((rc != 0)) || [[ -z "$id" ]]; then
    FT_ERROR="exit code $rc from transfer create: $(bench_tail "$err" 3)"
    return 1
  fi
  if [[ ${FT_TIME_CREATE:-0} != 1 ]]; then
    bench_quiesce
    started=$(bench_now)
  fi
  /usr/bin/time -f %M -o "$WORK/ferry.rss" "$FERRYCTL" --state "sqlite:$WORK/state.db" run --once \
    >"$WORK/ferry-run.out" 2>"$err" || rc=$?
  FT_SECONDS=$(bench_elapsed "$started" "$(bench_now)")
  FT_RSS_KIB=$(tail -n 1 "$WORK/ferry.rss")
  if [[ ${FT_TIME_CREATE:-0} == 1 ]]; then
    FT_RSS_KIB=$(bench_max "$FT_RSS_KIB" "$(tail -n 1 "$WORK/ferry-create.rss")")
  fi
  if ((rc != 0)); then
    FT_ERROR="exit code $rc from run --once: $(bench_tail "$err" 3)"
    return 1
  fi
  local json status
  json=$(ferryctl_state transfer show "$id" --json 2>"$err") || rc=$?
  if ((rc != 0)); then
    FT_ERROR="exit code $rc from transfer show: $(bench_tail "$err" 3)"
    return 1
  fi
  status=$(jq -r '.status // "?"' <<<"$json" 2>/dev/null || echo "unparsable JSON")
  FT_ROWS=$(jq -r '.rows_transferred // "?"' <<<"$json" 2>/dev/null || echo "?")
  if [[ "$status" != SUCCESS ]]; then
    FT_ERROR="transfer $id ended $status: $(jq -rc '[.model_metrics[]?.error | select(. != null) | .message] | first // ""' \
      <<<"$json" 2>/dev/null | cut -c1-200)"
    return 1
  fi
  if ! [[ "$FT_ROWS" =~ ^[0-9]+$ ]] || ((FT_ROWS < min_rows || FT_ROWS > max_rows)); then
    local want=$min_rows
    ((min_rows == max_rows)) || want="$min_rows..$max_rows"
    FT_ERROR="transfer $id moved $FT_ROWS rows, expected $want"
    return 1
  fi
  bench_log "ferry: transfer to $destination: $FT_ROWS rows in $FT_SECONDS s, peak RSS $((FT_RSS_KIB / 1024)) MiB"
}

# ferry_check_destination NAME VENDOR WHERE TABLE EXPECTED: the destination table (named after the model, in the
# default schema) must hold exactly the tenant's rows: EXPECTED rows, none of another tenant. The generated user_id
# starts with the tenant's number (usr_000_...), so a foreign row shows without reading the source again; with the
# source's primary key, the right count and no foreign row mean exactly the tenant's rows. Anything else, or a
# table the benchmark cannot read, fails the measurement: transfer show's SUCCESS alone proves nothing.
ferry_check_destination() {
  local name=$1 vendor=$2 where=$3 table=$4 expected=$5 counts rc=0 sql
  sql="SELECT count(*), coalesce(sum(CASE WHEN substr(user_id, 1, 8) <> '$(bench_user_prefix)' THEN 1 ELSE 0 END), 0)"
  case $vendor in
    postgres) counts=$(pg_value "$where" "$sql FROM $table" 2>&1) || rc=$? ;;
    mysql) counts=$(my "$where" -e "$sql FROM \`$table\`" 2>&1) || rc=$? ;;
    sqlite) counts=$(sqlite3 "$where" "$sql FROM \"$table\"" 2>&1) || rc=$? ;;
  esac
  local count foreign
  IFS='|' read -r count foreign <<<"${counts//$'\t'/|}"
  if ((rc != 0)); then
    echo "ferry: failed (cannot count the rows of $table: $(tr '\n' ' ' <<<"${counts:0:200}"))" >&2
    bench_fail "$name" "cannot count the destination's rows: $(tr '\n' ' ' <<<"${counts:0:120}")"
    return 1
  elif [[ "$count" != "$expected" || "$foreign" != 0 ]]; then
    echo "ferry: failed (destination table $table holds $count rows, expected $expected; $foreign of another tenant)" >&2
    bench_fail "$name" "destination holds $count rows, expected $expected; $foreign of another tenant"
    return 1
  fi
}

# One backfill per repetition, each into its own fresh destination.
ferry_backfill() {
  local name=$1 vendor=$2 r where table=events
  for ((r = 1; r <= REPEAT; r++)); do
    ferry_transfer "$vendor-$r" "$TENANT_ROWS" "$TENANT_ROWS" || { bench_fail "$name" "$FT_ERROR"; return 0; }
    case $vendor in
      pg) where="ferry_bench_pg_$r" ;;
      pgpool) where="ferry_bench_pgpool_$r" table=events_pooled ;;
      mysql) where="ferry_bench_my_$r" ;;
      sqlite) where="$WORK/ferry-sqlite-$r.db" ;;
    esac
    ferry_check_destination "$name" "$(ferry_vendor "$vendor")" "$where" "$table" "$TENANT_ROWS" || return 0
    bench_record "$name" "$FT_SECONDS" "$FT_ROWS" "$TENANT_BYTES" "$FT_RSS_KIB"
    if [[ $vendor == pg && $r == 1 ]]; then touch "$WORK/marks/backfilled-pg-1"; fi
  done
}
ferry_vendor() { case $1 in pg | pgpool) echo postgres ;; *) echo "$1" ;; esac; }
ferry_pg_backfill() { ferry_backfill ferry-pg-backfill pg; }
# The same backfill with the source reached through PgBouncer in transaction mode (consecutive statements of one
# client may run in different server sessions): what a customer behind RDS Proxy or Odyssey gets.
ferry_pg_backfill_pooled() { ferry_backfill ferry-pg-backfill-pooled pgpool; }
ferry_mariadb() { ferry_backfill ferry-mariadb mysql; }
ferry_sqlite() { ferry_backfill ferry-sqlite sqlite; }

# Destination pg-1 is where the full refresh and the incremental runs go: it needs its first backfill, untimed
# when ferry-pg-backfill did not run.
ferry_ensure_pg_1() {
  [[ -e "$WORK/marks/backfilled-pg-1" ]] && return 0
  bench_log "ferry: untimed backfill of destination pg-1 (needed by $1)"
  ferry_transfer pg-1 "$TENANT_ROWS" "$TENANT_ROWS" || return 1
  touch "$WORK/marks/backfilled-pg-1"
}

# Full refresh of a destination that already holds the whole slice (compared with staging + ON CONFLICT into a
# full target). Vacuumed first, as the reference's target is.
ferry_pg_full_refresh() {
  local r
  ferry_ensure_pg_1 ferry-pg-full-refresh || { bench_fail ferry-pg-full-refresh "$FT_ERROR"; return 0; }
  for ((r = 1; r <= REPEAT; r++)); do
    pg ferry_bench_pg_1 -c "VACUUM ANALYZE"
    ferry_transfer pg-1 "$TENANT_ROWS" "$TENANT_ROWS" --full-refresh ||
      { bench_fail ferry-pg-full-refresh "$FT_ERROR"; return 0; }
    ferry_check_destination ferry-pg-full-refresh postgres ferry_bench_pg_1 events "$TENANT_ROWS" || return 0
    bench_record ferry-pg-full-refresh "$FT_SECONDS" "$FT_ROWS" "$TENANT_BYTES" "$FT_RSS_KIB"
  done
}

# Peak RSS at 5x the tenant: one backfill of events_x5 (measured once; it is the memory figure that matters).
ferry_rss_5x() {
  ferry_transfer pg-x5 "$X5_ROWS" "$X5_ROWS" || { bench_fail ferry-rss-5x "$FT_ERROR"; return 0; }
  ferry_check_destination ferry-rss-5x postgres ferry_bench_pg_x5 events_x5 "$X5_ROWS" || return 0
  bench_record ferry-rss-5x "$FT_SECONDS" "$FT_ROWS" "$X5_BYTES" "$FT_RSS_KIB"
}

# Incremental, one repetition (called by the incremental phase after each 1% change): a transfer without
# --full-refresh to pg-1, which reads from its checkpoint minus the lookback, timed as a script drives it: from the
# start of `transfer create` to the end of `run --once`. MIN/MAX: the rows newer than the window start, and the
# rows at or after it (what a lookback read may legitimately include).
ferry_incremental_rep() {
  local min_rows=$1 max_rows=$2 bytes
  FT_TIME_CREATE=1 ferry_transfer pg-1 "$min_rows" "$max_rows" || { bench_fail ferry-incremental "$FT_ERROR"; return 0; }
  ferry_check_destination ferry-incremental postgres ferry_bench_pg_1 events "$TENANT_ROWS" || return 0
  bytes=$(bench_calc 'b * e / r' b="$TENANT_BYTES" e="$FT_ROWS" r="$TENANT_ROWS")
  bench_record ferry-incremental "$FT_SECONDS" "$FT_ROWS" "$bytes" "$FT_RSS_KIB"
}
