#!/usr/bin/env bash
# Tests of streamed scoring (credo score reads DATA a chunk at a time and writes each chunk's
# rows to the staged output): shards through a quoted glob, a gzip shard, standard input,
# nothing written when the command fails midway, and memory that does not grow with the rows.
# Usage: test_cli_stream.sh path/to/credo path/to/german_credit.csv [gzip|nogzip]
set -uo pipefail
credo=$1
data=$2
gzip_built=${3:-gzip}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
# Spools (standard output, standard input) go here, so that the test sees any left behind.
mkdir "$work/tmp"
export TMPDIR="$work/tmp"
. "$(dirname "$0")/../../tests/support/checks.sh"
# shard FILE DIR ROWS: FILE's body cut into DIR/part-0.csv, part-1.csv, ... of ROWS rows each,
# each with the header.
shard() {
  mkdir -p "$2"
  tail -n +2 "$1" | split -l "$3" -d -a 1 - "$2/body-"
  for b in "$2"/body-*; do
    { head -n 1 "$1"; cat "$b"; } > "$2/part-${b##*-}.csv"
    rm "$b"
  done
}
col_of() { head -1 "$data" | tr ',' '\n' | grep -nx "$1" | cut -d: -f1; }
amount=$(col_of credit_amount)

"$credo" fit "$data" --target class --bad bad --out "$work/model.json" > /dev/null
check "model written" test -s "$work/model.json"
"$credo" score "$work/model.json" "$data" --reasons 2 --out "$work/one.csv"
check "whole file scored" test "$(wc -l < "$work/one.csv")" = 1001

# Shards: 1000 rows in 4 files (300, 300, 300, 100) read as one input through a quoted glob
# equal the whole file, row numbers running on across the shards.
shard "$data" "$work/sh" 300
check "4 shards" test "$(ls "$work/sh" | wc -l)" = 4
"$credo" score "$work/model.json" "$work/sh/part-*.csv" --reasons 2 --out "$work/shards.csv"
check "shards: exit code" test $? = 0
check "shards: the whole file's bytes" cmp -s "$work/one.csv" "$work/shards.csv"
check "shards: row 301 is shard 1's first" test "$(sed -n 302p "$work/shards.csv" | cut -d, -f1)" = 301
check "shards: the last row is 1000" test "$(tail -n 1 "$work/shards.csv" | cut -d, -f1)" = 1000
"$credo" score "$work/model.json" "$work/sh/part-*.csv" --reasons 2 --id purpose > "$work/shards_id.csv"
"$credo" score "$work/model.json" "$data" --reasons 2 --id purpose > "$work/one_id.csv"
check "shards --id: the whole file's bytes" cmp -s "$work/one_id.csv" "$work/shards_id.csv"

# A cell that is not a number in shard 1 (its row 5, row 305 of the whole): that row's
# status, as on the concatenated file with the same cell.
cp -r "$work/sh" "$work/shbad"
awk -F, -v OFS=, -v c="$amount" 'NR == 6 { $c = "lots" } { print }' "$work/sh/part-1.csv" > "$work/shbad/part-1.csv"
awk -F, -v OFS=, -v c="$amount" 'NR == 306 { $c = "lots" } { print }' "$data" > "$work/bad_whole.csv"
"$credo" score "$work/model.json" "$work/shbad/part-*.csv" --reasons 2 > "$work/shbad.csv" 2> "$work/shbad.err"
"$credo" score "$work/model.json" "$work/bad_whole.csv" --reasons 2 > "$work/bad_whole_scored.csv" 2> /dev/null
check "bad cell in shard 1: same as the whole file" cmp -s "$work/bad_whole_scored.csv" "$work/shbad.csv"
check "bad cell in shard 1: row 305's status" grep -q '^305,,,not_a_number (credit_amount),,$' "$work/shbad.csv"
check "bad cell in shard 1: the count" grep -q "1 of 1000 rows could not be scored" "$work/shbad.err"

# gzip: shard 1 compressed (part-1.csv.gz) reads as its plain form.
if [ "$gzip_built" = gzip ]; then
  cp -r "$work/sh" "$work/gz"
  gzip "$work/gz/part-1.csv"
  "$credo" score "$work/model.json" "$work/gz/part-*" --reasons 2 --out "$work/gz.csv"
  check "gzip shard: the whole file's bytes" cmp -s "$work/one.csv" "$work/gz.csv"
else
  echo "gzip shard: skipped (the command line was built without zlib)"
fi

# Standard input, and standard output (no --out, and --out -).
"$credo" score "$work/model.json" - --reasons 2 < "$data" > "$work/stdin.csv"
check "stdin: the file's bytes" cmp -s "$work/one.csv" "$work/stdin.csv"
"$credo" score "$work/model.json" "$data" --reasons 2 --out - > "$work/dash.csv"
check "--out -: the file's bytes" cmp -s "$work/one.csv" "$work/dash.csv"

# Failing midway: shard 2 has a row with one field too many (its line 4). The error names the
# shard and line; the old --out file is untouched, no temporary file is left beside it or in
# TMPDIR, and without --out nothing reached stdout, though shards 0 and 1 were scored first.
cp -r "$work/sh" "$work/shfail"
# (the lines end in CRLF: the field goes before the CR)
awk 'NR == 4 { sub(/\r?$/, ",extra&") } { print }' "$work/sh/part-2.csv" > "$work/shfail/part-2.csv"
echo "old scores" > "$work/kept.csv"
expect_fail "bad row in shard 2: the id, file and line" 1 \
  "[credo.csv.field_count] '$work/shfail/part-2.csv' line 4: 22 fields, the header has 21" \
  "$credo" score "$work/model.json" "$work/shfail/part-*.csv" --reasons 2 --out "$work/kept.csv"
check "bad row in shard 2: --out untouched" test "$(cat "$work/kept.csv")" = "old scores"
check "bad row in shard 2: no temporary file beside --out" test -z "$(find "$work" -maxdepth 1 -name '.*.tmp*')"
expect_fail "bad row in shard 2, stdout: nothing printed" 1 "[credo.csv.field_count]" \
  "$credo" score "$work/model.json" "$work/shfail/part-*.csv" --reasons 2
cat "$data" > "$work/stdin_fail.csv"; echo "1,2,3" >> "$work/stdin_fail.csv"
expect_fail "bad row on stdin: nothing printed, the error names standard input" 1 \
  "[credo.csv.field_count] standard input line 1002: 3 fields, the header has 21" \
  "$credo" score "$work/model.json" - < "$work/stdin_fail.csv"
check "no spool left in TMPDIR" test -z "$(ls -A "$work/tmp")"

# Memory: peak RSS does not grow with the rows. German credit repeated to 1,000,000 rows
# (about 140 MB, some 9 chunks of 16 MiB) and to 300,000 rows; an in-memory read holds the
# whole table, so its peak grows about 3x from one to the other (861 MB on the 1M-row file
# before this change, docs/scale.md); a stream's stays within 1.5x, and below the file's size.
# Two cells that are not numbers, in different chunks, get their rows' statuses.
awk -v c="$amount" 'BEGIN { FS = OFS = "," } NR == 1 { print; next } { a[NR] = $0 }
     END { n = 0; for (i = 0; i < 1000; i++) for (j = 2; j <= NR; j++) {
             n++; line = a[j]
             if (n == 200000 || n == 900001) { split(line, f, ","); f[c] = "text"; line = f[1]
               for (k = 2; k <= length(f); k++) line = line "," f[k] }
             print line } }' "$data" > "$work/big.csv"
head -n 300001 "$work/big.csv" > "$work/big300k.csv"
size_kb=$(( $(stat -c %s "$work/big.csv") / 1024 ))
if [ -x /usr/bin/time ]; then
  start=$(date +%s.%N)
  /usr/bin/time -f %M -o "$work/rss_1m" "$credo" score "$work/model.json" "$work/big.csv" --out "$work/big_scored.csv" 2> /dev/null
  end=$(date +%s.%N)
  /usr/bin/time -f %M -o "$work/rss_300k" "$credo" score "$work/model.json" "$work/big300k.csv" --out "$work/big300k_scored.csv" 2> /dev/null
  rss_1m=$(tail -n 1 "$work/rss_1m")
  rss_300k=$(tail -n 1 "$work/rss_300k")
  echo "memory: 1,000,000 rows (${size_kb} KB of CSV): peak RSS ${rss_1m} KB in $(echo "$end - $start" | bc) s;" \
       "300,000 rows: ${rss_300k} KB (the in-memory path: 861 MB on such a file, docs/scale.md)"
  check "memory: below the file's size" test "$rss_1m" -lt "$size_kb"
  check "memory: 1M rows within 1.5x of 300k rows" test $(( rss_1m * 2 )) -lt $(( rss_300k * 3 ))
else
  echo "memory: /usr/bin/time is missing" >&2
  failed=$((failed + 1))
  "$credo" score "$work/model.json" "$work/big.csv" --out "$work/big_scored.csv" 2> /dev/null
fi
check "1M rows: every row written" test "$(wc -l < "$work/big_scored.csv")" = 1000001
check "1M rows: the last row is 1000000" test "$(tail -n 1 "$work/big_scored.csv" | cut -d, -f1)" = 1000000
check "1M rows: the two bad cells' rows, in two chunks" \
  test "$(grep -n 'not_a_number' "$work/big_scored.csv" | cut -d, -f1 | tr '\n' ' ')" = "200001:200000 900002:900001 "

# Progress (only on a terminal: script(1) gives the command one): the share done by bytes, up
# to 100%, and the line cleared before the command ends. The 300,000-row file is 3 chunks.
if command -v script > /dev/null; then
  script -qfec "'$credo' score '$work/model.json' '$work/big300k.csv' --out '$work/progress.csv'" /dev/null \
    | tr '\r' '\n' > "$work/progress.txt"
  check "progress: a share below 100% first" grep -qaE '^.\[Kscoring [1-9][0-9]?%$' "$work/progress.txt"
  check "progress: 100% at the end" grep -qaE '^.\[Kscoring 100%$' "$work/progress.txt"
  # (the file's one bad cell gives the count line, after the progress line is cleared)
  check "progress: the line cleared before the count" \
    grep -qaE '^.\[Kcredo: 1 of 300000 rows could not be scored' "$work/progress.txt"
  "$credo" score "$work/model.json" "$work/big300k.csv" --out "$work/progress.csv" 2> "$work/progress_pipe.txt"
  check "progress: none when stderr is not a terminal" bash -c "! grep -q scoring '$work/progress_pipe.txt'"
  # fit (the file's bad cell read as missing): the binning passes' shares by bytes, then a
  # count of the passes over the bin codes.
  script -qfec "'$credo' fit '$work/big300k.csv' --target class --bad bad --bad-cells missing --out '$work/progress.json'" /dev/null \
    | tr '\r' '\n' > "$work/fit_progress.txt"
  check "fit progress: pass 1's share" grep -qaE '^.\[Kbinning: pass 1 of 2 [0-9]+%$' "$work/fit_progress.txt"
  check "fit progress: pass 2 at 100%" grep -qaE '^.\[Kbinning: pass 2 of 2 100%$' "$work/fit_progress.txt"
  check "fit progress: passes over the bin codes" grep -qaE '^.\[Kfitting: pass [0-9]+ over the bin codes$' "$work/fit_progress.txt"
else
  echo "progress: skipped (no script(1) to give the command a terminal)"
fi

finish "cli stream"
