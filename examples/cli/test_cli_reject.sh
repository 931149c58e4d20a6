#!/usr/bin/env bash
# credo fit --rejects: reject inference end to end on German credit split by a policy rule
# (accepts: duration <= 30; rejects: the others, outcome removed): the counts, the inferred bad
# rate (fuzzy: the mean KGB PD of the rejects), the model file's record, the report's section.
# Usage: test_cli_reject.sh path/to/credo path/to/german_credit.csv path/to/python3
set -uo pipefail
credo=$1
data=$2
py=$3
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
. "$(dirname "$0")/../../tests/support/checks.sh"

"$py" -c "
import csv, sys
r = list(csv.reader(open(sys.argv[1])))
h = r[0]; d = h.index('duration'); c = h.index('class')
csv.writer(open(sys.argv[2], 'w', newline='')).writerows([h] + [x for x in r[1:] if float(x[d]) <= 30])
csv.writer(open(sys.argv[3], 'w', newline='')).writerows(
    [[v for i, v in enumerate(x) if i != c] for x in [h] + [x for x in r[1:] if float(x[d]) > 30]])
" "$data" "$work/accepts.csv" "$work/rejects.csv"

for m in hard fuzzy parcel; do
  "$credo" fit "$work/accepts.csv" --target class --bad bad --rejects "$work/rejects.csv" --reject-inference $m \
    --out "$work/$m.json" --json > "$work/fit_$m.json"
  check "fit --reject-inference $m exit" test $? = 0
  pycheck "$m: counts and rates" "$work/fit_$m.json" "
r = doc['reject_inference']
assert r['method'] == '$m', r['method']
assert r['accepts'] == 827 and r['rejects'] == 173 and r['rejects_left_out'] == 0, r
assert abs(r['accepts_bad_rate'] - 217 / 827) < 1e-12
assert r['inferred_bad_rate'] > r['accepts_bad_rate']
assert 'kgb_model' not in r
assert r['augmented_rows'] == (827 + 2 * 173 if '$m' == 'fuzzy' else 1000)"
  pycheck "$m: the model file records it with the KGB card" "$work/$m.json" "
r = doc['reject_inference']
assert r['method'] == '$m' and r['accepts'] == 827 and r['rejects'] == 173
assert r['kgb_model']['schema'] == 'credo.scorecard/1'
assert len(r['kgb_model']['characteristics']) == len(r['kgb']['selected'])"
done
pycheck "hard: default cut-off is the accepts' bad rate" "$work/fit_hard.json" '
r = doc["reject_inference"]
assert r["parameters"]["cutoff_pd"] == r["accepts_bad_rate"]'
pycheck "parcel: the bands' assigned bads make the inferred bad rate" "$work/fit_parcel.json" '
r = doc["reject_inference"]
b = r["bands"]
assert sum(x["rejects"] for x in b) == 173
assert abs(sum(x["assigned_bad_weight"] for x in b) / 173 - r["inferred_bad_rate"]) < 1e-12
assert all(abs(x["target_bad_rate"] - min(1, 2 * x["accepts_bad_rate"])) < 1e-12 for x in b)'
"$credo" fit "$work/accepts.csv" --target class --bad bad --rejects "$work/rejects.csv" --reject-inference hard \
  --reject-cutoff 0.5 --reject-weight 2 --json > "$work/hard05.json"
pycheck "hard: --reject-cutoff and --reject-weight" "$work/hard05.json" '
r = doc["reject_inference"]
assert r["parameters"] == {"reject_weight": 2.0, "cutoff_pd": 0.5}, r["parameters"]'

# The report of a card fitted with reject inference: the KGB card beside it on the data.
"$credo" report "$work/fuzzy.json" "$data" --target class --bad bad --json --html "$work/r.html" > "$work/report.json"
check "report of a reject-inference card exit" test $? = 0
pycheck "report: reject_inference with the KGB card on the data" "$work/report.json" '
r = doc["reject_inference"]
assert r["method"] == "fuzzy"
k = r["kgb_on_data"]
assert k["compared"] == 1000
assert abs(k["champion_auc"] - doc["metrics"]["auc"]) < 1e-12
assert k["swap_in"]["rows"] + k["swap_out"]["rows"] + k["both_approved"]["rows"] + k["both_declined"]["rows"] == 1000'
check "report HTML has the reject inference section" grep -qE "<h2 id=\"[a-z0-9_-]+\">Reject inference</h2>" "$work/r.html"
check "report HTML has the KGB comparison" grep -q "KGB and inferred models on this data" "$work/r.html"

# Errors.
expect_fail "--reject-inference without --rejects" 1 "[credo.cli.needs_rejects]" \
  "$credo" fit "$work/accepts.csv" --target class --bad bad --reject-inference hard
expect_fail "--reject-cutoff with fuzzy" 1 "[credo.cli.reject_option]" \
  "$credo" fit "$work/accepts.csv" --target class --bad bad --rejects "$work/rejects.csv" --reject-cutoff 0.3
expect_fail "--event-rate-increase with hard" 1 "[credo.cli.reject_option]" \
  "$credo" fit "$work/accepts.csv" --target class --bad bad --rejects "$work/rejects.csv" --reject-inference hard \
  --event-rate-increase 3
cut -d, -f1-5 "$work/rejects.csv" > "$work/narrow.csv"
expect_fail "rejects without a column of DATA" 1 "[credo.csv.unknown_column]" \
  "$credo" fit "$work/accepts.csv" --target class --bad bad --rejects "$work/narrow.csv" --out "$work/never.json"
check "nothing written on failure" test ! -e "$work/never.json"
cp "$work/accepts.csv" "$work/a2.csv"
expect_fail "DATA in shards" 1 "[credo.cli.rejects_one_file]" \
  "$credo" fit "$work/a*.csv" --target class --bad bad --rejects "$work/rejects.csv"
finish "cli_reject"
