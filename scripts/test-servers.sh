# Sourced by scripts/test: starts throwaway PostgreSQL and MariaDB servers on 127.0.0.1 in temporary folders,
# exports their URLs and passwords for the tests (FERRY_TEST_PG_URL and PGPASSWORD; FERRY_TEST_MYSQL_URL and
# FERRY_TEST_MYSQL_PASSWORD), and stops and removes them on exit. Both servers speak TLS with a certificate for
# `localhost` only, signed by a throwaway CA (FERRY_TEST_CA_CERT), and each has a user that may connect over TLS only
# (FERRY_TEST_PG_TLS_USER / FERRY_TEST_PG_TLS_PASSWORD, FERRY_TEST_MYSQL_TLS_USER / FERRY_TEST_MYSQL_TLS_PASSWORD).

# A CA and a server certificate for DNS:localhost (not 127.0.0.1, where the servers listen: a verify-full
# connection to 127.0.0.1 must be refused), made once per shell in a temporary folder. EC keys: made in milliseconds.
ferry_test_ca() {
  [[ -n "${FERRY_TLS_DIR:-}" && -f "$FERRY_TLS_DIR/server.crt" ]] && return 0
  FERRY_TLS_DIR=$(mktemp -d /tmp/ferry-tls.XXXXXX)
  chmod 755 "$FERRY_TLS_DIR"
  (
    cd "$FERRY_TLS_DIR" &&
    openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -keyout ca.key -out ca.crt \
      -days 2 -subj "/CN=Ferry test CA" &&
    openssl req -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -keyout server.key -out server.csr \
      -subj "/CN=localhost" &&
    printf 'subjectAltName=DNS:localhost\nbasicConstraints=CA:FALSE\nextendedKeyUsage=serverAuth\n' > server.ext &&
    openssl x509 -req -in server.csr -CA ca.crt -CAkey ca.key -CAcreateserial -days 2 -extfile server.ext \
      -out server.crt
  ) >"$FERRY_TLS_DIR/openssl.log" 2>&1 || { cat "$FERRY_TLS_DIR/openssl.log" >&2; return 1; }
  chmod 644 "$FERRY_TLS_DIR/ca.crt"
  export FERRY_TEST_CA_CERT="$FERRY_TLS_DIR/ca.crt"
}

# Copies the server certificate and key into a server's folder, readable by its account only.
ferry_install_server_cert() {
  local dir=$1 owner=$2
  cp "$FERRY_TLS_DIR/server.crt" "$FERRY_TLS_DIR/server.key" "$dir/"
  chmod 600 "$dir/server.key"
  [[ $(id -u) -eq 0 ]] && chown "$owner" "$dir/server.crt" "$dir/server.key"
  return 0
}

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

# FERRY_PG_SERVER_OPTIONS adds server settings (e.g. "-c shared_buffers=1GB"); the benchmark sizes its server that way.
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
  ferry_test_ca || return 1
  ferry_install_server_cert "$FERRY_PG_DIR" postgres
  # The TLS-only user: TLS connections are let in, plain ones refused before any password is asked.
  local hba="$FERRY_PG_DIR/data/pg_hba.conf"
  { printf 'hostssl all ferry_tls 127.0.0.1/32 scram-sha-256\nhostnossl all ferry_tls all reject\n'; cat "$hba"; } \
    > "$hba.new" && mv "$hba.new" "$hba"
  [[ $(id -u) -eq 0 ]] && chown postgres "$hba"
  ferry_as_db_user "$bin/pg_ctl" -D "$FERRY_PG_DIR/data" -l "$FERRY_PG_DIR/server.log" -w -t 60 \
    -o "-c listen_addresses=127.0.0.1 -p $port -k $FERRY_PG_DIR -c max_connections=200 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c ssl=on -c ssl_cert_file=$FERRY_PG_DIR/server.crt -c ssl_key_file=$FERRY_PG_DIR/server.key ${FERRY_PG_SERVER_OPTIONS:-}" \
    start >/dev/null || { cat "$FERRY_PG_DIR/server.log" >&2; return 1; }
  FERRY_PG_BIN=$bin
  local tls_password="ferry-tls-$RANDOM$RANDOM"
  PGPASSWORD="$password" "$bin/psql" -X -q -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$port" -U postgres -d postgres \
    -c "CREATE ROLE ferry_tls LOGIN PASSWORD '$tls_password'" >/dev/null || return 1
  export FERRY_TEST_PG_URL="postgresql://postgres@127.0.0.1:$port/postgres"
  export PGPASSWORD="$password"
  export FERRY_TEST_PG_TLS_USER=ferry_tls FERRY_TEST_PG_TLS_PASSWORD="$tls_password"
  echo "PostgreSQL test server on 127.0.0.1:$port ($FERRY_PG_DIR)" >&2
}

# PgBouncer in transaction mode in front of the test PostgreSQL, as RDS Proxy or Odyssey would sit in front of a
# customer's source: consecutive statements of one client may run on different server sessions, so anything a
# reader keeps in its session (settings, bound values) must travel inside one transaction. A small pool makes
# the clients share server sessions. Exports FERRY_TEST_PGBOUNCER_URL (same user and password as the server).
ferry_start_pgbouncer() {
  [[ -n "${FERRY_PG_DIR:-}" ]] || { echo "start PostgreSQL before PgBouncer" >&2; return 1; }
  local pgbouncer
  pgbouncer=$(command -v pgbouncer || echo /usr/sbin/pgbouncer)
  FERRY_PGBOUNCER_DIR=$(mktemp -d /tmp/ferry-pgbouncer.XXXXXX)
  chmod 755 "$FERRY_PGBOUNCER_DIR"
  local server_port port
  server_port=$(sed -E 's#.*:([0-9]+)/.*#\1#' <<<"$FERRY_TEST_PG_URL")
  port=$(ferry_free_port 26432)
  printf '"postgres" "%s"\n' "$PGPASSWORD" > "$FERRY_PGBOUNCER_DIR/userlist.txt"
  cat > "$FERRY_PGBOUNCER_DIR/pgbouncer.ini" <<INI
[databases]
* = host=127.0.0.1 port=$server_port
[pgbouncer]
listen_addr = 127.0.0.1
listen_port = $port
unix_socket_dir =
auth_type = scram-sha-256
auth_file = $FERRY_PGBOUNCER_DIR/userlist.txt
pool_mode = transaction
default_pool_size = ${FERRY_PGBOUNCER_POOL_SIZE:-3}
max_client_conn = 400
server_reset_query =
ignore_startup_parameters = extra_float_digits,options
pidfile = $FERRY_PGBOUNCER_DIR/pgbouncer.pid
logfile = $FERRY_PGBOUNCER_DIR/pgbouncer.log
INI
  chmod 600 "$FERRY_PGBOUNCER_DIR/userlist.txt"
  [[ $(id -u) -eq 0 ]] && chown -R postgres "$FERRY_PGBOUNCER_DIR"
  # PgBouncer refuses to run as root.
  ferry_as_db_user "$pgbouncer" -d "$FERRY_PGBOUNCER_DIR/pgbouncer.ini" >/dev/null 2>&1 \
    || { cat "$FERRY_PGBOUNCER_DIR/pgbouncer.log" >&2; return 1; }
  local deadline=$(( SECONDS + 30 ))
  until (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; do
    (( SECONDS < deadline )) || { echo "PgBouncer did not start:" >&2; cat "$FERRY_PGBOUNCER_DIR/pgbouncer.log" >&2; return 1; }
    sleep 0.1
  done
  export FERRY_TEST_PGBOUNCER_URL="postgresql://postgres@127.0.0.1:$port/postgres"
  echo "PgBouncer (transaction pooling) on 127.0.0.1:$port ($FERRY_PGBOUNCER_DIR)" >&2
}

ferry_stop_pgbouncer() {
  [[ -n "${FERRY_PGBOUNCER_DIR:-}" && -d "$FERRY_PGBOUNCER_DIR" ]] || return 0
  local pid
  pid=$(cat "$FERRY_PGBOUNCER_DIR/pgbouncer.pid" 2>/dev/null || true)
  [[ -n "$pid" ]] && kill "$pid" 2>/dev/null || true
  rm -rf "$FERRY_PGBOUNCER_DIR"
}

# MariaDB's administrator is the OS user running this script, authenticated by the unix socket (no password);
# the tests connect over TCP as `ferry` with a random password.
ferry_mariadb_client() {
  local program=$1
  shift
  "$program" --no-defaults --socket="$FERRY_MYSQL_DIR/mysqld.sock" --user="$(id -un)" "$@"
}

ferry_start_mariadb() {
  FERRY_MYSQL_DIR=$(mktemp -d /tmp/ferry-mysql.XXXXXX)
  chmod 755 "$FERRY_MYSQL_DIR"
  mkdir "$FERRY_MYSQL_DIR/data" "$FERRY_MYSQL_DIR/tmp"
  # mariadbd refuses to run as root: when root, it switches to the mysql account the Debian package creates.
  local user_args=()
  if [[ $(id -u) -eq 0 ]]; then
    user_args=(--user=mysql)
    chown -R mysql: "$FERRY_MYSQL_DIR"
  fi
  local password="ferry-test-$RANDOM$RANDOM"
  local tls_password="ferry-tls-$RANDOM$RANDOM"
  local port
  port=$(ferry_free_port 23306)
  ferry_test_ca || return 1
  ferry_install_server_cert "$FERRY_MYSQL_DIR" mysql
  # Small and fast: a test server holds little data and may lose its last second on a crash.
  local server_args=(
    --datadir="$FERRY_MYSQL_DIR/data" --tmpdir="$FERRY_MYSQL_DIR/tmp"
    --character-set-server=utf8mb4 --collation-server=utf8mb4_general_ci
    --innodb-buffer-pool-size=64M --innodb-log-file-size=16M --innodb-log-buffer-size=4M
    --innodb-flush-log-at-trx-commit=2 --innodb-doublewrite=0 --innodb-use-native-aio=0
  )
  mariadb-install-db --no-defaults "${user_args[@]}" "${server_args[@]}" --auth-root-socket-user="$(id -un)" \
    --skip-test-db --skip-name-resolve >"$FERRY_MYSQL_DIR/install-db.log" 2>&1 \
    || { cat "$FERRY_MYSQL_DIR/install-db.log" >&2; return 1; }
  mariadbd --no-defaults "${user_args[@]}" "${server_args[@]}" \
    --socket="$FERRY_MYSQL_DIR/mysqld.sock" --pid-file="$FERRY_MYSQL_DIR/mysqld.pid" \
    --log-error="$FERRY_MYSQL_DIR/error.log" --port="$port" --bind-address=127.0.0.1 \
    --local-infile=1 --skip-name-resolve --max-connections=200 --ssl-ca="$FERRY_TLS_DIR/ca.crt" \
    --ssl-cert="$FERRY_MYSQL_DIR/server.crt" --ssl-key="$FERRY_MYSQL_DIR/server.key" \
    >"$FERRY_MYSQL_DIR/stdout.log" 2>&1 </dev/null &
  FERRY_MYSQL_PID=$!
  # ping succeeds as soon as the server answers, even before the grant tables let us in.
  local deadline=$(( SECONDS + 60 ))
  until ferry_mariadb_client mariadb-admin --connect-timeout=2 ping >/dev/null 2>&1; do
    if ! kill -0 "$FERRY_MYSQL_PID" 2>/dev/null || (( SECONDS >= deadline )); then
      echo "MariaDB test server did not start:" >&2
      cat "$FERRY_MYSQL_DIR/error.log" "$FERRY_MYSQL_DIR/stdout.log" >&2 || true
      return 1
    fi
    sleep 0.1
  done
  ferry_mariadb_client mariadb --batch <<SQL || { cat "$FERRY_MYSQL_DIR/error.log" >&2 || true; return 1; }
CREATE USER 'ferry'@'127.0.0.1' IDENTIFIED BY '$password';
GRANT ALL PRIVILEGES ON *.* TO 'ferry'@'127.0.0.1' WITH GRANT OPTION;
CREATE USER 'ferry'@'localhost' IDENTIFIED BY '$password';
GRANT ALL PRIVILEGES ON *.* TO 'ferry'@'localhost' WITH GRANT OPTION;
CREATE USER 'ferry_tls'@'127.0.0.1' IDENTIFIED BY '$tls_password' REQUIRE SSL;
GRANT SELECT ON *.* TO 'ferry_tls'@'127.0.0.1';
SQL
  export FERRY_TEST_MYSQL_URL="mysql://ferry@127.0.0.1:$port/"
  export FERRY_TEST_MYSQL_PASSWORD="$password"
  export FERRY_TEST_MYSQL_TLS_USER=ferry_tls FERRY_TEST_MYSQL_TLS_PASSWORD="$tls_password"
  echo "MariaDB test server on 127.0.0.1:$port ($FERRY_MYSQL_DIR)" >&2
}

ferry_stop_mariadb() {
  [[ -n "${FERRY_MYSQL_DIR:-}" && -d "$FERRY_MYSQL_DIR" ]] || return 0
  # mariadbd is this shell's own child (it drops root itself), so $! is its pid even before it writes a pid file.
  local pid=${FERRY_MYSQL_PID:-}
  if [[ -n "$pid" ]] && kill -0 "$pid" 2>/dev/null; then
    ferry_mariadb_client mariadb-admin --connect-timeout=2 shutdown >/dev/null 2>&1 || kill "$pid" 2>/dev/null || true
    local deadline=$(( SECONDS + 30 ))
    while kill -0 "$pid" 2>/dev/null && (( SECONDS < deadline )); do
      sleep 0.1
    done
    kill -9 "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
  fi
  rm -rf "$FERRY_MYSQL_DIR"
}

ferry_stop_servers() {
  ferry_stop_pgbouncer
  if [[ -n "${FERRY_PG_DIR:-}" && -d "$FERRY_PG_DIR" ]]; then
    ferry_as_db_user "$FERRY_PG_BIN/pg_ctl" -D "$FERRY_PG_DIR/data" -m immediate stop >/dev/null 2>&1 || true
    rm -rf "$FERRY_PG_DIR"
  fi
  ferry_stop_mariadb
  [[ -n "${FERRY_TLS_DIR:-}" ]] && rm -rf "$FERRY_TLS_DIR"
  return 0
}
