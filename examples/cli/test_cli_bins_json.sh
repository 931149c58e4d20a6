#!/usr/bin/env bash
# The bins of every --json output for programs (structured members beside the label) and the
# zero-cell rule (--zero-cells) in credo bin, credo fit and the model file. JSON is read by
# Python's json module; the figures are those of tests/reference/binning_zero_cells.py.
# Usage: test_cli_bins_json.sh path/to/credo path/to/german_credit.csv path/to/python3
set -uo pipefail
credo=$1
data=$2
py=$3
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
. "$(dirname "$0")/../../tests/support/checks.sh"

# Zero cells: credit_amount one bin per value, 921 bins of which 893 hold no goods or no bads.
"$credo" bin "$data" --target class --bad bad --method distinct --columns credit_amount \
  --zero-cells r_scorecard --json > "$work/r.json"
check "bin --zero-cells r_scorecard exit" test $? = 0
pycheck "r_scorecard IV is R scorecard's 0.03896" "$work/r.json" '
v = doc["variables"][0]
assert v["zero_cells"] == "r_scorecard", v["zero_cells"]
assert abs(v["iv"] - 0.0389572653) < 1e-9, v["iv"]
assert sum(b["smoothed"] for b in v["bins"]) == 893
assert abs(sum(b["iv"] for b in v["bins"]) - v["iv"]) < 1e-12'
"$credo" bin "$data" --target class --bad bad --method distinct --columns credit_amount --json > "$work/half.json"
pycheck "default rule is half, IV 2.4577" "$work/half.json" '
v = doc["variables"][0]
assert v["zero_cells"] == "half", v["zero_cells"]
assert abs(v["iv"] - 2.457663) < 1e-6, v["iv"]'
"$credo" bin "$data" --target class --bad bad --method distinct --columns credit_amount \
  --zero-cells MERGE --json > "$work/merge.json"
pycheck "merge leaves 215 bins without zero cells" "$work/merge.json" '
v = doc["variables"][0]
assert v["zero_cells"] == "merge"
regular = [b for b in v["bins"] if b["kind"] == "interval"]
assert len(regular) == 215, len(regular)
assert all(b["goods"] > 0 and b["bads"] > 0 for b in regular)
assert abs(v["iv"] - 0.893919) < 1e-6, v["iv"]'
"$credo" bin "$data" --target class --bad bad --zero-cells magic > "$work/out" 2> "$work/err"
check "unknown --zero-cells is a usage error" test $? = 2
check "unknown --zero-cells names the option" grep -q -- "--zero-cells" "$work/err"

# Structured bins: the label rebuilt from the members, intervals contiguous, flags consistent.
cat > "$work/bins.py" <<'PY'
import json, sys

def num(x):
    return "%d" % x if float(x).is_integer() else repr(x)

def check_bins(bins, kind):
    regular = [b for b in bins if not b["missing"] and not b["special"]]
    for b in bins:
        assert b["missing"] == (b["kind"] == "missing") and b["special"] == (b["kind"] == "special"), b
        if b["kind"] == "missing":
            assert b["label"] == "missing", b
        elif b["kind"] == "interval":
            lo = "(-inf" if b["lower"] is None else "[" + num(b["lower"])
            hi = "inf)" if b["upper"] is None else num(b["upper"]) + ")"
            assert b["closed"] == "left" and b["label"] == lo + ", " + hi, b
            assert "categories" not in b
        elif b["kind"] == "categories":
            assert b["label"] == "{" + ", ".join(b["categories"]) + "}", b
            assert "lower" not in b
    assert bins[-1]["kind"] == "missing"
    if kind == "numeric":
        assert all(b["kind"] == "interval" for b in regular)
        assert regular[0]["lower"] is None and regular[-1]["upper"] is None
        for a, b in zip(regular, regular[1:]):
            assert a["upper"] == b["lower"], (a, b)
        assert not any(b["other"] for b in bins)
    else:
        assert all(b["kind"] == "categories" for b in regular)
        # the default unseen fallback is the missing bin: it alone receives other categories
        assert [b["other"] for b in bins] == [False] * len(regular) + [True], bins

doc = json.load(open(sys.argv[1]))
kinds = {"checking_status": "categorical", "purpose": "categorical", "duration": "numeric",
         "credit_amount": "numeric", "age": "numeric"}
seen = 0
for v in doc["variables"]:
    if v["name"] in kinds:
        check_bins(v["bins"], kinds[v["name"]])
        seen += 1
assert seen == len(kinds), seen
if "scorecard" in doc:  # fit: the points carry the same bin members as the variables' bins
    by_name = {v["name"]: v["bins"] for v in doc["variables"]}
    points = {}
    for p in doc["scorecard"]["points"]:
        assert p["bin"] == p["label"], p
        points.setdefault(p["characteristic"], []).append(p)
    assert points, "no points"
    for name, ps in points.items():
        keys = ["label", "kind", "lower", "upper", "closed", "categories", "missing", "special", "other"]
        want = [{k: b[k] for k in keys if k in b} for b in by_name[name]]
        got = [{k: p[k] for k in keys if k in p} for p in ps]
        assert got == want, (name, got, want)
        check_bins(ps, kinds.get(name, "numeric" if ps[0]["kind"] == "interval" else "categorical"))
PY
"$credo" bin "$data" --target class --bad bad --columns checking_status,purpose,duration,credit_amount,age \
  --json > "$work/bins.json"
check "bin json bins are structured" "$py" "$work/bins.py" "$work/bins.json"
"$credo" fit "$data" --target class --bad bad --exclude personal_status,foreign_worker --zero-cells r_scorecard \
  --out "$work/model.json" --json > "$work/fit.json"
check "fit --zero-cells exit" test $? = 0
check "fit json bins and points are structured" "$py" "$work/bins.py" "$work/fit.json"
pycheck "fit json says the rule per variable" "$work/fit.json" '
assert all(v["zero_cells"] == "r_scorecard" for v in doc["variables"])'
pycheck "the model file records the rule per characteristic" "$work/model.json" '
assert doc["characteristics"] and all(c["zero_cells"] == "r_scorecard" for c in doc["characteristics"])'
"$credo" score "$work/model.json" "$data" --out "$work/scored.csv"
check "a card with its rule recorded scores" test $? = 0

# Analysis: optbinning's figures per column, equal to the scipy reference on checking_status.
ref="$(dirname "$data")/../tests/reference/binning_analysis.json"
"$credo" bin "$data" --target class --bad bad --method distinct --columns checking_status --json > "$work/an.json"
check "bin json analysis equals scipy's" "$py" -c "import json, sys
a = json.load(open(sys.argv[1]))['variables'][0]['analysis']
e = json.load(open(sys.argv[2]))['categorical']['checking_status']
for k in ['iv', 'jensen_shannon', 'hellinger', 'triangular', 'hhi', 'hhi_normalized', 'cramers_v', 'quality_score']:
    assert abs(a[k] - e[k]) <= 1e-12 * max(1, abs(e[k])), (k, a[k], e[k])
assert [(t['bin_a'], t['bin_b']) for t in a['tests']] == [(t['bin_a'], t['bin_b']) for t in e['tests']]
for t, u in zip(a['tests'], e['tests']):
    assert abs(t['z'] - u['z']) < 1e-12 and abs(t['p_value'] - u['p_value']) < 1e-12" "$work/an.json" "$ref"
# Constraints of the optimal binning: the bins found satisfy them.
for policy in consecutive all; do
  "$credo" bin "$data" --target class --bad bad --columns duration,credit_amount,age,purpose \
    --max-pvalue 0.05 --max-pvalue-policy $policy --min-event-rate-diff 0.02 --json > "$work/c_$policy.json"
  pycheck "optimal bins meet --max-pvalue and --min-event-rate-diff ($policy)" "$work/c_$policy.json" "
for v in doc['variables']:
    assert all(t['p_value'] <= 0.05 for t in v['analysis']['tests']), v['name']
    regular = [b for b in v['bins'] if not b['missing'] and not b['special']]
    rates = [b['event_rate'] for b in regular]
    assert all(abs(y - x) >= 0.02 for x, y in zip(rates, rates[1:])), (v['name'], rates)
    assert len(regular) >= 2, v['name']"
done
"$credo" bin "$data" --target class --bad bad --max-pvalue 0 > "$work/out" 2> "$work/err"
check "--max-pvalue 0 is a usage error" test $? = 2
"$credo" bin "$data" --target class --bad bad --min-event-rate-diff 2 > "$work/out" 2> "$work/err"
check "--min-event-rate-diff 2 is a usage error" test $? = 2

finish "test_cli_bins_json"
