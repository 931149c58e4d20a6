#!/usr/bin/python3
"""Checks the geometry of every chart an HTML report holds (include/credo/report/svg.hpp).

Usage: check_svg.py REPORT.html [MIN_CHARTS]   exit 0 when every chart passes
       check_svg.py --self-test                 shows that each rule catches a broken chart

Each <svg class="credo-chart"> is parsed as XML (xml.etree) and fails when
- it has no <title> or no <desc> with a number in it;
- it has not exactly one <rect class="plot-area">, or no data mark;
- a data mark (an element whose class holds "mark": rect, circle, path of M/L/H/V/Z
  commands) lies outside the plot area (by more than 0.05 px, the coordinates' rounding);
- two tick labels of one axis overlap, the width of a label estimated at 0.6 em per
  character at its font size and its height at 1 em (turned labels compared in their own
  turned frame);
- a tick label, legend label or the title runs past the chart's edges;
- the legend's box (<rect class="legend-box">) overlaps a mark or the plot area.
"""
import math
import re
import sys
import xml.etree.ElementTree as ET

SVG_NS = "{http://www.w3.org/2000/svg}"
EPS = 0.05


def local(tag):
    return tag[len(SVG_NS):] if tag.startswith(SVG_NS) else tag


def classes(el):
    return (el.get("class") or "").split()


def num(el, name, default=0.0):
    v = el.get(name)
    return float(v) if v is not None else default


def path_points(d):
    """The points a path of absolute or relative M, L, H, V, Z commands visits."""
    tokens = re.findall(r"[A-Za-z]|-?\d*\.?\d+(?:e-?\d+)?", d)
    pts, x, y, start, cmd, i = [], 0.0, 0.0, (0.0, 0.0), None, 0
    while i < len(tokens):
        t = tokens[i]
        if re.match(r"[A-Za-z]", t):
            cmd = t
            i += 1
            if cmd in "Zz":
                x, y = start
                pts.append((x, y))
            continue
        if cmd is None:
            raise ValueError("path data starts with a number: " + d)
        if cmd in "MLml":
            dx, dy = float(tokens[i]), float(tokens[i + 1])
            i += 2
            if cmd.islower():
                x, y = x + dx, y + dy
            else:
                x, y = dx, dy
            if cmd in "Mm":
                start = (x, y)
                cmd = "L" if cmd == "M" else "l"  # further pairs are line-tos
        elif cmd in "Hh":
            v = float(tokens[i])
            i += 1
            x = x + v if cmd == "h" else v
        elif cmd in "Vv":
            v = float(tokens[i])
            i += 1
            y = y + v if cmd == "v" else v
        else:
            raise ValueError("path command %s is not checked by this script" % cmd)
        pts.append((x, y))
    return pts


def box_of(el):
    """Bounding box (x0, y0, x1, y1) of a mark."""
    kind = local(el.tag)
    if kind == "rect":
        x, y = num(el, "x"), num(el, "y")
        return (x, y, x + num(el, "width"), y + num(el, "height"))
    if kind == "circle":
        cx, cy, r = num(el, "cx"), num(el, "cy"), num(el, "r")
        return (cx - r, cy - r, cx + r, cy + r)
    if kind == "line":
        xs, ys = (num(el, "x1"), num(el, "x2")), (num(el, "y1"), num(el, "y2"))
        return (min(xs), min(ys), max(xs), max(ys))
    if kind == "path":
        pts = path_points(el.get("d") or "")
        if not pts:
            raise ValueError("a path mark without points")
        xs, ys = [p[0] for p in pts], [p[1] for p in pts]
        return (min(xs), min(ys), max(xs), max(ys))
    raise ValueError("a mark of kind <%s> is not checked by this script" % kind)


def overlap(a, b, tol=0.5):
    """Whether two boxes share more than `tol` px in both directions."""
    return min(a[2], b[2]) - max(a[0], b[0]) > tol and min(a[3], b[3]) - max(a[1], b[1]) > tol


def own_text(el):
    """A <text>'s own characters, without those of a <title> inside it."""
    s = el.text or ""
    for c in el:
        if local(c.tag) != "title":
            s += "".join(c.itertext())
        s += c.tail or ""
    return s


def font_size_of(el, parents):
    e = el
    while e is not None:
        if e.get("font-size"):
            return float(e.get("font-size"))
        e = parents.get(e)
    return 16.0


def text_box(el, parents):
    """(box in the label's own frame, angle in degrees) of a text: 0.6 em a character, 1 em high."""
    fs = font_size_of(el, parents)
    w = 0.6 * fs * len(own_text(el))
    x, y = num(el, "x"), num(el, "y")
    angle = 0.0
    m = re.search(r"rotate\(\s*(-?[\d.]+)(?:[ ,]+(-?[\d.]+)[ ,]+(-?[\d.]+))?\s*\)", el.get("transform") or "")
    if m:
        if m.group(2) is None or float(m.group(2)) != x or float(m.group(3)) != y:
            raise ValueError("a tick label turned about a point other than its anchor")
        angle = float(m.group(1))
    # Into the turned frame: rotate the anchor by -angle about the origin.
    a = math.radians(-angle)
    fx, fy = x * math.cos(a) - y * math.sin(a), x * math.sin(a) + y * math.cos(a)
    anchor = el.get("text-anchor") or "start"
    x0 = fx - w if anchor == "end" else fx - w / 2 if anchor == "middle" else fx
    return (x0, fy - 0.75 * fs, x0 + w, fy + 0.25 * fs), angle


def screen_box(el, parents):
    """The text's box on the chart (the turned box's bounding box)."""
    (x0, y0, x1, y1), angle = text_box(el, parents)
    a = math.radians(angle)
    pts = [(px * math.cos(a) - py * math.sin(a), px * math.sin(a) + py * math.cos(a))
           for px, py in ((x0, y0), (x1, y0), (x0, y1), (x1, y1))]
    return (min(p[0] for p in pts), min(p[1] for p in pts), max(p[0] for p in pts), max(p[1] for p in pts))


def check_chart(svg_text):
    """The problems of one chart (empty when it passes)."""
    root = ET.fromstring(svg_text)
    name = root.get("data-chart") or "?"
    problems = []
    bad = lambda msg: problems.append("chart '%s': %s" % (name, msg))
    parents = {c: p for p in root.iter() for c in p}
    width, height = num(root, "width"), num(root, "height")
    title = root.find(SVG_NS + "title")
    desc = root.find(SVG_NS + "desc")
    if title is None or not (title.text or "").strip():
        bad("no <title>")
    if desc is None or not re.search(r"\d", desc.text or ""):
        bad("no <desc> with the chart's numbers")
    areas = [e for e in root.iter() if "plot-area" in classes(e)]
    if len(areas) != 1:
        bad("%d plot areas, expected 1" % len(areas))
        return problems
    area = box_of(areas[0])
    marks = [e for e in root.iter() if "mark" in classes(e)]
    if not marks:
        bad("no data mark")
    mark_boxes = []
    for m in marks:
        b = box_of(m)
        mark_boxes.append(b)
        if b[0] < area[0] - EPS or b[1] < area[1] - EPS or b[2] > area[2] + EPS or b[3] > area[3] + EPS:
            bad("%s mark %s at %s lies outside the plot area %s"
                % (local(m.tag), " ".join(classes(m)), tuple(round(v, 2) for v in b), area))
    for axis in ("tick-x", "tick-y", "tick-y2"):
        labels = [e for e in root.iter() if axis in classes(e)]
        boxes = [text_box(e, parents) for e in labels]
        for i in range(len(boxes)):
            for j in range(i + 1, len(boxes)):
                (bi, ai), (bj, aj) = boxes[i], boxes[j]
                if ai != aj:
                    bad("%s labels turned by different angles" % axis)
                elif overlap(bi, bj):
                    bad("%s labels '%s' and '%s' overlap" % (axis, own_text(labels[i]), own_text(labels[j])))
    for e in root.iter():
        c = classes(e)
        if local(e.tag) == "text" and ({"tick-x", "tick-y", "tick-y2", "legend-label", "chart-title"} & set(c)):
            b = screen_box(e, parents)
            if b[0] < -EPS or b[2] > width + EPS or b[1] < -EPS or b[3] > height + EPS:
                bad("text '%s' runs past the chart's edges (%s in %sx%s)"
                    % (own_text(e), tuple(round(v, 1) for v in b), width, height))
    for lb in (e for e in root.iter() if "legend-box" in classes(e)):
        box = box_of(lb)
        if overlap(box, area, 0):
            bad("the legend overlaps the plot area")
        for m, b in zip(marks, mark_boxes):
            if overlap(box, b, 0):
                bad("the legend overlaps a %s mark" % local(m.tag))
    return problems


def charts_of(html):
    return re.findall(r'<svg class="credo-chart".*?</svg>', html, re.S)


def check_report(path, min_charts):
    with open(path, encoding="utf-8") as f:
        charts = charts_of(f.read())
    problems = []
    for c in charts:
        try:
            problems += check_chart(c)
        except (ET.ParseError, ValueError) as e:
            problems.append("a chart cannot be checked: %s" % e)
    if len(charts) < min_charts:
        problems.append("%d charts, expected at least %d" % (len(charts), min_charts))
    for p in problems:
        print("check_svg: " + p, file=sys.stderr)
    print("check_svg: %s: %d charts, %d problems" % (path, len(charts), len(problems)))
    return 0 if not problems else 1


GOOD = ('<svg class="credo-chart" data-chart="t" xmlns="http://www.w3.org/2000/svg" width="200" height="150" '
        'font-size="10"><title>T</title><desc>a 1</desc>'
        '<rect class="plot-area" x="40" y="40" width="150" height="80"/>'
        '<g class="legend"><rect class="legend-box" x="8" y="22" width="60" height="14"/>'
        '<text class="legend-label" x="30" y="33">a</text></g>'
        '<text class="tick-y" x="34" y="124" text-anchor="end">0</text>'
        '<text class="tick-y" x="34" y="84" text-anchor="end">1</text>'
        '<text class="tick-x" x="60" y="134" text-anchor="middle">aa</text>'
        '<text class="tick-x" x="100" y="134" text-anchor="middle">bb</text>'
        '<rect class="mark bar" x="50" y="60" width="20" height="60"/>'
        '<path class="mark series" d="M40,120L100,80h20v10Z"/>'
        '<circle class="mark marker" cx="150" cy="100" r="3"/></svg>')

BROKEN = {
    "mark outside": GOOD.replace('y="60" width="20" height="60"', 'y="30" width="20" height="90"'),
    "path outside": GOOD.replace("h20v10Z", "h100v10Z"),
    "overlapping tick labels": GOOD.replace('x="100" y="134"', 'x="70" y="134"'),
    "overlapping turned labels": GOOD.replace(
        'x="60" y="134" text-anchor="middle">', 'x="60" y="134" text-anchor="end" transform="rotate(-45 60 134)">')
    .replace('x="100" y="134" text-anchor="middle">bb',
             'x="64" y="134" text-anchor="end" transform="rotate(-45 64 134)">bb'),
    "legend over the plot area": GOOD.replace('y="22" width="60" height="14"', 'y="50" width="60" height="14"'),
    "legend over a mark": GOOD.replace('<circle class="mark marker" cx="150" cy="100" r="3"/>',
                                       '<circle class="mark marker" cx="20" cy="28" r="3"/>')
    .replace('x="40" y="40" width="150" height="80"', 'x="10" y="20" width="180" height="100"')
    .replace('x="8" y="22" width="60" height="14"', 'x="12" y="22" width="20" height="10"'),
    "no desc numbers": GOOD.replace("<desc>a 1</desc>", "<desc>a</desc>"),
    "label past the edge": GOOD.replace('x="34" y="84" text-anchor="end">1', 'x="4" y="84" text-anchor="end">100'),
    "no plot area": GOOD.replace('class="plot-area"', 'class="frame"'),
}

# What each broken chart must be reported for.
EXPECTED = {
    "mark outside": "rect mark mark bar", "path outside": "path mark mark series",
    "overlapping tick labels": "tick-x labels", "overlapping turned labels": "tick-x labels",
    "legend over the plot area": "legend overlaps the plot area", "legend over a mark": "legend overlaps a circle",
    "no desc numbers": "no <desc>", "label past the edge": "past the chart's edges", "no plot area": "0 plot areas",
}


def self_test():
    failures = 0
    if check_chart(GOOD):
        print("self-test: the good chart fails: %s" % check_chart(GOOD), file=sys.stderr)
        failures += 1
    for what, svg in BROKEN.items():
        found = [p for p in check_chart(svg) if EXPECTED[what] in p]
        print("self-test: %s -> %s" % (what, found[0] if found else "NOT CAUGHT"))
        failures += not found
    # Turned labels far enough apart pass.
    apart = BROKEN["overlapping turned labels"].replace("rotate(-45 64 134)", "rotate(-45 90 134)").replace(
        'x="64" y="134"', 'x="90" y="134"')
    if check_chart(apart):
        print("self-test: turned labels 30 px apart fail: %s" % check_chart(apart), file=sys.stderr)
        failures += 1
    print("self-test: %d failures" % failures)
    return 1 if failures else 0


if __name__ == "__main__":
    if len(sys.argv) == 2 and sys.argv[1] == "--self-test":
        sys.exit(self_test())
    if len(sys.argv) not in (2, 3):
        print(__doc__, file=sys.stderr)
        sys.exit(2)
    sys.exit(check_report(sys.argv[1], int(sys.argv[2]) if len(sys.argv) == 3 else 1))
