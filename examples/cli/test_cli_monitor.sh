#!/usr/bin/env bash
# credo monitor: per-period PSI, CSI, approval rate, bad rate, AUC and KS of the card in
# tests/reference/monitoring_card.json on German credit cut into periods, against the pandas /
# sklearn / scipy figures of tests/reference/monitoring_psi_csi.py (1e-12); shards and standard
# input give the one file's bytes; the HTML page; the errors.
# Usage: test_cli_monitor.sh path/to/credo path/to/german_credit.csv path/to/python3 [check_html.sh] [mpiexec]
set -uo pipefail
credo=$1
data=$2
py=$3
here=$(cd "$(dirname "$0")" && pwd)
card=$here/../../tests/reference/monitoring_card.json
ref=$here/../../tests/reference/monitoring_psi_csi.json
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
. "$here/../../tests/support/checks.sh"

# The reference's period columns: quarters = blocks of 200 rows, age_band = 1 (< 25) .. 4 (50+).
awk -F, 'BEGIN { OFS = ","; split("2023Q1 2023Q2 2023Q3 2023Q4 2024Q1", q, " ") }
  { sub(/\r$/, "") }
  NR == 1 { print $0, "quarters", "age_band"; next }
  { a = $13 + 0; print $0, q[int((NR - 2) / 200) + 1], (a < 25 ? 1 : a < 35 ? 2 : a < 50 ? 3 : 4) }' \
  "$data" > "$work/periods.csv"
check "periods file" test "$(wc -l < "$work/periods.csv")" = 1001

# compare SCENARIO FILE: every figure of the scenario within 1e-12 of the reference.
compare() {
  pycheck "monitor $1 matches the pandas reference" "$2" "
ref = json.load(open('$ref'))
s = [x for x in ref['scenarios'] if x['name'] == '$1'][0]
close = lambda a, b: abs(a - b) <= 1e-12 * max(1.0, abs(b))
assert close(doc['cutoff'], s['cutoff']), (doc['cutoff'], s['cutoff'])
assert doc['cutoff_given'] == s['cutoff_given']
assert [p['period'] for p in doc['periods']] == [p['period'] for p in s['periods']]
for p, e in zip(doc['periods'], s['periods']):
    assert p['rows'] == e['rows'] and p['scored'] == e['rows']
    for k in ('psi', 'approval_rate', 'bad_rate', 'auc', 'ks'):
        assert close(p[k], e[k]), (p['period'], k, p[k], e[k])
    assert p['psi_verdict'] == e['psi_verdict'], p['period']
    assert [c['name'] for c in p['characteristics']] == [c['name'] for c in e['characteristics']]
    for c, d in zip(p['characteristics'], e['characteristics']):
        assert close(c['csi'], d['csi']), (p['period'], c['name'], c['csi'], d['csi'])
        assert c['csi_verdict'] == d['csi_verdict']
"
}

"$credo" monitor "$card" "$work/periods.csv" --period quarters --target class --bad bad --json > "$work/q.json"
check "monitor quarters exit code" test $? = 0
compare quarters "$work/q.json"
"$credo" monitor "$card" "$work/periods.csv" --period age_band --target class --bad bad --cutoff 520 --json \
  > "$work/a.json"
compare age_band "$work/a.json"
pycheck "age bands: every verdict occurs" "$work/a.json" '
assert [p["psi_verdict"] for p in doc["periods"]] == ["major shift", "stable", "some shift", "some shift"]
assert doc["outcomes"] and doc["rows"] == 1000 and doc["left_out"] == 0'

# Without outcomes: approval and stability only, the same PSI and CSI.
"$credo" monitor "$card" "$work/periods.csv" --period age_band --cutoff 520 --json > "$work/u.json"
pycheck "without --target: no bad rate, AUC, KS; the same PSI" "$work/u.json" "
a = json.load(open('$work/a.json'))
assert not doc['outcomes']
for p, q in zip(doc['periods'], a['periods']):
    assert p['bad_rate'] is None and p['auc'] is None and p['ks'] is None
    assert p['psi'] == q['psi'] and p['approval_rate'] == q['approval_rate']
    assert [c['csi'] for c in p['characteristics']] == [c['csi'] for c in q['characteristics']]"

# Streamed: three shards (by a glob) and standard input give the one file's document.
mkdir "$work/shards"
head -n 1 "$work/periods.csv" > "$work/header"
tail -n +2 "$work/periods.csv" | split -l 334 -d - "$work/shards/body-"
for f in "$work/shards"/body-*; do cat "$work/header" "$f" > "$f.csv"; rm "$f"; done
check "three shards" test "$(ls "$work/shards" | wc -l)" = 3
"$credo" monitor "$card" "$work/shards/body-*.csv" --period quarters --target class --bad bad --json > "$work/q3.json"
check "shards give the one file's figures" cmp -s "$work/q3.json" "$work/q.json"
"$credo" monitor "$card" - --period quarters --target class --bad bad --json < "$work/periods.csv" > "$work/qs.json"
check "standard input gives the file's figures" cmp -s "$work/qs.json" "$work/q.json"
if [ -n "${5:-}" ]; then
  "$5" --oversubscribe --allow-run-as-root -np 3 "$credo" monitor "$card" "$work/shards/body-*.csv" --period quarters \
    --target class --bad bad --json > "$work/qr.json"
  check "three ranks give one process's document" cmp -s "$work/qr.json" "$work/q.json"
fi

# Text and HTML.
"$credo" monitor "$card" "$work/periods.csv" --period age_band --target class --bad bad --cutoff 520 \
  --html "$work/m.html" > "$work/a.txt"
check "text summary" grep -q "^1000 rows in 4 periods, 1000 scored, cut-off 520.00$" "$work/a.txt"
check "text: a period's line" grep -Eq "^1 +149 +0.3123  major shift +0.3087 +0.4094 " "$work/a.txt"
check "text: shifted characteristics listed" grep -q "^Characteristics that shifted (CSI >= 0.1):" "$work/a.txt"
check "text: html written" grep -q "^Wrote $work/m.html$" "$work/a.txt"
check "html: four charts" test "$(grep -o '<svg' "$work/m.html" | wc -l)" = 4
check "html: the PSI chart" grep -q 'data-chart="monitor_psi"' "$work/m.html"
check "html: the CSI table" grep -q "Characteristic stability (CSI)" "$work/m.html"
if [ -n "${4:-}" ]; then
  check "html renders in chromium" "$4" "$work/m.html" 4
fi

# A card without a training score distribution: no PSI, CSI still.
"$py" -c "import json, sys; d = json.load(open(sys.argv[1])); del d['score_distribution']; json.dump(d, open(sys.argv[2], 'w'))" \
  "$card" "$work/nodist.json"
"$credo" monitor "$work/nodist.json" "$work/periods.csv" --period quarters --cutoff 520 --json > "$work/n.json" 2> "$work/n.err"
check "no distribution: warned" grep -q "keeps no training score distribution" "$work/n.err"
pycheck "no distribution: psi null, csi there" "$work/n.json" '
assert all(p["psi"] is None and p["psi_verdict"] is None for p in doc["periods"])
assert all(c["csi"] is not None for p in doc["periods"] for c in p["characteristics"])'

# A cell that is not a number in a characteristic: the row is left out, and said so.
awk -F, 'BEGIN { OFS = "," } NR == 3 { $2 = "soon" } { print }' "$work/periods.csv" > "$work/bad.csv"
"$credo" monitor "$card" "$work/bad.csv" --period quarters --target class --bad bad --json > "$work/b.json" 2> "$work/b.err"
check "bad cell: warned" grep -q "1 of 1000 rows hold a cell that is not a number" "$work/b.err"
pycheck "bad cell: left out of its period" "$work/b.json" '
assert doc["left_out"] == 1 and doc["periods"][0]["rows"] == 199 and doc["periods"][1]["rows"] == 200'

# Errors: one line with the id, nothing on stdout, nothing written.
expect_fail "no target, no cut-off" 1 "[credo.cli.no_cutoff]" \
  "$credo" monitor "$card" "$work/periods.csv" --period quarters
expect_fail "no such period column" 1 "[credo.csv.unknown_column]" \
  "$credo" monitor "$card" "$work/periods.csv" --period month --cutoff 500
expect_fail "--target without --bad" 2 "[credo.cli.usage]" \
  "$credo" monitor "$card" "$work/periods.csv" --period quarters --target class
expect_fail "--period is required" 2 "[credo.cli.usage]" \
  "$credo" monitor "$card" "$work/periods.csv" --cutoff 500
expect_fail "cut-off not a number" 2 "[credo.cli.usage]" \
  "$credo" monitor "$card" "$work/periods.csv" --period quarters --cutoff abc
expect_fail "html over the input" 1 "[credo.cli.out_is_input]" \
  "$credo" monitor "$card" "$work/periods.csv" --period quarters --cutoff 500 --html "$work/periods.csv"
expect_fail "not a model file" 1 "[credo.model_file." \
  "$credo" monitor "$work/periods.csv" "$work/periods.csv" --period quarters --cutoff 500
"$credo" monitor "$card" "$work/periods.csv" --period quarters --html "$work/none.html" > /dev/null 2>&1
check "nothing written on failure" test ! -e "$work/none.html"

finish "monitor cli"
