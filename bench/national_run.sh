#!/usr/bin/env bash
# The national run of issue 18: a synthetic bureau streamed through
# synth -> features -> coverage (exact Shapley over the sources) -> bin -> fit -> score -> report,
# each stage timed with /usr/bin/time, then the stages that merge over ranks again under
# `mpirun -np 2`. Prints per stage: wall and CPU seconds, persons per second per core
# (persons / CPU seconds), MB/s (bytes the stage reads, or synth writes, / wall seconds) and
# peak RSS; the 2-rank speed-up; and the projection for 460 million persons on k cores.
#
# usage: bench/national_run.sh BUILD_DIR [PERSONS=20000000] [SHARDS=16] [WORK_DIR]
#   BUILD_DIR holds examples/credo (a Release build, with MPI for the 2-rank part)
#   WORK_DIR  (default: a new directory under $TMPDIR) keeps the files; about 230 bytes of
#             record files and 140 bytes of modelling table per person.
set -euo pipefail
build=${1:?usage: national_run.sh BUILD_DIR [PERSONS] [SHARDS] [WORK_DIR]}
persons=${2:-20000000}
shards=${3:-16}
work=${4:-$(mktemp -d "${TMPDIR:-/tmp}/credo-national.XXXXXX")}
credo=$(cd "$build" && pwd)/examples/credo
[ -x "$credo" ] || { echo "national_run: $credo not found; build the target credo_cli" >&2; exit 1; }
mkdir -p "$work"
cd "$work"
cores=$(nproc)
export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1

calc() { awk "BEGIN { print $* }"; }  # floating-point arithmetic without bc
bytes_of() { local t=0 f; for f in "$@"; do t=$((t + $(stat -L -c %s "$f"))); done; echo "$t"; }
declare -A wall cpu rss mb
stage() {  # stage NAME INPUT_BYTES COMMAND... : runs and records the stage
  local name=$1 bytes=$2; shift 2
  /usr/bin/time -f "%e %U %S %M" -o "$work/time.$name" "$@" > "$work/out.$name" 2> "$work/err.$name" || {
    echo "national_run: stage $name failed:" >&2; cat "$work/err.$name" >&2; exit 1; }
  read -r w u s m < <(tail -1 "$work/time.$name")
  wall[$name]=$w
  cpu[$name]=$(calc "$u + $s")
  rss[$name]=$((m / 1024))
  mb[$name]=$(calc "$bytes / 1000000 / $w")
  printf '%-10s %9.1f s wall %9.1f s CPU %12.0f persons/s/core %8.1f MB/s %7d MB peak\n' "$name" "$w" \
    "${cpu[$name]}" "$(calc "$persons / ${cpu[$name]}")" "${mb[$name]}" "${rss[$name]}"
}

echo "national run: $persons persons in $shards shards on $cores cores, files under $work"
stage synth 0 "$credo" synth --persons "$persons" --seed 2026 --shards "$shards" --out bureau
records=(bureau/persons-*.csv bureau/tradelines-*.csv bureau/inquiries-*.csv)
applicants=(bureau/applicants-*.csv)
mb[synth]=$(calc "$(bytes_of "${records[@]}" "${applicants[@]}") / 1000000 / ${wall[synth]}")
printf '           synth wrote %d bytes of records and %d of applicants: %.1f MB/s\n' "$(bytes_of "${records[@]}")" \
  "$(bytes_of "${applicants[@]}")" "${mb[synth]}"
rec_bytes=$(bytes_of "${records[@]}")
app_bytes=$(bytes_of "${applicants[@]}")
glob_p='bureau/persons-*.csv'; glob_t='bureau/tradelines-*.csv'; glob_i='bureau/inquiries-*.csv'
glob_a='bureau/applicants-*.csv'
# The characteristics: every column but the target, the protected group and accounts_other
# (always 0 in synth's bureau, a constant column the binning refuses).
columns=$(head -1 "${applicants[0]}" | tr ',' '\n' | grep -v -x -E 'bad|group|accounts_other' | paste -sd, -)
stage features "$rec_bytes" "$credo" features "$glob_p" "$glob_t" "$glob_i" --out features.csv
stage coverage "$rec_bytes" "$credo" coverage "$glob_p" "$glob_t" "$glob_i" --segment group --json
stage bin "$app_bytes" "$credo" bin "$glob_a" --target bad --bad 1 --columns "$columns" --json
stage fit "$app_bytes" "$credo" fit "$glob_a" --target bad --bad 1 --columns "$columns" --out model.json --json
stage score "$app_bytes" "$credo" score model.json "$glob_a" --reasons 4 --out scored.csv
stage report "$app_bytes" "$credo" report model.json "$glob_a" --target bad --bad 1 --group group --json

echo
echo "2 ranks (mpirun -np 2) against 1 on the same shards:"
for name in features coverage bin fit; do
  case $name in
    features) cmd=("$credo" features "$glob_p" "$glob_t" "$glob_i" --out features2.csv) ;;
    coverage) cmd=("$credo" coverage "$glob_p" "$glob_t" "$glob_i" --segment group --json) ;;
    bin) cmd=("$credo" bin "$glob_a" --target bad --bad 1 --columns "$columns" --json) ;;
    fit) cmd=("$credo" fit "$glob_a" --target bad --bad 1 --columns "$columns" --out model2.json --json) ;;
  esac
  /usr/bin/time -f "%e" -o "$work/time2.$name" mpirun --oversubscribe -np 2 "${cmd[@]}" > "$work/out2.$name" 2> "$work/err2.$name"
  w2=$(tail -1 "$work/time2.$name")
  same=$(cmp -s <(sed 's/model2.json/model.json/; s/features2.csv/features.csv/' "$work/out2.$name") "$work/out.$name" &&
         { [ "$name" != features ] || cmp -s features.csv features2.csv; } && echo "same output" || echo "OUTPUT DIFFERS")
  printf '%-10s %9.1f s on 1 rank, %9.1f s on 2: speed-up %.2f (%s)\n' "$name" "${wall[$name]}" "$w2" \
    "$(calc "${wall[$name]} / $w2")" "$same"
done

if [ -x "$(dirname "$credo")/../bench/mpi_merge_timer" ]; then
  echo
  echo "the cost of one MPI merge (bench/mpi_merge_timer, 2 ranks):"
  mpirun --oversubscribe -np 2 "$(dirname "$credo")/../bench/mpi_merge_timer" 2>&1 | tail -8
fi

echo
echo "projection for 460,000,000 persons (per-core rates above, stages in sequence, shards spread evenly):"
total_core_seconds=0
for name in synth features coverage bin fit score report; do
  per_person=$(calc "${cpu[$name]} / $persons")
  total_core_seconds=$(calc "$total_core_seconds + $per_person * 460000000")
done
printf '  CPU: %.0f core-seconds in all (sum over stages of CPU seconds per person x 460 M)\n' "$total_core_seconds"
for k in 32 64 128; do
  printf '  on %3d cores: %.1f minutes (core-seconds / %d / 60)\n' "$k" "$(calc "$total_core_seconds / $k / 60")" "$k"
done
