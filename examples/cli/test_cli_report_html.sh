#!/usr/bin/env bash
# credo report's HTML is a document a credit committee reads (issue 23): credo fit --out keeps
# the fit in the model file, and the report shows its coefficients with standard errors, z and
# p, the characteristics dropped with the reason, the summary and the binning tables; every
# chart passes the geometry checks; a model file without the fit still reports, saying what it
# cannot show; the JSON names the flag below_four_fifths.
# Usage: test_cli_report_html.sh path/to/credo path/to/german_credit.csv
set -uo pipefail
credo=$1
data=$2
py=/usr/bin/python3
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
here=$(dirname "$0")
. "$here/../../tests/support/checks.sh"

check "fit writes the model file" sh -c "'$credo' fit '$data' --target class --bad bad \
  --exclude age,personal_status,foreign_worker --out '$work/card.json' --json > '$work/fit.json'"
pycheck "the model file keeps the fit: coefficients with standard errors, dropped" "$work/card.json" '
fit = json.load(open(sys.argv[1].replace("card.json", "fit.json")))
f = doc["fit"]
assert [c["name"] for c in f["coefficients"]][1:] == [c["name"] for c in fit["model"]["coefficients"]]
assert f["coefficients"][0]["std_error"] == fit["model"]["intercept_std_error"]
for a, b in zip(f["coefficients"][1:], fit["model"]["coefficients"]):
    assert a["std_error"] == b["std_error"] and a["p_value"] == b["p_value"], (a, b)
assert f["dropped"] == fit["dropped"] and len(f["dropped"]) > 0
assert f["aic"] == fit["model"]["aic"]'

check "report writes the HTML" sh -c "'$credo' report '$work/card.json' '$data' --target class --bad bad \
  --group age:25 --reference 'age > 25' --html '$work/r.html' --json > '$work/r.json'"
check "every chart of the report passes the geometry checks" "$py" "$here/../../tests/report/check_svg.py" "$work/r.html" 15
pycheck "the HTML shows each coefficient's standard error and z, and each dropped characteristic" "$work/fit.json" '
html = open(sys.argv[1].replace("fit.json", "r.html")).read()
for c in doc["model"]["coefficients"]:
    row = "<td>%s</td><td class=\"num\">%.4f</td><td class=\"num\">%.4f</td><td class=\"num\">%.3f</td>" % (
        c["name"], c["estimate"], c["std_error"], c["z"])
    assert row in html, row
for d in doc["dropped"]:
    assert "<td>%s</td>" % d["name"] in html, d
for section in ("Summary", "Scorecard points", "Model coefficients", "Characteristics dropped",
                "Characteristics: binning tables", "Gains and lift", "Fairness by age"):
    assert ">%s</a></li>" % section in html, section
assert "<th scope=\"row\">data</th>" in html'
pycheck "the JSON names the flag below_four_fifths" "$work/r.json" '
g = doc["fairness"][0]["groups"][0]
assert "below_four_fifths" in g and "four_fifths" not in g
assert "below_four_fifths_across" in doc["fairness"][0]["measures"]'

# A model file written before the fit was recorded: no "fit" member.
"$py" -c 'import json, sys
d = json.load(open(sys.argv[1])); del d["fit"]; json.dump(d, open(sys.argv[2], "w"))' "$work/card.json" "$work/old.json"
check "a model file without the fit still reports" sh -c "'$credo' report '$work/old.json' '$data' --target class \
  --bad bad --html '$work/old.html' > /dev/null"
check "and says what it cannot show" grep -q "standard errors, z and p-values are not known here" "$work/old.html"
# A damaged fit member is refused with its path, nothing written.
"$py" -c 'import json, sys
d = json.load(open(sys.argv[1])); d["fit"]["coefficients"][1]["std_error"] = "x"; json.dump(d, open(sys.argv[2], "w"))' \
  "$work/card.json" "$work/bad.json"
expect_fail "a damaged fit member is refused" 1 "[credo.model_file.wrong_type] fit.coefficients[1].std_error" \
  "$credo" report "$work/bad.json" "$data" --target class --bad bad --html "$work/bad.html"
check "and no HTML is written" test ! -e "$work/bad.html"
finish test_cli_report_html
