#!/usr/bin/env bash
# credo report reads DATA as a stream (issue 18): the same figures from one file, from its
# rows split into shards read through a quoted glob, and from standard input; and a peak
# memory that does not grow with the rows (a million-row file).
# Usage: test_cli_report_stream.sh path/to/credo path/to/german_credit.csv
set -uo pipefail
credo=$1
data=$2
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
. "$(dirname "$0")/../../tests/support/checks.sh"

# Every number of two JSON documents equal within 1e-12 relative, everything else equal.
# Why not byte for byte: Brier, log loss and the groups' mean scores are sums of non-integer
# terms; a shard's part is summed alone and then added to the others, so a sum may round
# differently in its last bits than the one pass over the whole file (docs/scale.md).
json_close() {
  jq -e -n --slurpfile a "$1" --slurpfile b "$2" '
    def close($x; $y):
      if ($x|type) == "number" and ($y|type) == "number" then
        $x == $y or (($x - $y) | fabs) <= 1e-12 * ([1, ($x|fabs), ($y|fabs)] | max)
      elif ($x|type) == "object" and ($y|type) == "object" then
        ($x|keys) == ($y|keys) and all($x|keys[]; . as $k | close($x[$k]; $y[$k]))
      elif ($x|type) == "array" and ($y|type) == "array" then
        ($x|length) == ($y|length) and all(range($x|length); . as $i | close($x[$i]; $y[$i]))
      else $x == $y end;
    close($a[0]; $b[0])' > /dev/null
}
# The figures that are counts or ranks (exact in any merge order): AUC and its interval, KS,
# the gains, PSI, each group's counts, approval rates and AUC.
exact_part() {
  jq -c '[.rows, .scored, .cutoff, .metrics.auc, .metrics.auc_interval, .metrics.ks, .metrics.ks_score,
          .metrics.hosmer_lemeshow, .calibration, .stability,
          (.fairness[] | .groups[] | [.value, .count, .weight, .approval_rate, .bad_rate, .auc, .fisher_p_value])]' "$1"
}

"$credo" fit "$data" --target class --bad bad --exclude age,personal_status,foreign_worker \
  --out "$work/model.json" > /dev/null
check "model written" test -s "$work/model.json"
args=(--target class --bad bad --group age:25 --reference "age > 25" --group foreign_worker --json)

# Shards: the rows of German credit in three files with the header, read as one input.
mkdir "$work/shards"
tail -n +2 "$data" | split -l 350 -d - "$work/shards/rows-"
for f in "$work/shards"/rows-*; do
  { head -1 "$data"; cat "$f"; } > "$work/shards/part-${f##*-}.csv"
  rm "$f"
done
check "three shards" test "$(ls "$work/shards" | wc -l)" = 3
"$credo" report "$work/model.json" "$data" "${args[@]}" > "$work/one.json"
check "one file audited" grep -q '"auc": 0\.' "$work/one.json"
"$credo" report "$work/model.json" "$work/shards/part-*.csv" "${args[@]}" > "$work/shards.json"
check "shards audited" grep -q '"rows": 1000,' "$work/shards.json"
check "shards: every figure within 1e-12 of the one file's" json_close "$work/one.json" "$work/shards.json"
check "shards: counts, AUC, KS, PSI and group rates exactly the one file's" \
  test "$(exact_part "$work/one.json")" = "$(exact_part "$work/shards.json")"
# The comparison can fail: a changed figure is caught.
sed 's/"rows": 1000,/"rows": 1001,/' "$work/shards.json" > "$work/changed.json"
if json_close "$work/one.json" "$work/changed.json"; then check "a changed figure is caught" false; fi
"$credo" report "$work/model.json" - "${args[@]}" < "$data" > "$work/stdin.json"
check "standard input gives the file's figures byte for byte" cmp -s "$work/one.json" "$work/stdin.json"

# A row with a cell the card cannot use is left out, and named by its shard file and row.
col=$(head -1 "$data" | tr ',' '\n' | grep -n -x "duration" | cut -d: -f1)
check "the card uses duration" grep -q '"duration"' "$work/model.json"
awk -F, -v c="$col" 'BEGIN { OFS = "," } NR == 3 { $c = "oops" } { print }' "$work/shards/part-01.csv" > "$work/bad.csv"
mv "$work/bad.csv" "$work/shards/part-01.csv"
"$credo" report "$work/model.json" "$work/shards/part-*.csv" --target class --bad bad > "$work/left.txt" 2> "$work/left.err"
check "shards: the row is left out" grep -q "^999 rows, 999 scored" "$work/left.txt"
check "shards: the warning names the shard and its row" \
  grep -q "1 of 1000 rows .*(the first: '.*part-01.csv' row 2, duration)" "$work/left.err"

# Bounded memory: a million rows (German credit 1000 times, 140 MB) peak at most twice the
# peak of a tenth of them, and below the file's size (the whole-table reading peaked at
# 6 times the file: 861 MB).
if [ -x /usr/bin/time ]; then
  awk 'NR == 1 { print; next } { row[NR] = $0 } END { for (k = 0; k < 1000; k++) for (i = 2; i <= NR; i++) print row[i] }' \
    "$data" > "$work/big.csv"
  head -100001 "$work/big.csv" > "$work/tenth.csv"
  /usr/bin/time -f %M -o "$work/tenth.kb" "$credo" report "$work/model.json" "$work/tenth.csv" "${args[@]}" > /dev/null
  /usr/bin/time -f %M -o "$work/big.kb" "$credo" report "$work/model.json" "$work/big.csv" "${args[@]}" > "$work/big.json"
  tenth=$(tail -1 "$work/tenth.kb")
  big=$(tail -1 "$work/big.kb")
  size_kb=$(( $(stat -c %s "$work/big.csv") / 1024 ))
  echo "peak RSS: 100,000 rows ${tenth} KB, 1,000,000 rows ${big} KB (file ${size_kb} KB; before streaming: 861308 KB)"
  check "a million rows audited" grep -q '"rows": 1000000,' "$work/big.json"
  check "peak of 1M rows at most twice that of 100k rows" test "$big" -le $((2 * tenth))
  check "peak of 1M rows below the file's size" test "$big" -lt "$size_kb"
  # 1000 copies of each row: the same rates and AUC as German credit once (exact: integer sums).
  check "a million rows: the one copy's AUC" \
    test "$(jq .metrics.auc "$work/big.json")" = "$(jq .metrics.auc "$work/one.json")"
fi

finish "cli report stream"
