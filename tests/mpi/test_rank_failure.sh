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
passed=0
failed=0
check() {  # check NAME COMMAND... : the command must succeed
  local name=$1; shift
  if "$@"; then passed=$((passed + 1)); else failed=$((failed + 1)); echo "FAILED: $name" >&2; fi
}

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

echo "mpi rank failure: $passed passed, $failed failed"
[ "$failed" = 0 ]
