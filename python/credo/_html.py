"""Notebook display: HTML tables with an inline SVG bar chart of the bad rate per bin."""
import html


def _bars_svg(rates, width=240, bar=14):
    top = max(rates) if rates and max(rates) > 0 else 1.0
    h = bar * len(rates)
    parts = ['<svg xmlns="http://www.w3.org/2000/svg" width="%d" height="%d" role="img" '
             'aria-label="bad rate per bin">' % (width, h)]
    for i, r in enumerate(rates):
        w = (width - 60) * r / top
        parts.append('<rect x="0" y="%d" width="%.1f" height="%d" fill="#c0504d"/>' % (i * bar + 1, w, bar - 2))
        parts.append('<text x="%.1f" y="%d" font-size="10">%.1f%%</text>' % (w + 4, i * bar + bar - 3, 100 * r))
    parts.append("</svg>")
    return "".join(parts)


def binning_table_html(name, frame, iv):
    table = frame.to_html(index=False, float_format=lambda v: "%.6g" % v)
    return ('<div class="credo-binning"><h4>%s <small>IV %.4f</small></h4>'
            '<div style="display:flex;gap:1em;align-items:flex-start">%s%s</div></div>'
            % (html.escape(str(name)), iv, table, _bars_svg(list(frame["event_rate"]))))


def points_table_html(frame, title):
    return '<div class="credo-scorecard"><h4>%s</h4>%s</div>' % (
        html.escape(title), frame.to_html(index=False, float_format=lambda v: "%.6g" % v))
