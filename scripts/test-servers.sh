# Sourced by scripts/test: starts a throwaway PostgreSQL server on 127.0.0.1 in a temporary folder, exports
# FERRY_TEST_PG_URL and PGPASSWORD for the tests, and stops and removes it on exit.

ferry_free_port() {
  local port
  for port in $(seq "$1" $(( $1 + 200 ))); do
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
      echo "$port"
      return 0
    fi
  done
  return 1
}

ferry_as_db_user() {
  # initdb and postgres refuse to run as root: use the postgres account the Debian package creates.
  if [[ $(id -u) -eq 0 ]]; then
    runuser -u postgres -- "$@"
  else
    "$@"
  fi
}

ferry_start_postgres() {
  local bin
  bin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)
  FERRY_PG_DIR=$(mktemp -d /tmp/ferry-pg.XXXXXX)
  chmod 755 "$FERRY_PG_DIR"
  local password="ferry-test-$RANDOM$RANDOM"
  printf '%s\n' "$password" > "$FERRY_PG_DIR/pwfile"
  [[ $(id -u) -eq 0 ]] && chown -R postgres "$FERRY_PG_DIR"
  local port
  port=$(ferry_free_port 25432)
  ferry_as_db_user "$bin/initdb" -D "$FERRY_PG_DIR/data" -U postgres --auth=scram-sha-256 \
    --pwfile="$FERRY_PG_DIR/pwfile" --no-locale -E UTF8 >"$FERRY_PG_DIR/initdb.log" 2>&1 \
    || { cat "$FERRY_PG_DIR/initdb.log" >&2; return 1; }
  ferry_as_db_user "$bin/pg_ctl" -D "$FERRY_PG_DIR/data" -l "$FERRY_PG_DIR/server.log" -w -t 60 \
    -o "-c listen_addresses=127.0.0.1 -p $port -k $FERRY_PG_DIR -c max_connections=200 -c fsync=off -c synchronous_commit=off -c full_page_writes=off" \
    start >/dev/null || { cat "$FERRY_PG_DIR/server.log" >&2; return 1; }
  FERRY_PG_BIN=$bin
  export FERRY_TEST_PG_URL="postgresql://postgres@127.0.0.1:$port/postgres"
  export PGPASSWORD="$password"
  echo "PostgreSQL test server on 127.0.0.1:$port ($FERRY_PG_DIR)" >&2
}

ferry_stop_servers() {
  if [[ -n "${FERRY_PG_DIR:-}" && -d "$FERRY_PG_DIR" ]]; then
    ferry_as_db_user "$FERRY_PG_BIN/pg_ctl" -D "$FERRY_PG_DIR/data" -m immediate stop >/dev/null 2>&1 || true
    rm -rf "$FERRY_PG_DIR"
  fi
}
