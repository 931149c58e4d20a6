// Aligned text of binning tables and IV rankings, for terminals, logs and the demo.
#pragma once

#include <credo/binning/binning_table.hpp>
#include <credo/detail/text.hpp>
#include <credo/fwd.hpp>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstddef>
#include <cstdio>
#include <ostream>
#include <span>
#include <string>
#include <vector>

namespace credo::binning {

namespace detail {

inline std::string fixed(double v, int decimals) { return credo::detail::format_fixed(v, decimals); }

inline std::string pad_left(const std::string& s, std::size_t width) {
  return s.size() >= width ? s : std::string(width - s.size(), ' ') + s;
}

inline std::string pad_right(const std::string& s, std::size_t width) {
  return s.size() >= width ? s : s + std::string(width - s.size(), ' ');
}

}  // namespace detail

/// The table as aligned text: a title line with the column, its IV and strength band, then
/// one line per bin (label, count, goods, bads, event rate, WoE, IV) and a total line.
/// Flags after a line: "empty" (no rows: WoE 0) and "smoothed" (no goods or no bads: WoE and IV
/// from the zero-cell rule). Weighted goods and bads print with `decimals` decimals when any
/// weight is fractional, else as integers.
inline std::string to_string(const binning_table& t, int decimals = 4) {
  bool integral = true;
  for (const auto& r : t.rows()) integral = integral && r.goods == std::floor(r.goods) && r.bads == std::floor(r.bads);
  const int cd = integral ? 0 : 2;
  std::size_t lw = 5;
  for (const auto& r : t.rows()) lw = std::max(lw, r.label.size());
  const std::size_t nw = 9, fw = static_cast<std::size_t>(decimals) + 5;
  std::string s = t.column() + ": IV " + detail::fixed(t.iv(), decimals) + " (" + to_string(t.strength()) +
                  (t.separates() ? ", separates the target" : "") + ")\n";
  s += "  " + detail::pad_right("bin", lw) + detail::pad_left("count", nw) + detail::pad_left("goods", nw) +
       detail::pad_left("bads", nw) + detail::pad_left("event rate", std::max<std::size_t>(fw, 11)) +
       detail::pad_left("WoE", fw) + detail::pad_left("IV", fw) + "\n";
  auto line = [&](const std::string& label, std::uint64_t count, double goods, double bads,
                  const std::string& rate, const std::string& woe, const std::string& iv,
                  const std::string& flag) {
    s += "  " + detail::pad_right(label, lw) + detail::pad_left(std::to_string(count), nw) +
         detail::pad_left(detail::fixed(goods, cd), nw) + detail::pad_left(detail::fixed(bads, cd), nw) +
         detail::pad_left(rate, std::max<std::size_t>(fw, 11)) + detail::pad_left(woe, fw) +
         detail::pad_left(iv, fw) + flag + "\n";
  };
  for (const auto& r : t.rows())
    line(r.label, r.count, r.goods, r.bads, r.empty ? "-" : detail::fixed(r.event_rate, decimals),
         detail::fixed(r.woe, decimals), detail::fixed(r.iv, decimals),
         r.empty ? "  empty" : (r.smoothed ? "  smoothed" : ""));
  const double G = t.total_goods(), B = t.total_bads();
  line("total", t.total_rows(), G, B, detail::fixed(B / (G + B), decimals), "", detail::fixed(t.iv(), decimals),
       "");
  for (const auto& w : t.warnings()) s += "  warning: " + w + "\n";
  return s;
}

inline std::ostream& operator<<(std::ostream& os, const binning_table& t) { return os << to_string(t); }

/// An IV ranking as aligned text: rank, column, IV, strength band.
inline std::string to_string(std::span<const iv_entry> ranking, int decimals = 4) {
  std::size_t cw = 6;
  for (const auto& e : ranking) cw = std::max(cw, e.column.size());
  std::string s = "  rank  " + detail::pad_right("column", cw) + detail::pad_left("IV", static_cast<std::size_t>(decimals) + 5) +
                  "  strength\n";
  for (std::size_t i = 0; i < ranking.size(); ++i)
    s += detail::pad_left(std::to_string(i + 1), 6) + "  " + detail::pad_right(ranking[i].column, cw) +
         detail::pad_left(detail::fixed(ranking[i].iv, decimals), static_cast<std::size_t>(decimals) + 5) + "  " +
         to_string(ranking[i].band) + "\n";
  return s;
}

}  // namespace credo::binning
