#!/usr/bin/env bash
# Tests of the sharded commands: credo synth -> features -> coverage on a small bureau.
# Usage: test_cli_scale.sh path/to/credo
set -uo pipefail
credo=$1
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
. "$(dirname "$0")/../../tests/support/checks.sh"
# concat KIND DIR: the shards of one kind as one file (the header once)
concat() { head -n 1 "$2/$1-0000.csv"; for f in "$2/$1"-*.csv; do tail -n +2 "$f"; done; }

# synth: 3,000 persons in 3 shards and in 1 shard (blocks of 700) are the same rows.
"$credo" synth --persons 3000 --seed 5 --shards 3 --out "$work/k3" > "$work/synth.txt"
check "synth exit code" test $? = 0
check "synth summary" grep -q "^3000 persons, .* in 3 shards" "$work/synth.txt"
"$credo" synth --persons 3000 --seed 5 --shards 1 --block 700 --out "$work/k1" > /dev/null
check "synth file count" test "$(ls "$work/k3" | wc -l)" = 12
check "synth no staging left" test -z "$(ls -A "$work/k3" | grep '^\.')"
for kind in persons tradelines inquiries applicants; do
  check "synth $kind same for 1 and 3 shards" cmp -s <(concat $kind "$work/k3") "$work/k1/$kind-0000.csv"
done
check "synth persons per shard" test "$(tail -n +2 "$work/k3/persons-0001.csv" | wc -l)" = 1000
check "applicants header" grep -q '^accounts_total,.*,on_time_share_24m,bad,group$' "$work/k3/applicants-0000.csv"
"$credo" synth --persons 3000 --seed 6 --shards 3 --out "$work/seed6" > /dev/null
differ() { ! cmp -s "$1" "$2"; }
check "another seed, other records" differ "$work/seed6/tradelines-0000.csv" "$work/k3/tradelines-0000.csv"

# features reproduces synth's modelling table, from globs and from one concatenated shard.
"$credo" features "$work/k3/persons-*.csv" "$work/k3/tradelines-*.csv" "$work/k3/inquiries-*.csv" \
  --out "$work/features.csv" --block 333 > "$work/features.txt"
check "features exit code" test $? = 0
check "features summary" grep -q "^3000 persons from 3 shards" "$work/features.txt"
check "features equals applicants" cmp -s "$work/features.csv" <(concat applicants "$work/k3")
"$credo" features "$work/k1/persons-0000.csv" "$work/k1/tradelines-0000.csv" "$work/k1/inquiries-0000.csv" \
  --out "$work/features1.csv" > /dev/null
check "features of one shard" cmp -s "$work/features1.csv" "$work/features.csv"

# coverage over the globs equals coverage of the concatenated files, streamed and read whole.
for rule in default thin:2; do
  "$credo" coverage "$work/k3/persons-*.csv" "$work/k3/tradelines-*.csv" "$work/k3/inquiries-*.csv" \
    --rule $rule --segment group --segment region --json --block 250 > "$work/cov3.json"
  check "coverage glob exit code ($rule)" test $? = 0
  "$credo" coverage "$work/k1/persons-0000.csv" "$work/k1/tradelines-0000.csv" "$work/k1/inquiries-0000.csv" \
    --rule $rule --segment group --segment region --json > "$work/cov1.json"
  "$credo" coverage --persons "$work/k1/persons-0000.csv" --tradelines "$work/k1/tradelines-0000.csv" \
    --inquiries "$work/k1/inquiries-0000.csv" --rule $rule --segment group --segment region --json > "$work/covm.json"
  check "coverage glob = one shard ($rule)" cmp -s "$work/cov3.json" "$work/cov1.json"
  check "coverage streamed = read whole ($rule)" cmp -s "$work/cov1.json" "$work/covm.json"
done
check "coverage persons" grep -q '"persons": 3000' "$work/cov3.json"
"$credo" coverage "$work/k3/persons-*.csv" "$work/k3/tradelines-*.csv" > "$work/cov.txt"
check "coverage text, no inquiries" grep -q "^3000 persons, 12 sources, rule default" "$work/cov.txt"

# The input contract: a shuffled tradelines file is refused with the file and line, and
# nothing is written.
mkdir "$work/bad"
cp "$work/k1/persons-0000.csv" "$work/k1/inquiries-0000.csv" "$work/bad/"
{ head -n 1 "$work/k1/tradelines-0000.csv"; tail -n +2 "$work/k1/tradelines-0000.csv" | sort -t, -k4; } \
  > "$work/bad/tradelines-0000.csv"
expect_fail "features refuses a shuffled file" 1 "[credo.records." \
  "$credo" features "$work/bad/persons-0000.csv" "$work/bad/tradelines-0000.csv" --out "$work/bad/out.csv"
check "shuffled: names the file and line" grep -qE "tradelines-0000.csv' line [0-9]+" "$work/err"
check "shuffled: grouping id" grep -qE "credo.records.(not_grouped|out_of_order)" "$work/err"
check "features wrote nothing" test "$(ls -A "$work/bad" | wc -l)" = 3
expect_fail "coverage refuses a shuffled file" 1 "[credo.records." \
  "$credo" coverage "$work/bad/persons-0000.csv" "$work/bad/tradelines-0000.csv"
# not grouped: the first person's first line moved to the end
{ head -n 1 "$work/k1/tradelines-0000.csv"; tail -n +3 "$work/k1/tradelines-0000.csv"; sed -n 2p "$work/k1/tradelines-0000.csv"; } \
  > "$work/bad/tradelines-0000.csv"
expect_fail "a person's lines resume" 1 "[credo.records.not_grouped]" \
  "$credo" features "$work/bad/persons-0000.csv" "$work/bad/tradelines-0000.csv" --out "$work/bad/out.csv"
check "not grouped: the last line" grep -q "line $(wc -l < "$work/bad/tradelines-0000.csv")" "$work/err"
# out of order: two persons' groups swapped
{ head -n 1 "$work/k1/tradelines-0000.csv"; grep '^P1,' "$work/k1/tradelines-0000.csv"; grep '^P0,' "$work/k1/tradelines-0000.csv";
  grep -v '^P[01],' "$work/k1/tradelines-0000.csv" | tail -n +2; } > "$work/bad/tradelines-0000.csv"
expect_fail "groups out of order" 1 "[credo.records.out_of_order]" \
  "$credo" features "$work/bad/persons-0000.csv" "$work/bad/tradelines-0000.csv" --out "$work/bad/out.csv"
# a person of another shard
{ cat "$work/k3/tradelines-0000.csv"; tail -n +2 "$work/k3/tradelines-0001.csv" | head -n 1; } > "$work/bad/tradelines-0000.csv"
expect_fail "a person of another shard" 1 "[credo.records.unknown_person]" \
  "$credo" coverage "$work/k3/persons-0000.csv" "$work/bad/tradelines-0000.csv"
check "features wrote nothing after failures" test "$(ls -A "$work/bad" | wc -l)" = 3
check "old output kept" test ! -e "$work/bad/out.csv"

# Shard arguments
expect_fail "a pattern matching nothing" 1 "[credo.io.no_match]" \
  "$credo" features "$work/k3/persons-*.csv" "$work/k3/nothing-*.csv" --out "$work/x.csv"
expect_fail "shard counts differ" 1 "[credo.cli.shard_count]" \
  "$credo" features "$work/k3/persons-*.csv" "$work/k1/tradelines-*.csv" --out "$work/x.csv"
expect_fail "coverage: both forms" 1 "[credo.cli.coverage_input]" \
  "$credo" coverage "$work/k1/persons-0000.csv" "$work/k1/tradelines-0000.csv" --persons "$work/k1/persons-0000.csv" \
  --tradelines "$work/k1/tradelines-0000.csv"
check "nothing written by failed features" test ! -e "$work/x.csv"

# synth into a directory holding a run with more shards is refused, and writes nothing.
expect_fail "stale shards" 1 "[credo.cli.stale_shards]" "$credo" synth --persons 100 --shards 2 --out "$work/k3"
check "stale: old shards kept" cmp -s "$work/k3/persons-0000.csv" <(head -n 1001 "$work/k1/persons-0000.csv")
# an interrupted synth leaves nothing in its directory
"$credo" synth --persons 2000000 --shards 2 --out "$work/killed" > /dev/null 2>&1 &
pid=$!
sleep 1
kill -TERM $pid
wait $pid 2> /dev/null
check "interrupted synth leaves no file" test ! -e "$work/killed"
# a failing write (a read-only directory is no obstacle to root; a file in place of the directory is)
touch "$work/file"
expect_fail "synth into a file" 1 "[credo.io.write_failed]" "$credo" synth --persons 10 --out "$work/file"

finish "cli scale"
