// Live monitors of the embeddable engine: the metrics, fairness and coverage accumulators
// that every decision updates.
//
// A monitor is a const configuration object with a mergeable per-thread `state`, checked by
// credo::engine::monitor_policy:
//   state make_state() const                 a fresh state (allocates: the warm-up)
//   void add(state&, const A& applicant, const decision&) const   one decision; noexcept in
//                                            practice and without allocation
//   report_type report(const state&) const   the monitor's part of a snapshot
//   std::string_view name() const
// with state += state (merge a thread's or a process's part) and state == state; optionally
//   void prepare(const engine_info&)         called once by the engine's constructor (e.g.
//                                            the PSI monitor takes the model's training
//                                            score distribution there)
//   bool accepts(const A& applicant) const   false makes the decision invalid_input (bad_group)
// Reports print with operator<<.
#pragma once

#include <credo/core/error.hpp>
#include <credo/coverage/report.hpp>
#include <credo/coverage/rule.hpp>
#include <credo/engine/decide.hpp>
#include <credo/fairness/counts.hpp>
#include <credo/fairness/measures.hpp>
#include <credo/fairness/zero_division.hpp>
#include <credo/metrics/stability.hpp>
#include <credo/model/scorecard.hpp>

#include <algorithm>
#include <cmath>
#include <concepts>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <limits>
#include <optional>
#include <ostream>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace credo::engine {

/// What the engine tells its monitors once, at construction.
struct engine_info {
  /// The model's training score distribution (nullptr when the model keeps none).
  const model::score_distribution* training = nullptr;
  /// The feature set's column names.
  std::span<const std::string> features;
};

/// What the engine needs of a monitor (see the top of this file). A is the applicant type the
/// concept is checked with (the canonical credo::engine::applicant<> by default).
template <class M, class A = applicant<>>
concept monitor_policy =
    std::copy_constructible<M> &&
    requires(const M& m, typename M::state& s, const typename M::state& cs, const A& a, const decision& d) {
      { m.make_state() } -> std::same_as<typename M::state>;
      m.add(s, a, d);
      m.report(cs);
      { m.name() } -> std::convertible_to<std::string_view>;
      { s += cs } -> std::same_as<typename M::state&>;
      { cs == cs } -> std::convertible_to<bool>;
    };

namespace detail {
inline std::string fmt(const char* f, double x) {
  char buf[64];
  std::snprintf(buf, sizeof buf, f, x);
  return buf;
}
}  // namespace detail

namespace monitor {

// --- population stability ---------------------------------------------------------------------

/// The PSI report: PSI = Σ_i (A_i − E_i)·ln(A_i/E_i) over the reference bands (Siddiqi 2017,
/// ch. 12; credo::metrics::psi), E the training shares, A the shares of the scores decided.
struct psi_report {
  std::uint64_t scored = 0;
  double value = std::numeric_limits<double>::quiet_NaN();  ///< NaN before the first scored decision
  metrics::stability_verdict verdict = metrics::stability_verdict::stable;
  std::vector<double> cutoffs;                        ///< lower-inclusive band cut-offs
  std::vector<double> expected_share, actual_share;   ///< after the ε smoothing
  std::vector<std::size_t> smoothed_bands;            ///< bands where a zero share became ε

  friend std::ostream& operator<<(std::ostream& os, const psi_report& r) {
    os << "PSI against the training scores: ";
    if (std::isnan(r.value)) return os << "no scored decision yet\n";
    os << detail::fmt("%.4f", r.value) << " (" << metrics::to_string(r.verdict) << ", " << r.scored
       << " scores, " << r.cutoffs.size() + 1 << " bands";
    if (!r.smoothed_bands.empty()) os << ", " << r.smoothed_bands.size() << " empty bands smoothed";
    return os << ")\n";
  }
};

/// Population stability of the scores decided against a reference score distribution: the
/// model's training distribution (model::scorecard::training_distribution, taken in
/// prepare) unless one is given. Counts only scored decisions. The reference histogram's
/// first and last bands are read as open-ended ((−∞, e_1) and [e_{k−1}, +∞)), the bands of
/// credo::metrics::band_counts. An empty band on either side is smoothed with ε (default
/// 1e-4; metrics::empty_band::add_epsilon) and the report names it.
struct psi {
  std::optional<model::score_distribution> reference;
  double epsilon = 1e-4;

  using state = metrics::band_counts<double>;
  using report_type = psi_report;

  psi() = default;
  explicit psi(model::score_distribution ref, double eps = 1e-4) : reference(std::move(ref)), epsilon(eps) {}

  std::string_view name() const noexcept { return "psi"; }

  /// Takes the training distribution of the model when none was given; throws
  /// credo.engine.no_reference when there is neither.
  void prepare(const engine_info& info) {
    if (!reference && info.training) reference = *info.training;
    if (!reference)
      CREDO_THROW(invalid_input, "credo.engine.no_reference",
                  "monitor::psi needs a reference score distribution: give one, or keep the training "
                  "distribution in the model (scorecard::set_score_distribution)");
    if (!(reference->edges.size() >= 2 && reference->counts.size() + 1 == reference->edges.size()))
      CREDO_THROW(invalid_input, "credo.engine.no_reference",
                  "monitor::psi: the reference distribution needs one more edge than counts");
  }

  state make_state() const { return state(cutoffs()); }

  template <class A>
  void add(state& s, const A&, const decision& d) const {
    if (d.scored()) s(d.score);
  }

  report_type report(const state& s) const {
    psi_report r;
    r.cutoffs = s.cutoffs();
    for (auto n : s.rows()) r.scored += n;
    if (r.scored == 0 || !reference) return r;
    const auto res = metrics::psi(std::span<const double>(reference->counts), std::span<const double>(s.weights()),
                                  metrics::empty_band::add_epsilon{epsilon});
    r.value = res.value;
    r.verdict = res.verdict;
    r.expected_share = res.expected_share;
    r.actual_share = res.actual_share;
    r.smoothed_bands = res.smoothed_bands;
    return r;
  }

private:
  std::vector<double> cutoffs() const {
    if (!reference) return {};
    const auto& e = reference->edges;
    return std::vector<double>(e.begin() + 1, e.end() - 1);
  }
};

/// A reference score distribution from training scores: `bands` weighted quantile bands
/// (credo::metrics::reference_cutoffs, ties kept together) with open outer edges. Store it in
/// the model (scorecard::set_score_distribution) or give it to monitor::psi.
inline model::score_distribution reference_distribution(std::span<const double> scores, std::size_t bands = 10) {
  const auto cut = metrics::reference_cutoffs<double>(scores, {}, bands);
  metrics::band_counts<double> counts(cut);
  counts.fill(scores);
  model::score_distribution d;
  d.edges.push_back(-std::numeric_limits<double>::infinity());
  d.edges.insert(d.edges.end(), cut.begin(), cut.end());
  d.edges.push_back(std::numeric_limits<double>::infinity());
  d.counts = counts.weights();
  return d;
}

// --- approvals and bad rates by group ------------------------------------------------------------

/// What approvals_by needs of a grouping: the group names and the group index of an applicant.
template <class G, class A = applicant<>>
concept grouping = std::copy_constructible<G> && requires(const G& g, const A& a) {
  { g.names() } -> std::convertible_to<std::vector<std::string>>;
  { g(a) } -> std::convertible_to<std::size_t>;
};

/// The applicant's `group` member, with the names of the groups.
struct by_group {
  std::vector<std::string> labels{"A", "B"};
  std::vector<std::string> names() const { return labels; }
  template <class A>
  std::size_t operator()(const A& a) const noexcept {
    return static_cast<std::size_t>(a.group);
  }
};

/// One group of an approvals_by report.
struct group_line {
  std::string name;
  std::uint64_t decisions = 0, approved = 0;  ///< valid decisions (scored or not scoreable)
  double approval_rate = std::numeric_limits<double>::quiet_NaN();
  std::uint64_t outcomes = 0, bads = 0;  ///< decisions whose outcome is known
  double bad_rate = std::numeric_limits<double>::quiet_NaN();           ///< bads / outcomes
  double bad_rate_approved = std::numeric_limits<double>::quiet_NaN();  ///< among approved with outcome
  double adverse_impact_ratio = std::numeric_limits<double>::quiet_NaN();  ///< vs the reference group
  bool below_four_fifths = false;  ///< adverse_impact_ratio < the four-fifths threshold
};

struct approvals_report {
  std::vector<group_line> groups;
  std::size_t reference = 0;
  double adverse_impact_ratio_across = std::numeric_limits<double>::quiet_NaN();  ///< min/max approval rate
  double four_fifths_threshold = 0.8;

  friend std::ostream& operator<<(std::ostream& os, const approvals_report& r) {
    os << "Approvals by group (reference " << (r.groups.empty() ? "-" : r.groups[r.reference].name) << "):\n";
    os << "  group      decisions  approval  outcomes  bad rate  bad|appr  AIR\n";
    for (const auto& g : r.groups) {
      char buf[160];
      std::snprintf(buf, sizeof buf, "  %-10s %9llu  %8.4f  %8llu  %8.4f  %8.4f  %.4f%s\n", g.name.c_str(),
                    static_cast<unsigned long long>(g.decisions), g.approval_rate,
                    static_cast<unsigned long long>(g.outcomes), g.bad_rate, g.bad_rate_approved,
                    g.adverse_impact_ratio, g.below_four_fifths ? "  < 4/5" : "");
      os << buf;
    }
    return os << "  adverse impact ratio across groups (min/max): " << detail::fmt("%.4f", r.adverse_impact_ratio_across)
              << '\n';
  }
};

/// Approval and bad rates by group, with the adverse impact ratio
///   AIR_g = P(approve | g) / P(approve | reference)
/// (disparate impact, Feldman et al. 2015; the four-fifths rule flags AIR < 0.8, 29 CFR
/// 1607.4(D)), across groups min_g P(approve|g) / max_g P(approve|g). The state is two
/// credo::fairness::group_counts: every valid decision (scored or not scoreable, since a
/// person the model cannot score is not approved either) and the decisions whose outcome is
/// known (applicant.outcome 0 or 1), from which the bad rates come. The counts' "score" is
/// the approval indicator (1 approved, 0 not) at cut-off 0.5, because the decision policy,
/// not one cut-off, approves. Invalid inputs are not counted. Rates go through
/// fairness::group_rates with zero_division::nan (an empty group's rates are NaN).
template <class Grouping>  // default by_group, declared in credo/fwd.hpp
struct approvals_by {
  Grouping grouping{};
  std::string reference;  ///< the reference group; empty = the group with the most decisions
  double four_fifths = 0.8;

  struct state {
    fairness::group_counts<double> all, known;
    state& operator+=(const state& o) {
      all += o.all;
      known += o.known;
      return *this;
    }
    friend bool operator==(const state&, const state&) = default;
  };
  using report_type = approvals_report;

  approvals_by() = default;
  explicit approvals_by(Grouping g, std::string ref = {}, double threshold = 0.8)
      : grouping(std::move(g)), reference(std::move(ref)), four_fifths(threshold) {}

  std::string_view name() const noexcept { return "approvals_by"; }

  /// Throws credo.engine.no_groups (no group names) and credo.engine.unknown_reference.
  void prepare(const engine_info&) {
    const auto n = grouping.names();
    if (n.empty()) CREDO_THROW(invalid_input, "credo.engine.no_groups", "monitor::approvals_by: the grouping has no groups");
    if (!reference.empty() && std::find(n.begin(), n.end(), reference) == n.end())
      CREDO_THROW(invalid_input, "credo.engine.unknown_reference",
                  "monitor::approvals_by: reference group " + credo::detail::quoted(reference) + " is not a group");
    groups_ = n.size();
  }

  state make_state() const {
    const auto n = grouping.names();
    return state{fairness::group_counts<double>(n, 0.5), fairness::group_counts<double>(n, 0.5)};
  }

  template <class A>
  bool accepts(const A& a) const noexcept {
    return grouping(a) < groups_;
  }

  template <class A>
  void add(state& s, const A& a, const decision& d) const {
    if (d.status == decision_status::invalid_input) return;
    const std::size_t g = grouping(a);
    const double approved = d.approved() ? 1.0 : 0.0;
    s.all(g, approved, false);
    const int y = outcome_of(a);
    if (y == 0 || y == 1) s.known(g, approved, y == 1);
  }

  report_type report(const state& s) const {
    approvals_report r;
    r.four_fifths_threshold = four_fifths;
    const std::size_t G = s.all.groups();
    const fairness::zero_division::nan z{};
    std::vector<double> ar(G);
    for (std::size_t g = 0; g < G; ++g) {
      group_line l;
      const auto a = fairness::group_rates(s.all, g, z);
      const auto k = fairness::group_rates(s.known, g, z);
      l.name = a.name;
      l.decisions = s.all[g].rows;
      l.approved = s.all[g].rows_approved;
      l.approval_rate = a.approval_rate;
      l.outcomes = s.known[g].rows;
      l.bads = s.known[g].rows_bad;
      l.bad_rate = k.bad_rate;
      l.bad_rate_approved = k.bad_rate_approved;
      ar[g] = a.approval_rate;
      r.groups.push_back(std::move(l));
    }
    r.reference = 0;
    if (!reference.empty())
      r.reference = s.all.find(reference);
    else
      for (std::size_t g = 1; g < G; ++g)
        if (s.all[g].rows > s.all[r.reference].rows) r.reference = g;
    const double ref = ar[r.reference];
    double lo = std::numeric_limits<double>::infinity(), hi = -lo;
    bool nan = false;
    for (std::size_t g = 0; g < G; ++g) {
      r.groups[g].adverse_impact_ratio = ref > 0 ? ar[g] / ref : std::numeric_limits<double>::quiet_NaN();
      r.groups[g].below_four_fifths = r.groups[g].adverse_impact_ratio < four_fifths;
      nan = nan || std::isnan(ar[g]);
      lo = std::min(lo, ar[g]);
      hi = std::max(hi, ar[g]);
    }
    r.adverse_impact_ratio_across = !nan && hi > 0 ? lo / hi : std::numeric_limits<double>::quiet_NaN();
    return r;
  }

private:
  // The number of groups, set by prepare (the engine's constructor) for accepts().
  std::size_t groups_ = std::numeric_limits<std::size_t>::max();
};

// --- coverage -------------------------------------------------------------------------------

struct coverage_report {
  credo::coverage::coverage_counts files;  ///< valid decisions by file status under the coverage rule
  std::uint64_t invalid = 0;        ///< invalid inputs (not in `files`)
  std::uint64_t approved = 0, declined = 0, referred = 0;

  std::uint64_t decisions() const noexcept {
    return static_cast<std::uint64_t>(files.total()) + invalid;
  }
  /// Scoreable share of the valid decisions (NaN before the first one).
  double scoreable_share() const noexcept { return files.share_scoreable(); }

  friend std::ostream& operator<<(std::ostream& os, const coverage_report& r) {
    os << "Coverage: " << r.decisions() << " decisions, scoreable share "
       << detail::fmt("%.4f", r.scoreable_share()) << " (scoreable " << r.files.scoreable << ", thin/stale file "
       << r.files.unscoreable << ", no file " << r.files.invisible << ", invalid input " << r.invalid << ")\n";
    return os << "Verdicts: approve " << r.approved << ", decline " << r.declined << ", refer " << r.referred
              << '\n';
  }
};

/// Scoreable share and verdict counts: every decision adds its file status under the
/// engine's coverage rule (credo::coverage::coverage_counts) or, for invalid input, one to
/// `invalid`. scoreable share = scoreable / (scoreable + unscoreable + invisible).
struct coverage {
  struct state {
    coverage_report counts;
    state& operator+=(const state& o) {
      counts.files += o.counts.files;
      counts.invalid += o.counts.invalid;
      counts.approved += o.counts.approved;
      counts.declined += o.counts.declined;
      counts.referred += o.counts.referred;
      return *this;
    }
    friend bool operator==(const state& a, const state& b) {
      return a.counts.files == b.counts.files && a.counts.invalid == b.counts.invalid &&
             a.counts.approved == b.counts.approved && a.counts.declined == b.counts.declined &&
             a.counts.referred == b.counts.referred;
    }
  };
  using report_type = coverage_report;

  std::string_view name() const noexcept { return "coverage"; }
  state make_state() const { return {}; }
  template <class A>
  void add(state& s, const A&, const decision& d) const noexcept {
    if (d.status == decision_status::invalid_input)
      ++s.counts.invalid;
    else
      s.counts.files(d.file);
    (d.outcome == verdict::approve ? s.counts.approved : d.outcome == verdict::decline ? s.counts.declined
                                                                                       : s.counts.referred) += 1;
  }
  report_type report(const state& s) const { return s.counts; }
};

}  // namespace monitor
}  // namespace credo::engine

namespace credo {
/// Short name: credo::monitor::psi, credo::monitor::approvals_by<G>, credo::monitor::coverage.
namespace monitor = engine::monitor;
}  // namespace credo
