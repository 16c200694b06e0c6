# Sourced by bench/transfer-bench: the multi-tenant source table and the facts every measurement is checked
# against (the tenant's row count and data size).

# The columns Ferry's model delivers and every reference copies, in destination order. tenant_id is the filter,
# not a delivered column: a recipient's own table holds one tenant.
BENCH_COLUMNS="id, user_id, event_type, amount, payload, created_at, updated_at"
BENCH_TENANT=tenant_000
# Every generated user_id starts with its tenant's number: usr_000_ for tenant_000. A delivered row whose user_id
# does not is another tenant's.
bench_user_prefix() { printf 'usr_%s_' "${BENCH_TENANT#tenant_}"; }

# bench_generate_table TABLE TOTAL_ROWS TENANT_SQL TENANT_ROWS (the last only for the progress message)
# One INSERT ... SELECT over generate_series (the server does all the work, no client round trips). TENANT_SQL is
# an expression of g (the row number) giving the tenant number 0..99. Rows of all tenants are interleaved, as in a
# real multi-tenant table, so a tenant's rows are spread over the whole heap. About 230 bytes a row.
bench_generate_table() {
  local table=$1 total=$2 tenant_sql=$3 started
  bench_log "generating $table: $total rows, $4 for $BENCH_TENANT"
  started=$(bench_now)
  pg "$SRC_DB" <<SQL
DROP TABLE IF EXISTS $table CASCADE;
CREATE TABLE $table (
  id text NOT NULL,
  tenant_id text NOT NULL,
  user_id text NOT NULL,
  event_type text NOT NULL,
  amount numeric(12,2),
  payload text NOT NULL,
  created_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL
);
INSERT INTO $table
SELECT md5(g::text)::uuid::text,
       'tenant_' || lpad(t::text, 3, '0'),
       'usr_' || lpad(t::text, 3, '0') || '_' || lpad(((g * 7919) % 5000)::text, 4, '0'),
       (ARRAY['page_view', 'signup', 'purchase', 'refund', 'login', 'logout'])[1 + g % 6],
       -- only purchases and refunds carry an amount: a third of the rows have NULL
       CASE WHEN g % 6 IN (2, 3) THEN ((g * 104729) % 1000000) / 100.0 END,
       '{"source":"' || CASE WHEN g % 3 = 0 THEN 'mobile' ELSE 'web' END || '","session":"' || md5('s' || g)
         || '","page":"/app/section-' || (g % 97) || '/item","ref":"search","v":' || (g % 7) || '}',
       created,
       -- updated within a day of creation, microsecond precision; all of it months before today, so the 1%
       -- change (updated_at = now()) is the only recent data
       created + ((g * 31) % 86400) * interval '1 second' + ((g * 17) % 1000000) * interval '1 microsecond'
FROM (SELECT g, ($tenant_sql) AS t,
             timestamptz '2025-01-01 00:00:00+00' + ((g * 104729) % 31536000) * interval '1 second' AS created
      FROM generate_series(1::bigint, $total) AS g) AS s;
ALTER TABLE $table ADD PRIMARY KEY (id);
CREATE INDEX ${table}_tenant_updated ON $table (tenant_id, updated_at);
VACUUM ANALYZE $table;
SQL
  bench_log "$table generated in $(bench_elapsed "$started" "$(bench_now)") s"
}

# The main table: 100 tenants; tenant_000 holds every fifth row (20%), the 99 others share the rest evenly.
bench_generate_events() {
  bench_generate_table events $((ROWS * 5)) 'CASE WHEN g % 5 = 0 THEN 0 ELSE 1 + g % 99 END' "$ROWS"
}

# The 5x table for the memory check: tenant_000 with 5x its rows, plus one other tenant (a sixth of the rows) so
# the tenant filter still has rows to skip. Only two tenants: a full 100-tenant table at 5x would be 25x ROWS.
bench_generate_events_x5() {
  bench_generate_table events_x5 $((ROWS * 6)) 'CASE WHEN g % 6 = 0 THEN 1 ELSE 0 END' $((ROWS * 5))
}

# bench_tenant_facts TABLE -> "ROWS BYTES": the tenant's row count and the size of the delivered columns
# (pg_column_size of each row of the delivered columns, summed), the base of every MB/s figure.
bench_tenant_facts() {
  pg_value "$SRC_DB" "SELECT count(*) || ' ' || coalesce(sum(pg_column_size(t.*)), 0)
                      FROM (SELECT $BENCH_COLUMNS FROM $1 WHERE tenant_id = '$BENCH_TENANT') AS t"
}

# bench_rows_since TABLE CURSOR -> rows of the tenant with updated_at > CURSOR (what an incremental read returns)
bench_rows_since() {
  pg_value "$SRC_DB" "SELECT count(*) FROM $1 WHERE tenant_id = '$BENCH_TENANT' AND updated_at > '$2'::timestamptz"
}
