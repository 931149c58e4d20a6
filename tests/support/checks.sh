# The checks of credo's shell tests (examples/cli/test_cli*.sh, tests/mpi/*.sh), sourced by
# each after it has made its scratch folder $work:
#   check NAME COMMAND...                         the command must succeed
#   expect_fail NAME CODE STDERR_TEXT COMMAND...  exit CODE, one stderr line holding
#                                                 STDERR_TEXT (the error id), nothing on stdout
#   pycheck NAME FILE CODE                        Python CODE (with doc = FILE parsed as JSON,
#                                                 run by $py) must not fail an assert
#   finish LABEL                                  prints the tally; the script's exit status
passed=0
failed=0
check() {
  local name=$1; shift
  if "$@"; then passed=$((passed + 1)); else failed=$((failed + 1)); echo "FAILED: $name" >&2; fi
}
expect_fail() {
  local name=$1 code=$2 line=$3; shift 3
  "$@" > "$work/out" 2> "$work/err"
  local rc=$?
  # One line on stderr, with the id; nothing on stdout.
  if [ "$rc" = "$code" ] && grep -qF -- "$line" "$work/err" && [ "$(wc -l < "$work/err")" = 1 ] && [ ! -s "$work/out" ]; then
    passed=$((passed + 1))
  else
    failed=$((failed + 1))
    echo "FAILED: $name (exit $rc, stderr: $(head -c 300 "$work/err"))" >&2
  fi
}
pycheck() {
  local name=$1 file=$2 code=$3
  check "$name" "$py" -c "import json, math, sys
doc = json.load(open(sys.argv[1]))
$code" "$file"
}
finish() {
  echo "$1: $passed passed, $failed failed"
  [ "$failed" = 0 ]
}
