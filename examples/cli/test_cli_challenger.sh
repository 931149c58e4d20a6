#!/usr/bin/env bash
# credo report --challenger: two cards on German credit, their AUCs equal to each card's own
# report, DeLong's paired test, the swap sets partitioning the rows at the two cut-offs, the
# swap counts recounted from credo score's output, the HTML section, and the errors.
# Usage: test_cli_challenger.sh path/to/credo path/to/german_credit.csv path/to/python3
set -uo pipefail
credo=$1
data=$2
py=$3
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
. "$(dirname "$0")/../../tests/support/checks.sh"

"$credo" fit "$data" --target class --bad bad --out "$work/champ.json" > /dev/null
"$credo" fit "$data" --target class --bad bad --min-iv 0.1 --out "$work/chal.json" > /dev/null
"$credo" report "$work/chal.json" "$data" --target class --bad bad --json > "$work/chal_report.json"
"$credo" report "$work/champ.json" "$data" --target class --bad bad --challenger "$work/chal.json" \
  --challenger-cutoff 520 --json --html "$work/r.html" > "$work/report.json"
check "report --challenger exit" test $? = 0
"$credo" score "$work/champ.json" "$data" > "$work/s1.csv"
"$credo" score "$work/chal.json" "$data" > "$work/s2.csv"
check "challenger: AUCs, DeLong and swap sets" "$py" -c "
import csv, json, math, sys
doc = json.load(open(sys.argv[1])); alone = json.load(open(sys.argv[2]))
c = doc['challenger']
assert c['compared'] == 1000 and c['rows'] == 1000
assert abs(c['champion_auc'] - doc['metrics']['auc']) < 1e-12
assert abs(c['auc'] - alone['metrics']['auc']) < 1e-12
assert all(abs(a - b) < 1e-12 for a, b in zip(c['auc_interval'], alone['metrics']['auc_interval']))
assert c['champion_cutoff'] == doc['cutoff'] and c['cutoff'] == 520
d = c['delong']
assert abs(d['difference'] - (c['auc'] - c['champion_auc'])) < 1e-12
assert d['difference_interval'][0] < d['difference'] < d['difference_interval'][1]
assert 0 < d['p_value'] < 1
# The swap sets recounted from each card's scores.
s1 = [float(r['score']) for r in csv.DictReader(open(sys.argv[3]))]
s2 = [float(r['score']) for r in csv.DictReader(open(sys.argv[4]))]
bad = [r['class'] == 'bad' for r in csv.DictReader(open(sys.argv[5]))]
def part(f):
    rows = [i for i in range(1000) if f(s1[i] >= c['champion_cutoff'], s2[i] >= c['cutoff'])]
    return len(rows), (sum(bad[i] for i in rows) / len(rows) if rows else None)
for name, f in [('swap_in', lambda a, b: not a and b), ('swap_out', lambda a, b: a and not b),
                ('both_approved', lambda a, b: a and b), ('both_declined', lambda a, b: not a and not b)]:
    n, rate = part(f)
    assert c[name]['rows'] == n, (name, c[name], n)
    assert (rate is None and c[name]['bad_rate'] is None) or abs(c[name]['bad_rate'] - rate) < 1e-12, name
" "$work/report.json" "$work/chal_report.json" "$work/s1.csv" "$work/s2.csv" "$data"
check "HTML has the champion and challenger section" grep -qE "<h2 id=\"[a-z0-9_-]+\">Champion and challenger</h2>" "$work/r.html"
check "HTML has the swap sets" grep -q "Swap sets" "$work/r.html"
"$credo" report "$work/champ.json" "$data" --target class --bad bad --challenger "$work/chal.json" > "$work/text"
check "text output names the challenger" grep -q "paired DeLong" "$work/text"

expect_fail "--challenger-cutoff without --challenger" 1 "[credo.cli.needs_challenger]" \
  "$credo" report "$work/champ.json" "$data" --target class --bad bad --challenger-cutoff 500
echo '{}' > "$work/bad.json"
expect_fail "a challenger that is not a model file" 1 "[credo.model_file." \
  "$credo" report "$work/champ.json" "$data" --target class --bad bad --challenger "$work/bad.json"
finish "cli_challenger"
