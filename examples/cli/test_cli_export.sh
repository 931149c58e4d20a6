#!/usr/bin/env bash
# Tests of credo export: every PMML document validates against the PMML 4.4 schema
# (xmllint, Debian libxml2-utils) and carries the card's points and baselines; every SQL
# SELECT, run inside a real SQLite (Debian sqlite3) and a real PostgreSQL (Debian
# postgresql-15, started here on a Unix socket in a temporary directory and stopped after),
# gives `credo score`'s score, PD and reason codes on every German credit row and on edge
# rows (values on and just below each cut point, missing values, unseen labels), bit for bit.
# Usage: test_cli_export.sh path/to/credo path/to/german_credit.csv path/to/pmml-4-4.xsd
set -uo pipefail
credo=$1
data=$2
xsd=$3
here=$(cd "$(dirname "$0")" && pwd)
check_py="$here/export_check.py"
work=$(mktemp -d)
pgdir=""
pgbin=""
stop_pg() {
  if [ -n "$pgdir" ]; then
    as_pg "$pgbin/pg_ctl" -D "$pgdir/data" -m immediate stop >/dev/null 2>&1
    rm -rf "$pgdir"
  fi
}
trap 'stop_pg; rm -rf "$work"' EXIT
. "$(dirname "$0")/../../tests/support/checks.sh"
# PostgreSQL refuses to run as root: as root, its commands run as the postgres user.
as_pg() {
  if [ "$(id -u)" = 0 ]; then (cd / && runuser -u postgres -- "$@"); else "$@"; fi
}

# The cards: credo fit's options (rounding, missing policy, multi-label groups from
# --max-bins), and the baseline methods the fit does not choose (mean_points, given) set in
# the model file (the points do not depend on them).
"$credo" fit "$data" --target class --bad bad --out "$work/nearest.json" > /dev/null
check "fit nearest" test -s "$work/nearest.json"
"$credo" fit "$data" --target class --bad bad --rounding none --missing worst --out "$work/none_worst.json" > /dev/null
check "fit none worst" test -s "$work/none_worst.json"
"$credo" fit "$data" --target class --bad bad --rounding largest_remainder --missing error --max-bins 3 \
  --out "$work/lr_error.json" > /dev/null
check "fit largest_remainder error" test -s "$work/lr_error.json"
python3 - "$work" <<'EOF'
import json, sys
w = sys.argv[1]
j = json.load(open(f"{w}/none_worst.json"))
j["reasons"]["baseline"] = "mean_points"
json.dump(j, open(f"{w}/mean.json", "w"))
j = json.load(open(f"{w}/nearest.json"))
j["reasons"]["baseline"] = "given"
j["reasons"]["given"] = [max(c["points"]) - 5.5 for c in j["characteristics"]]
json.dump(j, open(f"{w}/given.json", "w"))
EOF
# Special values, unseen labels that go to a regular bin and a label that needs quoting (the
# fit makes none of them), set in a copy of a fitted file.
python3 "$check_py" craft "$work/nearest.json" "$work/crafted.json"
cards=(nearest none_worst lr_error mean given crafted)
check "a card has a multi-label group" python3 -c "import json, sys; j = json.load(open(sys.argv[1]))
sys.exit(not any(len(g) > 1 for c in j['characteristics'] for g in c.get('groups', [])))" "$work/lr_error.json"

# --- PMML --------------------------------------------------------------------------------
validate() {  # validate FILE: xmllint against the PMML 4.4 schema, its complaints shown
  xmllint --noout --schema "$xsd" "$1" 2> "$work/xmllint.err" || { cat "$work/xmllint.err" >&2; return 1; }
}
xp() {  # xp FILE XPATH: the values of the attributes XPATH selects, one a line
  xmllint --xpath "$2" "$1" 2>/dev/null | grep -o '"[^"]*"' | tr -d '"'
}
for c in "${cards[@]}"; do
  "$credo" export "$work/$c.json" --format pmml --out "$work/$c.pmml"
  check "export pmml $c" test $? = 0
  check "pmml $c validates" validate "$work/$c.pmml"
  # Points and baselines, characteristic by characteristic, against the model file.
  python3 "$check_py" pmml-expect "$work/$c.json" > "$work/$c.expect"
  ok=1
  k=0
  while read -r name baseline points; do
    k=$((k + 1))
    ch="//*[local-name()='Characteristic'][$k]"
    got_name=$(xp "$work/$c.pmml" "$ch/@name")
    got_base=$(xp "$work/$c.pmml" "$ch/@baselineScore")
    got_points=$(xp "$work/$c.pmml" "$ch/*[local-name()='Attribute']/@partialScore" | tr '\n' ' ')
    if [ "$got_name" != "$name" ] ||
       ! awk -v a="$got_base" -v b="$baseline" 'BEGIN { exit !(a + 0 == b + 0) }' ||
       ! awk -v a="$got_points" -v b="$points" 'BEGIN { n = split(a, x, " "); m = split(b, y, " ");
             if (n != m) exit 1; for (i = 1; i <= n; ++i) if (x[i] + 0 != y[i] + 0) exit 1 }'; then
      ok=0
      echo "pmml $c, characteristic $k: got $got_name $got_base [$got_points], want $name $baseline [$points]" >&2
    fi
  done < "$work/$c.expect"
  check "pmml $c points and baselines" test "$ok" = 1
  # The card rebuilt from the PMML alone scores the German credit rows byte for byte as the
  # card (score, PD, status, reasons).
  python3 "$check_py" pmml-to-card "$work/$c.pmml" "$work/$c.rebuilt.json"
  "$credo" score "$work/$c.json" "$data" --reasons 4 --out "$work/$c.orig.csv" 2>/dev/null
  "$credo" score "$work/$c.rebuilt.json" "$data" --reasons 4 --out "$work/$c.rebuilt.csv" 2>/dev/null
  check "pmml $c rebuilt card scores as the card" cmp -s "$work/$c.orig.csv" "$work/$c.rebuilt.csv"
  check "pmml $c characteristics" test "$(xmllint --xpath "count(//*[local-name()='Characteristic'])" "$work/$c.pmml")" = "$k"
  check "pmml $c reason outputs" test "$(xmllint --xpath "count(//*[local-name()='OutputField'][@feature='reasonCode'])" "$work/$c.pmml")" = 4
done
check "pmml baselineMethod max" test "$(xp "$work/nearest.pmml" "//*[local-name()='Scorecard']/@baselineMethod")" = max
check "pmml baselineMethod mean" test "$(xp "$work/mean.pmml" "//*[local-name()='Scorecard']/@baselineMethod")" = mean
check "pmml baselineMethod other" test "$(xp "$work/given.pmml" "//*[local-name()='Scorecard']/@baselineMethod")" = other
check "pmml error: missing returns invalid" \
  test "$(xp "$work/lr_error.pmml" "//*[local-name()='MiningField'][1]/@missingValueTreatment")" = returnInvalid
check "pmml error: no isMissing attribute" \
  test "$(xmllint --xpath "count(//*[local-name()='SimplePredicate'][@operator='isMissing'])" "$work/lr_error.pmml")" = 0
check "pmml own_bin: unseen labels as missing" \
  test "$(xp "$work/nearest.pmml" "//*[local-name()='MiningField'][@name='checking_status']/@invalidValueTreatment")" = asMissing
check "pmml multi-label group as SimpleSetPredicate" \
  test "$(xmllint --xpath "count(//*[local-name()='SimpleSetPredicate'])" "$work/lr_error.pmml")" -gt 0
check "pmml intervals as CompoundPredicate" \
  test "$(xmllint --xpath "count(//*[local-name()='CompoundPredicate'][@booleanOperator='and'])" "$work/nearest.pmml")" -gt 0
check "pmml unseen to a regular bin: asIs and a last True" \
  test "$(xp "$work/crafted.pmml" "//*[local-name()='MiningField'][@name='checking_status']/@invalidValueTreatment")" = asIs
check "pmml special value as equal" \
  test "$(xp "$work/crafted.pmml" "//*[local-name()='SimplePredicate'][@field='duration'][@operator='equal']/@value" | tr '\n' ' ')" = "-999 0.5 "
check "pmml initialScore" test "$(xp "$work/nearest.pmml" "//*[local-name()='Scorecard']/@initialScore")" = 0
# The PD expression's constants are the card's Offset and Factor (600 − 20/ln 2 · ln 50, 20/ln 2).
python3 - "$work/nearest.pmml" <<'EOF' > "$work/pd_consts"
import math, sys
f = 20 / math.log(2.0)
print(repr(600 - f * math.log(50.0)), repr(f))
EOF
read -r want_offset want_factor < "$work/pd_consts"
got_consts=$(xmllint --xpath "//*[local-name()='OutputField'][@name='pd']//*[local-name()='Constant']/text()" "$work/nearest.pmml" | tr '\n' ' ')
check "pmml pd constants" awk -v a="$got_consts" -v o="$want_offset" -v f="$want_factor" \
  'BEGIN { n = split(a, x, " "); exit !(n == 4 && x[1] == 1 && x[2] == 1 && x[3] + 0 == o + 0 && x[4] + 0 == f + 0) }'

# A logistic model on raw columns (the library writes it; the command line exports it).
cat > "$work/logit.json" <<'EOF'
{"schema":"credo.logistic/1","real":"double","penalty":{"kind":"none"},"features":["duration","credit_amount"],
 "status":"success","message":"","iterations":5,"params":[-1.5,0.03125,0.0001220703125],
 "covariance":[[1,0,0],[0,1,0],[0,0,1]],"log_likelihood":-600.5,"null_log_likelihood":-610.5,"nobs":1000,
 "n_parameters":3,"statistics":{"xtwx":[[1,0,0],[0,1,0],[0,0,1]],"xtwz":[0,0,0],"score":[0,0,0],"loglik":-600.5,
 "rows":1000,"weight_sum":1000}}
EOF
"$credo" export "$work/logit.json" --format pmml --out "$work/logit.pmml"
check "export pmml logistic" test $? = 0
check "pmml logistic validates" validate "$work/logit.pmml"
check "pmml logistic logit" test "$(xp "$work/logit.pmml" "//*[local-name()='RegressionModel']/@normalizationMethod")" = logit
check "pmml logistic intercept" test "$(xp "$work/logit.pmml" "//*[local-name()='RegressionTable']/@intercept")" = -1.5
check "pmml logistic coefficients" test "$(xp "$work/logit.pmml" "//*[local-name()='NumericPredictor']/@coefficient" | tr '\n' ' ')" = "0.03125 0.0001220703125 "

# --- SQL -----------------------------------------------------------------------------------
columns=$(head -1 "$data")
ddl() {  # ddl REAL_TYPE: the German credit table, numeric columns as REAL_TYPE
  local t=$1 sep="" out="CREATE TABLE applicants ("
  IFS=, read -ra cols <<< "$columns"
  for col in "${cols[@]}"; do
    case $col in
      duration|credit_amount|installment_commitment|residence_since|age|existing_credits|num_dependents) out+="$sep$col $t" ;;
      *) out+="$sep$col TEXT" ;;
    esac
    sep=", "
  done
  echo "$out);"
}
# Edge rows from the cards' cut points and labels (one set covers them all: every card
# is fitted on the same data; cards with other cuts add theirs).
: > "$work/all_edges.csv"
for c in nearest lr_error crafted; do
  python3 "$check_py" edges "$work/$c.json" "$data" "$work/edges_$c.csv" "$work/text_row.csv"
  if [ -s "$work/all_edges.csv" ]; then tail -n +2 "$work/edges_$c.csv" >> "$work/all_edges.csv"; else cat "$work/edges_$c.csv" > "$work/all_edges.csv"; fi
done
n_data=$(($(wc -l < "$data") - 1))
n_edges=$(($(wc -l < "$work/all_edges.csv") - 1))
# What credo scores: the data, the edge rows, then the SQLite-only row.
{ cat "$data"; tail -n +2 "$work/all_edges.csv"; tail -n +2 "$work/text_row.csv"; } > "$work/rows.csv"
check "edge rows made" test "$n_edges" -gt 40

# SQLite: the data loaded by the sqlite3 shell, the edge rows appended with exact doubles.
sqlite3 "$work/g.db" "$(ddl REAL)" && sqlite3 "$work/g.db" ".mode csv" ".import --skip 1 $data applicants"
check "sqlite load" test "$(sqlite3 "$work/g.db" 'SELECT count(*) FROM applicants')" = "$n_data"
python3 "$check_py" sqlite-load "$work/g.db" "$work/all_edges.csv" "$work/text_row.csv"
# A categorical missing value as '' (the rows above) and as NULL.
sqlite3 "$work/g.db" "UPDATE applicants SET purpose = NULL WHERE rowid = (SELECT min(rowid) FROM applicants WHERE purpose = '')"
check "sqlite: a NULL and a '' label" test "$(sqlite3 "$work/g.db" "SELECT sum(purpose IS NULL) = 1 AND sum(purpose = '') > 0 FROM applicants")" = 1
for c in "${cards[@]}"; do
  "$credo" score "$work/$c.json" "$work/rows.csv" --reasons 4 --out "$work/$c.scored.csv" 2>/dev/null
  "$credo" export "$work/$c.json" --format sql --dialect sqlite --reasons 4 --out "$work/$c.sqlite.sql"
  check "export sql sqlite $c" test $? = 0
  # The sqlite3 shell runs it as written...
  check "sqlite3 shell runs $c" test "$(sqlite3 "$work/g.db" < "$work/$c.sqlite.sql" | wc -l)" = "$(($(wc -l < "$work/rows.csv") - 1))"
  # ...and every row matches credo score's bit for bit.
  python3 "$check_py" sqlite-run "$work/g.db" "$work/$c.sqlite.sql" "$work/$c.sqlite.out"
  check "sqlite rows equal credo score ($c)" python3 "$check_py" compare "$work/$c.sqlite.out" "$work/$c.scored.csv" 4
done
# More reason columns than the card's max_reasons (4): the rest stay NULL, as credo score's.
"$credo" score "$work/nearest.json" "$work/rows.csv" --reasons 6 --out "$work/r6.scored.csv" 2>/dev/null
"$credo" export "$work/nearest.json" --format sql --dialect sqlite --reasons 6 --out "$work/r6.sql"
python3 "$check_py" sqlite-run "$work/g.db" "$work/r6.sql" "$work/r6.out"
check "sqlite 6 reasons" python3 "$check_py" compare "$work/r6.out" "$work/r6.scored.csv" 6
"$credo" export "$work/nearest.json" --format sql --dialect sqlite --out "$work/r0.sql"
python3 "$check_py" sqlite-run "$work/g.db" "$work/r0.sql" "$work/r0.out"
check "sqlite no reasons" python3 "$check_py" compare "$work/r0.out" "$work/nearest.scored.csv" 0
"$credo" export "$work/nearest.json" --format sql --dialect sqlite --table main.applicants --id age --out "$work/id.sql"
check "sqlite --id and a dotted table" test "$(sqlite3 -csv "$work/g.db" < "$work/id.sql" | head -1 | cut -d, -f1,2)" = "67.0,576.0"

# PostgreSQL: a throwaway server on a Unix socket, no TCP.
for d in /usr/lib/postgresql/*/bin; do [ -x "$d/initdb" ] && pgbin=$d; done
if [ -z "$pgbin" ]; then
  echo "SKIPPED: PostgreSQL tests (no /usr/lib/postgresql/*/bin/initdb; Debian: postgresql-15)"
elif [ "$(id -u)" = 0 ] && ! id postgres >/dev/null 2>&1; then
  echo "SKIPPED: PostgreSQL tests (running as root and there is no postgres user to run the server)"
else
  pgdir=$(mktemp -d)
  [ "$(id -u)" = 0 ] && chown postgres "$pgdir"
  as_pg "$pgbin/initdb" -D "$pgdir/data" -A trust -U credo --no-sync -E UTF8 --locale=C > "$pgdir/initdb.log" 2>&1
  check "initdb" test $? = 0
  as_pg "$pgbin/pg_ctl" -D "$pgdir/data" -l "$pgdir/server.log" -w \
    -o "-c listen_addresses='' -k $pgdir -c fsync=off -c max_parallel_workers_per_gather=2 -c parallel_setup_cost=0 -c parallel_tuple_cost=0 -c min_parallel_table_scan_size=0" start > /dev/null
  check "postgres started" test $? = 0
  pg() { "$pgbin/psql" -h "$pgdir" -U credo -d postgres -X -q -v ON_ERROR_STOP=1 "$@"; }
  pg -c "$(ddl 'DOUBLE PRECISION')" &&
    pg -c "\\copy applicants FROM '$data' WITH (FORMAT csv, HEADER true)" &&
    pg -c "\\copy applicants FROM '$work/all_edges.csv' WITH (FORMAT csv, HEADER true)"
  check "postgres load" test "$(pg -At -c 'SELECT count(*) FROM applicants')" = "$((n_data + n_edges))"
  # COPY reads an empty cell as NULL: one more row with a categorical '' (quoted, as COPY
  # reads an empty string), and one with PostgreSQL's NaN, credo's missing value. (Rows are
  # only ever appended: an UPDATE would move a row to the end of the table's order.)
  sed -n 2p "$data" | awk -F, -v OFS=, '{ $4 = "\"\""; print }' > "$work/pg_extra.csv"
  sed -n 2p "$data" | awk -F, -v OFS=, '{ $2 = "NaN"; print }' >> "$work/pg_extra.csv"
  pg -c "\\copy applicants FROM '$work/pg_extra.csv' WITH (FORMAT csv)"
  check "postgres: a NULL and a '' label" test "$(pg -At -c "SELECT count(*) FILTER (WHERE purpose IS NULL) > 0 AND count(*) FILTER (WHERE purpose = '') = 1 FROM applicants")" = t
  check "postgres: a NaN" test "$(pg -At -c "SELECT count(*) FROM applicants WHERE duration = 'NaN'")" = 1
  # What credo scores: the same rows, both extra ones with the cell missing.
  { cat "$data"; tail -n +2 "$work/all_edges.csv"
    sed -n 2p "$data" | awk -F, -v OFS=, '{ $4 = ""; print }'; sed -n 2p "$data" | awk -F, -v OFS=, '{ $2 = ""; print }'; } > "$work/pg_rows.csv"
  for c in "${cards[@]}"; do
    "$credo" export "$work/$c.json" --format sql --dialect postgresql --reasons 4 --out "$work/$c.pg.sql"
    check "export sql postgresql $c" test $? = 0
    pg --csv -t -f "$work/$c.pg.sql" > "$work/$c.pg.out"
    check "postgres runs $c" test $? = 0
    "$credo" score "$work/$c.json" "$work/pg_rows.csv" --reasons 4 --out "$work/$c.pg.scored.csv" 2>/dev/null
    check "postgres rows equal credo score ($c)" python3 "$check_py" compare "$work/$c.pg.out" "$work/$c.pg.scored.csv" 4
  done
fi

# --- errors -------------------------------------------------------------------------------
expect_fail "sql without dialect" 1 "credo: [credo.cli.missing_dialect]" \
  "$credo" export "$work/nearest.json" --format sql
expect_fail "dialect with pmml" 1 "credo: [credo.cli.option_for_sql] --dialect applies to --format sql only" \
  "$credo" export "$work/nearest.json" --format pmml --dialect sqlite
expect_fail "name with sql" 1 "credo: [credo.cli.option_for_pmml]" \
  "$credo" export "$work/nearest.json" --format sql --dialect sqlite --name x
expect_fail "sql of a logistic model" 1 "credo: [credo.cli.sql_needs_scorecard]" \
  "$credo" export "$work/logit.json" --format sql --dialect sqlite
expect_fail "empty table part" 1 "credo: [credo.interop.bad_name] table name 'a.': an empty part before or after a '.'" \
  "$credo" export "$work/nearest.json" --format sql --dialect sqlite --table a.
expect_fail "unknown format" 2 "credo: [credo.cli.usage]" "$credo" export "$work/nearest.json" --format onnx
expect_fail "not a model file" 1 "credo: [credo.model_file.parse_error]" \
  "$credo" export "$data" --format pmml
sed 's/"duration"/"score"/' "$work/nearest.json" > "$work/clash.json"
expect_fail "characteristic named score" 1 "credo: [credo.interop.name_clash] characteristic 'score' has the name of an output field" \
  "$credo" export "$work/clash.json" --format pmml --out "$work/clash.pmml"
check "nothing written on error" test ! -e "$work/clash.pmml"

finish "test_cli_export"
