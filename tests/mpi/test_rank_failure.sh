#!/usr/bin/env bash
# The command line under mpirun: a job whose rank 2 fails (its input is missing) fails as a
# whole, with one line naming the rank and the inner error, and writes nothing; the same job
# without the failure writes its output once (rank 0), equal to one process's.
# Usage: test_rank_failure.sh path/to/mpiexec path/to/credo path/to/german_credit.csv
set -uo pipefail
mpiexec=$1
credo=$2
data=$3
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1
. "$(dirname "$0")/../../tests/support/checks.sh"

"$credo" fit "$data" --target class --bad bad --out "$work/model.json" > /dev/null
check "model written" test -s "$work/model.json"
"$credo" score "$work/model.json" "$data" --out "$work/one.csv"
check "one process scores" test -s "$work/one.csv"

# Each rank runs the same command; rank 2's data file does not exist.
cat > "$work/rank.sh" <<SCRIPT
#!/usr/bin/env bash
input="$data"
[ "\$OMPI_COMM_WORLD_RANK" = 2 ] && input="$work/missing.csv"
exec "$credo" score "$work/model.json" "\$input" --out "$work/scored.csv"
SCRIPT
chmod +x "$work/rank.sh"
"$mpiexec" --oversubscribe -np 3 "$work/rank.sh" > "$work/out" 2> "$work/err"
rc=$?
check "the job fails" test "$rc" != 0
check "one line names the rank and the inner error" \
  grep -qE '^credo: \[credo\.mpi\.rank_failed\] rank 2 of 3: \[credo\.[a-z_]+\.[a-z_]+\] .*missing\.csv' "$work/err"
check "only the failed rank reports" test "$(grep -c 'credo.mpi.rank_failed' "$work/err")" = 1
check "no output written" test ! -e "$work/scored.csv"
check "no temporary file left" test -z "$(ls -A "$work" | grep -v -E '^(model.json|one.csv|rank.sh|out|err)$')"
[ "$failed" = 0 ] || { echo "stderr of the failed job:" >&2; cat "$work/err" >&2; }

# The same job with every input present: rank 0 writes the scores, as one process does.
"$mpiexec" --oversubscribe -np 3 "$credo" score "$work/model.json" "$data" --out "$work/three.csv" > "$work/out" 2> "$work/err"
check "the job succeeds" test $? = 0
check "rank 0's output equals one process's" cmp -s "$work/one.csv" "$work/three.csv"

# Scoring sharded data: German credit in 4 shards of 300, 300, 300 and 100 rows; 3 ranks read
# the blocks {0}, {1}, {2, 3}, and rank 0 writes every row in shard order, numbered across the
# shards (ranks 1 and 2 send theirs without numbers; rank 0 numbers them): one process's bytes.
mkdir "$work/sh"
tail -n +2 "$data" | split -l 300 -d -a 1 - "$work/sh/body-"
for b in "$work/sh"/body-*; do { head -n 1 "$data"; cat "$b"; } > "$work/sh/part-${b##*-}.csv"; rm "$b"; done
"$credo" score "$work/model.json" "$work/sh/part-*.csv" --reasons 3 --out "$work/sh_one.csv"
"$mpiexec" --oversubscribe -np 3 "$credo" score "$work/model.json" "$work/sh/part-*.csv" --reasons 3 \
  --out "$work/sh_three.csv" > "$work/out" 2> "$work/err"
check "sharded scoring job succeeds" test $? = 0
check "3 ranks score 4 shards as one process does, byte for byte" cmp -s "$work/sh_one.csv" "$work/sh_three.csv"
check "the rows run across the shards (1000 rows, the last 1000)" \
  test "$(wc -l < "$work/sh_three.csv"),$(tail -n 1 "$work/sh_three.csv" | cut -d, -f1)" = "1001,1000"
"$credo" score "$work/model.json" "$work/sh/part-*.csv" --id purpose > "$work/sh_id_one.csv"
"$mpiexec" --oversubscribe -np 3 "$credo" score "$work/model.json" "$work/sh/part-*.csv" --id purpose \
  > "$work/sh_id_three.csv" 2> "$work/err"
check "3 ranks, --id, to stdout: one process's bytes" cmp -s "$work/sh_id_one.csv" "$work/sh_id_three.csv"
# Shard 3 (rank 2's second) has a row with one field too many: the job fails naming rank 2 and
# the shard, and the existing output is untouched, with no temporary file beside it.
cp -r "$work/sh" "$work/shfail"
awk 'NR == 4 { sub(/\r?$/, ",extra&") } { print }' "$work/sh/part-3.csv" > "$work/shfail/part-3.csv"  # CRLF lines
echo "old scores" > "$work/kept.csv"
"$mpiexec" --oversubscribe -np 3 "$credo" score "$work/model.json" "$work/shfail/part-*.csv" \
  --out "$work/kept.csv" > "$work/out" 2> "$work/err"
check "a bad shard fails the scoring job" test $? != 0
check "the failure names rank 2 and the shard" \
  grep -qE '^credo: \[credo\.mpi\.rank_failed\] rank 2 of 3: \[credo\.csv\.field_count\] .*shfail/part-3\.csv' "$work/err"
check "the old output is untouched" test "$(cat "$work/kept.csv")" = "old scores"
check "no temporary file beside it" test -z "$(find "$work" -maxdepth 1 -name '.*.tmp*' | tee /dev/stderr)"

# Coverage over shards: each rank reads its block of shards, rank 0 merges them in shard order
# (coverage patterns and segment counts through the archive) and prints one process's JSON.
"$credo" synth --persons 3000 --seed 5 --shards 4 --out "$work/bureau" > /dev/null
"$credo" coverage "$work/bureau/persons-*.csv" "$work/bureau/tradelines-*.csv" "$work/bureau/inquiries-*.csv" \
  --segment group --json > "$work/coverage_one.json"
check "one process covers the shards" test -s "$work/coverage_one.json"
"$mpiexec" --oversubscribe -np 3 "$credo" coverage "$work/bureau/persons-*.csv" "$work/bureau/tradelines-*.csv" \
  "$work/bureau/inquiries-*.csv" --segment group --json > "$work/coverage_three.json" 2> "$work/err"
check "the coverage job succeeds" test $? = 0
check "3 ranks print one process's coverage, byte for byte" cmp -s "$work/coverage_one.json" "$work/coverage_three.json"

finish "mpi rank failure"
