#!/usr/bin/env bash
# Tests of the credo command line: outputs, JSON keys, exit codes and error lines.
# Usage: test_cli.sh path/to/credo path/to/german_credit.csv
set -uo pipefail
credo=$1
data=$2
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
passed=0
failed=0
check() {  # check NAME COMMAND... : the command must succeed
  local name=$1; shift
  if "$@"; then passed=$((passed + 1)); else failed=$((failed + 1)); echo "FAILED: $name" >&2; fi
}
expect_fail() {  # expect_fail NAME CODE EXPECTED_STDERR_LINE COMMAND...
  local name=$1 code=$2 line=$3; shift 3
  "$@" > "$work/out" 2> "$work/err"
  local rc=$?
  if [ "$rc" = "$code" ] && grep -qF -- "$line" "$work/err" && [ ! -s "$work/out" ]; then
    passed=$((passed + 1))
  else
    failed=$((failed + 1))
    echo "FAILED: $name (exit $rc, stderr: $(head -c 300 "$work/err"))" >&2
  fi
}

# bin: distinct bins give checking_status its hand-checkable IV 0.666.
"$credo" bin "$data" --target class --bad bad --method distinct --columns checking_status > "$work/bin.txt"
check "bin exit code" test $? = 0
check "bin text IV" grep -q "checking_status: IV 0.6660 (suspicious)" "$work/bin.txt"
"$credo" bin "$data" --target class --bad bad --method distinct --columns checking_status,duration --json > "$work/bin.json"
check "bin json keys" grep -q '"variables"' "$work/bin.json"
check "bin json iv" grep -q '"iv": 0.66601' "$work/bin.json"
check "bin json bin keys" grep -q '"label": "{no checking}"' "$work/bin.json"
check "bin ranking order" test "$(grep -m1 -o '"name": "[a-z_]*"' "$work/bin.json")" = '"name": "checking_status"'

# Errors: one line with the id on stderr, nothing on stdout, exit 1 (2 for usage).
expect_fail "unknown column" 1 "credo: [credo.table.unknown_column] no column 'nope'" \
  "$credo" bin "$data" --target class --bad bad --columns nope
expect_fail "unknown target" 1 "[credo.table.unknown_column] no column 'klass'" \
  "$credo" bin "$data" --target klass --bad bad
expect_fail "bad option" 2 "--method" "$credo" bin "$data" --target class --bad bad --method magic
printf 'a,b\n1,"x\n' > "$work/broken.csv"
expect_fail "broken csv" 1 "[credo.csv.unterminated_quote]" "$credo" bin "$work/broken.csv" --target b --bad x

echo "$passed passed, $failed failed"
[ "$failed" = 0 ]
