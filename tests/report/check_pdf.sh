#!/usr/bin/env bash
# Prints an HTML report to PDF with headless Chromium (as a reader's "print to PDF" does, with
# the report's print style sheet) and checks the PDF: at least MIN_PAGES and at most MAX_PAGES
# pages (counted from its /Type /Page objects), and text on it (text objects in the page
# content streams and embedded fonts; tests/report/pdf_text.py).
# Usage: check_pdf.sh REPORT.html MIN_PAGES MAX_PAGES
set -euo pipefail
report=$1
min_pages=$2
max_pages=$3
browser=$(command -v chromium || command -v chromium-browser || true)
if [ -z "$browser" ]; then
  echo "check_pdf: chromium is not installed (./dev deps installs it)" >&2
  exit 1
fi
[ -s "$report" ] || { echo "check_pdf: no report at $report" >&2; exit 1; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cp "$report" "$work/report.html"
"$browser" --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
  --disable-background-networking --disable-component-update --disable-sync \
  --user-data-dir="$work/profile" --no-pdf-header-footer --print-to-pdf="$work/report.pdf" \
  "file://$work/report.html" > "$work/log.txt" 2>&1 || {
  echo "check_pdf: chromium failed" >&2; tail -20 "$work/log.txt" >&2; exit 1; }
[ -s "$work/report.pdf" ] || { echo "check_pdf: chromium wrote no PDF" >&2; tail -20 "$work/log.txt" >&2; exit 1; }
exec /usr/bin/python3 "$(dirname "$0")/pdf_text.py" "$work/report.pdf" "$min_pages" "$max_pages"
