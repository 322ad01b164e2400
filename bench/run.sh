#!/usr/bin/env bash
# Speed and memory benchmark (never part of the tests; docs/performance.md).
#
#   bench/run.sh [--10m] [--event-log] [--no-baseline] [--runs N] [--no-uci]
#
# Generates a synthetic organisation (1 M incidents, 400 000 requests,
# 100 000 changes, 142 957 CIs over 24 months; with --10m ten times as many
# tickets and changes and 10^6 CIs, the generator's most),
# then runs, interleaved and N times each (default 3):
#   baseline  polars reading every input CSV, every column as text
#   metrics   itsm-evidence metrics --data DIR --format json
#   analyze   itsm-evidence analyze --data DIR (the whole report)
# and prints min / median / max wall seconds of each, the ratio of each median
# to the baseline's, and each command's peak memory against the CSV bytes.
# Then the UCI event log end to end (analyze), when ../shared/data has it.
# --event-log writes the incidents as an event log, about 5 rows per incident
# (with --10m: 50 M rows); --no-baseline leaves out the polars read, whose
# every-column-as-text frame of such a log needs twice its bytes of memory.
set -euo pipefail
cd "$(dirname "$0")/.."

scale=1000000
runs=3
uci=1
event_log=0
baseline=1
while [ $# -gt 0 ]; do
  case "$1" in
    --10m) scale=10000000 ;;
    --runs) runs="$2"; shift ;;
    --no-uci) uci=0 ;;
    --event-log) event_log=1 ;;
    --no-baseline) baseline=0 ;;
    *) echo "usage: bench/run.sh [--10m] [--event-log] [--no-baseline] [--runs N] [--no-uci]"; exit 2 ;;
  esac
  shift
done
[ -x /usr/bin/time ] || { echo "needs GNU time (apt-get install time)"; exit 2; }

export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/itsm-evidence-release}"
cargo build --release --locked --quiet --bin itsm-evidence --example polars_read
bin="$CARGO_TARGET_DIR/release/itsm-evidence"
read_bin="$CARGO_TARGET_DIR/release/examples/polars_read"

suffix=""
log_flag=()
if [ "$event_log" = 1 ]; then suffix="-eventlog"; log_flag=(--event-log); fi
data="${BENCH_DIR:-/tmp/itsm-evidence-bench-$scale$suffix}"
if [ ! -f "$data/truth.json" ]; then
  echo "== generating $scale incidents${log_flag[*]:+ as an event log} into $data"
  rm -rf "$data"
  # The generator's CMDB holds at most 10^6 CIs.
  cis=$((scale / 7 + 100))
  [ "$cis" -le 1000000 ] || cis=1000000
  "$bin" generate --out "$data" --seed 1 --incidents "$scale" \
    --changes $((scale / 10)) --cis "$cis" --months 24 "${log_flag[@]}" > /dev/null
fi
csv_files=("$data"/*.csv)
csv_bytes=$(cat "${csv_files[@]}" | wc -c)
echo "== $data: ${#csv_files[@]} CSV files, $((csv_bytes / 1048576)) MiB"
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT

# One timed run: appends "wall_seconds peak_kib" to $out/$label.
measure() {
  local label="$1"; shift
  /usr/bin/time -f "%e %M" -o "$out/one" "$@" > /dev/null 2> "$out/stderr" || {
    echo "$label failed:"; cat "$out/stderr"; exit 1; }
  tail -1 "$out/one" >> "$out/$label"
}

for r in $(seq 1 "$runs"); do
  echo "   run $r of $runs"
  [ "$baseline" = 0 ] || measure baseline "$read_bin" "${csv_files[@]}"
  measure metrics "$bin" metrics --data "$data" --format json
  measure analyze "$bin" analyze --data "$data" --out "$out/report" --force --quiet
done

summary() {
  # min median max of the wall seconds, max of the peak KiB
  sort -n "$out/$1" | awk '{ w[NR] = $1; if ($2 > p) p = $2 }
    END { printf "%.2f %.2f %.2f %d", w[1], w[int((NR + 1) / 2)], w[NR], p }'
}
labels=(metrics analyze)
b_med=""
if [ "$baseline" = 1 ]; then
  read -r _ b_med _ _ <<< "$(summary baseline)"
  labels=(baseline metrics analyze)
fi
echo
printf "%-10s %8s %8s %8s %10s %12s %10s\n" command min median max "x read" "peak MiB" "x CSV"
for label in "${labels[@]}"; do
  read -r mn md mx pk <<< "$(summary "$label")"
  printf "%-10s %8s %8s %8s %10s %12d %10s\n" "$label" "$mn" "$md" "$mx" \
    "$(awk -v a="$md" -v b="$b_med" 'BEGIN { if (b == "") print "-"; else printf "%.2f", a / b }')" \
    $((pk / 1024)) \
    "$(awk -v p="$pk" -v c="$csv_bytes" 'BEGIN { printf "%.2f", p * 1024 / c }')"
done
echo "targets: analyze <= 1.5 x read (first milestone 3 x); peak <= 1.5 x CSV bytes"
echo
echo "== analyze --timings (one run)"
"$bin" analyze --data "$data" --out "$out/report" --force --quiet --timings 2>&1 >/dev/null

uci_log=../shared/data/uci-servicenow-incident-eventlog/incident_event_log.csv.gz
if [ "$uci" = 1 ] && [ -f "$uci_log" ]; then
  echo
  echo "== UCI event log (141 712 rows): analyze end to end, $runs runs"
  for _ in $(seq 1 "$runs"); do
    measure uci "$bin" analyze --incidents "$uci_log" --out "$out/uci-report" --force --quiet
  done
  read -r mn md mx pk <<< "$(summary uci)"
  echo "uci analyze: min $mn s, median $md s, max $mx s, peak $((pk / 1024)) MiB (target < 1 s)"
fi
