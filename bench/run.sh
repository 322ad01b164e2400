#!/usr/bin/env bash
# Speed and memory benchmark: a full `metrics` run over a generated organisation
# against the time polars needs just to read the same CSV files.
#
#   bench/run.sh [TICKETS]        (default 1000000)
#
# Prints the figures; the target is analysis <= 1.5 x the polars read time.
set -euo pipefail
cd "$(dirname "$0")/.."
tickets="${1:-1000000}"
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/itsm-evidence-release}"
cargo build --release --quiet --bin itsm-evidence --example polars_read
bin="$CARGO_TARGET_DIR/release/itsm-evidence"
read_bin="$CARGO_TARGET_DIR/release/examples/polars_read"
time_cmd=(/usr/bin/time -f "%e s wall, %M KiB peak")
[ -x /usr/bin/time ] || { echo "install GNU time (apt-get install time)"; exit 2; }

data="${BENCH_DIR:-/tmp/itsm-evidence-bench-$tickets}"
if [ ! -f "$data/truth.json" ]; then
  echo "== generating $tickets tickets into $data"
  rm -rf "$data"
  changes=$(( tickets / 10 )); cis=$(( tickets / 7 + 100 ))
  "${time_cmd[@]}" "$bin" generate --out "$data" --seed 1 --incidents "$tickets" \
      --changes "$changes" --cis "$cis" --months 24
fi
files=("$data"/*.csv)
du -ch "${files[@]}" | tail -1 | sed 's/^/csv size: /'

best() { sort -n | head -1; }
echo "== polars read (3 runs, best)"
read_s=$(for _ in 1 2 3; do "$read_bin" "${files[@]}" | awk '{print $(NF-1)}'; done | best)
echo "polars read: $read_s s"

echo "== itsm-evidence metrics --data (3 runs, best)"
metric_s=$(for _ in 1 2 3; do
  start=$(date +%s.%N); "$bin" metrics --data "$data" --format json > /dev/null; end=$(date +%s.%N)
  echo "$end - $start" | bc -l; done | best)
echo "metrics: $metric_s s"
"${time_cmd[@]}" "$bin" metrics --data "$data" --format json > /dev/null
echo "ratio metrics / polars read: $(echo "$metric_s / $read_s" | bc -l | cut -c1-5) (target <= 1.5)"
