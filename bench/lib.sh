# Sourced by bench/transfer-bench: logging, timing, statistics and thin database-client wrappers. Nothing here
# starts a measurement; it only makes the measurement code short enough to read.

# ---------------------------------------------------------------------------------------------------------------
# Messages. Progress goes to stderr so the final table on stdout can be redirected on its own.

bench_log() { printf '[bench %s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
bench_die() { printf 'transfer-bench: %s\n' "$*" >&2; exit 1; }

# The last lines of a file on one line, for "failed (...)" messages.
bench_tail() { tail -n "${2:-3}" "$1" 2>/dev/null | tr '\n' ' ' | sed 's/  */ /g; s/ $//' | cut -c1-300; }

# ---------------------------------------------------------------------------------------------------------------
# Time and statistics. Bash has no floating point: awk does the arithmetic.

bench_now() { printf '%s' "$EPOCHREALTIME"; }
bench_elapsed() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.3f", b - a }'; }

# bench_median 3.2 2.9 3.4 -> 3.200 (the mean of the two middle values for an even count)
bench_median() {
  printf '%s\n' "$@" | sort -g | awk '{ v[NR] = $1 } END {
    if (NR == 0) exit 1
    if (NR % 2) printf "%.3f", v[(NR + 1) / 2]; else printf "%.3f", (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}

bench_max() { printf '%s\n' "$@" | sort -g | tail -n 1; }

# bench_calc 'a / b' a=1 b=2 -> awk arithmetic on named values, 3 decimals
bench_calc() {
  local expr=$1
  shift
  local args=()
  local kv
  for kv in "$@"; do args+=(-v "$kv"); done
  awk "${args[@]}" "BEGIN { printf \"%.3f\", $expr }"
}

# ---------------------------------------------------------------------------------------------------------------
# PostgreSQL. Every call names its database; the server, user and password come from FERRY_TEST_PG_URL and
# PGPASSWORD (exported by scripts/test-servers.sh). -X ignores ~/.psqlrc so a user's settings cannot skew timings.

bench_parse_urls() {
  # postgresql://USER@HOST:PORT/DB and mysql://USER@HOST:PORT/
  local re='^[a-z]+://([^@/]+)@([^:/]+):([0-9]+)/'
  [[ ${FERRY_TEST_PG_URL:-} =~ $re ]] || bench_die "cannot parse FERRY_TEST_PG_URL='${FERRY_TEST_PG_URL:-}'"
  PG_USER=${BASH_REMATCH[1]} PG_HOST=${BASH_REMATCH[2]} PG_PORT=${BASH_REMATCH[3]}
  [[ ${FERRY_TEST_MYSQL_URL:-} =~ $re ]] || bench_die "cannot parse FERRY_TEST_MYSQL_URL='${FERRY_TEST_MYSQL_URL:-}'"
  MY_USER=${BASH_REMATCH[1]} MY_HOST=${BASH_REMATCH[2]} MY_PORT=${BASH_REMATCH[3]}
}

# Plain, like Ferry's bench workspaces (ssl_mode disable): the test server also speaks TLS.
pg_conninfo() { printf 'host=%s port=%s user=%s dbname=%s sslmode=disable' "$PG_HOST" "$PG_PORT" "$PG_USER" "$1"; }

# The psql binary of the server's version, not Debian's /usr/bin/psql: that is pg_wrapper, a Perl script that
# picks the version and then starts the binary, about 50 ms a process (70 on a busy machine), which would be timed
# as part of every reference (twice for a pipe) and make Ferry look better at small tenants than it is.
bench_psql() { "${FERRY_PG_BIN:+$FERRY_PG_BIN/}psql" "$@"; }

# pg DB [psql args...]: psql that stops at the first error
pg() {
  local db=$1
  shift
  PGOPTIONS="-c client_min_messages=warning" bench_psql "$(pg_conninfo "$db")" -X -q -v ON_ERROR_STOP=1 "$@"
}

# pg_value DB SQL: one value, unaligned, no headers
pg_value() { pg "$1" -At -c "$2"; }

pg_recreate_database() {
  pg postgres -c "DROP DATABASE IF EXISTS \"$1\" WITH (FORCE)" -c "CREATE DATABASE \"$1\""
}

# ---------------------------------------------------------------------------------------------------------------
# MariaDB, over TCP as the test user (the password travels in MYSQL_PWD, never on the command line).

my() {
  MYSQL_PWD=$FERRY_TEST_MYSQL_PASSWORD mariadb --no-defaults --protocol=TCP --host="$MY_HOST" --port="$MY_PORT" \
    --user="$MY_USER" --batch --skip-column-names "$@"
}

my_recreate_database() { my -e "DROP DATABASE IF EXISTS \`$1\`; CREATE DATABASE \`$1\`"; }

# ---------------------------------------------------------------------------------------------------------------
# Debian packages: install only what is missing, so a second run works offline.

bench_install_packages() {
  local missing=() package
  for package in "$@"; do
    dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
  done
  [[ ${#missing[@]} -eq 0 ]] && return 0
  bench_log "installing Debian packages: ${missing[*]}"
  local sudo=""
  [[ $(id -u) -ne 0 ]] && sudo=sudo
  DEBIAN_FRONTEND=noninteractive $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

# Writes out InnoDB's dirty pages, so a MariaDB load does not run while the previous one's pages are still being
# flushed in the background (that made repetitions differ by 50%). The flush rate is raised only while waiting,
# then the server's settings are put back.
my_flush_dirty_pages() {
  local capacity capacity_max dirty_pct dirty deadline=$((SECONDS + 300))
  read -r capacity capacity_max dirty_pct < <(my -e \
    "SELECT @@innodb_io_capacity, @@innodb_io_capacity_max, @@innodb_max_dirty_pages_pct")
  my -e "SET GLOBAL innodb_io_capacity_max = 100000; SET GLOBAL innodb_io_capacity = 50000;
         SET GLOBAL innodb_max_dirty_pages_pct = 0"
  while dirty=$(my -e "SHOW GLOBAL STATUS LIKE 'Innodb_buffer_pool_pages_dirty'" | cut -f2) &&
    ((dirty > 50 && SECONDS < deadline)); do
    sleep 0.2
  done
  my -e "SET GLOBAL innodb_max_dirty_pages_pct = $dirty_pct; SET GLOBAL innodb_io_capacity = $capacity;
         SET GLOBAL innodb_io_capacity_max = $capacity_max"
}
