# Sourced by bench/transfer-bench: turns $WORK/results.tsv into the results table (Markdown, readable as plain
# text too). Ratios are reference time / Ferry time, so > 1 means Ferry is faster; the incremental is a percentage
# of Ferry's backfill time and the 5x memory row compares peak RSS.

RSS_LIMIT_MIB=256

# bench_values NAME FIELD: the values of one column (3 seconds, 4 rows, 5 bytes, 6 peak RSS KiB) of NAME's runs
bench_values() { awk -F'\t' -v n="$1" -v f="$2" '$1 == "time" && $2 == n && $f != "" { print $f }' "$WORK/results.tsv"; }
bench_median_of() {
  local values
  mapfile -t values < <(bench_values "$1" "$2")
  ((${#values[@]})) && bench_median "${values[@]}"
}
bench_failure() { awk -F'\t' -v n="$1" '$1 == "fail" && $2 == n { print $3; exit }' "$WORK/results.tsv"; }
bench_ran() { [[ -n $(bench_values "$1" 3) || -n $(bench_failure "$1") ]]; }

# bench_peak_mib NAME: the largest peak RSS of NAME's runs, in MiB (empty when not measured)
bench_peak_mib() {
  local values
  mapfile -t values < <(bench_values "$1" 6)
  ((${#values[@]})) && bench_calc 'k / 1024' k="$(bench_max "${values[@]}")"
}

# bench_speed_ratio REF FERRY TARGET -> "ratio|target|verdict"
bench_speed_ratio() {
  local ref ferry ratio
  ref=$(bench_median_of "$1" 3) || true
  ferry=$(bench_median_of "$2" 3) || true
  if [[ -z $ref || -z $ferry ]]; then
    printf 'n/a|≥%s|no %s' "$3" "$([[ -z $ref ]] && echo "$1" || echo "$2")"
    return
  fi
  # Judged on the printed (rounded) value, so the verdict never contradicts the figure next to it.
  ratio=$(awk -v r="$ref" -v f="$ferry" 'BEGIN { printf "%.2f", r / f }')
  printf '%s|≥%s|%s' "$ratio" "$3" "$(awk -v x="$ratio" -v t="$3" 'BEGIN { print (x >= t) ? "ok" : "MISS" }')"
}

# The targets of issue 12. Speed ratios are reference seconds / Ferry seconds.
TARGET_VS_COPY=1.0       # ferry-pg-backfill vs ref-pg-copy
TARGET_VS_READ=0.9       # ferry-pg-backfill vs ref-pg-read (the source's COPY into /dev/null)
TARGET_VS_PGLOADER=3     # ferry-pg-backfill vs pgloader
TARGET_FULL_REFRESH=0.9  # ferry-pg-full-refresh vs ref-upsert-full
TARGET_MARIADB=1.0       # ferry-mariadb vs ref-mariadb
TARGET_SQLITE=1.0        # ferry-sqlite vs ref-sqlite
TARGET_INCREMENTAL=1.0   # ferry-incremental vs ref-incremental, both timed from their first process start

# The comparison of each Ferry row: "ratio|target|verdict|compared with".
bench_comparison() {
  local backfill value
  case $1 in
    ferry-pg-backfill) printf '%s|ref-pg-copy' "$(bench_speed_ratio ref-pg-copy ferry-pg-backfill $TARGET_VS_COPY)" ;;
    ferry-vs-read) printf '%s|ref-pg-read' "$(bench_speed_ratio ref-pg-read ferry-pg-backfill $TARGET_VS_READ)" ;;
    ferry-vs-pgloader) printf '%s|pgloader' "$(bench_speed_ratio pgloader ferry-pg-backfill $TARGET_VS_PGLOADER)" ;;
    ferry-pg-backfill-pooled)
      # No target of its own: it must deliver exactly the tenant's rows (checked, or the row says failed); the
      # ratio shows what the pooler costs next to the direct row's.
      value=$(bench_speed_ratio ref-pg-copy ferry-pg-backfill-pooled 0)
      printf '%s||exact rows|ref-pg-copy' "${value%%|*}" ;;
    ferry-pg-full-refresh) printf '%s|ref-upsert-full' "$(bench_speed_ratio ref-upsert-full ferry-pg-full-refresh $TARGET_FULL_REFRESH)" ;;
    ferry-mariadb) printf '%s|ref-mariadb' "$(bench_speed_ratio ref-mariadb ferry-mariadb $TARGET_MARIADB)" ;;
    ferry-sqlite) printf '%s|ref-sqlite' "$(bench_speed_ratio ref-sqlite ferry-sqlite $TARGET_SQLITE)" ;;
    ferry-incremental) printf '%s|ref-incremental' "$(bench_speed_ratio ref-incremental ferry-incremental $TARGET_INCREMENTAL)" ;;
    ferry-rss-5x)
      backfill=$(bench_peak_mib ferry-pg-backfill) || true
      value=$(bench_peak_mib ferry-rss-5x) || true
      if [[ -z $backfill || -z $value ]]; then
        printf 'n/a|≤1.10× RSS|no ferry-pg-backfill RSS|RSS of ferry-pg-backfill'
      else
        value=$(awk -v x="$value" -v b="$backfill" 'BEGIN { printf "%.2f", x / b }')
        printf '%s×|≤1.10× RSS|%s|RSS of ferry-pg-backfill' "$value" \
          "$(awk -v x="$value" 'BEGIN { print (x <= 1.10) ? "ok" : "MISS" }')"
      fi ;;
    *) printf '|||' ;;
  esac
}

# One table row. The derived rows ferry-vs-read and ferry-vs-pgloader repeat Ferry's backfill figures with the
# ratio to ref-pg-read / pgloader.
bench_report_row() {
  local label=$1 name=$1
  case $1 in
    ferry-vs-read) name=ferry-pg-backfill label="ferry-pg-backfill vs ref-pg-read"
      bench_ran ref-pg-read && bench_ran ferry-pg-backfill || return 0 ;;
    ferry-vs-pgloader) name=ferry-pg-backfill label="ferry-pg-backfill vs pgloader"
      bench_ran pgloader && bench_ran ferry-pg-backfill || return 0 ;;
  esac
  bench_ran "$name" || return 0
  local seconds rows bytes rss="" rate="" mbs="" ratio target verdict versus failure
  IFS="|" read -r ratio target verdict versus < <(bench_comparison "$1") || true # no newline: read says EOF
  failure=$(bench_failure "$name")
  seconds=$(bench_median_of "$name" 3) || true
  if [[ -n $failure ]]; then
    printf '| %s | | failed | | | | | %s | FAILED |%s |\n' "$label" "$target" "${versus:+ $versus}"
    return 0
  fi
  rows=$(bench_median_of "$name" 4)
  bytes=$(bench_median_of "$name" 5)
  rate=$(bench_calc 'r / s' r="$rows" s="$seconds")
  mbs=$(bench_calc 'b / 1e6 / s' b="$bytes" s="$seconds")
  rss=$(bench_peak_mib "$name") || true
  if [[ -n $rss ]] && awk -v x="$rss" -v l="$RSS_LIMIT_MIB" 'BEGIN { exit !(x > l) }'; then
    verdict="${verdict:+$verdict, }RSS > $RSS_LIMIT_MIB MiB"
  fi
  printf '| %s | %.0f | %.3f | %.0f | %.1f | %s | %s | %s | %s | %s |\n' "$label" "$rows" "$seconds" "$rate" "$mbs" \
    "$([[ -n $rss ]] && printf '%.0f' "$rss")" "$ratio" "$target" "$verdict" "$versus"
}

bench_report() {
  local name failure
  printf '| measurement | rows | seconds (median) | rows/s | MB/s | Ferry peak RSS MiB | ratio | target | verdict | compared with |\n'
  printf '|---|--:|--:|--:|--:|--:|--:|---|---|---|\n'
  for name in ref-pg-copy ferry-pg-backfill ferry-pg-backfill-pooled ref-pg-read ferry-vs-read pgloader \
    ferry-vs-pgloader ref-upsert-empty ref-upsert-full ferry-pg-full-refresh ref-mariadb ferry-mariadb ref-sqlite \
    ferry-sqlite ref-incremental ferry-incremental ferry-rss-5x; do
    bench_report_row "$name"
  done
  printf '\nRatios: reference seconds / Ferry seconds (> 1: Ferry is faster). Ferry peak RSS target: ≤ %s MiB, and ' \
    "$RSS_LIMIT_MIB"
  printf 'within 10%% at 5× the tenant. MB = 10^6 bytes of the delivered columns (pg_column_size). The incremental '
  printf 'pair is timed from its first process start (transfer create + run --once; psql | psql).\n'
  local failures
  failures=$(awk -F'\t' '$1 == "fail" { printf "- %s: %s\n", $2, $3 }' "$WORK/results.tsv")
  [[ -z $failures ]] || printf '\nFailures:\n%s\n' "$failures"
}
