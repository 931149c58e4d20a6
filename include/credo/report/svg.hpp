// Inline SVG charts for credo's self-contained HTML report: line charts (ROC, CAP, KS,
// calibration), grouped bar charts with optional interval whiskers (approval rate by group,
// coverage by source), and bars with a line on a second axis (rows by bin with the bad rate,
// as optbinning plots a binning table). No JavaScript, no network: each chart is one
// <svg class="credo-chart"> element with its data drawn as paths, rects and circles.
//
// Every chart has the same look and the same geometry rules, which tests/report/check_svg.py
// checks on every SVG a report writes:
// - the plot area is <rect class="plot-area">; every data mark (class "mark": bars, series
//   paths, whiskers, markers, the reference line) lies inside it: an axis range holds every
//   value, interval ends included, with 5% headroom on the sides that are not a zero baseline;
// - ticks are Heckbert's "nice numbers" (1, 2 or 5 times a power of ten; Heckbert, "Nice
//   numbers for graph labels", Graphics Gems, 1990), as many as fit without two tick labels
//   overlapping, by a width estimate of 0.6 em per character (text_width);
// - the legend sits in its own row between the title and the plot area, outside the data;
// - category labels too wide for their slot are turned 45° and, past 24 characters, shortened
//   with an ellipsis; the full text is the label's and the bar's <title>;
// - colours are the Okabe–Ito palette (Okabe & Ito, "Color Universal Design", 2002; Wong,
//   Nature Methods 8:441, 2011), readable with the common colour-vision deficiencies, and the
//   series differ by more than colour: bars by hatching (<pattern>), lines by dash pattern and
//   marker shape;
// - every chart carries a <title> and a <desc> with its numbers (screen readers read them; the
//   figures are the ones drawn).
#pragma once

#include <credo/core/error.hpp>
#include <credo/detail/text.hpp>

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cmath>
#include <cstddef>
#include <limits>
#include <string>
#include <string_view>
#include <vector>

namespace credo::report {

/// Escapes text for HTML and SVG content and attribute values.
inline std::string escape(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (char c : s) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&#39;"; break;
      default: out += c;
    }
  }
  return out;
}

namespace detail {

/// A coordinate with at most 2 decimals: enough for pixels, short in the file.
inline std::string px(double v) {
  if (!std::isfinite(v)) v = 0;
  const std::string s = credo::detail::format_fixed_trimmed(std::round(v * 100) / 100, 2);
  return s == "-0" ? "0" : s;
}

/// A tick label: up to 3 significant decimals, no trailing zeros.
inline std::string tick(double v) {
  const double a = std::abs(v);
  const std::string s = credo::detail::format_fixed_trimmed(v, a >= 100 ? 0 : a >= 10 ? 1 : a >= 1 ? 2 : 3);
  return s == "-0" ? "0" : s;
}

/// Heckbert's nice number near x > 0: 1, 2, 5 or 10 times a power of ten, the nearest
/// (round) or the smallest not below x (Heckbert, Graphics Gems, 1990, "Nice numbers for
/// graph labels").
inline double nice_number(double x, bool round) {
  const double e = std::floor(std::log10(x));
  const double p = std::pow(10.0, e);
  const double f = x / p;
  const double nf = round ? (f < 1.5 ? 1 : f < 3 ? 2 : f < 7 ? 5 : 10) : (f <= 1 ? 1 : f <= 2 ? 2 : f <= 5 ? 5 : 10);
  return nf * p;
}

/// The multiples of `step` inside [lo, hi] (0 written as 0, not -0 or 1e-17).
inline std::vector<double> ticks_in(double lo, double hi, double step) {
  std::vector<double> t;
  const double first = std::ceil(lo / step - 1e-9);
  for (double k = first;; ++k) {
    const double v = k * step;
    if (v > hi + step * 1e-9) break;
    t.push_back(std::abs(v) < step * 1e-9 ? 0.0 : v);
    if (t.size() > 100) break;
  }
  return t;
}

/// "Nice" tick positions inside [lo, hi], about `target` of them (Heckbert 1990).
inline std::vector<double> nice_ticks(double lo, double hi, int target = 5) {
  if (!(hi > lo)) hi = lo + 1;
  return ticks_in(lo, hi, nice_number((hi - lo) / std::max(1, target), true));
}

/// The Okabe–Ito colours (Wong 2011), black last: blue, orange, bluish green, vermillion,
/// reddish purple, sky blue, yellow.
inline const char* palette(std::size_t i) {
  static const char* colors[] = {"#0072B2", "#E69F00", "#009E73", "#D55E00", "#CC79A7", "#56B4E9", "#F0E442"};
  return colors[i % 7];
}

/// The dash pattern of line series i (none for the first), so lines differ without colour.
inline const char* dash_of(std::size_t i) {
  static const char* dashes[] = {"", "7 4", "2 3", "9 3 2 3", "4 2"};
  return dashes[i % 5];
}

/// Characters of UTF-8 text (continuation bytes not counted).
inline std::size_t text_chars(std::string_view s) {
  std::size_t n = 0;
  for (unsigned char c : s) n += (c & 0xC0) != 0x80;
  return n;
}

/// The estimated width of a text in pixels: 0.6 em per character, the average advance of a
/// sans-serif face (digits are 0.55 em in most, capitals up to 0.7); check_svg.py estimates
/// the same way.
inline double text_width(std::string_view s, double font_size) {
  return 0.6 * font_size * static_cast<double>(text_chars(s));
}

/// At most `max_chars` characters of s, the last one an ellipsis when shortened.
inline std::string shorten(std::string_view s, std::size_t max_chars) {
  if (text_chars(s) <= max_chars) return std::string(s);
  std::string out;
  std::size_t n = 0;
  for (std::size_t i = 0; i < s.size(); ++i) {
    const auto c = static_cast<unsigned char>(s[i]);
    if ((c & 0xC0) != 0x80 && ++n == max_chars) break;
    out += s[i];
  }
  return out + "\xE2\x80\xA6";  // U+2026
}

/// A chart id as a fragment of an XML id: letters, digits, '-' and '_' kept, others '_'.
inline std::string id_part(std::string_view s) {
  std::string out;
  for (char c : s)
    out += (std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_') ? c : '_';
  return out;
}

inline constexpr double font_size = 11, title_font_size = 13, line_height = 14;

}  // namespace detail

/// One polyline of a line chart.
struct series {
  std::string name;
  std::vector<double> x;
  std::vector<double> y;
  bool dashed = false;  ///< force a dashed line (otherwise series i > 0 get their own dashes)
};

/// Geometry and labels shared by all charts.
struct chart_frame {
  std::string id;      ///< stable identifier, written as data-chart="id"
  std::string title;
  std::string x_label;
  std::string y_label;
  double width = 520;
  double height = 340;
  /// Text put first in the chart's <desc>, before the numbers drawn (what the chart shows).
  std::string description = {};
};

/// One set of bars over the categories of a bar chart; `low`/`high` (optional, same length)
/// draw interval whiskers.
struct bar_series {
  std::string name;
  std::vector<double> values;
  std::vector<double> low;
  std::vector<double> high;
};

namespace detail {

/// An axis: its range [lo, hi] and the ticks in it.
struct axis_range {
  double lo = 0, hi = 1;
  std::vector<double> ticks;
};

/// The range of a value axis holding every value in [lo, hi] with 5% headroom (none on a
/// zero baseline of bars), and its ticks: Heckbert's step for about `target` ticks; a bar
/// axis (zero_baseline) then ends at whole steps (his "loose" labelling), a line axis keeps the
/// padded range and its ticks inside it.
inline axis_range value_axis(double lo, double hi, bool zero_baseline, int target) {
  if (zero_baseline) lo = std::min(lo, 0.0), hi = std::max(hi, 0.0);
  if (!(hi > lo)) {
    const double d = lo == 0 ? 1 : std::abs(lo) * 0.1;
    lo -= zero_baseline && lo == 0 ? 0 : d;
    hi += d;
  }
  const double pad = 0.05 * (hi - lo);
  const double plo = zero_baseline && lo == 0 ? lo : lo - pad;
  const double phi = zero_baseline && hi == 0 ? hi : hi + pad;
  const double step = nice_number((phi - plo) / std::max(1, target - 1), true);
  axis_range a;
  if (zero_baseline) {
    a.lo = std::floor(plo / step + 1e-9) * step;
    a.hi = std::ceil(phi / step - 1e-9) * step;
    if (std::abs(a.lo) < step * 1e-9) a.lo = 0;
  } else {
    a.lo = plo;
    a.hi = phi;
  }
  a.ticks = ticks_in(a.lo, a.hi, step);
  return a;
}

/// The value axis with the most ticks (from 7 down to 2) whose labels do not overlap along
/// `length` pixels: horizontal labels need their widths apart, stacked ones a line height.
inline axis_range fitted_axis(double lo, double hi, bool zero_baseline, double length, bool horizontal_labels) {
  axis_range a;
  for (int target = 7; target >= 2; --target) {
    a = value_axis(lo, hi, zero_baseline, target);
    if (a.ticks.size() < 2) return a;
    const double gap = (a.ticks[1] - a.ticks[0]) / (a.hi - a.lo) * length;
    double need = line_height;
    if (horizontal_labels)
      for (double t : a.ticks) need = std::max(need, text_width(tick(t), font_size) + 8);
    if (gap >= need) return a;
  }
  return a;
}

/// Where the plot area sits in the chart.
struct plot_area {
  double left = 0, top = 0, w = 0, h = 0;
  axis_range x, y, y2;
  double sx(double v) const { return left + (v - x.lo) / (x.hi - x.lo) * w; }
  double sy(double v) const { return top + h - (v - y.lo) / (y.hi - y.lo) * h; }
  double sy2(double v) const { return top + h - (v - y2.lo) / (y2.hi - y2.lo) * h; }
  double bottom() const { return top + h; }
  double right() const { return left + w; }
};

/// A legend entry: a bar swatch (with series j's fill), a line (series j's stroke, dash and
/// marker) or a whisker.
struct legend_item {
  enum kind_t { bar, line, whisker, reference } kind;
  std::size_t index;
  std::string name;
  std::string fill = {};  ///< a bar's fill (a colour or url(#pattern)), a line's dash pattern ("" solid)
  bool with_marker = true;  ///< a line's marker (lines of more than 30 points have none)
};

/// Width of one legend entry: swatch 18, gap 6, text, gap 16.
inline double legend_item_width(const legend_item& it) { return 18 + 6 + text_width(it.name, font_size) + 16; }

/// The legend rows: items placed left to right, wrapped at `width`.
inline std::size_t legend_rows(const std::vector<legend_item>& items, double width) {
  if (items.empty()) return 0;
  std::size_t rows = 1;
  double x = 0;
  for (const auto& it : items) {
    const double w = legend_item_width(it);
    if (x > 0 && x + w > width) ++rows, x = 0;
    x += w;
  }
  return rows;
}

/// Marker shape k (circle, square, triangle, diamond) at (x, y) as SVG: shapes as well as
/// colours tell series apart.
inline std::string marker(std::size_t k, double x, double y, const char* color,
                          const char* cls = "mark marker") {
  const double r = 3.5;
  const std::string attrs = " fill=\"" + std::string(color) + "\" stroke=\"#fff\" stroke-width=\"0.8\"";
  switch (k % 4) {
    case 0:
      return "<circle class=\"" + std::string(cls) + "\" cx=\"" + px(x) + "\" cy=\"" + px(y) + "\" r=\"" + px(r) + "\"" + attrs + "/>";
    case 1:
      return "<path class=\"" + std::string(cls) + "\" d=\"M" + px(x - r) + "," + px(y - r) + "H" + px(x + r) + "V" + px(y + r) +
             "H" + px(x - r) + "Z\"" + attrs + "/>";
    case 2:
      return "<path class=\"" + std::string(cls) + "\" d=\"M" + px(x) + "," + px(y - r - 0.5) + "L" + px(x + r + 0.5) + "," +
             px(y + r) + "L" + px(x - r - 0.5) + "," + px(y + r) + "Z\"" + attrs + "/>";
    default:
      return "<path class=\"" + std::string(cls) + "\" d=\"M" + px(x) + "," + px(y - r - 0.5) + "L" + px(x + r + 0.5) + "," +
             px(y) + "L" + px(x) + "," + px(y + r + 0.5) + "L" + px(x - r - 0.5) + "," + px(y) + "Z\"" + attrs + "/>";
  }
}

/// The hatch pattern of bar series j > 0 (series 0 is a solid fill): diagonal lines, dots,
/// cross-hatch, horizontal lines, in the series' colour on white.
inline std::string pattern_def(const std::string& id, std::size_t j) {
  const std::string c = palette(j);
  std::string s = "<pattern id=\"" + id + "\" patternUnits=\"userSpaceOnUse\" width=\"6\" height=\"6\"";
  switch (j % 4) {
    case 1:
      s += " patternTransform=\"rotate(45)\"><rect width=\"6\" height=\"6\" fill=\"" + c +
           "\"/><path d=\"M0,0V6\" stroke=\"#fff\" stroke-width=\"2\"/>";
      break;
    case 2:
      s += "><rect width=\"6\" height=\"6\" fill=\"" + c + "\"/><circle cx=\"3\" cy=\"3\" r=\"1.2\" fill=\"#fff\"/>";
      break;
    case 3:
      s += " patternTransform=\"rotate(45)\"><rect width=\"6\" height=\"6\" fill=\"" + c +
           "\"/><path d=\"M0,0V6M0,0H6\" stroke=\"#fff\" stroke-width=\"1.5\"/>";
      break;
    default:
      s += "><rect width=\"6\" height=\"6\" fill=\"" + c + "\"/><path d=\"M0,1H6\" stroke=\"#fff\" stroke-width=\"1.5\"/>";
  }
  return s + "</pattern>";
}

/// The fills of `n` bar series of chart `id`: a colour for the first, a pattern for the others
/// (their <defs> appended to `defs`).
inline std::vector<std::string> bar_fills(const std::string& id, std::size_t n, std::string& defs) {
  std::vector<std::string> fills;
  for (std::size_t j = 0; j < n; ++j) {
    if (j == 0) {
      fills.emplace_back(palette(0));
      continue;
    }
    const std::string pid = "credo-hatch-" + id_part(id) + "-" + std::to_string(j);
    defs += pattern_def(pid, j);
    fills.push_back("url(#" + pid + ")");
  }
  return fills;
}

/// The legend, one or more rows from (x, y), inside <g class="legend"> with its bounding
/// <rect class="legend-box">.
inline std::string legend(const std::vector<legend_item>& items, double x0, double y0, double width) {
  if (items.empty()) return "";
  const std::size_t rows = legend_rows(items, width);
  double total = 0, x = 0;
  for (const auto& it : items) {
    const double w = legend_item_width(it);
    if (x > 0 && x + w > width) total = std::max(total, x), x = 0;
    x += w;
  }
  total = std::max(total, x) - 16;
  std::string s = "<g class=\"legend\"><rect class=\"legend-box\" x=\"" + px(x0 - 4) + "\" y=\"" + px(y0) +
                  "\" width=\"" + px(total + 8) + "\" height=\"" + px(static_cast<double>(rows) * 16 + 2) +
                  "\" fill=\"none\" stroke=\"none\"/>";
  x = 0;
  double y = y0 + 1;
  for (const auto& it : items) {
    const double w = legend_item_width(it);
    if (x > 0 && x + w > width) x = 0, y += 16;
    const double sx = x0 + x, cy = y + 8;
    switch (it.kind) {
      case legend_item::bar:
        s += "<rect x=\"" + px(sx) + "\" y=\"" + px(cy - 5) + "\" width=\"18\" height=\"10\" fill=\"" + it.fill +
             "\" stroke=\"#555\" stroke-width=\"0.5\"/>";
        break;
      case legend_item::line:
        s += "<path d=\"M" + px(sx) + "," + px(cy) + "h18\" stroke=\"" + palette(it.index) + "\" stroke-width=\"2\"" +
             (it.fill.empty() ? "" : " stroke-dasharray=\"" + it.fill + "\"") + "/>";
        if (it.with_marker) s += marker(it.index, sx + 9, cy, palette(it.index), "legend-marker");
        break;
      case legend_item::whisker:
        s += "<path d=\"M" + px(sx + 9) + "," + px(cy - 6) + "V" + px(cy + 6) + "M" + px(sx + 5) + "," + px(cy - 6) +
             "h8M" + px(sx + 5) + "," + px(cy + 6) + "h8\" stroke=\"#333\"/>";
        break;
      case legend_item::reference:
        s += "<path d=\"M" + px(sx) + "," + px(cy) + "h18\" stroke=\"#999\" stroke-dasharray=\"3 3\"/>";
        break;
    }
    s += "<text class=\"legend-label\" x=\"" + px(sx + 24) + "\" y=\"" + px(cy + 4) + "\">" + escape(it.name) +
         "</text>";
    x += w;
  }
  return s + "</g>";
}

inline std::string open_svg(const chart_frame& f, double height, const std::string& desc) {
  std::string s = "<svg class=\"credo-chart\" data-chart=\"" + escape(f.id) +
                  "\" xmlns=\"http://www.w3.org/2000/svg\" width=\"" + px(f.width) + "\" height=\"" + px(height) +
                  "\" viewBox=\"0 0 " + px(f.width) + " " + px(height) + "\" role=\"img\" aria-label=\"" +
                  escape(f.title) + "\" font-family=\"system-ui,-apple-system,'Segoe UI',sans-serif\" font-size=\"" +
                  px(font_size) + "\">";
  s += "<title>" + escape(f.title) + "</title>";
  s += "<desc>" + escape(f.description.empty() ? desc : f.description + " " + desc) + "</desc>";
  s += "<text x=\"" + px(f.width / 2) + "\" y=\"18\" text-anchor=\"middle\" class=\"chart-title\" font-size=\"" +
       px(title_font_size) + "\" font-weight=\"600\">" + escape(f.title) + "</text>";
  return s;
}

/// Horizontal category labels fit when each is narrower than its slot.
inline bool labels_fit(const std::vector<std::string>& names, double slot) {
  for (const auto& n : names)
    if (text_width(n, font_size) > slot - 4) return false;
  return true;
}

inline constexpr std::size_t max_label_chars = 24;
inline constexpr double label_angle = 45;  // degrees, turned counter-clockwise

/// The height under the plot area that category labels take (horizontal or turned).
inline double category_label_height(const std::vector<std::string>& names, double slot) {
  if (labels_fit(names, slot)) return line_height + 4;
  double w = 0;
  for (const auto& n : names) w = std::max(w, text_width(shorten(n, max_label_chars), font_size));
  const double s = std::sin(label_angle * 3.14159265358979 / 180);
  return 8 + w * s + font_size * s + 4;
}

/// The frame, grid, ticks and axis labels.
inline std::string axes(const chart_frame& f, const plot_area& a, const std::vector<std::string>* x_names = nullptr,
                        const std::string& y2_label = "") {
  std::string s = "<g class=\"axes\">";
  s += "<rect class=\"plot-area\" x=\"" + px(a.left) + "\" y=\"" + px(a.top) + "\" width=\"" + px(a.w) +
       "\" height=\"" + px(a.h) + "\" fill=\"none\" stroke=\"#999\"/>";
  for (double v : a.y.ticks) {
    const double y = a.sy(v);
    s += "<path d=\"M" + px(a.left) + "," + px(y) + "H" + px(a.right()) + "\" stroke=\"#eee\"/>";
    s += "<text class=\"tick-y\" x=\"" + px(a.left - 6) + "\" y=\"" + px(y + 4) + "\" text-anchor=\"end\">" + tick(v) +
         "</text>";
  }
  if (!y2_label.empty())
    for (double v : a.y2.ticks)
      s += "<text class=\"tick-y2\" x=\"" + px(a.right() + 6) + "\" y=\"" + px(a.sy2(v) + 4) +
           "\" text-anchor=\"start\">" + tick(v) + "</text>";
  double label_y = a.bottom() + 34;
  if (x_names) {
    const double slot = a.w / static_cast<double>(x_names->size());
    const bool flat = labels_fit(*x_names, slot);
    for (std::size_t i = 0; i < x_names->size(); ++i) {
      const double x = a.left + slot * (static_cast<double>(i) + 0.5);
      const std::string& full = (*x_names)[i];
      if (flat) {
        s += "<text class=\"tick-x\" x=\"" + px(x) + "\" y=\"" + px(a.bottom() + 14) + "\" text-anchor=\"middle\">" +
             escape(full) + "</text>";
      } else {
        // Turned about its end, which sits under the slot's centre.
        // Shortened further where the turned label would run past the chart's left edge.
        const double y = a.bottom() + 10;
        // The turned box reaches left by its length and its height, both times cos 45°.
        const double reach = (x + 3 - 2) / std::cos(label_angle * 3.14159265358979 / 180) - font_size;
        const auto room = static_cast<std::size_t>(std::max(1.0, std::floor(reach / (0.6 * font_size))));
        const std::string shown = shorten(full, std::min(max_label_chars, room));
        s += "<text class=\"tick-x\" x=\"" + px(x + 3) + "\" y=\"" + px(y + 4) + "\" text-anchor=\"end\" transform=\"rotate(-" +
             px(label_angle) + " " + px(x + 3) + " " + px(y + 4) + ")\"><title>" + escape(full) + "</title>" +
             escape(shown) + "</text>";
      }
    }
    label_y = a.bottom() + category_label_height(*x_names, slot) + 12;
  } else {
    for (double v : a.x.ticks)
      s += "<text class=\"tick-x\" x=\"" + px(a.sx(v)) + "\" y=\"" + px(a.bottom() + 16) + "\" text-anchor=\"middle\">" +
           tick(v) + "</text>";
  }
  s += "<text class=\"axis-label\" x=\"" + px(a.left + a.w / 2) + "\" y=\"" + px(label_y) +
       "\" text-anchor=\"middle\">" + escape(f.x_label) + "</text>";
  s += "<text class=\"axis-label\" transform=\"translate(14," + px(a.top + a.h / 2) +
       ") rotate(-90)\" text-anchor=\"middle\">" + escape(f.y_label) + "</text>";
  if (!y2_label.empty())
    // Turned clockwise, its glyphs stand to the right of the anchor (by the ascent, 0.75 em).
    s += "<text class=\"axis-label\" transform=\"translate(" + px(f.width - 12) + "," + px(a.top + a.h / 2) +
         ") rotate(90)\" text-anchor=\"middle\">" + escape(y2_label) + "</text>";
  s += "</g>";
  return s;
}

inline void check_finite(std::string_view chart, std::string_view what, const std::vector<double>& v) {
  for (std::size_t i = 0; i < v.size(); ++i)
    if (!std::isfinite(v[i]))
      CREDO_THROW(invalid_input, "credo.report.bad_value",
                  "chart '" + std::string(chart) + "', " + std::string(what) + "[" + std::to_string(i) +
                      "] is not finite");
}

/// Width of the widest tick label of an axis.
inline double widest_tick(const axis_range& a) {
  double w = 0;
  for (double t : a.ticks) w = std::max(w, text_width(tick(t), font_size));
  return w;
}

/// Numbers for a <desc>: short, as the tables print them.
inline std::string desc_number(double v) { return credo::detail::format_general(v, 4); }

/// The plot area's top: under the title and the legend rows.
inline double plot_top(const std::vector<legend_item>& items, double width) {
  return 28 + static_cast<double>(legend_rows(items, width)) * 16 + 8;
}

}  // namespace detail

/// A line chart of one or more series; `diagonal` draws the y = x reference line (ROC, CAP,
/// calibration). Series with at most 30 points get markers (circle, square, triangle,
/// diamond by series). Throws credo.report.bad_series when a series' x and y differ in length
/// or it has fewer than 2 points, credo.report.bad_value for a non-finite value.
inline std::string line_chart(const chart_frame& f, const std::vector<series>& lines, bool diagonal = false) {
  double xlo = std::numeric_limits<double>::infinity(), xhi = -xlo, ylo = xlo, yhi = -xlo;
  for (const auto& l : lines) {
    if (l.x.size() != l.y.size() || l.x.size() < 2)
      CREDO_THROW(invalid_input, "credo.report.bad_series",
                  "chart '" + f.id + "', series '" + l.name + "': " + std::to_string(l.x.size()) + " x and " +
                      std::to_string(l.y.size()) + " y values; need equal lengths of at least 2");
    detail::check_finite(f.id, l.name + ".x", l.x);
    detail::check_finite(f.id, l.name + ".y", l.y);
    for (double v : l.x) xlo = std::min(xlo, v), xhi = std::max(xhi, v);
    for (double v : l.y) ylo = std::min(ylo, v), yhi = std::max(yhi, v);
  }
  if (lines.empty()) CREDO_THROW(invalid_input, "credo.report.bad_series", "chart '" + f.id + "' has no series");
  if (diagonal) {
    xlo = ylo = std::min(xlo, ylo);
    xhi = yhi = std::max(xhi, yhi);
  }
  std::vector<detail::legend_item> items;
  for (std::size_t i = 0; i < lines.size(); ++i)
    items.push_back({detail::legend_item::line, i, lines[i].name, lines[i].dashed ? "4 3" : detail::dash_of(i),
                     lines[i].x.size() <= 30});
  if (diagonal) items.push_back({detail::legend_item::reference, 0, "y = x"});
  detail::plot_area a;
  a.top = detail::plot_top(items, f.width - 24);
  a.h = f.height - a.top - 48;
  a.y = detail::fitted_axis(ylo, yhi, false, a.h, false);
  a.left = 14 + 8 + detail::widest_tick(a.y) + 8;
  a.w = f.width - a.left - 16;
  a.x = detail::fitted_axis(xlo, xhi, false, a.w, true);
  std::string desc;
  for (const auto& l : lines) {
    desc += "Series " + l.name + ": " + std::to_string(l.x.size()) + " points";
    const std::size_t step = std::max<std::size_t>(1, (l.x.size() + 9) / 10);
    desc += step > 1 ? ", one in " + std::to_string(step) + " and the last:" : ":";
    for (std::size_t k = 0; k < l.x.size(); k += step)
      desc += " (" + detail::desc_number(l.x[k]) + ", " + detail::desc_number(l.y[k]) + ")";
    if ((l.x.size() - 1) % step != 0)
      desc += " (" + detail::desc_number(l.x.back()) + ", " + detail::desc_number(l.y.back()) + ")";
    desc += ". ";
  }
  desc += "x: " + f.x_label + "; y: " + f.y_label + ".";
  std::string s = detail::open_svg(f, f.height, desc) + detail::axes(f, a);
  s += detail::legend(items, 12, 28, f.width - 24);
  if (diagonal) {
    const double lo = std::max(a.x.lo, a.y.lo), hi = std::min(a.x.hi, a.y.hi);
    s += "<path class=\"mark reference\" d=\"M" + detail::px(a.sx(lo)) + "," + detail::px(a.sy(lo)) + "L" +
         detail::px(a.sx(hi)) + "," + detail::px(a.sy(hi)) + "\" stroke=\"#999\" stroke-dasharray=\"3 3\"/>";
  }
  for (std::size_t i = 0; i < lines.size(); ++i) {
    const auto& l = lines[i];
    std::string d;
    for (std::size_t k = 0; k < l.x.size(); ++k)
      d += (k ? "L" : "M") + detail::px(a.sx(l.x[k])) + "," + detail::px(a.sy(l.y[k]));
    const std::string dash = l.dashed ? "4 3" : detail::dash_of(i);
    s += "<path class=\"mark series\" d=\"" + d + "\" fill=\"none\" stroke=\"" + detail::palette(i) +
         "\" stroke-width=\"2\"" + (dash.empty() ? "" : " stroke-dasharray=\"" + dash + "\"") + "/>";
    if (l.x.size() <= 30)
      for (std::size_t k = 0; k < l.x.size(); ++k) s += detail::marker(i, a.sx(l.x[k]), a.sy(l.y[k]), detail::palette(i));
  }
  s += "</svg>";
  return s;
}

namespace detail {

inline void check_bars(const chart_frame& f, const std::vector<std::string>& categories,
                       const std::vector<bar_series>& bars) {
  if (categories.empty() || bars.empty())
    CREDO_THROW(invalid_input, "credo.report.bad_series", "chart '" + f.id + "' has no categories or no bars");
  for (const auto& b : bars) {
    const bool whiskers = !b.low.empty() || !b.high.empty();
    if (b.values.size() != categories.size() ||
        (whiskers && (b.low.size() != categories.size() || b.high.size() != categories.size())))
      CREDO_THROW(invalid_input, "credo.report.bad_series",
                  "chart '" + f.id + "', bars '" + b.name + "': " + std::to_string(b.values.size()) +
                      " values for " + std::to_string(categories.size()) + " categories");
    check_finite(f.id, b.name, b.values);
    check_finite(f.id, b.name + ".low", b.low);
    check_finite(f.id, b.name + ".high", b.high);
  }
}

/// Lays out a chart over categories: the plot area's sides (right margin `right`), and the
/// svg's height, grown when the category labels are turned.
inline void place_categories(const chart_frame& f, plot_area& a, const std::vector<std::string>& categories,
                             const std::vector<legend_item>& items, double right, double& height) {
  a.top = plot_top(items, f.width - 24);
  a.left = 14 + 8 + widest_tick(a.y) + 8;
  a.w = f.width - a.left - right;
  const double slot = a.w / static_cast<double>(categories.size());
  const double below = category_label_height(categories, slot) + 12 + 10;
  const double plot_h = f.height - plot_top(items, f.width - 24) - 48;
  a.h = std::max(plot_h, 120.0);
  height = a.top + a.h + std::max(below, 48.0);
}

inline std::string bar_desc(const std::vector<std::string>& categories, const std::vector<bar_series>& bars) {
  std::string d;
  for (const auto& b : bars) {
    d += b.name + ":";
    for (std::size_t i = 0; i < categories.size(); ++i) {
      d += (i ? "; " : " ") + categories[i] + " " + desc_number(b.values[i]);
      if (!b.low.empty()) d += " (" + desc_number(b.low[i]) + " to " + desc_number(b.high[i]) + ")";
    }
    d += ". ";
  }
  return d;
}

}  // namespace detail

/// A grouped bar chart over `categories`: series 0 solid, the others hatched. Throws
/// credo.report.bad_series on length mismatches, credo.report.bad_value for a non-finite value.
inline std::string bar_chart(const chart_frame& f, const std::vector<std::string>& categories,
                             const std::vector<bar_series>& bars) {
  detail::check_bars(f, categories, bars);
  double ylo = 0, yhi = 0;
  bool any_whiskers = false;
  for (const auto& b : bars) {
    for (double v : b.values) ylo = std::min(ylo, v), yhi = std::max(yhi, v);
    for (double v : b.high) yhi = std::max(yhi, v), ylo = std::min(ylo, v);
    for (double v : b.low) ylo = std::min(ylo, v), yhi = std::max(yhi, v);
    any_whiskers = any_whiskers || !b.low.empty();
  }
  std::string defs;
  const auto fills = detail::bar_fills(f.id, bars.size(), defs);
  std::vector<detail::legend_item> items;
  for (std::size_t j = 0; j < bars.size(); ++j) items.push_back({detail::legend_item::bar, j, bars[j].name, fills[j]});
  if (any_whiskers) items.push_back({detail::legend_item::whisker, 0, "interval"});
  detail::plot_area a;
  const double plot_h = f.height - detail::plot_top(items, f.width - 24) - 48;
  a.y = detail::fitted_axis(ylo, yhi, true, std::max(plot_h, 120.0), false);
  double height = f.height;
  detail::place_categories(f, a, categories, items, 16, height);
  a.x = {0, static_cast<double>(categories.size()), {}};
  std::string s = detail::open_svg(f, height, detail::bar_desc(categories, bars) + "x: " + f.x_label + "; y: " +
                                                  f.y_label + ".");
  if (!defs.empty()) s += "<defs>" + defs + "</defs>";
  s += detail::axes(f, a, &categories);
  s += detail::legend(items, 12, 28, f.width - 24);
  const double slot = a.w / static_cast<double>(categories.size());
  const double bw = slot * 0.8 / static_cast<double>(bars.size());
  const double zero = a.sy(std::clamp(0.0, a.y.lo, a.y.hi));
  for (std::size_t j = 0; j < bars.size(); ++j) {
    const auto& b = bars[j];
    for (std::size_t i = 0; i < categories.size(); ++i) {
      const double x = a.left + slot * (static_cast<double>(i) + 0.1) + bw * static_cast<double>(j);
      const double y = a.sy(b.values[i]);
      const double top = std::min(y, zero), h = std::abs(zero - y);
      s += "<rect class=\"mark bar\" x=\"" + detail::px(x) + "\" y=\"" + detail::px(h < 0.5 && y >= zero ? zero - 0.5 : top) +
           "\" width=\"" + detail::px(bw) + "\" height=\"" + detail::px(std::max(h, 0.5)) + "\" fill=\"" + fills[j] +
           "\" stroke=\"" + detail::palette(j) + "\" stroke-width=\"0.5\"><title>" + escape(b.name) + ", " +
           escape(categories[i]) + ": " + detail::tick(b.values[i]) +
           (b.low.empty() ? "" : " (" + detail::tick(b.low[i]) + " to " + detail::tick(b.high[i]) + ")") +
           "</title></rect>";
      if (!b.low.empty()) {
        const double cx = x + bw / 2, w = std::min(4.0, bw / 2);
        s += "<path class=\"mark whisker\" d=\"M" + detail::px(cx) + "," + detail::px(a.sy(b.low[i])) + "V" +
             detail::px(a.sy(b.high[i])) + "M" + detail::px(cx - w) + "," + detail::px(a.sy(b.low[i])) + "h" +
             detail::px(2 * w) + "M" + detail::px(cx - w) + "," + detail::px(a.sy(b.high[i])) + "h" +
             detail::px(2 * w) + "\" stroke=\"#333\"/>";
      }
    }
  }
  s += "</svg>";
  return s;
}

/// Stacked bars over `categories` on the left axis with a line on its own right axis (holding 0):
/// a binning table's chart, the rows of goods and bads per bin with the bad rate (optbinning's
/// plot). Throws credo.report.bad_series on length mismatches, credo.report.bad_value for a
/// non-finite value.
inline std::string bar_line_chart(const chart_frame& f, const std::vector<std::string>& categories,
                                  const std::vector<bar_series>& stacked, const bar_series& line,
                                  const std::string& line_axis_label) {
  detail::check_bars(f, categories, stacked);
  detail::check_bars(f, categories, {line});
  double yhi = 0, y2lo = 0, y2hi = 0;
  for (std::size_t i = 0; i < categories.size(); ++i) {
    double sum = 0;
    for (const auto& b : stacked) {
      if (b.values[i] < 0)
        CREDO_THROW(invalid_input, "credo.report.bad_value",
                    "chart '" + f.id + "', " + b.name + "[" + std::to_string(i) + "] is negative; stacked bars add up");
      sum += b.values[i];
    }
    yhi = std::max(yhi, sum);
    y2lo = std::min(y2lo, line.values[i]);
    y2hi = std::max(y2hi, line.values[i]);
  }
  std::string defs;
  const auto fills = detail::bar_fills(f.id, stacked.size(), defs);
  std::vector<detail::legend_item> items;
  for (std::size_t j = 0; j < stacked.size(); ++j)
    items.push_back({detail::legend_item::bar, j, stacked[j].name, fills[j]});
  const std::size_t line_index = 3;  // vermillion, a triangle: far from the bars' blue and orange
  items.push_back({detail::legend_item::line, line_index, line.name});
  detail::plot_area a;
  const double plot_h = std::max(f.height - detail::plot_top(items, f.width - 24) - 48, 120.0);
  a.y = detail::fitted_axis(0, yhi, true, plot_h, false);
  // The line's axis holds 0 with headroom below it as well: its markers have a size, and a
  // bad rate of 0 must not put half of one under the plot area.
  a.y2 = detail::fitted_axis(y2lo, y2hi, false, plot_h, false);
  // Both axes get the same number of ticks if they can (the grid is the left axis').
  for (int target = 7; target >= 2 && a.y2.ticks.size() != a.y.ticks.size(); --target) {
    const auto t = detail::value_axis(y2lo, y2hi, false, target);
    if (t.ticks.size() == a.y.ticks.size()) a.y2 = t;
  }
  double height = f.height;
  detail::place_categories(f, a, categories, items, 14 + 8 + detail::widest_tick(a.y2) + 8, height);
  a.x = {0, static_cast<double>(categories.size()), {}};
  std::string s = detail::open_svg(f, height, detail::bar_desc(categories, stacked) + detail::bar_desc(categories, {line}) +
                                                  "x: " + f.x_label + "; left axis: " + f.y_label +
                                                  "; right axis: " + line_axis_label + ".");
  if (!defs.empty()) s += "<defs>" + defs + "</defs>";
  s += detail::axes(f, a, &categories, line_axis_label);
  s += detail::legend(items, 12, 28, f.width - 24);
  const double slot = a.w / static_cast<double>(categories.size());
  const double bw = slot * 0.7;
  for (std::size_t i = 0; i < categories.size(); ++i) {
    double base = 0;
    const double x = a.left + slot * (static_cast<double>(i) + 0.15);
    for (std::size_t j = 0; j < stacked.size(); ++j) {
      const double v = stacked[j].values[i];
      const double y0 = a.sy(base), y1 = a.sy(base + v);
      base += v;
      if (v <= 0) continue;
      s += "<rect class=\"mark bar\" x=\"" + detail::px(x) + "\" y=\"" + detail::px(y1) + "\" width=\"" +
           detail::px(bw) + "\" height=\"" + detail::px(std::max(y0 - y1, 0.5)) + "\" fill=\"" + fills[j] +
           "\" stroke=\"" + detail::palette(j) + "\" stroke-width=\"0.5\"><title>" + escape(stacked[j].name) + ", " +
           escape(categories[i]) + ": " + detail::tick(v) + "</title></rect>";
    }
  }
  std::string d;
  for (std::size_t i = 0; i < categories.size(); ++i)
    d += (i ? "L" : "M") + detail::px(a.left + slot * (static_cast<double>(i) + 0.5)) + "," +
         detail::px(a.sy2(line.values[i]));
  s += "<path class=\"mark series\" d=\"" + d + "\" fill=\"none\" stroke=\"" + detail::palette(line_index) +
       "\" stroke-width=\"2\"/>";
  for (std::size_t i = 0; i < categories.size(); ++i)
    s += detail::marker(line_index, a.left + slot * (static_cast<double>(i) + 0.5), a.sy2(line.values[i]),
                        detail::palette(line_index));
  s += "</svg>";
  return s;
}

}  // namespace credo::report
