#!/usr/bin/env bash
# credo explain: for each declined applicant of German credit, the path to approval of the
# card in tests/reference/monitoring_card.json; each changed row, rescored by credo score,
# gives new_score; scores and decisions agree with credo score; the errors.
# Usage: test_cli_explain.sh path/to/credo path/to/german_credit.csv path/to/python3 [mpiexec]
set -uo pipefail
credo=$1
data=$2
py=$3
mpiexec=${4:-}
here=$(cd "$(dirname "$0")" && pwd)
card=$here/../../tests/reference/monitoring_card.json
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
. "$here/../../tests/support/checks.sh"

act=duration,credit_amount,savings_status,checking_status
"$credo" explain "$card" "$data" --cutoff 540 --actionable $act --json > "$work/e.json"
check "explain exit code" test $? = 0
"$credo" score "$card" "$data" --out "$work/scores.csv"
pycheck "scores and decisions are credo score's" "$work/e.json" "
import csv
scores = {int(r['row']): float(r['score']) for r in csv.DictReader(open('$work/scores.csv'))}
assert doc['cutoff'] == 540 and doc['actionable'] == ['checking_status', 'duration', 'credit_amount', 'savings_status']
assert len(doc['applicants']) == 1000 == doc['rows']
declined = 0
for a in doc['applicants']:
    assert a['score'] == scores[a['row']], a['row']
    assert a['approved'] == (a['score'] >= 540)
    if a['approved']:
        assert a['changes'] == [] and a['new_score'] == a['score'] and 'reachable' not in a
        continue
    declined += 1
    if not a['reachable']:
        assert a['changes'] == [] and a['new_score'] is None and a['note']
        continue
    assert a['new_score'] >= 540
    assert a['new_score'] == a['score'] + sum(c['points'] for c in a['changes'])
    assert a['steps'] == sum(c['steps'] for c in a['changes'])
    for c in a['changes']:
        assert c['characteristic'] in doc['actionable'] and c['points'] > 0 and c['from'] != c['to']
assert declined == doc['declined'] == doc['with_path'] + doc['without_path']
assert doc['with_path'] > 100 and doc['without_path'] > 10, (doc['with_path'], doc['without_path'])"

# Each changed row (the value of every new bin put in its cell) rescored by credo score.
"$py" -c "
import csv, json, sys
doc = json.load(open(sys.argv[1]))
rows = list(csv.DictReader(open(sys.argv[2], newline='')))
out = csv.writer(open(sys.argv[3], 'w', newline=''))
out.writerow(['applicant'] + list(rows[0].keys()))
for a in doc['applicants']:
    if a['approved'] or not a['reachable']:
        continue
    r = dict(rows[a['row'] - 1])
    for c in a['changes']:
        r[c['characteristic']] = c['value']
    out.writerow([a['row']] + list(r.values()))
" "$work/e.json" "$data" "$work/changed.csv"
"$credo" score "$card" "$work/changed.csv" --id applicant --out "$work/rescored.csv"
check "rescoring exit code" test $? = 0
pycheck "the changed rows rescored give new_score, at or above the cut-off" "$work/e.json" "
import csv
new = {a['row']: a['new_score'] for a in doc['applicants'] if not a['approved'] and a['reachable']}
got = {int(r['applicant']): float(r['score']) for r in csv.DictReader(open('$work/rescored.csv'))}
assert got.keys() == new.keys() and len(got) > 100
for k in got:
    assert got[k] == new[k] >= 540, (k, got[k], new[k])"

# Smallest change first: a one-step change is never passed over for a longer one. Row 6
# (score 523): credit_amount [8978, inf) -> [5866, 8978), one step, +27.
pycheck "row 6's path" "$work/e.json" '
a = doc["applicants"][5]
assert a["row"] == 6 and a["score"] == 523 and a["steps"] == 1
assert a["changes"] == [{"characteristic": "credit_amount", "from": "[8978, inf)", "to": "[5866, 8978)",
                         "points": 27.0, "steps": 1, "value": "5866"}], a["changes"]'

# --declined lists the declined only; the text form; every characteristic by default.
"$credo" explain "$card" "$data" --cutoff 540 --actionable $act --json --declined > "$work/d.json"
pycheck "--declined" "$work/d.json" "
e = json.load(open('$work/e.json'))
assert doc['applicants'] == [a for a in e['applicants'] if not a['approved']]"
"$credo" explain "$card" "$data" --cutoff 540 --actionable $act > "$work/e.txt"
check "text: an approved row" grep -q "^row 1: score 569, approved$" "$work/e.txt"
check "text: row 6" grep -qF "row 6: score 523, declined; approved with credit_amount [8978, inf) -> [5866, 8978) (+27): new score 550" "$work/e.txt"
check "text: a row without a path" grep -q "declined; no change in the actionable characteristics reaches the cut-off$" "$work/e.txt"
check "text: summary" grep -Eq "^1000 rows, [0-9]+ declined: [0-9]+ with a path to approval, [0-9]+ without; 0 not scored$" "$work/e.txt"
"$credo" explain "$card" - --cutoff 540 --actionable $act --json < "$data" > "$work/s.json"
check "standard input gives the file's answer" cmp -s "$work/s.json" "$work/e.json"
"$credo" explain "$card" "$data" --cutoff 540 --json > "$work/all.json"
pycheck "default: every characteristic actionable, every declined applicant reaches" "$work/all.json" '
assert len(doc["actionable"]) == 15 and doc["without_path"] == 0 and doc["with_path"] == doc["declined"]'

# A cell that is not a number: that row is not scored, and said so.
awk -F, 'BEGIN { OFS = "," } NR == 3 { $2 = "soon" } { print }' "$data" > "$work/bad.csv"
"$credo" explain "$card" "$work/bad.csv" --cutoff 540 --json > "$work/b.json"
pycheck "bad cell: not scored" "$work/b.json" '
a = doc["applicants"][1]
assert a["row"] == 2 and a["score"] is None and a["status"] == "not_a_number (duration)" and a["new_score"] is None
assert doc["not_scored"] == 1'

# --html: the page's counts are those of the JSON, its example paths the first declined
# applicants'; it draws in Chromium; written atomically (nothing on an error).
"$credo" explain "$card" "$data" --cutoff 540 --actionable $act --json --html "$work/paths.html" > "$work/h.json"
check "explain --html exit code" test $? = 0
check "explain --html: the JSON is the same" cmp -s "$work/e.json" "$work/h.json"
pycheck "html: counts per characteristic and per number of changes" "$work/h.json" "
import collections, html, re
page = open('$work/paths.html').read()
declined = [a for a in doc['applicants'] if a['score'] is not None and not a['approved']]
paths = [a for a in declined if a['reachable']]
assert ('%d declined: %d with a path to approval, %d without.' % (len(declined), len(paths), len(declined) - len(paths))) in page
by_char = collections.Counter(c['characteristic'] for a in paths for c in a['changes'])
for name in doc['actionable']:
    n = by_char[name]
    cell = '<tr><td>%s</td><td class=\"num\">%d</td><td class=\"num\">%.4f</td>' % (name, n, n / len(paths))
    assert cell in page, (name, cell)
by_k = collections.Counter(len(a['changes']) for a in paths)
for k, n in by_k.items():
    assert '<tr><td class=\"num\">%d</td><td class=\"num\">%d</td></tr>' % (k, n) in page, (k, n)
first = declined[0]
assert '<tr><td class=\"num\">%d</td>' % first['row'] in page
"
if command -v chromium > /dev/null; then
  check "explain --html draws in Chromium" "$here/../../tests/report/check_html.sh" "$work/paths.html" 2
fi
expect_fail "--html - is refused" 1 "[credo.cli.out_twice]" \
  "$credo" explain "$card" "$data" --cutoff 540 --html -
"$credo" explain "$card" "$work/missing.csv" --cutoff 540 --html "$work/none.html" > /dev/null 2>&1
check "explain --html: nothing written on an error" test ! -e "$work/none.html"

# Errors: one line with the id, nothing on stdout.
expect_fail "unknown actionable" 1 "[credo.scorecard.unknown_actionable] actionable characteristic 'salary' is not on the card" \
  "$credo" explain "$card" "$data" --cutoff 540 --actionable duration,salary
expect_fail "--cutoff is required" 2 "[credo.cli.usage]" "$credo" explain "$card" "$data"
expect_fail "cut-off not a number" 2 "[credo.cli.usage]" "$credo" explain "$card" "$data" --cutoff inf
expect_fail "data without the card's columns" 1 "[credo.csv.unknown_column]" \
  "$credo" explain "$card" "$card" --cutoff 540
expect_fail "not a model file" 1 "[credo.model_file." "$credo" explain "$data" "$data" --cutoff 540
if [ -n "$mpiexec" ]; then
  "$mpiexec" --oversubscribe --allow-run-as-root -np 2 "$credo" explain "$card" "$data" --cutoff 540 \
    > "$work/ranks.out" 2> "$work/ranks.err"
  check "explain under ranks refused" test $? != 0
  check "explain under ranks: the id" grep -qF "[credo.cli.explain_ranks]" "$work/ranks.err"
fi

finish "explain cli"
