#!/usr/bin/env python3
"""Helpers of test_cli_export.sh: edge rows for a card, the exact comparison of an exported
SELECT's rows with `credo score`'s, and the points a card's PMML must carry.

  export_check.py edges CARD.json DATA.csv EDGES.csv TEXT_ROW.csv
  export_check.py sqlite-load DB EDGES.csv TEXT_ROW.csv   (appends the rows, exact doubles)
  export_check.py sqlite-run DB CARD.sql OUT.csv            (runs the SELECT, exact doubles)
  export_check.py compare SQL_ROWS.csv SCORED.csv N_REASONS [ROWS]
  export_check.py craft CARD.json OUT.json                  (specials, unseen fallbacks, quotes)
  export_check.py pmml-to-card CARD.pmml OUT.json            (the card rebuilt from the PMML)
  export_check.py pmml-expect CARD.json                     (one line per characteristic)

Doubles are compared bit for bit: SQLite's rows come through Python's sqlite3 module (the
same libsqlite3 as the sqlite3 shell, values as C doubles), PostgreSQL's as psql prints them
(the shortest text that reads back as the same double), credo's as credo writes them
(likewise); float() of such text is exact.
"""
import csv
import json
import math
import re
import sqlite3
import sys
import xml.etree.ElementTree as ET


def load_card(path):
    with open(path) as f:
        return json.load(f)


def number(v):
    if isinstance(v, str):
        return math.inf if v == "inf" else -math.inf
    return float(v)


def shortest(x):
    return repr(float(x))


def edges(card_path, data_path, edges_path, text_path):
    """Rows on every cut point and just below it, on every special value, with every label,
    missing values (empty cells) and unseen labels, each a copy of data row 1 with one cell changed; and one row with text in a
    numeric characteristic (SQLite only: PostgreSQL cannot hold it)."""
    card = load_card(card_path)
    with open(data_path, newline="") as f:
        rows = list(csv.reader(f))
    header, base = rows[0], rows[1]
    out = []

    def variant(name, value):
        r = list(base)
        r[header.index(name)] = value
        out.append(r)

    for c in card["characteristics"]:
        name = c["name"]
        variant(name, "")  # missing
        if c["kind"] == "numeric":
            for cut in c["cuts"]:
                x = number(cut)
                variant(name, shortest(x))
                variant(name, shortest(math.nextafter(x, -math.inf)))
            for sp in c["specials"]:
                variant(name, shortest(number(sp)))
        else:
            variant(name, "credo unseen label")
            for g in c["groups"]:
                for label in g:
                    variant(name, label)
    with open(edges_path, "w", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(header)
        w.writerows(out)
    numeric = [c["name"] for c in card["characteristics"] if c["kind"] == "numeric"]
    with open(text_path, "w", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(header)
        r = list(base)
        r[header.index(numeric[0])] = "twelve"
        w.writerow(r)


def sqlite_load(db, *paths):
    """Appends the rows of each CSV to applicants: numbers as exact doubles (float() of
    shortest text), text as text, empty cells as NULL in numeric columns and as '' in
    categorical ones (both missing for credo)."""
    con = sqlite3.connect(db)
    types = {r[1]: r[2] for r in con.execute("PRAGMA table_info(applicants)")}
    for p in paths:
        with open(p, newline="") as f:
            rows = list(csv.reader(f))
        header = rows[0]
        for r in rows[1:]:
            vals = []
            for name, v in zip(header, r):
                if types[name] == "REAL":
                    try:
                        vals.append(None if v == "" else float(v))
                    except ValueError:
                        vals.append(v)  # text in a numeric column
                else:
                    vals.append(v)
            con.execute("INSERT INTO applicants VALUES (" + ",".join("?" * len(vals)) + ")", vals)
    con.commit()


def sqlite_run(db, sql_path, out_path):
    con = sqlite3.connect(db)
    with open(sql_path) as f:
        sql = f.read()
    rows = con.execute(sql).fetchall()
    with open(out_path, "w", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        for r in rows:
            w.writerow(["" if v is None else (repr(v) if isinstance(v, float) else v) for v in r])


def compare(sql_path, scored_path, n_reasons, limit=None):
    with open(sql_path, newline="") as f:
        got = list(csv.reader(f))
    with open(scored_path, newline="") as f:
        want = list(csv.reader(f))[1:]
    if limit is not None:
        want = want[: int(limit)]
    bad = 0
    if len(got) != len(want):
        print(f"{len(got)} rows from SQL, {len(want)} from credo score")
        return 1
    n = int(n_reasons)
    scored = 0
    for i, (g, w) in enumerate(zip(got, want)):
        # credo: row,score,pd,status,reason_1..; SQL: score,pd,reason_1..
        if w[3] != "ok":
            ok = g[0] == "" and g[1] == "" and all(x == "" for x in g[2:])
        else:
            scored += 1
            ok = g[0] != "" and float(g[0]) == float(w[1]) and float(g[1]) == float(w[2])
            ok = ok and g[2:2 + n] == w[4:4 + n]
        if not ok:
            bad += 1
            if bad <= 5:
                print(f"row {i + 1}: SQL {g} credo {w}")
    print(f"{len(got)} rows ({scored} scored, {len(got) - scored} not), {bad} differ")
    return 1 if bad else 0


def craft(card_path, out_path):
    """The fitted card with what the fit never makes: special values (duration -999 and 0.5,
    credit_amount -1), unseen labels that go to a regular bin (checking_status, purpose:
    largest_bin, bin 1), and a label that needs quoting in SQL and in a PMML Array
    (purpose's radio/tv renamed). A special value's bin is empty in training (WoE 0, weight
    0), so its points are the missing bin's, also empty: the loader's recomputed points agree."""
    j = load_card(card_path)
    for c in j["characteristics"]:
        if c["name"] in ("duration", "credit_amount"):
            c["specials"] = [-999.0, 0.5] if c["name"] == "duration" else [-1.0]
            for k in ("woe", "weights", "points"):
                fill = c["points"][-1] if k == "points" else 0.0
                c[k] = c[k][:-1] + [fill] * len(c["specials"]) + c[k][-1:]
        if c["name"] in ("checking_status", "purpose"):
            c["unseen"] = "largest_bin"
            c["unseen_bin"] = 1
        if c["name"] == "purpose":
            c["groups"] = [[l.replace("radio/tv", 'radio "tv" \\ it\'s') for l in g] for g in c["groups"]]
    with open(out_path, "w") as f:
        json.dump(j, f)


def pmml_to_card(pmml_path, out_path):
    """The credo model file rebuilt from the PMML document alone: the bins from the
    Attributes' predicates (cut points from the lessThan values, special values from the
    equal ones on a numeric field, label groups from equal, isIn and or), the base points from
    initialScore, given baselines from baselineScore, the rest from the credo Extensions. The
    loader recomputes every point from WoE, coefficient and scaling and refuses the file when
    one differs from the document's."""
    ns = {"p": "http://www.dmg.org/PMML-4_4"}
    sc = ET.parse(pmml_path).getroot().find("p:Scorecard", ns)
    ext = {e.get("name"): e.get("value") for e in sc.findall("p:Extension", ns)}
    nums = lambda text: [float(x) for x in text.split()]
    card = {
        "schema": "credo.scorecard/1", "real": "double", "rounding": ext["rounding"], "missing": ext["missing"],
        "scaling": {k: float(ext[k]) for k in ("pdo", "base_score", "base_odds")},
        "intercept_points": ext["intercept_points"], "intercept": float(ext["intercept"]),
        "base_points": float(sc.get("initialScore")),
        "reasons": {"max_reasons": int(ext["max_reasons"]), "baseline": ext["baseline"], "given": []},
        "characteristics": [],
    }
    for ch in sc.find("p:Characteristics", ns).findall("p:Characteristic", ns):
        cx = {e.get("name"): e.get("value") for e in ch.findall("p:Extension", ns)}
        c = {"name": ch.get("name"), "kind": cx["kind"], "coefficient": float(cx["coefficient"]),
             "woe": nums(cx["woe"]), "weights": nums(cx["weights"]), "points": nums(cx["points"])}
        if card["reasons"]["baseline"] == "given":
            card["reasons"]["given"].append(float(ch.get("baselineScore")))
        preds = [a[-1] for a in ch.findall("p:Attribute", ns)]  # each Attribute's predicate
        tag = lambda e: e.tag.split("}")[1]
        if c["kind"] == "numeric":
            every = [e for p in preds for e in p.iter() if tag(e) == "SimplePredicate"]
            c["cuts"] = [float(e.get("value")) for e in every if e.get("operator") == "lessThan"]
            c["specials"] = [float(e.get("value")) for e in every if e.get("operator") == "equal"]
        else:
            groups = []
            for p in preds:
                if tag(p) == "SimplePredicate" and p.get("operator") == "equal":
                    groups.append([p.get("value")])
                elif tag(p) == "SimpleSetPredicate":
                    groups.append(re.findall(r'"([^"]*)"', p.find("p:Array", ns).text))
                elif tag(p) == "CompoundPredicate":
                    groups.append([e.get("value") for e in p])
                elif tag(p) == "False":
                    groups.append([])
            c["groups"] = groups
            c["unseen"] = cx["unseen"]
            c["unseen_bin"] = int(cx["unseen_bin"])
        card["characteristics"].append(c)
    with open(out_path, "w") as f:
        json.dump(card, f)


def pmml_expect(card_path):
    """Per characteristic: its baselineScore and the partialScore of each Attribute in the
    order the PMML lists them (missing first unless missing = error, specials, intervals or
    groups, and the unseen fallback when it is a regular bin)."""
    card = load_card(card_path)
    missing = card["missing"]
    baseline = card["reasons"]["baseline"]
    for j, c in enumerate(card["characteristics"]):
        pts = [float(p) for p in c["points"]]
        scored = list(pts)
        if missing == "worst":
            scored[-1] = min(pts)
        n = len(pts)
        order = [] if missing == "error" else [n - 1]
        if c["kind"] == "numeric":
            regular = len(c["cuts"]) + 1
            order += [regular + i for i in range(len(c["specials"]))] + list(range(regular))
        else:
            order += list(range(len(c["groups"])))
            if c["unseen_bin"] != n - 1:
                order.append(c["unseen_bin"])
        if baseline == "max_points":
            b = max(pts)
        elif baseline == "given":
            b = float(card["reasons"]["given"][j])
        else:
            s = w = 0.0
            for wt, p in zip(c["weights"], pts):
                s += wt * p
                w += wt
            b = s / w
        print(c["name"], repr(b), " ".join(repr(scored[i]) for i in order))


if __name__ == "__main__":
    cmd, args = sys.argv[1], sys.argv[2:]
    if cmd == "edges":
        edges(*args)
    elif cmd == "sqlite-load":
        sqlite_load(*args)
    elif cmd == "sqlite-run":
        sqlite_run(*args)
    elif cmd == "compare":
        sys.exit(compare(*args))
    elif cmd == "craft":
        craft(*args)
    elif cmd == "pmml-to-card":
        pmml_to_card(*args)
    elif cmd == "pmml-expect":
        pmml_expect(*args)
    else:
        sys.exit(f"unknown command {cmd}")
