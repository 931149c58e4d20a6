#!/usr/bin/env bash
# Tests of the credo command line: outputs, JSON keys, exit codes and error lines.
# Usage: test_cli.sh path/to/credo path/to/german_credit.csv
set -uo pipefail
credo=$1
data=$2
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
. "$(dirname "$0")/../../tests/support/checks.sh"

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
# The summary (model/summary.hpp) and the concordance of the training scores.
for key in conf_int odds_ratio odds_ratio_conf_int intercept_conf_int deviance null_deviance lr_test \
    mcfadden cox_snell nagelkerke concordance concordant discordant tied somers_d gamma tau_a; do
  check "fit json $key" grep -q "\"$key\": " "$work/fit.json"
done
json_number() {  # json_number KEY FILE: the first number after "KEY":
  grep -m1 -o "\"$1\": -\?[0-9.e+-]*" "$2" | awk '{print $2}'
}
check "fit json deviance = -2 loglik" awk -v d="$(json_number deviance "$work/fit.json")" \
  -v l="$(json_number log_likelihood "$work/fit.json")" 'BEGIN { exit !(d > 0 && (d + 2 * l) ^ 2 < 1e-18 * d * d) }'
check "fit json Somers' D = Gini" awk -v s="$(json_number somers_d "$work/fit.json")" \
  -v g="$(json_number gini "$work/fit.json")" 'BEGIN { exit !(s > 0.5 && (s - g) ^ 2 < 1e-24) }'
check "fit json LR test df = slopes" awk -v d="$(json_number df "$work/fit.json")" \
  -v n="$(grep -c '"odds_ratio": ' "$work/fit.json")" 'BEGIN { exit !(n > 0 && d == n) }'
expect_fail "fit --alpha 0" 1 "[credo.model.bad_alpha] alpha = 0 is not in (0, 1)" \
  "$credo" fit "$data" --target class --bad bad --alpha 0
"$credo" fit "$data" --target class --bad bad --penalty l2 --lambda 5 --select stepwise > "$work/fit.txt"
check "fit text" grep -q "Scorecard:" "$work/fit.txt"
check "fit text odds ratios" grep -q "odds ratio" "$work/fit.txt"
check "fit text LR test" grep -q "^Deviance .*; LR test chi2(" "$work/fit.txt"
check "fit text concordance" grep -q "^Training pairs (bad, good): .*% concordant" "$work/fit.txt"

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
# Issue 20's figures where a validator looks: the KS test, the HL partition, the fairness ratios
# and each group against the whole population.
check "report json ks test" grep -q '"ks_test": {' "$work/report.json"
check "report json ks method" grep -q '"method": "exact"' "$work/report.json"
check "report json hl grouping" grep -q '"grouping": "equal_count"' "$work/report.json"
check "report json hl partition" grep -q '"partition": \[' "$work/report.json"
check "report json tpr ratio" grep -q '"true_positive_rate_ratio": {' "$work/report.json"
check "report json equalized odds ratio" grep -q '"equalized_odds_ratio": {' "$work/report.json"
check "report json to overall" grep -q '"max_abs_difference": ' "$work/report.json"
"$credo" report "$work/model.json" "$data" --target class --bad bad --hl-grouping stata_xtile --json > "$work/report_stata.json"
check "report hl-grouping stata" grep -q '"grouping": "stata_xtile"' "$work/report_stata.json"
expect_fail "report bad hl-grouping" 2 "--hl-grouping" \
  "$credo" report "$work/model.json" "$data" --target class --bad bad --hl-grouping deciles
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

# The bad-input matrix of docs/reliability.md ("The command line"), one case each.
# Each writes its own files in $work (a mktemp directory): never a path under /dev.
col_of() { head -1 "$data" | tr ',' '\n' | grep -nx "$1" | cut -d: -f1; }
amount=$(col_of credit_amount)
with_cell() {  # with_cell ROW VALUE OUT: german_credit with credit_amount of data row ROW replaced
  awk -F, -v OFS=, -v r="$(( $1 + 1 ))" -v c="$amount" -v v="$2" 'NR == r { $c = v } { print }' "$data" > "$3"
}

# Outputs.
mkfifo "$work/out.fifo"
cat "$work/out.fifo" > "$work/fifo.csv" &
reader=$!
"$credo" score "$work/model.json" "$data" --out "$work/out.fifo"
check "out: FIFO exit code" test $? = 0
wait $reader
check "out: FIFO written through" test "$(wc -l < "$work/fifo.csv")" = 1001
check "out: FIFO kept" test -p "$work/out.fifo"
echo old > "$work/real.csv"
ln -s real.csv "$work/link.csv"
"$credo" score "$work/model.json" "$data" --out "$work/link.csv"
check "out: symlink kept" test -L "$work/link.csv"
check "out: symlink target replaced" test "$(wc -l < "$work/real.csv")" = 1001
echo keep > "$work/ro.csv"
chmod 444 "$work/ro.csv"  # read-only by its mode: refused even when CI runs as root
expect_fail "out: read-only refused" 1 "[credo.io.read_only] '$work/ro.csv' is read-only" \
  "$credo" score "$work/model.json" "$data" --out "$work/ro.csv"
check "out: read-only kept" test "$(cat "$work/ro.csv")" = keep
expect_fail "out: empty" 1 "[credo.cli.empty_out] --out is empty" "$credo" score "$work/model.json" "$data" --out ""
expect_fail "out: names the model" 1 "[credo.cli.out_is_input]" \
  "$credo" score "$work/model.json" "$data" --out "$work/model.json"
cp "$data" "$work/in.csv"
expect_fail "out: names the data" 1 "[credo.cli.out_is_input]" \
  "$credo" score "$work/model.json" "$work/in.csv" --out "$work/./in.csv"
check "out: data untouched" cmp -s "$data" "$work/in.csv"
check "out: - is stdout" test "$("$credo" score "$work/model.json" "$data" --out - | wc -l)" = 1001
"$credo" fit "$data" --target class --bad bad --out - > "$work/stdout_model.json" 2> "$work/fit_summary.txt"
check "out: fit model on stdout" grep -q '"schema": "credo.scorecard/' "$work/stdout_model.json"
check "out: fit summary on stderr" grep -q "Scorecard:" "$work/fit_summary.txt"
printf 'old report\n' > "$work/keep.html"
printf '\xff\xfe' > "$work/byte"
awk -F, -v OFS=, -v b="$(cat "$work/byte")" 'NR == 4 { $1 = "x" b } { print }' "$data" > "$work/latin1.csv"
expect_fail "invalid UTF-8 names column and row" 1 "[credo.csv.invalid_utf8] '$work/latin1.csv' row 3, column 'checking_status'" \
  "$credo" report "$work/model.json" "$work/latin1.csv" --target class --bad bad --json --html "$work/keep.html"
check "out: failing report keeps the HTML" test "$(cat "$work/keep.html")" = "old report"
check "out: no temporary file left" test -z "$(find "$work" -name '.*.tmp*')"

# Numbers.
with_cell 5 1e400 "$work/e400.csv"
"$credo" fit "$work/e400.csv" --target class --bad bad --json > "$work/e400.json"
check "1e400: fit exit code" test $? = 0
check "1e400: credit_amount stays a characteristic" grep -q '"characteristic": "credit_amount"' "$work/e400.json"
with_cell 5 1e-400 "$work/em400.csv"
"$credo" bin "$work/em400.csv" --target class --bad bad --columns credit_amount > "$work/em400.txt"
check "1e-400: numeric bins" grep -q "credit_amount: IV 0.1" "$work/em400.txt"
with_cell 7 0x10 "$work/hex.csv"
expect_fail "0x10: the column, count and row" 1 \
  "[credo.csv.mixed_column] '$work/hex.csv' row 7, column 'credit_amount': '0x10' is not a number" \
  "$credo" fit "$work/hex.csv" --target class --bad bad
with_cell 9 '"1,234"' "$work/thousands.csv"
"$credo" bin "$work/thousands.csv" --target class --bad bad --columns credit_amount --bad-cells missing \
  > "$work/thousands.txt" 2> "$work/thousands.err"
check "1,234 as missing: exit code" test $? = 0
check "1,234 as missing: warning" grep -qF "column 'credit_amount': 1 cells are not numbers (the first in row 9: '1,234'); read as missing" "$work/thousands.err"
check "1,234 as missing: numeric bins" grep -q "credit_amount: IV 0.1" "$work/thousands.txt"

"$credo" bin "$work/hex.csv" --target class --bad bad --columns credit_amount --categorical credit_amount --method distinct \
  > "$work/hex_categorical.txt"
check "--categorical reads the column as categories" grep -qF "{0x10}" "$work/hex_categorical.txt"

# Schema-driven scoring: kinds from the model file; a cell the card cannot use gives a status.
awk -F, -v OFS=, 'NR > 1 { $1 = NR % 3 } { print }' "$data" > "$work/numeric_codes.csv"
"$credo" score "$work/model.json" "$work/numeric_codes.csv" --out "$work/codes_scored.csv"
check "schema: categorical codes 1/2/3 scored" test "$(grep -c ',ok$' "$work/codes_scored.csv")" = 1000
with_cell 3 lots "$work/lots.csv"
"$credo" score "$work/model.json" "$work/lots.csv" --out "$work/lots_scored.csv" 2> "$work/lots.err"
check "schema: that row has a status" grep -q '^3,,,not_a_number (credit_amount)$' "$work/lots_scored.csv"
check "schema: the others are scored" test "$(grep -c ',ok$' "$work/lots_scored.csv")" = 999
check "schema: the count on stderr" grep -q "1 of 1000 rows could not be scored" "$work/lots.err"
"$credo" report "$work/model.json" "$work/lots.csv" --target class --bad bad > "$work/lots_report.txt" 2> "$work/lots_report.err"
check "schema: report leaves the row out" grep -q "^999 rows, 999 scored" "$work/lots_report.txt"

# Leakage: a column equal to the outcome by a threshold is flagged, not shown as one useless bin.
awk -F, -v OFS=, '{ sub(/\r$/, ""); if (NR == 1) print $0 ",leak"; else print $0 "," ($NF == "bad" ? 100 + NR % 7 : NR % 50) }' \
  "$data" > "$work/leak.csv"
"$credo" bin "$work/leak.csv" --target class --bad bad --columns leak > "$work/leak.txt"
check "leak: flagged in the table" grep -q "^leak: IV 0.0000 (useless, separates the target)" "$work/leak.txt"
check "leak: warning line" grep -q "warning: separates the target: every good is at most 49 and every bad at least 100" "$work/leak.txt"
"$credo" bin "$work/leak.csv" --target class --bad bad --columns leak,duration --json > "$work/leak.json"
check "leak: warnings in the JSON" grep -q '"separates the target: every good is at most 49' "$work/leak.json"
check "leak: no warning on duration" grep -q '"warnings": \[\]' "$work/leak.json"
"$credo" fit "$work/leak.csv" --target class --bad bad > "$work/leak_fit.txt"
check "leak: fit lists it under Warnings" grep -q "^  leak: separates the target" "$work/leak_fit.txt"

# Messages.
expect_fail "unknown command" 2 "credo: [credo.cli.unknown_command] no command 'bni'" "$credo" bni "$data"
"$credo" bin --columns duration "$data" --target class --bad bad > "$work/swallow.txt"
check "--columns does not swallow DATA" grep -q "^duration: IV" "$work/swallow.txt"
"$credo" report "$work/model.json" --group age:25 --group foreign_worker "$data" --target class --bad bad > "$work/groups.txt"
check "--group does not swallow DATA" grep -q "Fairness by foreign_worker" "$work/groups.txt"
expect_fail "--bad empty" 1 "[credo.cli.empty_bad] --bad is empty" "$credo" bin "$data" --target class --bad ""
# The stream meets the third value before the end of the file; a file with one class only
# gets credo.csv.bad_value_absent (tests/io).
expect_fail "--bad absent" 1 "[credo.table.target_not_binary] '$data' row 2, column 'class': a third value 'bad' besides bad 'Bad'" "$credo" bin "$data" --target class --bad Bad
awk -F, -v OFS=, '{ sub(/\r$/, ""); print $0 (NR == 1 ? ",w" : ",0") }' "$data" > "$work/zero_weights.csv"
expect_fail "all weights zero" 1 "[credo.csv.zero_weights] '$work/zero_weights.csv': every weight in column 'w' is 0" \
  "$credo" fit "$work/zero_weights.csv" --target class --bad bad --weight w
expect_fail "--exclude the target" 1 "[credo.cli.exclude_target] --exclude class: that is the target column" \
  "$credo" fit "$data" --target class --bad bad --exclude class
expect_fail "--max-bins -3" 2 "[credo.cli.usage] --max-bins: '-3' is not a whole number >= 0" \
  "$credo" bin "$data" --target class --bad bad --max-bins -3
expect_fail "--cutoff nan" 2 "[credo.cli.usage] --cutoff: 'nan' is not a finite number" \
  "$credo" report "$work/model.json" "$data" --target class --bad bad --cutoff nan
expect_fail "--lambda -1, a short range message" 2 "[credo.cli.usage] --lambda: '-1' is below 0 (see credo fit --help)" \
  "$credo" fit "$data" --target class --bad bad --lambda -1
expect_fail "missing data file" 1 "[credo.csv.open_failed] '$work/nope.csv': cannot open the file: No such file" \
  "$credo" bin "$work/nope.csv" --target class --bad bad
expect_fail "missing model file" 1 "[credo.model_file.open_failed]" "$credo" score "$work/nope.json" "$data"
expect_fail "usage error" 2 "[credo.cli.usage]" "$credo" bin "$data" --bad bad
"$credo" bin - --target class --bad bad --columns duration < "$data" > "$work/stdin.txt"
check "- reads standard input" grep -q "^duration: IV 0.2747" "$work/stdin.txt"

# Wide files: 100,000 columns read whole (linear in columns).
awk 'BEGIN { n = 100000; h = "y"; for (j = 1; j <= n; ++j) h = h ",c" j; print h;
             for (r = 0; r < 8; ++r) { s = (r % 2 ? "bad" : "good"); for (j = 1; j <= n; ++j) s = s "," (r + j) % 5; print s } }' \
  > "$work/wide.csv"
"$credo" bin "$work/wide.csv" --target y --bad bad --method distinct --columns c1,c100000 --json > "$work/wide.json"
check "wide: exit code" test $? = 0
check "wide: last column read" grep -q '"name": "c100000"' "$work/wide.json"

# Help: an example, the defaults, the missing-value tokens, exit codes and docs/cli.md.
for sub in bin fit score report coverage; do
  "$credo" $sub --help > "$work/help.txt"
  check "$sub --help example" grep -q "^  credo $sub " "$work/help.txt"
  check "$sub --help missing tokens" grep -q "Missing values: the CSV cells '', 'NA', 'NaN', '?'" "$work/help.txt"
  check "$sub --help exit codes" grep -q "^Exit codes: 0 success, 1 an error" "$work/help.txt"
  check "$sub --help docs" grep -q "docs/cli.md" "$work/help.txt"
done
"$credo" bin --help > "$work/help.txt"
check "bin --help defaults" grep -q "=optimal" "$work/help.txt"

finish "cli"
