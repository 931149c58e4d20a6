#!/usr/bin/env bash
# credo bin and credo fit over shards under mpirun: each rank reads its block of shards, every
# pass merges in shard order, and rank 0 alone writes; the output equals one process's on the
# same shards byte for byte (binning tables, coefficients, standard errors, points, training
# AUC/KS, the model file). One process on the shards also equals one process on the whole
# file, except where sums over shards round differently (it is compared to the shards).
# Usage: test_stream_ranks.sh path/to/mpiexec path/to/credo path/to/german_credit.csv
set -uo pipefail
mpiexec=$1
credo=$2
data=$3
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1
. "$(dirname "$0")/../../tests/support/checks.sh"

# German credit in 5 shards of 200 rows, each with the header.
mkdir -p "$work/shards"
header=$(head -1 "$data")
tail -n +2 "$data" | split -l 200 -d -a 2 - "$work/shards/rows-"
for f in "$work"/shards/rows-*; do
  { echo "$header"; cat "$f"; } > "$f.csv"
  rm "$f"
done
check "five shards" test "$(ls "$work"/shards/*.csv | wc -l)" = 5
glob="$work/shards/rows-*.csv"

for ranks in 2 3; do
  "$credo" bin "$glob" --target class --bad bad --json > "$work/bin_one.json"
  "$mpiexec" --oversubscribe -np $ranks "$credo" bin "$glob" --target class --bad bad --json \
    > "$work/bin_$ranks.json" 2> "$work/err"
  check "bin on $ranks ranks succeeds" test $? = 0
  check "bin on $ranks ranks prints one process's tables" cmp -s "$work/bin_one.json" "$work/bin_$ranks.json"

  "$credo" fit "$glob" --target class --bad bad --exclude age,personal_status --json --out "$work/model_one.json" \
    > "$work/fit_one.json"
  "$mpiexec" --oversubscribe -np $ranks "$credo" fit "$glob" --target class --bad bad --exclude age,personal_status \
    --json --out "$work/model_$ranks.json" > "$work/fit_$ranks.json" 2> "$work/err"
  check "fit on $ranks ranks succeeds" test $? = 0
  sed -i "s|model_$ranks.json|model_one.json|" "$work/fit_$ranks.json"
  check "fit on $ranks ranks prints one process's fit" cmp -s "$work/fit_one.json" "$work/fit_$ranks.json"
  check "fit on $ranks ranks writes one process's model file" cmp -s "$work/model_one.json" "$work/model_$ranks.json"
done
check "the fit names its selected characteristics" grep -q '"selected"' "$work/fit_one.json"

# Shards merge exactly for counts: the binning of the shards is the binning of the whole file.
"$credo" bin "$data" --target class --bad bad --json > "$work/bin_file.json"
check "bin on the shards equals bin on the file" cmp -s "$work/bin_file.json" "$work/bin_one.json"

# A bad cell in the fourth shard fails the job on the rank that reads it, and nothing is written.
sed -i '5s/^[^,]*,[0-9]*/A11,oops/' "$work/shards/rows-03.csv"
"$mpiexec" --oversubscribe -np 3 "$credo" fit "$glob" --target class --bad bad --out "$work/bad_model.json" \
  > "$work/out" 2> "$work/err"
check "a bad shard fails the job" test $? != 0
check "the line names the rank, the shard file and the row" \
  grep -qE '^credo: \[credo\.mpi\.rank_failed\] rank 2 of 3: \[credo\.csv\.[a-z_]+\] .*rows-03\.csv.* row 4' "$work/err"
check "no model written" test ! -e "$work/bad_model.json"

# A rank killed outright (SIGKILL, no chance to clean up): mpirun ends the job, it fails, and
# rank 0 never commits; no temporary file is left beside the output. (Shards 0-2: shard 3
# holds the bad cell above.)
mkdir -p "$work/killed"
cat > "$work/kill_rank.sh" <<SCRIPT
#!/usr/bin/env bash
[ "\$OMPI_COMM_WORLD_RANK" = 1 ] && kill -9 \$\$
exec "$credo" fit "$work/shards/rows-0[0-2].csv" --target class --bad bad --out "$work/killed/model.json"
SCRIPT
chmod +x "$work/kill_rank.sh"
"$mpiexec" --oversubscribe -np 3 "$work/kill_rank.sh" > "$work/out" 2> "$work/err"
check "a killed rank fails the job" test $? != 0
check "no model written when a rank was killed" test -z "$(ls -A "$work/killed")"

# Record shards: features and coverage split them over the ranks too. features' table from 3
# ranks is one process's byte for byte; a damaged last shard is read by rank 2 alone (4 shards
# over 3 ranks: shards 2 and 3 are rank 2's), so only it reports.
"$credo" synth --persons 3000 --seed 5 --shards 4 --out "$work/bureau" > /dev/null
b="$work/bureau"
"$credo" features "$b/persons-*.csv" "$b/tradelines-*.csv" "$b/inquiries-*.csv" --out "$work/features_one.csv" > /dev/null
"$mpiexec" --oversubscribe -np 3 "$credo" features "$b/persons-*.csv" "$b/tradelines-*.csv" "$b/inquiries-*.csv" \
  --out "$work/features_three.csv" > "$work/out" 2> "$work/err"
check "features on 3 ranks succeeds" test $? = 0
check "features on 3 ranks writes one process's table" cmp -s "$work/features_one.csv" "$work/features_three.csv"
check "and says how many persons" grep -q "^3000 persons from 4 shards" "$work/out"
cp -r "$b" "$work/damaged"
sed -i '2d' "$work/damaged/persons-0003.csv"  # its tradelines now name a person not in the shard
"$mpiexec" --oversubscribe -np 3 "$credo" coverage "$work/damaged/persons-*.csv" "$work/damaged/tradelines-*.csv" \
  "$work/damaged/inquiries-*.csv" --json > "$work/out" 2> "$work/err"
check "coverage with a damaged shard fails" test $? != 0
check "only rank 2, which holds that shard, reports it" \
  grep -qE '^credo: \[credo\.mpi\.rank_failed\] rank 2 of 3: \[credo\.records\.unknown_person\] .*-0003\.csv' "$work/err"
[ "$failed" = 0 ] || { echo "stderr of the last job:" >&2; cat "$work/err" >&2; }

finish "mpi streamed bin and fit"
