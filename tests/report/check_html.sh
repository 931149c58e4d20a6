#!/usr/bin/env bash
# Opens an HTML report in headless Chromium and checks that it is self-contained, raised no
# console error, and drew every chart (each svg.credo-chart has a non-empty bounding box and
# at least one data mark), and that with the fonts Chromium really uses no text of a chart
# runs past its edges and no two horizontal tick labels of an axis overlap (check_svg.py checks
# the same by a width estimate). Usage: check_html.sh REPORT.html [MIN_CHARTS]
set -euo pipefail
report=$1
min_charts=${2:-1}
browser=$(command -v chromium || command -v chromium-browser || true)
if [ -z "$browser" ]; then
  echo "check_html: chromium is not installed (./dev deps installs it)" >&2
  exit 1
fi
[ -s "$report" ] || { echo "check_html: no report at $report" >&2; exit 1; }

# Self-contained: nothing is loaded from elsewhere.
if grep -Eqi '(src|href)="(https?:)?//|@import|url\((["'\'']?)https?:' "$report"; then
  echo "check_html: $report loads something from the network" >&2
  exit 1
fi

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
probe='<script>
window.__errors = [];
window.addEventListener("error", function (e) { __errors.push(String(e.message)); });
(function () { var oe = console.error; console.error = function () {
  __errors.push(Array.prototype.join.call(arguments, " ")); oe.apply(console, arguments); }; })();
window.addEventListener("load", function () {
  var charts = Array.prototype.slice.call(document.querySelectorAll("svg.credo-chart"));
  var blank = charts.filter(function (c) {
    var b = c.getBBox();
    var marks = c.querySelectorAll("path.series, rect.bar").length;
    return !(b.width > 0 && b.height > 0 && marks > 0);
  }).map(function (c) { return c.getAttribute("data-chart"); });
  var layout = [];
  charts.forEach(function (svg) {
    var id = svg.getAttribute("data-chart"), sb = svg.getBoundingClientRect();
    ["tick-x", "tick-y", "tick-y2"].forEach(function (cls) {
      var ts = Array.prototype.slice.call(svg.querySelectorAll("text." + cls));
      if (ts.length && ts[0].getAttribute("transform")) return;  /* turned labels: check_svg.py */
      for (var i = 0; i + 1 < ts.length; ++i) {
        var a = ts[i].getBoundingClientRect(), b = ts[i + 1].getBoundingClientRect();
        if (Math.min(a.right, b.right) - Math.max(a.left, b.left) > 0.5 &&
            Math.min(a.bottom, b.bottom) - Math.max(a.top, b.top) > 0.5)
          layout.push(id + ": " + cls + " labels overlap");
      }
    });
    svg.querySelectorAll("text").forEach(function (t) {
      var r = t.getBoundingClientRect();
      if (r.left < sb.left - 0.5 || r.right > sb.right + 0.5 || r.top < sb.top - 0.5 || r.bottom > sb.bottom + 0.5)
        layout.push(id + ": text past the edge: " + t.textContent.slice(0, 30));
    });
  });
  var lay = document.createElement("pre");
  lay.id = "credo-layout";
  lay.textContent = "LAYOUT " + layout.length + " [" + layout.join("; ") + "]";
  document.body.appendChild(lay);
  var out = document.createElement("pre");
  out.id = "credo-check";
  out.textContent = "CHARTS " + charts.length + " BLANK " + blank.length + " [" + blank.join(",") +
    "] ERRORS " + __errors.length + " " + __errors.join(" | ");
  document.body.appendChild(out);
});
</script>'
# The probe goes first in <head>, so it sees every error the page raises.
awk -v probe="$probe" '{ print } /<head>/ && !done { print probe; done = 1 }' "$report" > "$work/page.html"

"$browser" --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
  --disable-background-networking --disable-component-update --disable-sync \
  --user-data-dir="$work/profile" --enable-logging=stderr --v=0 \
  --virtual-time-budget=5000 --dump-dom "file://$work/page.html" > "$work/dom.html" 2> "$work/log.txt" || {
  echo "check_html: chromium failed" >&2; tail -20 "$work/log.txt" >&2; exit 1; }

line=$(grep -o 'CHARTS [0-9]* BLANK [0-9]* \[[^]]*\] ERRORS [0-9]*[^<]*' "$work/dom.html" || true)
if [ -z "$line" ]; then
  echo "check_html: the page did not finish loading" >&2
  exit 1
fi
echo "check_html: $line"
read -r _ charts _ blank _ _ errors _ <<< "$line"
layout=$(grep -o 'LAYOUT [0-9]* \[[^]]*\]' "$work/dom.html" || true)
echo "check_html: $layout"
console_errors=$(grep -c 'CONSOLE.*\(ERROR\|Uncaught\)\|Failed to load resource' "$work/log.txt" || true)
status=0
[ "$charts" -ge "$min_charts" ] || { echo "check_html: $charts charts, expected at least $min_charts" >&2; status=1; }
[ "$blank" -eq 0 ] || { echo "check_html: $blank charts were not drawn" >&2; status=1; }
case "$layout" in "LAYOUT 0 "*) ;; *) echo "check_html: the charts' text is misplaced" >&2; status=1;; esac
[ "$errors" -eq 0 ] || { echo "check_html: the page raised $errors errors" >&2; status=1; }
[ "$console_errors" -eq 0 ] || { echo "check_html: console errors:" >&2; grep 'CONSOLE\|Failed to load' "$work/log.txt" >&2; status=1; }
exit $status
