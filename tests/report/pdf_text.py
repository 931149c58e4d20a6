#!/usr/bin/python3
"""Page count and text of a PDF without a PDF library (none is a dependency of credo).

Usage: pdf_text.py FILE.pdf MIN_PAGES MAX_PAGES

Pages are the objects of /Type /Page (not /Pages) — Chromium (Skia) writes each page object
uncompressed. Text is there when page content streams (FlateDecode, inflated with zlib) hold
text objects (BT ... ET with a Tj or TJ show operator) and the file embeds a font (/FontFile2
or /FontFile3). Exits 0 when pages and text are as asked, 1 otherwise, printing what it found.
"""
import re
import sys
import zlib


def main(path, min_pages, max_pages):
    data = open(path, "rb").read()
    if not data.startswith(b"%PDF-"):
        print("pdf_text: %s is not a PDF" % path, file=sys.stderr)
        return 1
    pages = len(re.findall(rb"/Type\s*/Page(?![a-zA-Z])", data))
    text_objects = 0
    for m in re.finditer(rb"stream\r?\n", data):
        start = m.end()
        end = data.find(b"endstream", start)
        if end < 0:
            break
        try:
            content = zlib.decompressobj().decompress(data[start:end])
        except zlib.error:
            continue
        if re.search(rb"\bBT\b", content) and re.search(rb"(Tj|TJ)\b", content):
            text_objects += len(re.findall(rb"\bBT\b", content))
    fonts = len(re.findall(rb"/FontFile[23]?\b", data))
    print("pdf_text: %s: %d pages, %d text objects, %d embedded fonts" % (path, pages, text_objects, fonts))
    ok = True
    if not (min_pages <= pages <= max_pages):
        print("pdf_text: %d pages, expected %d to %d" % (pages, min_pages, max_pages), file=sys.stderr)
        ok = False
    if text_objects < pages or fonts == 0:
        print("pdf_text: the PDF holds too little text (%d text objects on %d pages, %d fonts)"
              % (text_objects, pages, fonts), file=sys.stderr)
        ok = False
    return 0 if ok else 1


if __name__ == "__main__":
    if len(sys.argv) != 4:
        print(__doc__, file=sys.stderr)
        sys.exit(2)
    sys.exit(main(sys.argv[1], int(sys.argv[2]), int(sys.argv[3])))
