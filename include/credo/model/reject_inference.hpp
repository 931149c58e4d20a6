// Reject inference: a scorecard for the whole through-the-door population, from accepts whose
// outcomes are known and rejects whose outcomes are not (Siddiqi 2017, Intelligent Credit
// Scoring, 2nd ed., ch. 6; SAS Credit Scoring's Reject Inference node; docs/reject_inference.md).
//
// Every method starts from the known-good-bad (KGB) model, fitted on the accepts alone, scores
// each reject with it (PD p_i from the KGB card's score) and gives the rejects outcomes; the
// binning and the model are then refitted on accepts + inferred rejects ("augmented" data).
// A reject of weight w_i (its own weight times reject_weight) enters as
// - hard cut-off: one row, bad when p_i > cutoff_pd, else good, weight w_i. Default cut-off:
//   the accepts' weighted bad rate (a reject riskier than the average accept is a bad);
// - fuzzy: two rows, bad with weight p_i·w_i and good with weight (1 − p_i)·w_i, so that
//   the augmented data's expected bads are the KGB model's;
// - parceling: the accepts' KGB scores cut into quantile bands (the card's training score
//   distribution, distribution_bands of them); in band k the accepts' bad rate b_k sets the
//   rejects' bad rate r_k = min(1, event_rate_increase · b_k) (Siddiqi: rejects are worse than
//   the accepts of the same score; the factor is a judgement, default 2). Bads are assigned
//   deterministically by rank: the band's rejects in ascending score (riskiest first; ties in
//   row order), the j-th is bad when its weight before it plus half its own is at most
//   r_k·W_k (W_k the band's reject weight): with unit weights, the round(r_k·n_k) riskiest.
//   A band without accepts weight takes the rate of the nearest band that has some (the lower
//   one on a tie).
// Rejects the KGB card cannot score (a missing value it refuses) are left out and counted.
#pragma once

#include <credo/core/error.hpp>
#include <credo/core/table.hpp>
#include <credo/detail/enum_names.hpp>
#include <credo/detail/text.hpp>
#include <credo/model/workflow.hpp>

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <numeric>
#include <optional>
#include <span>
#include <string>
#include <unordered_map>
#include <vector>

namespace credo::model {

enum class reject_inference_method { hard_cutoff, fuzzy, parceling };

}  // namespace credo::model

template <>
struct credo::detail::enum_names<credo::model::reject_inference_method> {
  static constexpr enum_name<credo::model::reject_inference_method> table[] = {
      {credo::model::reject_inference_method::hard_cutoff, "hard"},
      {credo::model::reject_inference_method::fuzzy, "fuzzy"},
      {credo::model::reject_inference_method::parceling, "parcel"}};
};

namespace credo::model {

inline const char* to_string(reject_inference_method m) noexcept { return credo::detail::name_of(m); }

/// How the rejects get outcomes; the defaults are documented in docs/reject_inference.md.
struct reject_inference_options {
  reject_inference_method method = reject_inference_method::fuzzy;
  /// hard: a reject is bad when its KGB PD exceeds this; default the accepts' bad rate.
  std::optional<double> cutoff_pd;
  /// Multiplies every reject's weight (a reject counts as this many accepts).
  double reject_weight = 1;
  /// parceling: the rejects' bad rate in a band is this times the accepts' there.
  double event_rate_increase = 2;
};

/// The outcomes given to the rejects: one entry per augmented row (fuzzy: two per reject).
struct reject_outcomes {
  std::vector<std::size_t> reject_row;  ///< the reject's row in the rejects table
  std::vector<std::uint8_t> bad;
  std::vector<double> weight;

  std::size_t size() const noexcept { return bad.size(); }
  double total_weight() const { return std::accumulate(weight.begin(), weight.end(), 0.0); }
  double bad_weight() const {
    double b = 0;
    for (std::size_t i = 0; i < bad.size(); ++i) b += bad[i] ? weight[i] : 0;
    return b;
  }
  /// Σ bad weight / Σ weight over the inferred rows (NaN when there are none).
  double bad_rate() const {
    const double t = total_weight();
    return t > 0 ? bad_weight() / t : std::numeric_limits<double>::quiet_NaN();
  }
};

/// One score band of parceling: [lower, upper) of the KGB score.
struct parcel_band {
  double lower = 0, upper = 0;
  double accepts_weight = 0, accepts_bad_rate = std::numeric_limits<double>::quiet_NaN();
  double rejects_weight = 0;
  std::size_t rejects = 0;
  double target_bad_rate = 0;   ///< min(1, event_rate_increase · the band's accepts bad rate)
  double assigned_bad_weight = 0;
};

namespace detail {

inline void check_reject_inputs(std::span<const double> values, std::span<const double> weight, const char* what) {
  if (!weight.empty() && weight.size() != values.size())
    CREDO_THROW(invalid_input, "credo.reject_inference.length_mismatch",
                std::string(what) + ": " + std::to_string(weight.size()) + " weights for " +
                    std::to_string(values.size()) + " rejects");
  for (std::size_t i = 0; i < weight.size(); ++i)
    if (!(std::isfinite(weight[i]) && weight[i] >= 0))
      CREDO_THROW(invalid_input, "credo.reject_inference.bad_weight",
                  std::string(what) + ", reject " + std::to_string(i) + ": weight " +
                      credo::detail::format_general(weight[i]) + " is not a finite number >= 0");
}

inline void check_reject_weight(double reject_weight) {
  if (!(std::isfinite(reject_weight) && reject_weight > 0))
    CREDO_THROW(invalid_input, "credo.reject_inference.bad_parameter",
                "reject_weight " + credo::detail::format_general(reject_weight) + " is not a finite number > 0");
}

inline double weight_at(std::span<const double> w, std::size_t i) { return w.empty() ? 1.0 : w[i]; }

}  // namespace detail

/// Hard cut-off: reject i is bad when pd[i] > cutoff_pd, one row of weight
/// reject_weight·weight[i] (empty weight: 1).
inline reject_outcomes hard_cutoff_outcomes(std::span<const double> pd, std::span<const double> weight,
                                            double cutoff_pd, double reject_weight = 1) {
  detail::check_reject_inputs(pd, weight, "hard cut-off");
  detail::check_reject_weight(reject_weight);
  if (!(cutoff_pd >= 0 && cutoff_pd <= 1))
    CREDO_THROW(invalid_input, "credo.reject_inference.bad_parameter",
                "cutoff_pd " + credo::detail::format_general(cutoff_pd) + " is not a probability in [0, 1]");
  reject_outcomes o;
  for (std::size_t i = 0; i < pd.size(); ++i) {
    o.reject_row.push_back(i);
    o.bad.push_back(pd[i] > cutoff_pd ? 1 : 0);
    o.weight.push_back(reject_weight * detail::weight_at(weight, i));
  }
  return o;
}

/// Fuzzy augmentation: reject i as a bad of weight pd[i]·w_i, then a good of weight
/// (1 − pd[i])·w_i, w_i = reject_weight·weight[i].
inline reject_outcomes fuzzy_outcomes(std::span<const double> pd, std::span<const double> weight,
                                      double reject_weight = 1) {
  detail::check_reject_inputs(pd, weight, "fuzzy");
  detail::check_reject_weight(reject_weight);
  reject_outcomes o;
  for (std::size_t i = 0; i < pd.size(); ++i) {
    if (!(pd[i] >= 0 && pd[i] <= 1))
      CREDO_THROW(invalid_input, "credo.reject_inference.bad_pd",
                  "fuzzy, reject " + std::to_string(i) + ": PD " + credo::detail::format_general(pd[i]) +
                      " is not a probability in [0, 1]");
    const double w = reject_weight * detail::weight_at(weight, i);
    o.reject_row.push_back(i);
    o.bad.push_back(1);
    o.weight.push_back(pd[i] * w);
    o.reject_row.push_back(i);
    o.bad.push_back(0);
    o.weight.push_back((1 - pd[i]) * w);
  }
  return o;
}

/// Parceling's bands: `edges` (increasing, the first −∞ and the last +∞ as a card's training
/// score distribution keeps them) cut the accepts' KGB scores; each band gets the accepts'
/// weighted bad rate and the rejects' target rate min(1, factor·rate). Accepts scores that are
/// NaN (not scored) are left out.
inline std::vector<parcel_band> parcel_bands(std::span<const double> edges, std::span<const double> accept_score,
                                             std::span<const std::uint8_t> accept_bad,
                                             std::span<const double> accept_weight, double event_rate_increase) {
  if (edges.size() < 2 || !std::is_sorted(edges.begin(), edges.end()) ||
      std::adjacent_find(edges.begin(), edges.end()) != edges.end())
    CREDO_THROW(invalid_input, "credo.reject_inference.bad_bands",
                "parceling needs at least two increasing band edges (" + std::to_string(edges.size()) + " given)");
  if (!(std::isfinite(event_rate_increase) && event_rate_increase > 0))
    CREDO_THROW(invalid_input, "credo.reject_inference.bad_parameter",
                "event_rate_increase " + credo::detail::format_general(event_rate_increase) +
                    " is not a finite number > 0");
  if (accept_bad.size() != accept_score.size() || (!accept_weight.empty() && accept_weight.size() != accept_score.size()))
    CREDO_THROW(invalid_input, "credo.reject_inference.length_mismatch",
                "parceling: " + std::to_string(accept_score.size()) + " accepts scores, " +
                    std::to_string(accept_bad.size()) + " outcomes, " + std::to_string(accept_weight.size()) + " weights");
  std::vector<parcel_band> bands(edges.size() - 1);
  std::vector<double> bad_w(bands.size(), 0.0);
  for (std::size_t k = 0; k < bands.size(); ++k) bands[k].lower = edges[k], bands[k].upper = edges[k + 1];
  auto band_of = [&](double s) {
    const auto it = std::upper_bound(edges.begin(), edges.end(), s);
    const auto k = static_cast<std::size_t>(std::max<std::ptrdiff_t>(it - edges.begin() - 1, 0));
    return std::min(k, bands.size() - 1);
  };
  for (std::size_t i = 0; i < accept_score.size(); ++i) {
    if (std::isnan(accept_score[i])) continue;
    const std::size_t k = band_of(accept_score[i]);
    const double w = detail::weight_at(accept_weight, i);
    bands[k].accepts_weight += w;
    bad_w[k] += accept_bad[i] ? w : 0;
  }
  bool any = false;
  for (std::size_t k = 0; k < bands.size(); ++k)
    if (bands[k].accepts_weight > 0) bands[k].accepts_bad_rate = bad_w[k] / bands[k].accepts_weight, any = true;
  if (!any)
    CREDO_THROW(invalid_input, "credo.reject_inference.no_accepts", "parceling: no accept with a score and a weight");
  for (std::size_t k = 0; k < bands.size(); ++k) {
    double rate = bands[k].accepts_bad_rate;
    for (std::size_t d = 1; std::isnan(rate); ++d) {  // the nearest band with accepts, the lower first
      if (k >= d && bands[k - d].accepts_weight > 0) rate = bands[k - d].accepts_bad_rate;
      else if (k + d < bands.size() && bands[k + d].accepts_weight > 0) rate = bands[k + d].accepts_bad_rate;
    }
    bands[k].target_bad_rate = std::min(1.0, event_rate_increase * rate);
  }
  return bands;
}

/// Parceling's outcomes: each reject in its band of `bands` (by its KGB score), the riskiest
/// (lowest score, then earliest row) made bad until the band's target rate is met (rule at the
/// top of this header); one row per reject of weight reject_weight·weight[i]. Fills the
/// bands' rejects counts.
inline reject_outcomes parcel_outcomes(std::span<const double> reject_score, std::span<const double> weight,
                                       std::vector<parcel_band>& bands, double reject_weight = 1) {
  detail::check_reject_inputs(reject_score, weight, "parceling");
  detail::check_reject_weight(reject_weight);
  if (bands.empty())
    CREDO_THROW(invalid_input, "credo.reject_inference.bad_bands", "parceling: no band");
  std::vector<double> edges;
  for (const auto& b : bands) edges.push_back(b.lower);
  std::vector<std::vector<std::size_t>> members(bands.size());
  for (std::size_t i = 0; i < reject_score.size(); ++i) {
    if (std::isnan(reject_score[i]))
      CREDO_THROW(invalid_input, "credo.reject_inference.bad_pd", "parceling, reject " + std::to_string(i) + ": no score");
    const auto it = std::upper_bound(edges.begin(), edges.end(), reject_score[i]);
    members[static_cast<std::size_t>(std::max<std::ptrdiff_t>(it - edges.begin() - 1, 0))].push_back(i);
  }
  reject_outcomes o;
  o.reject_row.resize(reject_score.size());
  o.bad.assign(reject_score.size(), 0);
  o.weight.resize(reject_score.size());
  for (std::size_t k = 0; k < bands.size(); ++k) {
    auto& m = members[k];
    std::stable_sort(m.begin(), m.end(), [&](std::size_t a, std::size_t b) { return reject_score[a] < reject_score[b]; });
    auto& band = bands[k];
    band.rejects = m.size();
    band.rejects_weight = 0;
    band.assigned_bad_weight = 0;
    for (auto i : m) band.rejects_weight += reject_weight * detail::weight_at(weight, i);
    const double goal = band.target_bad_rate * band.rejects_weight;
    double before = 0;
    for (auto i : m) {
      const double w = reject_weight * detail::weight_at(weight, i);
      const bool bad = before + 0.5 * w <= goal;
      o.bad[i] = bad ? 1 : 0;
      if (bad) band.assigned_bad_weight += w;
      before += w;
    }
  }
  for (std::size_t i = 0; i < reject_score.size(); ++i) {
    o.reject_row[i] = i;
    o.weight[i] = reject_weight * detail::weight_at(weight, i);
  }
  return o;
}

/// The accepts followed by the inferred rejects, one table (target and weights set): every
/// feature column of `accepts` taken from `rejects` by name, of the same kind (categorical
/// labels merged into one dictionary, the accepts' first). Throws
/// credo.reject_inference.missing_column / kind_mismatch naming the column.
inline table augment(const table& accepts, const table& rejects, const reject_outcomes& o) {
  table out;
  const auto rows_a = accepts.rows();
  for (const auto& name : accepts.names()) {
    const auto& a = accepts[name];
    const auto at = rejects.find(name);
    if (!at)
      CREDO_THROW(invalid_input, "credo.reject_inference.missing_column",
                  "the rejects have no column " + credo::detail::quoted(name) + ", which the accepts have");
    const auto& r = rejects.at(*at);
    if (r.kind() != a.kind())
      CREDO_THROW(invalid_input, "credo.reject_inference.kind_mismatch",
                  "column " + credo::detail::quoted(name) + " is " + credo::to_string(a.kind()) + " in the accepts but " +
                      credo::to_string(r.kind()) + " in the rejects");
    if (a.is_numeric()) {
      std::vector<double> v(a.values().begin(), a.values().end());
      for (auto i : o.reject_row) v.push_back(r.values()[i]);
      out.add(column::numeric(name, std::move(v)));
    } else {
      std::vector<std::string> dict = a.dictionary();
      std::unordered_map<std::string, std::int32_t> index;
      for (std::size_t k = 0; k < dict.size(); ++k) index.emplace(dict[k], static_cast<std::int32_t>(k));
      std::vector<std::int32_t> remap(r.dictionary().size());
      for (std::size_t k = 0; k < remap.size(); ++k) {
        const auto [it, inserted] = index.try_emplace(r.dictionary()[k], static_cast<std::int32_t>(dict.size()));
        if (inserted) dict.push_back(r.dictionary()[k]);
        remap[k] = it->second;
      }
      std::vector<std::int32_t> codes(a.codes().begin(), a.codes().end());
      for (auto i : o.reject_row) {
        const auto c = r.codes()[i];
        codes.push_back(c == column::missing_code ? column::missing_code : remap[static_cast<std::size_t>(c)]);
      }
      out.add(column::categorical(name, std::move(codes), std::move(dict)));
    }
  }
  std::vector<std::uint8_t> y(accepts.target().begin(), accepts.target().end());
  y.insert(y.end(), o.bad.begin(), o.bad.end());
  std::vector<double> w;
  for (std::size_t i = 0; i < rows_a; ++i) w.push_back(accepts.weight(i));
  w.insert(w.end(), o.weight.begin(), o.weight.end());
  out.set_target(std::move(y), accepts.target_name());
  out.set_weights(std::move(w), accepts.has_weights() ? accepts.weights_name() : std::string("weight"));
  return out;
}

/// What fit_with_reject_inference did: the two models, the counts and the parameters used.
struct reject_inference_result {
  reject_inference_options options;  ///< as given, with the hard cut-off resolved
  std::size_t accepts = 0;           ///< accepts rows used (the KGB model's training rows)
  std::size_t rejects = 0;           ///< rejects rows used (scored by the KGB card)
  std::size_t rejects_left_out = 0;  ///< rejects the KGB card could not score
  double accepts_bad_rate = 0;       ///< weighted, the accepts
  double inferred_bad_rate = 0;      ///< weighted, the inferred rejects (reject_outcomes::bad_rate)
  double augmented_bad_rate = 0;     ///< weighted, accepts + inferred rejects
  std::vector<parcel_band> bands;    ///< parceling only
  reject_outcomes outcomes;          ///< reject_row indexes the rejects used (after leaving out)
  fitted_scorecard kgb;              ///< fitted on the accepts
  fitted_scorecard inferred;         ///< refitted (binning and model) on the augmented data
};

/// The KGB scorecard on `accepts` (target needed), the rejects scored by it and given outcomes
/// by `ri`, then binning and model refitted on the augmented data, both with `plan`.
inline reject_inference_result fit_with_reject_inference(const table& accepts, const table& rejects,
                                                         const scorecard_plan& plan = {},
                                                         const reject_inference_options& ri = {}) {
  if (rejects.rows() == 0)
    CREDO_THROW(invalid_input, "credo.reject_inference.no_rejects", "the rejects table has no rows");
  detail::check_reject_weight(ri.reject_weight);
  reject_inference_result r;
  r.options = ri;
  r.kgb = fit_scorecard(accepts, plan);
  r.accepts = accepts.rows();
  double bad = 0, all = 0;
  for (std::size_t i = 0; i < accepts.rows(); ++i) {
    all += accepts.weight(i);
    bad += accepts.target()[i] ? accepts.weight(i) : 0;
  }
  r.accepts_bad_rate = bad / all;
  // The rejects the KGB card scores, with their score, PD and weight.
  std::vector<std::size_t> used;
  std::vector<double> score, pd, w;
  const auto scored = r.kgb.card.score(rejects);
  for (std::size_t i = 0; i < rejects.rows(); ++i) {
    if (!scored[i].ok()) {
      ++r.rejects_left_out;
      continue;
    }
    used.push_back(i);
    score.push_back(static_cast<double>(scored[i].score));
    pd.push_back(r.kgb.card.pd_from_score(score.back()));
    w.push_back(rejects.weight(i));
  }
  if (used.empty())
    CREDO_THROW(invalid_input, "credo.reject_inference.no_rejects",
                "the KGB scorecard could score none of the " + std::to_string(rejects.rows()) + " rejects");
  r.rejects = used.size();
  switch (ri.method) {
    case reject_inference_method::hard_cutoff:
      if (!r.options.cutoff_pd) r.options.cutoff_pd = r.accepts_bad_rate;
      r.outcomes = hard_cutoff_outcomes(pd, w, *r.options.cutoff_pd, ri.reject_weight);
      break;
    case reject_inference_method::fuzzy: r.outcomes = fuzzy_outcomes(pd, w, ri.reject_weight); break;
    case reject_inference_method::parceling: {
      const auto& d = r.kgb.card.training_distribution();
      std::vector<double> accept_w;
      for (std::size_t i = 0; i < accepts.rows(); ++i) accept_w.push_back(accepts.weight(i));
      r.bands = parcel_bands(d->edges, r.kgb.training_scores, accepts.target(), accept_w, ri.event_rate_increase);
      r.outcomes = parcel_outcomes(score, w, r.bands, ri.reject_weight);
      break;
    }
  }
  for (auto& row : r.outcomes.reject_row) row = used[row];  // back to the rejects table's rows
  r.inferred_bad_rate = r.outcomes.bad_rate();
  r.augmented_bad_rate = (bad + r.outcomes.bad_weight()) / (all + r.outcomes.total_weight());
  r.inferred = fit_scorecard(augment(accepts, rejects, r.outcomes), plan);
  return r;
}

}  // namespace credo::model
