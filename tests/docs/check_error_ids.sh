#!/usr/bin/env bash
# docs/errors.md lists every error id the headers and examples can raise, and nothing else.
#
#   bash tests/docs/check_error_ids.sh SOURCE_DIR [--untested]
#
# Prints each id that is raised but missing from docs/errors.md (with the files and lines
# that raise it) and each id the page lists that nothing raises any more, and exits 1 if
# there is any. Also prints how many documented ids a test exercises; --untested lists the
# others. Needs only bash, find, grep, awk (mawk or gawk), sort and comm: no build.
#
# What counts as a raised id, in the *.hpp and *.cpp files under include/ and examples/ (and the *.py and *.cpp of python/):
#   - literal ids: every string literal "credo.<area>.<what>" outside a whole-line //
#     comment, except schema names: a literal assigned to a constant whose name ends in
#     "schema" (scorecard_schema = "credo.scorecard", session_schema = "credo.engine.session")
#     names a file format, not an error;
#   - composed ids: the file readers throw Errors::prefix + what. The prefixes are read from
#     the sources: a struct holding `prefix = "credo.<kind>."` and `using NAME =
#     basic_reader<THAT_STRUCT>` make NAME::fail("what", ...) raise credo.<kind>.what;
#     `using R = NAME;` makes R::fail mean NAME::fail from there on in that file; a bare
#     fail("what", ...) in the file that defines basic_reader is a generic check and raises
#     what under every prefix. A Q::fail("what" whose Q cannot be resolved is an error of
#     this script (teach it the new reader).
# What counts as a documented id: a `code span` in docs/errors.md whose whole text is an id
# (credo.<area>.<what>); ids inside longer spans (messages, patterns) are not counted.
# A documented id is exercised by a test when tests/ or examples/cli/test_cli.sh contains it
# as a whole word (credo.metrics.empty does not count for credo.metrics.empty_band).
set -euo pipefail

if [[ $# -lt 1 || ! -d $1 ]]; then
  echo "usage: $0 SOURCE_DIR [--untested]" >&2
  exit 2
fi
src=$1
list_untested=${2:-}
cd "$src"
doc=docs/errors.md
if [[ ! -f $doc ]]; then
  echo "$doc does not exist" >&2
  exit 1
fi

mapfile -t files < <(find include examples python -type f \( -name '*.hpp' -o -name '*.cpp' -o -name '*.py' \) | LC_ALL=C sort)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

id_re='credo\.[a-z0-9_]+\.[a-z0-9_.]*[a-z0-9_]'

# 1. Literal ids: "id<TAB>file:line", schema names dropped.
RE="\"$id_re\"" awk '
  BEGIN { re = ENVIRON["RE"] }
  /^[ \t]*\/\// { next }
  {
    line = $0
    schema = (line ~ /[A-Za-z0-9_]*schema[ \t]*=[ \t]*"credo\./)
    while (match(line, re)) {
      id = substr(line, RSTART + 1, RLENGTH - 2)
      print (schema ? "schema" : "id") "\t" id "\t" FILENAME ":" FNR
      line = substr(line, RSTART + RLENGTH)
    }
  }' "${files[@]}" >"$tmp/literals"
# A schema name is never an id, wherever else it appears.
awk -F'\t' '$1 == "schema" { s[$2] = 1 } { kind[NR] = $1; id[NR] = $2; at[NR] = $3 }
  END { for (i = 1; i <= NR; ++i) if (kind[i] == "id" && !(id[i] in s)) print id[i] "\t" at[i] }' \
  "$tmp/literals" >"$tmp/literal"

# 2. Composed ids. First the readers: NAME -> prefix.
awk '
  match($0, /struct[ \t]+[A-Za-z0-9_]+/) { s = substr($0, RSTART, RLENGTH); sub(/struct[ \t]+/, "", s); last = s }
  match($0, /prefix[ \t]*=[ \t]*"credo\.[a-z0-9_]+\."/) {
    p = substr($0, RSTART, RLENGTH); sub(/^[^"]*"/, "", p); sub(/"$/, "", p); prefix[last] = p
  }
  match($0, /using[ \t]+[A-Za-z0-9_]+[ \t]*=[ \t]*basic_reader<[A-Za-z0-9_:]+>/) {
    u = substr($0, RSTART, RLENGTH); n = u; sub(/^using[ \t]+/, "", n); sub(/[ \t]*=.*/, "", n)
    e = u; sub(/.*basic_reader</, "", e); sub(/>$/, "", e); sub(/.*::/, "", e); reader[n] = e
  }
  END { for (n in reader) if (reader[n] in prefix) print n "\t" prefix[reader[n]] }
' "${files[@]}" | LC_ALL=C sort >"$tmp/readers"
if [[ ! -s $tmp/readers ]]; then
  echo "check_error_ids.sh: found no basic_reader with an error prefix; update the script" >&2
  exit 1
fi

# Then the fail("what" calls: "id<TAB>file:line".
awk -v readers="$tmp/readers" '
  BEGIN {
    while ((getline l < readers) > 0) { split(l, f, "\t"); prefix[f[1]] = f[2]; all = all (all == "" ? "" : " ") f[2] }
  }
  FNR == 1 { delete alias; generic = 0 }
  /^[ \t]*\/\// { next }
  /class[ \t]+basic_reader/ { generic = 1 }
  {
    if (match($0, /using[ \t]+[A-Za-z0-9_]+[ \t]*=[ \t]*[A-Za-z0-9_:]+[ \t]*;/)) {
      u = substr($0, RSTART, RLENGTH); n = u; sub(/^using[ \t]+/, "", n); sub(/[ \t]*=.*/, "", n)
      t = u; sub(/.*=[ \t]*/, "", t); sub(/[ \t]*;$/, "", t); sub(/.*::/, "", t)
      if (t in prefix) alias[n] = t
    }
    line = $0
    while (match(line, /([A-Za-z0-9_]+::)?fail\("[a-z0-9_]+"/)) {
      call = substr(line, RSTART, RLENGTH)
      before = RSTART > 1 ? substr(line, RSTART - 1, 1) : ""
      line = substr(line, RSTART + RLENGTH)
      what = call; sub(/.*fail\("/, "", what); sub(/"$/, "", what)
      if (call ~ /::fail/) {
        q = call; sub(/::fail.*/, "", q)
        if (q in alias) q = alias[q]
        if (q in prefix) print prefix[q] what "\t" FILENAME ":" FNR
        else print "unresolved\t" FILENAME ":" FNR ": " q "::fail(\"" what "\""
      } else if (before !~ /[A-Za-z0-9_.>]/ && generic) {
        n = split(all, p, " ")
        for (i = 1; i <= n; ++i) print p[i] what "\t" FILENAME ":" FNR
      }
    }
  }' "${files[@]}" >"$tmp/composed"
if grep -q '^unresolved' "$tmp/composed"; then
  echo "check_error_ids.sh: cannot tell which reader these fail() calls use; update the script:" >&2
  grep '^unresolved' "$tmp/composed" | cut -f2- >&2
  exit 1
fi

# Ids of the shared whole-file reader (include/credo/detail/file.hpp): read_whole_file(path,
# max, "credo.<format>") throws <format>.open_failed, and <format>.too_large unless the limit
# is no_file_limit. Inside basic_reader the format is the reader's prefix (every reader's).
awk -v readers="$tmp/readers" '
  BEGIN {
    while ((getline l < readers) > 0) { split(l, f, "\t"); all = all (all == "" ? "" : " ") f[2] }
  }
  FNR == 1 { generic = 0 }
  /^[ \t]*\/\// { next }
  /class[ \t]+basic_reader/ { generic = 1 }
  /read_whole_file\(/ && !/inline std::string read_whole_file/ {
    limited = ($0 !~ /no_file_limit/)
    if (match($0, /"credo\.[a-z0-9_]+"/)) {
      p = substr($0, RSTART + 1, RLENGTH - 2) "."
      print p "open_failed\t" FILENAME ":" FNR
      if (limited) print p "too_large\t" FILENAME ":" FNR
    } else if (generic) {
      n = split(all, q, " ")
      for (i = 1; i <= n; ++i) { print q[i] "open_failed\t" FILENAME ":" FNR; print q[i] "too_large\t" FILENAME ":" FNR }
    }
  }' "${files[@]}" >"$tmp/file_reader"

cat "$tmp/literal" "$tmp/composed" "$tmp/file_reader" | LC_ALL=C sort -t$'\t' -k1,1 -k2,2V >"$tmp/raised"
cut -f1 "$tmp/raised" | LC_ALL=C sort -u >"$tmp/raised.ids"

# 3. Documented ids: "id<TAB>docs/errors.md:line".
RE="^$id_re\$" awk '
  BEGIN { re = ENVIRON["RE"] }
  {
    line = $0
    while (match(line, /`[^`]+`/)) {
      span = substr(line, RSTART + 1, RLENGTH - 2)
      line = substr(line, RSTART + RLENGTH)
      if (span ~ re) print span "\t" FILENAME ":" FNR
    }
  }' "$doc" | LC_ALL=C sort -t$'\t' -k1,1 -k2,2V >"$tmp/documented"
cut -f1 "$tmp/documented" | LC_ALL=C sort -u >"$tmp/documented.ids"

# 4. Compare.
status=0
missing=$(LC_ALL=C comm -23 "$tmp/raised.ids" "$tmp/documented.ids")
stale=$(LC_ALL=C comm -13 "$tmp/raised.ids" "$tmp/documented.ids")
if [[ -n $missing ]]; then
  status=1
  echo "Raised but missing from $doc (add a row to the area's table):"
  while read -r id; do
    where=$(awk -F'\t' -v id="$id" '$1 != id { next }
      { f = $2; sub(/:[0-9]+$/, "", f); n = substr($2, length(f) + 2) }
      f == last { printf ",%s", n; next }
      { printf "%s%s:%s", sep, f, n; sep = "; "; last = f }' "$tmp/raised")
    echo "  $id    raised at $where"
  done <<<"$missing"
fi
if [[ -n $stale ]]; then
  status=1
  echo "Listed in $doc but raised nowhere in include/ or examples/ (renamed or removed?):"
  while read -r id; do
    where=$(awk -F'\t' -v id="$id" '$1 == id { printf "%s%s", sep, $2; sep = ", " }' "$tmp/documented")
    echo "  $id    at $where"
  done <<<"$stale"
fi

# 5. Report (never fails): documented ids that a test names.
tests=(tests)
[[ -f examples/cli/test_cli.sh ]] && tests+=(examples/cli/test_cli.sh)
untested=()
tested=0
total=0
while read -r id; do
  [[ -z $id ]] && continue
  total=$((total + 1))
  if grep -rqFw -- "$id" "${tests[@]}"; then
    tested=$((tested + 1))
  else
    untested+=("$id")
  fi
done <"$tmp/documented.ids"
echo "error ids: $(wc -l <"$tmp/raised.ids") raised, $total documented, $tested of them named by a test (${#untested[@]} not)"
if [[ $list_untested == --untested && ${#untested[@]} -gt 0 ]]; then
  echo "Documented ids no test names:"
  printf '  %s\n' "${untested[@]}"
fi

if [[ $status -ne 0 ]]; then
  echo "FAIL: $doc and the sources disagree on the error ids"
fi
exit $status
