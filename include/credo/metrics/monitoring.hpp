// Monitoring a scorecard over time: per period of the data (a month, a quarter, a vintage),
// the score's PSI against the training score distribution kept in the card, each
// characteristic's CSI against the card's training weights per bin, the approval rate at a
// cut-off and, where outcomes are known, the bad rate, AUC and KS (docs/monitoring.md).
//
//   credo::metrics::monitoring_accumulator acc(card, /*outcomes=*/true);
//   acc.add(chunk, card, "period");            // chunk after chunk; parts merge with +=
//   auto m = credo::metrics::finish_monitoring(acc, card, {});
//   for (const auto& p : m.periods) p.period, p.psi->value, p.approval_rate, p.auc ...
//
//   PSI_t = Σ_i (A_ti − E_i)·ln(A_ti/E_i)     over the card's training score bands i
//   CSI_tj = Σ_b (A_tjb − E_jb)·ln(A_tjb/E_jb) over the bins b of characteristic j
// E the training shares, A the shares of period t (Siddiqi 2017, ch. 12: CSI is PSI over one
// characteristic's bins); metrics::psi computes both, with its empty-band rule (a zero share
// becomes ε = 1e-4, metrics::empty_band::add_epsilon, as credo report) and its verdict bands
// (< 0.1 stable, 0.1–0.25 some shift, > 0.25 major shift). The PSI counts rows, unweighted, as
// the training distribution counts them (model::distribution_of); the CSI sums row weights,
// as the training weights per bin do (goods + bads of the binning table). AUC counts ties as
// ½ (metrics::auc), KS is the largest gap between the cumulative bad and good distributions
// over distinct scores (metrics::ks); approval rate = weight of the scored rows at or above
// the cut-off / weight of the scored rows; bad rate = bad weight / weight of the scored rows.
//
// Memory is bounded by the number of periods, not the rows: a period holds its band counts,
// its per-bin weights and a histogram of distinct scores (metrics::score_histogram, which a
// scorecard's rounded points keep to a few hundred entries). Parts over disjoint rows merge
// with += (period by period), so chunks, threads, shards and MPI ranks give the figures of one
// pass; with unit or integer weights bit for bit.
#pragma once

#include <credo/core/error.hpp>
#include <credo/core/table.hpp>
#include <credo/detail/text.hpp>
#include <credo/metrics/auc.hpp>
#include <credo/metrics/ks.hpp>
#include <credo/metrics/score_histogram.hpp>
#include <credo/metrics/stability.hpp>

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <map>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace credo::metrics {

/// The label of the period of rows whose period cell is missing.
inline constexpr std::string_view missing_period = "(missing)";

struct monitoring_options {
  /// Approve at or above this score. Default (nullopt): the score whose PD equals the bad rate
  /// observed over every period, as credo report chooses it; that needs outcomes
  /// (credo.metrics.no_cutoff otherwise).
  std::optional<double> cutoff;
  /// The share a zero share becomes in PSI and CSI (metrics::empty_band::add_epsilon).
  double epsilon = 1e-4;
};

/// One characteristic's CSI in one period; nullopt when the card keeps no training weights
/// for it (or they sum to 0).
struct period_characteristic {
  std::string name;
  std::optional<stability_result> csi;
};

/// One period's figures. NaN marks a figure the period cannot give: bad rate, AUC and KS
/// without outcomes, AUC and KS in a period without bads or without goods, the approval rate
/// in a period without a scored row.
struct period_monitoring {
  std::string period;
  std::uint64_t rows = 0;    ///< rows of the period
  std::uint64_t scored = 0;  ///< rows the card scored (status ok)
  double weight = 0;         ///< weight of the scored rows
  std::optional<stability_result> psi;  ///< nullopt: the card keeps no training distribution, or nothing scored
  double approval_rate = std::numeric_limits<double>::quiet_NaN();
  double bad_rate = std::numeric_limits<double>::quiet_NaN();
  double auc = std::numeric_limits<double>::quiet_NaN();
  double ks = std::numeric_limits<double>::quiet_NaN();
  std::vector<period_characteristic> characteristics;
};

struct monitoring_result {
  double cutoff = 0;
  bool cutoff_given = false;  ///< false: chosen at the observed bad rate
  bool outcomes = false;
  std::uint64_t rows = 0, scored = 0;
  std::vector<period_monitoring> periods;  ///< in period order (see monitoring_accumulator)
};

/// Per-period accumulator of monitoring figures (see the top of this file). Periods are
/// ordered numerically when every label reads as a number ("2", "10"), otherwise as text
/// ("2024-01" < "2024-02"); the missing period comes last.
class monitoring_accumulator {
public:
  using histogram = score_histogram<double>;

  /// One period's sums.
  struct period_part {
    std::uint64_t rows = 0, scored = 0;
    std::vector<double> band_rows;                // scored rows per training score band
    std::vector<std::vector<double>> bin_weight;  // per characteristic, weight per bin (every row)
    auc<double, histogram> scores{direction::higher_is_safer};  // distinct score -> bad/good weight
    metrics::ks<double, histogram> ks_rows;

    period_part& operator+=(const period_part& o) {
      rows += o.rows;
      scored += o.scored;
      for (std::size_t i = 0; i < band_rows.size(); ++i) band_rows[i] += o.band_rows[i];
      for (std::size_t j = 0; j < bin_weight.size(); ++j)
        for (std::size_t b = 0; b < bin_weight[j].size(); ++b) bin_weight[j][b] += o.bin_weight[j][b];
      scores += o.scores;
      ks_rows += o.ks_rows;
      return *this;
    }
    bool operator==(const period_part& o) const {
      return rows == o.rows && scored == o.scored && band_rows == o.band_rows && bin_weight == o.bin_weight &&
             scores == o.scores && ks_rows == o.ks_rows;
    }
    template <class Archive>
    void serialize(Archive& ar) {
      ar(rows, scored, band_rows, bin_weight, scores, ks_rows);
    }
  };

  monitoring_accumulator() = default;

  /// For `card`; `outcomes`: whether the rows added carry a target (bad rate, AUC, KS).
  template <class Card>
  monitoring_accumulator(const Card& card, bool outcomes) : init_(true), outcomes_(outcomes) {
    if (const auto& d = card.training_distribution(); d && d->edges.size() >= 2) edges_ = d->edges;
    for (std::size_t j = 0; j < card.size(); ++j) bins_.push_back(card.characteristic(j).bins.size());
  }

  /// Adds the rows of `chunk`, each to the period its cell of `period_column` names (a
  /// categorical column's label, a numeric column's number as shortest text; missing →
  /// "(missing)"), leaving out rows r with skip[r] != 0. With outcomes the chunk's target is
  /// read. Throws credo.metrics.unknown_period (no such column), credo.metrics.not_started
  /// (default-constructed), credo.metrics.length_mismatch (skip flags not one per row), and what
  /// the card's scoring throws for a table without its columns.
  template <class Card>
  void add(const table& chunk, const Card& card, std::string_view period_column, std::span<const std::uint8_t> skip = {}) {
    if (!init_)
      CREDO_THROW(logic_error, "credo.metrics.not_started", "monitoring_accumulator: constructed without a card");
    const auto pc = chunk.find(period_column);
    if (!pc)
      CREDO_THROW(invalid_input, "credo.metrics.unknown_period",
                  "period column " + credo::detail::quoted(period_column) + " is not in the data");
    if (!skip.empty() && skip.size() != chunk.rows())
      CREDO_THROW(invalid_input, "credo.metrics.length_mismatch",
                  "monitoring_accumulator: " + std::to_string(skip.size()) + " skip flags for " +
                      std::to_string(chunk.rows()) + " rows");
    const column& per = chunk.at(*pc);
    const auto results = card.score(chunk);  // the card's one evaluator
    const auto codes = card.bin_codes(chunk);
    const auto y = outcomes_ ? chunk.target() : std::span<const std::uint8_t>{};
    // The chunk's period labels, one lookup per distinct label.
    std::vector<period_part*> of_code;
    period_part* missing = nullptr;
    if (per.is_categorical()) {
      of_code.assign(per.dictionary().size(), nullptr);
    }
    auto part_of = [&](std::size_t r) -> period_part& {
      if (per.is_numeric()) {
        const double v = per.values()[r];
        return std::isnan(v) ? part(std::string(missing_period)) : part(credo::detail::format_shortest(v));
      }
      const auto k = per.codes()[r];
      if (k == column::missing_code) return missing ? *missing : *(missing = &part(std::string(missing_period)));
      auto& p = of_code[static_cast<std::size_t>(k)];
      if (!p) p = &part(per.dictionary()[static_cast<std::size_t>(k)]);
      return *p;
    };
    const std::size_t n = chunk.rows();
    for (std::size_t r = 0; r < n; ++r) {
      if (!skip.empty() && skip[r]) continue;
      period_part& p = part_of(r);
      ++p.rows;
      const double w = chunk.weight(r);
      for (std::size_t j = 0; j < bins_.size(); ++j) p.bin_weight[j][codes[j * n + r]] += w;
      if (!results[r].ok()) continue;
      ++p.scored;
      const double s = static_cast<double>(results[r].score);
      const bool bad = outcomes_ && y[r] != 0;
      p.scores(s, bad, w);
      p.ks_rows(s, bad, w);
      if (!p.band_rows.empty()) {
        // Band i is [edges[i], edges[i+1]); the outer bands take what lies beyond the edges.
        const auto it = std::upper_bound(edges_.begin(), edges_.end(), s);
        const std::size_t i = it == edges_.begin() ? 0 : static_cast<std::size_t>(it - edges_.begin()) - 1;
        p.band_rows[std::min(i, p.band_rows.size() - 1)] += 1;
      }
    }
  }

  /// Merges a part over other rows of the same card (credo.metrics.monitor_mismatch when the
  /// parts were built for different cards or one has outcomes and the other not).
  monitoring_accumulator& operator+=(const monitoring_accumulator& o) {
    if (!o.init_) return *this;
    if (!init_) return *this = o;
    if (o.edges_ != edges_ || o.bins_ != bins_ || o.outcomes_ != outcomes_)
      CREDO_THROW(invalid_input, "credo.metrics.monitor_mismatch",
                  "monitoring_accumulator: cannot merge parts of different cards, or with and without outcomes");
    for (const auto& [k, p] : o.periods_) {
      auto it = periods_.find(k);
      if (it == periods_.end()) periods_.emplace(k, p);
      else it->second += p;
    }
    return *this;
  }
  bool operator==(const monitoring_accumulator&) const = default;

  template <class Archive>
  void serialize(Archive& ar) {
    ar(init_, outcomes_, edges_, bins_, periods_);
    for (const auto& [k, p] : periods_) {
      (void)k;
      ar.check(p.bin_weight.size() == bins_.size() &&
                   p.band_rows.size() == (edges_.size() >= 2 ? edges_.size() - 1 : 0),
               "monitoring_accumulator: a period's counts do not match the card");
    }
  }

  bool outcomes() const noexcept { return outcomes_; }
  /// The periods seen so far (by label, in the map's text order).
  const std::map<std::string, period_part>& periods() const noexcept { return periods_; }

private:
  period_part& part(const std::string& label) {
    auto it = periods_.find(label);
    if (it != periods_.end()) return it->second;
    period_part p;
    p.band_rows.assign(edges_.size() >= 2 ? edges_.size() - 1 : 0, 0.0);
    for (auto b : bins_) p.bin_weight.emplace_back(b, 0.0);
    return periods_.emplace(label, std::move(p)).first->second;
  }

  bool init_ = false, outcomes_ = false;
  std::vector<double> edges_;
  std::vector<std::size_t> bins_;
  std::map<std::string, period_part> periods_;
};

namespace detail {

/// The period labels in monitoring order: numeric when every label (but the missing one)
/// reads as a finite number, else text order; the missing period last.
inline std::vector<std::string> period_order(const std::map<std::string, monitoring_accumulator::period_part>& periods) {
  std::vector<std::string> labels;
  bool has_missing = false, numeric = true;
  std::vector<std::pair<double, std::string>> numbers;
  for (const auto& [k, p] : periods) {
    (void)p;
    if (k == missing_period) {
      has_missing = true;
      continue;
    }
    labels.push_back(k);
    char* end = nullptr;
    const double v = std::strtod(k.c_str(), &end);
    if (k.empty() || end != k.c_str() + k.size() || !std::isfinite(v)) numeric = false;
    else numbers.emplace_back(v, k);
  }
  if (numeric) {
    std::stable_sort(numbers.begin(), numbers.end(),
                     [](const auto& a, const auto& b) { return a.first < b.first; });
    labels.clear();
    for (auto& n : numbers) labels.push_back(std::move(n.second));
  }
  if (has_missing) labels.emplace_back(missing_period);
  return labels;
}

}  // namespace detail

/// The figures of a filled accumulator (see the top of this file). Throws credo.metrics.no_cutoff
/// when no cut-off is given and there are no outcomes (or no scored row) to choose it from.
template <class Card>
monitoring_result finish_monitoring(const monitoring_accumulator& acc, const Card& card,
                                    const monitoring_options& opt = {}) {
  monitoring_result m;
  m.outcomes = acc.outcomes();
  double bads = 0, total = 0;
  for (const auto& [k, p] : acc.periods()) {
    (void)k;
    m.rows += p.rows;
    m.scored += p.scored;
    bads += p.scores.rows().bad_weight();
    total += p.scores.rows().bad_weight() + p.scores.rows().good_weight();
  }
  if (opt.cutoff) {
    m.cutoff = *opt.cutoff;
    m.cutoff_given = true;
  } else {
    if (!m.outcomes || !(total > 0))
      CREDO_THROW(invalid_input, "credo.metrics.no_cutoff",
                  std::string("monitoring: no cut-off given and ") +
                      (m.outcomes ? "no scored row" : "no outcomes") +
                      " to choose one at the observed bad rate; give the cut-off");
    m.cutoff = card.score_from_pd(bads / total);
  }
  const empty_band::add_epsilon smooth{opt.epsilon};
  const auto& dist = card.training_distribution();
  for (const auto& label : detail::period_order(acc.periods())) {
    const auto& p = acc.periods().at(label);
    period_monitoring pm;
    pm.period = label;
    pm.rows = p.rows;
    pm.scored = p.scored;
    const auto& h = p.scores.rows();
    const double B = h.bad_weight(), G = h.good_weight();
    pm.weight = B + G;
    if (!p.band_rows.empty() && p.scored > 0 && dist)
      pm.psi = psi(std::span<const double>(dist->counts), std::span<const double>(p.band_rows), smooth,
                   "psi of period " + credo::detail::quoted(label));
    if (pm.weight > 0) {
      double approved = 0;
      h.for_each_distinct([&](double s, double wb, double wg, std::size_t, std::size_t) {
        if (s >= m.cutoff) approved += wb + wg;
      });
      pm.approval_rate = approved / pm.weight;
      if (m.outcomes) pm.bad_rate = B / pm.weight;
    }
    if (m.outcomes && B > 0 && G > 0) {
      pm.auc = p.scores.value();
      pm.ks = p.ks_rows.value();
    }
    for (std::size_t j = 0; j < card.size(); ++j) {
      const auto& c = card.characteristic(j);
      period_characteristic pc{c.name, std::nullopt};
      double te = 0, ta = 0;
      for (double w : c.weights) te += w;
      for (double w : p.bin_weight[j]) ta += w;
      if (c.weights.size() == p.bin_weight[j].size() && te > 0 && ta > 0)
        pc.csi = psi(std::span<const double>(c.weights), std::span<const double>(p.bin_weight[j]), smooth,
                     "csi of " + credo::detail::quoted(c.name) + " in period " + credo::detail::quoted(label));
      pm.characteristics.push_back(std::move(pc));
    }
    m.periods.push_back(std::move(pm));
  }
  return m;
}

}  // namespace credo::metrics
