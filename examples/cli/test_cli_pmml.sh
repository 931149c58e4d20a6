#!/usr/bin/env bash
# credo import and credo score of PMML files (docs/interop.md, "Import"): a hand-written PMML
# card over German credit, imported to credo's model file, scores every row as the PMML file
# scored directly; the other model types' columns; error lines with ids; nothing written on
# failure.
# Usage: test_cli_pmml.sh path/to/credo path/to/german_credit.csv path/to/tests/data/pmml_cases [MPIEXEC]
# (with MPIEXEC, a build with MPI: a PMML file under 2 ranks is refused)
set -uo pipefail
credo=$1
data=$2
cases=$3
mpiexec=${4:-}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
. "$(dirname "$0")/../../tests/support/checks.sh"

# Import, then score the JSON and the PMML: the same score on every German credit row.
"$credo" import "$cases/german_card.pmml" --out "$work/card.json"
check "import exit code" test $? = 0
check "import writes a credo model file" grep -q '"schema": "credo.scorecard/1"' "$work/card.json"
"$credo" score "$work/card.json" "$data" --reasons 4 --out "$work/json.csv"
check "score json" test $? = 0
"$credo" score "$cases/german_card.pmml" "$data" --reasons 4 --out "$work/pmml.csv" 2> "$work/pmml.err"
check "score pmml" test $? = 0
check "score pmml header" test "$(head -1 "$work/pmml.csv")" = "row,score,status,reason_1,reason_2,reason_3,reason_4"
check "every row scored by both" test "$(grep -c ',ok' "$work/pmml.csv")" = 1000 -a "$(grep -c ',ok' "$work/json.csv")" = 1000
check "the same scores on every row" cmp <(cut -d, -f1,2 "$work/json.csv" | tail -n +2) <(cut -d, -f1,2 "$work/pmml.csv" | tail -n +2)
# Row 1 by hand: 512.25 + (<0) -12.125 + (duration 6) 22.4 + (1169) 6.6 + (own) 10.01 = 539.135;
# its largest reason in both: checking_status (31.7 - -12.125 = 43.825 points below).
check "row 1 by hand" test "$(sed -n 2p "$work/pmml.csv" | cut -d, -f2,4)" = "539.135,checking_status"
check "row 1 reason in the json card" grep -q '^1,539.135,.*,ok,checking_status = {<0} (43.825 points below baseline)' "$work/json.csv"
# The same from standard input, and with --id.
check "score pmml from stdin" cmp <("$credo" score "$cases/german_card.pmml" - --reasons 4 < "$data" 2>/dev/null) "$work/pmml.csv"
"$credo" score "$cases/german_card.pmml" "$data" --id duration --out "$work/id.csv" 2>/dev/null
check "score pmml --id" test "$(sed -n 2p "$work/id.csv")" = "6,539.135,ok"

# A PMML file is recognised by its content too.
cp "$cases/german_card.pmml" "$work/card.model"
check "pmml by content" cmp <("$credo" score "$work/card.model" "$data" --reasons 4 2>/dev/null) "$work/pmml.csv"

# RegressionModel: predicted, and one probability column per category.
printf 'x1,x2,g\n2,0.5,A\n1,,B\n-1,3,zz\n' > "$work/r.csv"
"$credo" score "$cases/classification_softmax.pmml" "$work/r.csv" > "$work/sm.csv" 2> /dev/null
check "classification header" test "$(head -1 "$work/sm.csv")" = "row,predicted,probability_low,probability_mid,probability_high,status"
check "classification missing row" test "$(sed -n 3p "$work/sm.csv")" = "2,,,,,missing (field 'x2')"
check "classification predicted" test "$(sed -n 2p "$work/sm.csv" | cut -d, -f2)" = "high"
"$credo" score "$cases/regression_none.pmml" "$work/r.csv" > "$work/reg.csv" 2> /dev/null
# Row 1 by hand: 1.5 + 0.25*2 - 2*0.5^2 + 0.75 = 2.25.
check "regression" test "$(sed -n 1,2p "$work/reg.csv" | tr '\n' ';')" = "row,predicted,status;1,2.25,ok;"
check "regression unseen category adds nothing" test "$(sed -n 4p "$work/reg.csv")" = "3,-16.75,ok"

# Errors: one line with the id, nothing written.
expect_fail "import not representable" 1 "credo: [credo.pmml.not_representable] element 'ComplexPartialScore' at line 21" \
  "$credo" import "$cases/complex.pmml" --out "$work/x.json"
check "nothing written on failure" test ! -e "$work/x.json"
expect_fail "import a regression" 1 "[credo.pmml.not_representable] element 'RegressionModel'" \
  "$credo" import "$cases/regression_logit.pmml"
printf '<?xml version="1.0"?>\n<!DOCTYPE PMML [<!ENTITY x SYSTEM "file:///etc/passwd">]>\n<PMML version="4.4">&x;</PMML>\n' > "$work/evil.pmml"
expect_fail "entity declaration" 1 "credo: [credo.pmml.doctype] line 2" "$credo" score "$work/evil.pmml" "$data"
expect_fail "import entity declaration" 1 "[credo.pmml.doctype]" "$credo" import "$work/evil.pmml"
expect_fail "missing pmml file" 1 "[credo.pmml.open_failed]" "$credo" import "$work/none.pmml"
expect_fail "data without a field" 1 "[credo.csv.unknown_column] '$data': column 'g', which the PMML file needs, is not in the header" \
  "$credo" score "$cases/regression_none.pmml" "$data"
expect_fail "pmml over its own output" 1 "[credo.cli.out_is_input]" \
  "$credo" score "$cases/german_card.pmml" "$data" --out "$cases/german_card.pmml"

if [ -n "$mpiexec" ]; then
  "$mpiexec" --oversubscribe --allow-run-as-root -np 2 "$credo" score "$cases/german_card.pmml" "$data" \
    --out "$work/ranks.csv" > /dev/null 2> "$work/ranks.err"
  rc=$?
  check "pmml under ranks refused" test "$rc" != 0
  check "pmml under ranks: the id" grep -qF "[credo.cli.pmml_ranks]" "$work/ranks.err"
  check "pmml under ranks: nothing written" test ! -e "$work/ranks.csv"
fi

finish "pmml cli"
