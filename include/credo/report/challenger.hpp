// Champion and challenger: two scorecards on the same applicants. Both AUCs with DeLong's
// paired test (metrics/paired_histogram.hpp: exact, one entry per distinct pair of scores),
// and the swap sets at the two cut-offs (an applicant is approved at or above a card's
// cut-off): swap-out, approved by the champion and declined by the challenger; swap-in, the
// reverse; with both approved and both declined, each with rows, weight and bad rate.
// Bad rates by score band of each card (its own training score distribution's bands) come
// from the same histogram. docs/challenger.md.
#pragma once

#include <credo/core/error.hpp>
#include <credo/core/table.hpp>
#include <credo/metrics/common.hpp>
#include <credo/metrics/paired_histogram.hpp>
#include <credo/report/html.hpp>
#include <credo/report/svg.hpp>
#include <credo/detail/text.hpp>

#include <boost/math/distributions/normal.hpp>

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <optional>
#include <span>
#include <string>
#include <vector>

namespace credo::report {

/// Rows both cards scored, at the level of the two comparisons' accumulators: the paired
/// histogram of (champion score, challenger score), and the rows one of the cards could not
/// score (left out of the comparison, counted). Mergeable: `+=` a part that follows.
class challenger_accumulator {
public:
  challenger_accumulator()
      : pairs_(metrics::direction::higher_is_safer, metrics::direction::higher_is_safer) {}

  /// Adds the rows of `chunk` (target needed) scored by both cards; rows r with skip[r] != 0
  /// are left out unseen (a cell neither card can use), rows one card cannot score are counted.
  template <class Champion, class Challenger>
  void add(const table& chunk, const Champion& champion, const Challenger& challenger,
           std::span<const std::uint8_t> skip = {}) {
    if (!skip.empty() && skip.size() != chunk.rows())
      CREDO_THROW(invalid_input, "credo.report.length_mismatch",
                  "challenger_accumulator: " + std::to_string(skip.size()) + " skip flags for " +
                      std::to_string(chunk.rows()) + " rows");
    const auto y = chunk.target();
    const auto a = champion.score(chunk);
    const auto b = challenger.score(chunk);
    for (std::size_t r = 0; r < chunk.rows(); ++r) {
      if (!skip.empty() && skip[r]) continue;
      ++rows_;
      if (!a[r].ok()) ++champion_unscored_;
      if (!b[r].ok()) ++challenger_unscored_;
      if (!a[r].ok() || !b[r].ok()) continue;
      pairs_(static_cast<double>(a[r].score), static_cast<double>(b[r].score), y[r] != 0, chunk.weight(r));
    }
  }
  challenger_accumulator& operator+=(const challenger_accumulator& o) {
    pairs_ += o.pairs_;
    rows_ += o.rows_;
    champion_unscored_ += o.champion_unscored_;
    challenger_unscored_ += o.challenger_unscored_;
    return *this;
  }
  bool operator==(const challenger_accumulator&) const = default;
  template <class Archive>
  void serialize(Archive& ar) {
    ar(pairs_, rows_, champion_unscored_, challenger_unscored_);
  }

  /// (champion, challenger) scores: metrics score 1 is the champion's, 2 the challenger's.
  const metrics::paired_score_histogram<double>& pairs() const noexcept { return pairs_; }
  std::uint64_t rows() const noexcept { return rows_; }
  std::uint64_t champion_unscored() const noexcept { return champion_unscored_; }
  std::uint64_t challenger_unscored() const noexcept { return challenger_unscored_; }

private:
  metrics::paired_score_histogram<double> pairs_;
  std::uint64_t rows_ = 0, champion_unscored_ = 0, challenger_unscored_ = 0;
};

/// Rows, weight, bads and bad rate (NaN when the weight is 0) of one part of the applicants.
struct swap_part {
  std::uint64_t rows = 0;
  double weight = 0, bad_weight = 0;
  double bad_rate() const { return weight > 0 ? bad_weight / weight : std::numeric_limits<double>::quiet_NaN(); }
};

/// One score band of a card, with the compared rows' weight and bad rate in it.
struct score_band_rate {
  double lower = 0, upper = 0;  ///< [lower, upper)
  swap_part part;
};

struct challenger_comparison {
  std::uint64_t rows = 0, compared = 0, champion_unscored = 0, challenger_unscored = 0;
  double champion_cutoff = 0, challenger_cutoff = 0;
  double bad_rate = 0;  ///< weighted, over the compared rows
  double champion_auc = 0, challenger_auc = 0;
  metrics::interval champion_auc_interval, challenger_auc_interval;  ///< DeLong, clipped to [0, 1]
  /// DeLong's paired test with auc1 = the challenger's, auc2 = the champion's: difference =
  /// challenger − champion.
  metrics::delong_result delong;
  swap_part swap_in, swap_out, both_approved, both_declined;
  std::vector<score_band_rate> champion_bands, challenger_bands;
};

namespace detail {
inline std::vector<score_band_rate> bands_of(std::span<const double> edges) {
  std::vector<score_band_rate> b;
  for (std::size_t k = 0; k + 1 < edges.size(); ++k) b.push_back({edges[k], edges[k + 1], {}});
  return b;
}
inline void add_to_band(std::vector<score_band_rate>& bands, double s, const metrics::score_histogram<double>::cell& c) {
  if (bands.empty()) return;
  std::size_t k = 0;
  while (k + 1 < bands.size() && !(s < bands[k].upper)) ++k;
  bands[k].part.rows += c.bad_rows + c.good_rows;
  bands[k].part.weight += c.bad_weight + c.good_weight;
  bands[k].part.bad_weight += c.bad_weight;
}
inline metrics::interval auc_interval(double auc, double variance, double level) {
  const double h = boost::math::quantile(boost::math::normal(), 0.5 + level / 2) * std::sqrt(std::max(variance, 0.0));
  return {auc, std::max(0.0, auc - h), std::min(1.0, auc + h), level};
}
}  // namespace detail

/// The comparison of a paired histogram of (champion, challenger) scores at two cut-offs; a
/// card's bands are given by their edges (empty: no band table). Throws the DeLong test's
/// errors (credo.metrics.no_bads, no_goods, too_few_rows) when the rows lack a class.
inline challenger_comparison compare_challenger(const metrics::paired_score_histogram<double>& p,
                                                double champion_cutoff, double challenger_cutoff,
                                                std::span<const double> champion_edges = {},
                                                std::span<const double> challenger_edges = {}, double level = 0.95) {
  challenger_comparison c;
  c.rows = c.compared = p.rows();
  const double total = p.bad_weight() + p.good_weight();
  c.bad_rate = total > 0 ? p.bad_weight() / total : std::numeric_limits<double>::quiet_NaN();
  const auto d = p.test(metrics::alternative::two_sided, level);  // score 1 = champion
  c.champion_auc = d.auc1;
  c.challenger_auc = d.auc2;
  c.champion_auc_interval = detail::auc_interval(d.auc1, d.variance1, level);
  c.challenger_auc_interval = detail::auc_interval(d.auc2, d.variance2, level);
  // Reported as challenger − champion: the same test with the two scores swapped.
  c.delong = d;
  c.delong.auc1 = d.auc2;
  c.delong.auc2 = d.auc1;
  c.delong.variance1 = d.variance2;
  c.delong.variance2 = d.variance1;
  c.delong.difference = -d.difference;
  c.delong.z = -d.z;
  c.delong.difference_interval = {-d.difference, -d.difference_interval.upper, -d.difference_interval.lower, level};
  c.champion_cutoff = champion_cutoff;
  c.challenger_cutoff = challenger_cutoff;
  c.champion_bands = detail::bands_of(champion_edges);
  c.challenger_bands = detail::bands_of(challenger_edges);
  p.for_each_pair([&](double s1, double s2, const auto& cell) {
    const bool a1 = s1 >= c.champion_cutoff, a2 = s2 >= c.challenger_cutoff;
    swap_part& part = a1 ? (a2 ? c.both_approved : c.swap_out) : (a2 ? c.swap_in : c.both_declined);
    part.rows += cell.bad_rows + cell.good_rows;
    part.weight += cell.bad_weight + cell.good_weight;
    part.bad_weight += cell.bad_weight;
    detail::add_to_band(c.champion_bands, s1, cell);
    detail::add_to_band(c.challenger_bands, s2, cell);
  });
  return c;
}

/// The comparison of two cards' accumulated rows. Without a cut-off, a card's default is its
/// score at the compared rows' bad rate (card.score_from_pd; credo report's default: approve
/// those predicted safer than the average). Each card's bands are its training score
/// distribution's, when it keeps one.
template <class Champion, class Challenger>
challenger_comparison compare_challenger(const challenger_accumulator& acc, const Champion& champion,
                                         const Challenger& challenger, std::optional<double> champion_cutoff = {},
                                         std::optional<double> challenger_cutoff = {}, double level = 0.95) {
  const auto& p = acc.pairs();
  const double rate = p.bad_weight() / (p.bad_weight() + p.good_weight());
  const auto edges = [](const auto& card) {
    const auto& d = card.training_distribution();
    return d ? std::vector<double>(d->edges.begin(), d->edges.end()) : std::vector<double>{};
  };
  const auto e1 = edges(champion), e2 = edges(challenger);
  auto c = compare_challenger(p, champion_cutoff ? *champion_cutoff : champion.score_from_pd(rate),
                              challenger_cutoff ? *challenger_cutoff : challenger.score_from_pd(rate), e1, e2, level);
  c.rows = acc.rows();
  c.champion_unscored = acc.champion_unscored();
  c.challenger_unscored = acc.challenger_unscored();
  return c;
}

namespace detail {
inline std::string band_label(double lo, double hi) {
  const auto f = [](double v) { return std::isinf(v) ? std::string(v < 0 ? "-inf" : "inf") : credo::detail::format_general(v); };
  return "[" + f(lo) + ", " + f(hi) + ")";
}
inline std::vector<std::string> swap_row(const std::string& name, const swap_part& p) {
  return {name, std::to_string(p.rows), credo::detail::format_general(p.weight),
          std::isnan(p.bad_rate()) ? std::string("-") : credo::detail::format_fixed(p.bad_rate(), 4)};
}
inline void band_table(html_document& h, const std::vector<score_band_rate>& bands, const std::string& caption) {
  std::vector<std::vector<std::string>> rows;
  for (const auto& b : bands) {
    auto r = swap_row(band_label(b.lower, b.upper), b.part);
    rows.push_back(std::move(r));
  }
  if (!rows.empty()) h.table({"score band", "rows", "weight", "bad rate"}, rows, caption);
}
}  // namespace detail

/// The comparison as a report section: AUCs with intervals, DeLong's test, the swap sets and,
/// when the cards keep bands, each card's bad rate by score band.
inline void add_challenger_section(html_document& h, const challenger_comparison& c,
                                   const std::string& champion_name = "champion",
                                   const std::string& challenger_name = "challenger",
                                   const std::string& title = "Champion and challenger") {
  using credo::detail::format_fixed;
  using credo::detail::format_general;
  h.heading(title);
  h.paragraph(std::to_string(c.compared) + " of " + std::to_string(c.rows) + " rows scored by both cards (" +
              std::to_string(c.champion_unscored) + " not scored by the " + champion_name + ", " +
              std::to_string(c.challenger_unscored) + " by the " + challenger_name + "); cut-offs " +
              format_fixed(c.champion_cutoff, 1) + " (" + champion_name + ") and " + format_fixed(c.challenger_cutoff, 1) +
              " (" + challenger_name + "), approve at or above.");
  const auto ci = [](const metrics::interval& i) { return format_fixed(i.lower, 4) + " - " + format_fixed(i.upper, 4); };
  h.table({"model", "AUC", "95% interval (DeLong)", "Gini"},
          {{champion_name, format_fixed(c.champion_auc, 4), ci(c.champion_auc_interval), format_fixed(2 * c.champion_auc - 1, 4)},
           {challenger_name, format_fixed(c.challenger_auc, 4), ci(c.challenger_auc_interval),
            format_fixed(2 * c.challenger_auc - 1, 4)}},
          "Discrimination on the same rows");
  h.table({"measure", "value"},
          {{"AUC difference (" + challenger_name + " - " + champion_name + ")", format_fixed(c.delong.difference, 4)},
           {"interval", format_fixed(c.delong.difference_interval.lower, 4) + " - " +
                            format_fixed(c.delong.difference_interval.upper, 4)},
           {"z (paired DeLong)", format_fixed(c.delong.z, 4)},
           {"p-value (two-sided)", format_general(c.delong.p_value, 4)},
           {"covariance of the AUCs", format_general(c.delong.covariance, 4)}},
          "DeLong's paired test");
  h.table({"part", "rows", "weight", "bad rate"},
          {detail::swap_row("swap-in (" + challenger_name + " approves, " + champion_name + " declines)", c.swap_in),
           detail::swap_row("swap-out (" + champion_name + " approves, " + challenger_name + " declines)", c.swap_out),
           detail::swap_row("both approve", c.both_approved), detail::swap_row("both decline", c.both_declined)},
          "Swap sets");
  detail::band_table(h, c.champion_bands, "Bad rate by score band: " + champion_name);
  detail::band_table(h, c.challenger_bands, "Bad rate by score band: " + challenger_name);
}

}  // namespace credo::report
