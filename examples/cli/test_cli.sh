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

# fit: a scorecard without the protected attributes, saved as a model file.
"$credo" fit "$data" --target class --bad bad --exclude age,personal_status,foreign_worker \
  --out "$work/model.json" --json > "$work/fit.json"
check "fit exit code" test $? = 0
check "fit model file" test -s "$work/model.json"
check "fit json model" grep -q '"intercept": ' "$work/fit.json"
check "fit json coefficients" grep -q '"std_error": ' "$work/fit.json"
check "fit json metrics" grep -q '"gini": ' "$work/fit.json"
check "fit excludes protected" bash -c "! grep -q '\"name\": \"personal_status\"' '$work/fit.json'"
"$credo" fit "$data" --target class --bad bad --penalty l2 --lambda 5 --select stepwise > "$work/fit.txt"
check "fit text" grep -q "Scorecard:" "$work/fit.txt"

# score: every row scored, with reasons; a row with a bad value is still scored (own bin).
"$credo" score "$work/model.json" "$data" --reasons 4 --out "$work/scored.csv"
check "score exit code" test $? = 0
check "score rows" test "$(wc -l < "$work/scored.csv")" = 1001
check "score header" grep -q "^row,score,pd,status,reason_1,reason_2,reason_3,reason_4$" "$work/scored.csv"
check "score ok" test "$(grep -c ',ok,' "$work/scored.csv")" = 1000

# report: metrics, stability, fairness by age over 25 and by foreign_worker, and the HTML.
"$credo" report "$work/model.json" "$data" --target class --bad bad --group age:25 --reference "age > 25" \
  --group foreign_worker --json --html "$work/report.html" > "$work/report.json"
check "report exit code" test $? = 0
check "report json metrics" grep -q '"auc": 0\.' "$work/report.json"
check "report json fairness" grep -q '"group_column": "age"' "$work/report.json"
check "report json reference" grep -q '"reference": "age > 25"' "$work/report.json"
check "report json psi" grep -q '"psi": ' "$work/report.json"
check "report html" test -s "$work/report.html"
check "report html renders" "$(dirname "$0")/../../tests/report/check_html.sh" "$work/report.html" 10
expect_fail "report unknown group" 1 "[credo.table.unknown_column] no column 'sex'" \
  "$credo" report "$work/model.json" "$data" --target class --bad bad --group sex
expect_fail "report bad group cut" 1 "[credo.cli.bad_group] --group age:x: 'x' is not a number" \
  "$credo" report "$work/model.json" "$data" --target class --bad bad --group age:x
printf '{"schema": "credo.scorecard", "version": 99}' > "$work/future.json"
expect_fail "newer model file" 1 "[credo.model_file." "$credo" score "$work/future.json" "$data"

# coverage on three persons whose values are derived by hand: P1 is scoreable from A alone;
# P2 needs both (A's account is recent but young, B's old but not recent); P3 has no record.
# v({}) = 0, v(A) = 1, v(B) = 0, v(AB) = 2: Shapley A = (1 + 2)/2 = 1.5, B = (0 + 1)/2 = 0.5.
printf 'person_id,as_of,group\nP1,2024-06-30,x\nP2,2024-06-30,y\nP3,2024-06-30,y\n' > "$work/persons.csv"
printf '%s\n' 'person_id,source,account_type,opened,closed,last_reported,credit_limit,balance,payment_history' \
  'P1,A,revolving,2020-01-01,,2024-06-01,1000,100,000000' \
  'P2,A,installment,2024-03-01,,2024-06-01,5000,4000,000' \
  'P2,B,revolving,2019-01-01,,2022-01-01,800,0,000000' > "$work/tradelines.csv"
"$credo" coverage --tradelines "$work/tradelines.csv" --persons "$work/persons.csv" --segment group --json \
  > "$work/coverage.json"
check "coverage exit code" test $? = 0
check "coverage json" grep -q '"scoreable_share": 0.666666' "$work/coverage.json"
check "coverage invisible" grep -q '"invisible_share": 0.333333' "$work/coverage.json"
check "coverage shapley A" grep -q '"shapley": 1.5' "$work/coverage.json"
check "coverage shapley B" grep -q '"shapley": 0.5' "$work/coverage.json"
check "coverage leave-one-out A" grep -q '"leave_one_out": 2' "$work/coverage.json"
"$credo" coverage --tradelines "$work/tradelines.csv" --persons "$work/persons.csv" --rule thin:1 > "$work/cov.txt"
check "coverage thin rule" grep -q "scoreable 66.67%" "$work/cov.txt"
expect_fail "coverage bad rule" 1 "[credo.cli.bad_rule]" \
  "$credo" coverage --tradelines "$work/tradelines.csv" --persons "$work/persons.csv" --rule thick

echo "$passed passed, $failed failed"
[ "$failed" = 0 ]
