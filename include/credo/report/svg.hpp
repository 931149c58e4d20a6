// Inline SVG charts for credo's self-contained HTML report: line charts (ROC, CAP, KS,
// calibration), bar charts with optional interval whiskers and a second axis line (WoE and
// bad rate by bin, approval rate by group, coverage by source). No JavaScript, no network:
// each chart is one <svg class="credo-chart"> element with its data drawn as paths and rects.
#pragma once

#include <credo/core/error.hpp>
#include <credo/detail/text.hpp>

#include <algorithm>
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

/// "Nice" tick positions covering [lo, hi] (Heckbert 1990, Graphics Gems: nice numbers).
inline std::vector<double> nice_ticks(double lo, double hi, int target = 5) {
  if (!(hi > lo)) hi = lo + 1;
  const double raw = (hi - lo) / target;
  const double mag = std::pow(10.0, std::floor(std::log10(raw)));
  const double f = raw / mag;
  const double step = (f < 1.5 ? 1 : f < 3 ? 2 : f < 7 ? 5 : 10) * mag;
  std::vector<double> t;
  for (double v = std::ceil(lo / step - 1e-9) * step; v <= hi + step * 1e-9; v += step)
    t.push_back(std::abs(v) < step * 1e-9 ? 0.0 : v);
  return t;
}

inline const char* palette(std::size_t i) {
  static const char* colors[] = {"#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd", "#8c564b"};
  return colors[i % 6];
}

}  // namespace detail

/// One polyline of a line chart.
struct series {
  std::string name;
  std::vector<double> x;
  std::vector<double> y;
  bool dashed = false;
};

/// Geometry and labels shared by all charts.
struct chart_frame {
  std::string id;      ///< stable identifier, written as data-chart="id"
  std::string title;
  std::string x_label;
  std::string y_label;
  double width = 520;
  double height = 340;
};

namespace detail {

struct plot_area {
  double left = 62, right = 16, top = 34, bottom = 48;
  double w, h;
  double x0, x1, y0, y1;
  plot_area(const chart_frame& f, double xlo, double xhi, double ylo, double yhi)
      : w(f.width - 62 - 16), h(f.height - 34 - 48), x0(xlo), x1(xhi), y0(ylo), y1(yhi) {
    if (!(x1 > x0)) x1 = x0 + 1;
    if (!(y1 > y0)) y1 = y0 + 1;
  }
  double sx(double x) const { return left + (x - x0) / (x1 - x0) * w; }
  double sy(double y) const { return top + h - (y - y0) / (y1 - y0) * h; }
};

inline std::string open_svg(const chart_frame& f) {
  std::string s = "<svg class=\"credo-chart\" data-chart=\"" + escape(f.id) +
                  "\" xmlns=\"http://www.w3.org/2000/svg\" width=\"" + px(f.width) + "\" height=\"" +
                  px(f.height) + "\" viewBox=\"0 0 " + px(f.width) + " " + px(f.height) +
                  "\" role=\"img\" aria-label=\"" + escape(f.title) + "\">";
  s += "<title>" + escape(f.title) + "</title>";
  s += "<text x=\"" + px(f.width / 2) + "\" y=\"20\" text-anchor=\"middle\" class=\"chart-title\">" +
       escape(f.title) + "</text>";
  return s;
}

inline std::string axes(const chart_frame& f, const plot_area& a, const std::vector<double>& xt,
                        const std::vector<double>& yt, const std::vector<std::string>* x_names = nullptr) {
  std::string s = "<g class=\"axes\">";
  s += "<rect x=\"" + px(a.left) + "\" y=\"" + px(a.top) + "\" width=\"" + px(a.w) + "\" height=\"" +
       px(a.h) + "\" fill=\"none\" stroke=\"#999\"/>";
  for (double v : yt) {
    const double y = a.sy(v);
    s += "<line x1=\"" + px(a.left) + "\" x2=\"" + px(a.left + a.w) + "\" y1=\"" + px(y) + "\" y2=\"" + px(y) +
         "\" stroke=\"#eee\"/>";
    s += "<text x=\"" + px(a.left - 6) + "\" y=\"" + px(y + 4) + "\" text-anchor=\"end\">" + tick(v) + "</text>";
  }
  if (x_names) {
    for (std::size_t i = 0; i < x_names->size(); ++i) {
      const double x = a.sx(static_cast<double>(i) + 0.5);
      s += "<text x=\"" + px(x) + "\" y=\"" + px(a.top + a.h + 14) + "\" text-anchor=\"middle\">" +
           escape((*x_names)[i]) + "</text>";
    }
  } else {
    for (double v : xt) {
      const double x = a.sx(v);
      s += "<text x=\"" + px(x) + "\" y=\"" + px(a.top + a.h + 16) + "\" text-anchor=\"middle\">" + tick(v) +
           "</text>";
    }
  }
  s += "<text x=\"" + px(a.left + a.w / 2) + "\" y=\"" + px(f.height - 8) + "\" text-anchor=\"middle\">" +
       escape(f.x_label) + "</text>";
  s += "<text transform=\"translate(14," + px(a.top + a.h / 2) + ") rotate(-90)\" text-anchor=\"middle\">" +
       escape(f.y_label) + "</text>";
  s += "</g>";
  return s;
}

inline std::string legend(const plot_area& a, const std::vector<std::string>& names,
                          const std::vector<bool>& dashed = {}) {
  std::string s = "<g class=\"legend\">";
  for (std::size_t i = 0; i < names.size(); ++i) {
    const double y = a.top + 14 + 16 * static_cast<double>(i);
    const double x = a.left + 10;
    s += "<line x1=\"" + px(x) + "\" x2=\"" + px(x + 18) + "\" y1=\"" + px(y - 4) + "\" y2=\"" + px(y - 4) +
         "\" stroke=\"" + palette(i) + "\" stroke-width=\"2\"" +
         (i < dashed.size() && dashed[i] ? " stroke-dasharray=\"4 3\"" : "") + "/>";
    s += "<text x=\"" + px(x + 24) + "\" y=\"" + px(y) + "\">" + escape(names[i]) + "</text>";
  }
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

}  // namespace detail

/// A line chart of one or more series; `diagonal` draws the y = x reference line (ROC, CAP,
/// calibration). Throws credo.report.bad_series when a series' x and y differ in length or
/// it has fewer than 2 points, credo.report.bad_value for a non-finite value.
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
  const auto xt = detail::nice_ticks(xlo, xhi), yt = detail::nice_ticks(ylo, yhi);
  detail::plot_area a(f, std::min(xlo, xt.front()), std::max(xhi, xt.back()), std::min(ylo, yt.front()),
                      std::max(yhi, yt.back()));
  std::string s = detail::open_svg(f) + detail::axes(f, a, xt, yt);
  if (diagonal)
    s += "<line class=\"reference\" x1=\"" + detail::px(a.sx(a.x0)) + "\" y1=\"" + detail::px(a.sy(a.x0)) +
         "\" x2=\"" + detail::px(a.sx(a.x1)) + "\" y2=\"" + detail::px(a.sy(a.x1)) +
         "\" stroke=\"#aaa\" stroke-dasharray=\"3 3\"/>";
  std::vector<std::string> names;
  std::vector<bool> dashed;
  for (std::size_t i = 0; i < lines.size(); ++i) {
    const auto& l = lines[i];
    std::string d;
    for (std::size_t k = 0; k < l.x.size(); ++k)
      d += (k ? "L" : "M") + detail::px(a.sx(l.x[k])) + "," + detail::px(a.sy(l.y[k]));
    s += "<path class=\"series\" d=\"" + d + "\" fill=\"none\" stroke=\"" + detail::palette(i) +
         "\" stroke-width=\"2\"" + (l.dashed ? " stroke-dasharray=\"4 3\"" : "") + "/>";
    names.push_back(l.name);
    dashed.push_back(l.dashed);
  }
  s += detail::legend(a, names, dashed) + "</svg>";
  return s;
}

/// One set of bars over the categories of a bar chart; `low`/`high` (optional, same length)
/// draw interval whiskers.
struct bar_series {
  std::string name;
  std::vector<double> values;
  std::vector<double> low;
  std::vector<double> high;
};

/// A grouped bar chart over `categories`. Throws credo.report.bad_series on length mismatches.
inline std::string bar_chart(const chart_frame& f, const std::vector<std::string>& categories,
                             const std::vector<bar_series>& bars) {
  if (categories.empty() || bars.empty())
    CREDO_THROW(invalid_input, "credo.report.bad_series", "chart '" + f.id + "' has no categories or no bars");
  double ylo = 0, yhi = 0;
  for (const auto& b : bars) {
    const bool whiskers = !b.low.empty() || !b.high.empty();
    if (b.values.size() != categories.size() ||
        (whiskers && (b.low.size() != categories.size() || b.high.size() != categories.size())))
      CREDO_THROW(invalid_input, "credo.report.bad_series",
                  "chart '" + f.id + "', bars '" + b.name + "': " + std::to_string(b.values.size()) +
                      " values for " + std::to_string(categories.size()) + " categories");
    detail::check_finite(f.id, b.name, b.values);
    detail::check_finite(f.id, b.name + ".low", b.low);
    detail::check_finite(f.id, b.name + ".high", b.high);
    for (double v : b.values) ylo = std::min(ylo, v), yhi = std::max(yhi, v);
    for (double v : b.high) yhi = std::max(yhi, v);
    for (double v : b.low) ylo = std::min(ylo, v);
  }
  const auto yt = detail::nice_ticks(ylo, yhi);
  detail::plot_area a(f, 0, static_cast<double>(categories.size()), std::min(ylo, yt.front()),
                      std::max(yhi, yt.back()));
  std::string s = detail::open_svg(f) + detail::axes(f, a, {}, yt, &categories);
  const double slot = a.w / static_cast<double>(categories.size());
  const double bw = slot * 0.8 / static_cast<double>(bars.size());
  const double zero = a.sy(std::clamp(0.0, a.y0, a.y1));
  std::vector<std::string> names;
  for (std::size_t j = 0; j < bars.size(); ++j) {
    const auto& b = bars[j];
    for (std::size_t i = 0; i < categories.size(); ++i) {
      const double x = a.left + slot * (static_cast<double>(i) + 0.1) + bw * static_cast<double>(j);
      const double y = a.sy(b.values[i]);
      s += "<rect class=\"bar\" x=\"" + detail::px(x) + "\" y=\"" + detail::px(std::min(y, zero)) + "\" width=\"" +
           detail::px(bw) + "\" height=\"" + detail::px(std::max(std::abs(zero - y), 0.5)) + "\" fill=\"" +
           detail::palette(j) + "\"><title>" + escape(categories[i]) + ": " + detail::tick(b.values[i]) +
           "</title></rect>";
      if (!b.low.empty()) {
        const double cx = x + bw / 2;
        s += "<path class=\"whisker\" d=\"M" + detail::px(cx) + "," + detail::px(a.sy(b.low[i])) + "V" +
             detail::px(a.sy(b.high[i])) + "M" + detail::px(cx - 4) + "," + detail::px(a.sy(b.low[i])) + "h8M" +
             detail::px(cx - 4) + "," + detail::px(a.sy(b.high[i])) + "h8\" stroke=\"#333\"/>";
      }
    }
    names.push_back(b.name);
  }
  if (bars.size() > 1) s += detail::legend(a, names);
  s += "</svg>";
  return s;
}

}  // namespace credo::report
