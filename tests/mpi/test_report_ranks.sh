#!/usr/bin/env bash
# credo report under mpirun: the ranks read their blocks of shards, rank 0 merges the audits
# in shard order and alone writes the JSON and the HTML, byte for byte one process's on the
# same shards (every sum is added per shard and then in shard order, whatever the rank count).
# Usage: test_report_ranks.sh path/to/mpiexec path/to/credo path/to/german_credit.csv
set -uo pipefail
mpiexec=$1
credo=$2
data=$3
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1
. "$(dirname "$0")/../../tests/support/checks.sh"

"$credo" fit "$data" --target class --bad bad --exclude age,personal_status,foreign_worker \
  --out "$work/model.json" > /dev/null
check "model written" test -s "$work/model.json"
# Five shards of German credit's rows (200 each), so that 2 and 3 ranks hold unequal blocks.
mkdir "$work/shards"
tail -n +2 "$data" | split -l 200 -d - "$work/shards/rows-"
for f in "$work/shards"/rows-*; do
  { head -1 "$data"; cat "$f"; } > "$work/shards/part-${f##*-}.csv"
  rm "$f"
done
check "five shards" test "$(ls "$work/shards" | wc -l)" = 5
args=(--target class --bad bad --group age:25 --reference "age > 25" --group foreign_worker)

mkdir "$work/one" "$work/two" "$work/three"
(cd "$work/one" && "$credo" report "$work/model.json" "$work/shards/part-*.csv" "${args[@]}" --json \
  --html report.html > report.json)
check "one process audits the shards" grep -q '"rows": 1000,' "$work/one/report.json"
for n in two three; do
  np=$([ $n = two ] && echo 2 || echo 3)
  (cd "$work/$n" && "$mpiexec" --oversubscribe -np $np "$credo" report "$work/model.json" "$work/shards/part-*.csv" \
    "${args[@]}" --json --html report.html > report.json 2> err)
  check "$np ranks: the job succeeds" test $? = 0
  check "$np ranks: the JSON is one process's, byte for byte" cmp -s "$work/one/report.json" "$work/$n/report.json"
  check "$np ranks: the HTML is one process's, byte for byte" cmp -s "$work/one/report.html" "$work/$n/report.html"
  check "$np ranks: one JSON document (rank 0 alone writes)" test "$(grep -c '^{' "$work/$n/report.json")" = 1
  # The text report too (the verb's default output).
  (cd "$work/$n" && "$mpiexec" --oversubscribe -np $np "$credo" report "$work/model.json" "$work/shards/part-*.csv" \
    "${args[@]}" > report.txt 2> /dev/null)
  check "$np ranks: the text report is printed once" test "$(grep -c ' rows, ' "$work/$n/report.txt")" = 1
done
[ "$failed" = 0 ] || cat "$work"/three/err >&2

finish "mpi report ranks"
