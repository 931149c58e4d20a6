// credo::engine::engine: the embeddable engine a lender's backend includes. One type,
// assembled from policies, turns the lender's own records for an applicant into a decision
// with reasons, and keeps live monitors as it goes:
//
//   using my_engine = credo::engine::engine<
//       my_features,                          // a credo::features::feature_set (or with_rule<...>)
//       credo::model::scorecard<double>,      // a scoring_model
//       credo::decide::cutoff,                // a decision_policy
//       credo::monitor::psi, credo::monitor::approvals_by<>, credo::monitor::coverage>;  // monitors
//   my_engine eng(features, card, credo::decide::cutoff(620));
//   auto session = eng.make_session();        // one per thread: scratch + monitor states
//   auto d = eng.decide(applicant, session);  // d.status, d.score, d.pd, d.outcome, d.reasons()
//   std::cout << eng.snapshot(session);       // PSI, approvals by group, coverage
//
// Per decision: one pass over the applicant's records checks the input, evaluates the
// coverage rule (credo::coverage, default recent_and_seasoned) and feeds the feature set's
// extractors; a scoreable file's row is then written into the session, scored by the model
// with up to four reason codes, and decided by the policy; every monitor adds the decision. After
// make_session (the warm-up) a decision allocates nothing. A const engine is safe to share
// between threads, each with its own session; sessions merge with += (the merged snapshot
// equals the one-thread snapshot: every monitor state is an exact accumulator).
// How to write your own feature, policy or monitor: docs/engine_compose.md.
#pragma once

#include <credo/core/error.hpp>
#include <credo/coverage/rule.hpp>
#include <credo/engine/batch_scorer.hpp>
#include <credo/engine/decide.hpp>
#include <credo/engine/monitor.hpp>
#include <credo/features/extractor.hpp>
#include <credo/features/feature_set.hpp>
#include <credo/features/record_check.hpp>
#include <credo/features/records.hpp>
#include <credo/model/logistic_regression.hpp>
#include <credo/model/reason_codes.hpp>
#include <credo/model/scaling.hpp>
#include <credo/model/scorecard.hpp>

#include <bit>
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
#include <tuple>
#include <type_traits>
#include <utility>
#include <vector>

namespace credo::engine {

// --- features and the coverage rule ------------------------------------------------------------

/// A feature set together with the scoreability rule that decides who it may score.
/// The default Rule (coverage::recent_and_seasoned) is declared in credo/fwd.hpp.
template <class FeatureSet, class Rule>
struct with_rule {
  static_assert(coverage::scoreability_rule<Rule>,
                "with_rule: Rule must model credo::coverage::scoreability_rule");
  FeatureSet features;
  Rule rule{};
};

namespace detail {
template <class F>
struct feature_parts {  // a plain feature set: the default rule
  using set_type = F;
  using rule_type = coverage::recent_and_seasoned;
  static const F& set(const F& f) noexcept { return f; }
  static rule_type rule(const F&) { return {}; }
};
template <class F, class R>
struct feature_parts<with_rule<F, R>> {
  using set_type = F;
  using rule_type = R;
  static const F& set(const with_rule<F, R>& f) noexcept { return f.features; }
  static R rule(const with_rule<F, R>& f) { return f.rule; }
};

/// A feature set that offers its single pass in steps (states, add, finish), as
/// features::feature_set does: the engine then feeds it in its own walk over the records.
template <class F>
concept stepwise_features =
    requires(const F& f, typename F::states& s, const typename F::states& cs, const features::account_view& a,
             const features::inquiry_view& q, const features::person_context& c, std::span<double> row) {
      f.add(s, a, c);
      f.add(s, q, c);
      f.finish(cs, c, row);
    };
template <class F>
struct pass_states {
  struct type {};  // nothing to carry: the feature source extracts after the walk
};
template <stepwise_features F>
struct pass_states<F> {
  using type = typename F::states;
};
}  // namespace detail

/// What the engine needs of its features: a feature set (names() and the single-person
/// extract(as_of, accounts, inquiries, row) of credo::features::feature_set), alone or in
/// with_rule<feature set, scoreability rule>.
template <class F>
concept feature_source = std::copy_constructible<F> &&
    requires(const typename detail::feature_parts<F>::set_type& f, features::date d,
             std::span<const features::tradeline_record> a, std::span<const features::inquiry_record> q,
             std::span<double> row) {
      { f.names() } -> std::convertible_to<std::vector<std::string>>;
      f.extract(d, a, q, row);
    } && coverage::scoreability_rule<typename detail::feature_parts<F>::rule_type>;

// --- models --------------------------------------------------------------------------------------

/// What a model gives for one applicant's feature row.
struct prediction {
  double score = std::numeric_limits<double>::quiet_NaN();
  double pd = std::numeric_limits<double>::quiet_NaN();
  model::score_status status = model::score_status::ok;
  std::uint32_t reasons = 0;  ///< reason codes written to the caller's buffer
};

/// How the engine runs a model type M: specialise for your model. A binding is built once
/// from the model and the feature set's column names (it resolves each model input to a
/// column and throws when one is missing); it then scores rows without allocating:
///   model_binding(const M&, std::span<const std::string> features)
///   std::size_t scratch_size(const M&) const         scratch numbers per decision
///   prediction predict(const M&, std::span<const double> row, std::span<double> scratch,
///                      std::span<model::reason_code> reasons) const noexcept
///   std::string describe(const M&, const model::reason_code&) const     for people
///   const model::score_distribution* training(const M&) const          or nullptr
template <class M>
struct model_binding {};  // no binding: scoring_model<M> is false

/// A model type the engine can run through model_binding<M>.
template <class M>
concept scoring_model = std::copy_constructible<M> &&
    std::constructible_from<model_binding<M>, const M&, std::span<const std::string>> &&
    requires(const model_binding<M>& b, const M& m, std::span<const double> row, std::span<double> scratch,
             std::span<model::reason_code> why, const model::reason_code& r) {
      { b.scratch_size(m) } -> std::convertible_to<std::size_t>;
      { b.predict(m, row, scratch, why) } -> std::same_as<prediction>;
      { b.describe(m, r) } -> std::convertible_to<std::string>;
      { b.training(m) } -> std::convertible_to<const model::score_distribution*>;
    };

namespace detail {
/// Column index of each name in `wanted` among `features`; throws credo.engine.unknown_feature.
inline std::vector<std::size_t> resolve_columns(const std::vector<std::string>& wanted,
                                                std::span<const std::string> features) {
  std::vector<std::size_t> col(wanted.size());
  for (std::size_t j = 0; j < wanted.size(); ++j) {
    std::size_t i = 0;
    while (i < features.size() && features[i] != wanted[j]) ++i;
    if (i == features.size()) {
      std::string known;
      for (const auto& f : features) known += (known.empty() ? "" : ", ") + f;
      CREDO_THROW(invalid_input, "credo.engine.unknown_feature",
                  "model input " + credo::detail::quoted(wanted[j]) + " is not a column of the feature set (" +
                      known + ")");
    }
    col[j] = i;
  }
  return col;
}
}  // namespace detail

/// A scorecard: each characteristic is the feature column of the same name (numeric bins
/// only; the features are numbers). The card's flat form (model::flat_card) is compiled once
/// into credo::engine::batch_scorer and each applicant's row is scored in place with its
/// allocation-free score_one_columns: the same points, sums and reason codes as
/// scorecard::score (PMML pointsBelow), in the same order; PD = scaling::pd_from_score.
template <class Real>
struct model_binding<model::scorecard<Real>> {
  using model_type = model::scorecard<Real>;
  std::vector<std::size_t> column;
  batch_scorer<Real> scorer;
  double offset = 0, factor = 1;  // the card's, computed once (each is a log): PD as pd_from_score

  /// Throws credo.engine.unknown_feature and credo.engine.categorical_characteristic.
  model_binding(const model_type& card, std::span<const std::string> features)
      : scorer(batch_scorer<Real>::compile(card)) {
    std::vector<std::string> names;
    for (const auto& c : card.characteristics()) {
      if (!c.bins.is_numeric())
        CREDO_THROW(invalid_input, "credo.engine.categorical_characteristic",
                    "characteristic " + credo::detail::quoted(c.name) +
                        " is categorical; engine features are numbers");
      names.push_back(c.name);
    }
    column = detail::resolve_columns(names, features);
    // Padded to whole lane groups with the last column (read, not used): see score_one_columns.
    if (!column.empty()) column.resize(scorer.padded_size(), column.back());
    offset = card.scale().offset();
    factor = card.scale().factor();
  }
  std::size_t scratch_size(const model_type&) const noexcept { return 0; }
  prediction predict(const model_type&, std::span<const double> row, std::span<double>,
                     std::span<model::reason_code> why) const noexcept {
    const auto r = scorer.score_one_columns(row, std::span<const std::size_t>(column), why);
    prediction p;
    p.status = r.status;
    if (!r.ok()) return p;
    p.score = static_cast<double>(r.score);
    p.pd = model::scaling::pd_from_score(p.score, offset, factor);  // scorecard::pd_from_score, the same bits
    p.reasons = r.reasons;
    return p;
  }
  std::string describe(const model_type& card, const model::reason_code& r) const { return card.describe(r); }
  const model::score_distribution* training(const model_type& card) const noexcept {
    const auto& d = card.training_distribution();
    return d ? &*d : nullptr;
  }
};

/// A logistic regression on raw feature columns (its feature_names() are feature-set column
/// names): PD = 1/(1 + exp(−η)), η = α + Σ β_j x_j; the score is η on a model::scaling,
/// score = Offset − Factor·η: the customary 600 points at 50:1, PDO 20 (scaling's defaults),
/// or the user's through scaled<logistic_regression<...>>. A missing (NaN) input cannot be
/// scored (status missing_value). Reason codes rank the terms by the points they cost against
/// x_j = 0, Factor·β_j·x_j > 0 (a neutral value of 0 suits WoE or centred inputs); bin is 0.
template <class Real, class Penalty, class Solver>
struct model_binding<model::logistic_regression<Real, Penalty, Solver>> {
  using model_type = model::logistic_regression<Real, Penalty, Solver>;
  std::vector<std::size_t> column;
  std::vector<double> beta;
  std::vector<std::string> names;
  double alpha = 0;
  double factor = 0, offset = 0;  // the scaling's, computed once (each is a log)

  /// Throws credo.engine.not_fitted, credo.engine.unknown_feature and credo.engine.bad_option
  /// (the scaling).
  model_binding(const model_type& m, std::span<const std::string> features, const model::scaling& scale = {}) {
    if (!m.fitted())
      CREDO_THROW(invalid_input, "credo.engine.not_fitted", "the logistic regression has not been fitted");
    scale.validate("credo.engine.bad_option");
    factor = scale.factor();
    offset = scale.offset();
    names = m.feature_names();
    column = detail::resolve_columns(names, features);
    const auto b = m.coefficients();
    for (Eigen::Index j = 0; j < b.size(); ++j) beta.push_back(static_cast<double>(b[j]));
    alpha = static_cast<double>(m.intercept());
  }
  std::size_t scratch_size(const model_type&) const noexcept { return 0; }
  prediction predict(const model_type&, std::span<const double> row, std::span<double>,
                     std::span<model::reason_code> why) const noexcept {
    prediction p;
    double eta = alpha;
    for (std::size_t j = 0; j < column.size(); ++j) {
      const double x = row[column[j]];
      if (std::isnan(x)) {
        p.status = model::score_status::missing_value;
        return p;
      }
      eta += beta[j] * x;
    }
    if (!std::isfinite(eta)) {
      p.status = model::score_status::not_finite;
      return p;
    }
    model::reason_ranker rank(why, max_reasons);
    for (std::size_t j = 0; j < column.size(); ++j)
      rank.offer(static_cast<std::uint32_t>(j), 0, factor * beta[j] * row[column[j]]);
    p.score = offset - factor * eta;
    p.pd = 1 / (1 + std::exp(-eta));
    p.reasons = static_cast<std::uint32_t>(rank.size());
    return p;
  }
  std::string describe(const model_type&, const model::reason_code& r) const {
    char buf[64];
    std::snprintf(buf, sizeof buf, "%.6g", r.points_below);
    return names.at(r.characteristic) + " (" + buf + " points below x = 0)";
  }
  const model::score_distribution* training(const model_type&) const noexcept { return nullptr; }
};

/// A model with the user's scaling, for a model that has none of its own (a logistic
/// regression): engine<F, scaled<logistic_regression<>>, D> scores on `scale` instead of the
/// defaults. A scorecard carries its own scaling (scorecard_options) and needs no wrapper.
template <class M>
struct scaled {
  M model;
  model::scaling scale;
};

/// The binding of scaled<M>: M's binding, built with the scaling (M's binding must take one).
template <class M>
  requires std::constructible_from<model_binding<M>, const M&, std::span<const std::string>, const model::scaling&>
struct model_binding<scaled<M>> : model_binding<M> {
  model_binding(const scaled<M>& m, std::span<const std::string> features)
      : model_binding<M>(m.model, features, m.scale) {}
  std::size_t scratch_size(const scaled<M>& m) const { return model_binding<M>::scratch_size(m.model); }
  prediction predict(const scaled<M>& m, std::span<const double> row, std::span<double> scratch,
                     std::span<model::reason_code> why) const noexcept {
    return model_binding<M>::predict(m.model, row, scratch, why);
  }
  std::string describe(const scaled<M>& m, const model::reason_code& r) const {
    return model_binding<M>::describe(m.model, r);
  }
  const model::score_distribution* training(const scaled<M>& m) const noexcept {
    return model_binding<M>::training(m.model);
  }
};

// --- the engine ------------------------------------------------------------------------------------

/// The monitors' reports at one moment, in the engine's monitor order; prints them all.
template <class... Reports>
struct monitor_snapshot {
  std::tuple<Reports...> reports;
  template <std::size_t I>
  const auto& get() const noexcept {
    return std::get<I>(reports);
  }
  template <class R>
  const R& get() const noexcept {
    return std::get<R>(reports);
  }
  friend std::ostream& operator<<(std::ostream& os, const monitor_snapshot& s) {
    std::apply([&](const auto&... r) { ((os << r), ...); }, s.reports);
    return os;
  }
};

template <class Features, class Model, class Decide, class... Monitors>
class engine {
  static_assert(feature_source<Features>,
                "credo::engine::engine: Features must model credo::engine::feature_source (a "
                "credo::features::feature_set, or credo::engine::with_rule<feature_set, rule>)");
  static_assert(scoring_model<Model>,
                "credo::engine::engine: Model must model credo::engine::scoring_model (a "
                "credo::model::scorecard, a credo::model::logistic_regression, or a type with a "
                "credo::engine::model_binding specialisation)");
  static_assert(decision_policy<Decide>,
                "credo::engine::engine: Decide must model credo::engine::decision_policy "
                "(verdict decide(const decision_input&) const, name())");
  static_assert((monitor_policy<Monitors> && ...),
                "credo::engine::engine: each monitor must model credo::engine::monitor_policy (state, "
                "make_state(), add(state&, applicant, decision), report(state), name(), state += state)");

  using parts = detail::feature_parts<Features>;
  using set_type = typename parts::set_type;
  using rule_type = typename parts::rule_type;

public:
  using features_type = Features;
  using model_type = Model;
  using policy_type = Decide;
  using snapshot_type = monitor_snapshot<std::remove_cvref_t<decltype(std::declval<const Monitors&>().report(
      std::declval<const typename Monitors::state&>()))>...>;

  /// One thread's working memory and monitor states. Make it with make_session (this
  /// allocates: the warm-up), pass it to every decide on that thread, merge sessions with +=.
  class session {
  public:
    /// Merges another session's monitor states (another thread's or, copied, another process's).
    session& operator+=(const session& o) {
      std::apply([&](auto&... s) { std::apply([&](const auto&... t) { ((s += t), ...); }, o.states_); }, states_);
      return *this;
    }
    /// Equal monitor states.
    friend bool operator==(const session& a, const session& b) { return a.states_ == b.states_; }
    /// The monitor states, in the engine's monitor order.
    const std::tuple<typename Monitors::state...>& states() const noexcept { return states_; }
    std::tuple<typename Monitors::state...>& states() noexcept { return states_; }

  private:
    friend class engine;
    session(std::size_t width, std::size_t scratch, std::tuple<typename Monitors::state...> st)
        : row_(width), scratch_(scratch), states_(std::move(st)) {}
    std::vector<double> row_;
    std::vector<double> scratch_;
    std::tuple<typename Monitors::state...> states_;
  };

  /// Binds the model to the feature columns (credo.engine.unknown_feature, ...) and prepares
  /// the monitors (e.g. credo.engine.no_reference for PSI without a reference distribution).
  engine(Features features, Model model, Decide policy, Monitors... monitors)
      : features_(std::move(features)),
        rule_(parts::rule(features_)),
        model_(std::move(model)),
        policy_(std::move(policy)),
        monitors_(std::move(monitors)...),
        names_(parts::set(features_).names()),
        binding_(model_, std::span<const std::string>(names_)),
        segments_(detail::policy_segments(policy_)) {
    engine_info info;
    info.training = binding_.training(model_);
    info.features = names_;
    std::apply([&](auto&... m) { (prepare(m, info), ...); }, monitors_);
  }
  /// The same with default-constructed monitors.
  engine(Features features, Model model, Decide policy)
    requires(sizeof...(Monitors) > 0 && (std::default_initializable<Monitors> && ...))
      : engine(std::move(features), std::move(model), std::move(policy), Monitors{}...) {}

  /// A fresh session for one thread (allocates the feature row, the model's scratch and the
  /// monitor states).
  session make_session() const {
    return session(names_.size(), binding_.scratch_size(model_),
                   std::apply([](const auto&... m) { return std::tuple<typename Monitors::state...>(m.make_state()...); },
                              monitors_));
  }

  /// Decides on one applicant (see the top of this file) and updates the session's monitors.
  /// Never throws for a bad applicant: the decision's status says what happened.
  template <applicant_like A>
  decision decide(const A& a, session& s) const {
    decision d;
    d.segment = static_cast<std::uint32_t>(segment_of(a));
    d.problem = screen_and_extract(a, d.file, std::span<double>(s.row_));
    if (d.problem != input_problem::none) {
      d.status = decision_status::invalid_input;
    } else if (d.file != coverage::file_status::scoreable) {
      d.status = decision_status::not_scoreable;
    } else {
      const prediction p = binding_.predict(model_, std::span<const double>(s.row_),
                                            std::span<double>(s.scratch_),
                                            std::span<model::reason_code>(d.reason_codes));
      if (p.status != model::score_status::ok) {
        d.status = decision_status::invalid_input;
        d.problem = p.status == model::score_status::missing_value ? input_problem::missing_value
                                                                   : input_problem::bad_code;
      } else {
        d.status = decision_status::scored;
        d.score = p.score;
        d.pd = p.pd;
        d.reason_count = p.reasons;
        d.outcome = policy_.decide(decision_input{p.score, p.pd, segment_of(a)});
      }
    }
    [&]<std::size_t... I>(std::index_sequence<I...>) {
      (std::get<I>(monitors_).add(std::get<I>(s.states_), a, d), ...);
    }(std::index_sequence_for<Monitors...>{});
    return d;
  }

  /// The monitors' reports from a session's states (merge sessions first for a global view).
  snapshot_type snapshot(const session& s) const {
    return [&]<std::size_t... I>(std::index_sequence<I...>) {
      return snapshot_type{{std::get<I>(monitors_).report(std::get<I>(s.states_))...}};
    }(std::index_sequence_for<Monitors...>{});
  }

  /// "utilization_revolving = [0.8, inf) (31 points below baseline)".
  std::string describe(const model::reason_code& r) const { return binding_.describe(model_, r); }

  const Model& model() const noexcept { return model_; }
  const Decide& policy() const noexcept { return policy_; }
  const rule_type& rule() const noexcept { return rule_; }
  const std::vector<std::string>& feature_names() const noexcept { return names_; }
  const std::tuple<Monitors...>& monitors() const noexcept { return monitors_; }

  /// The feature row of the last scored decision on this session (for logs and audits).
  std::span<const double> last_row(const session& s) const noexcept { return s.row_; }

private:
  template <class M>
  static void prepare(M& m, const engine_info& info) {
    if constexpr (requires { m.prepare(info); }) m.prepare(info);
  }

  // One pass over the records: the input checks, the coverage rule's status of the file and,
  // for a scoreable file only, the feature row (records after as_of are unseen, as in
  // credo::features). A feature set that offers its pass in steps (features::feature_set
  // does) is fed in the same walk, from the same account views; any other feature source
  // extracts afterwards. Flattened, as feature_set::extract is: one function for the walk.
  template <class A>
  [[gnu::flatten]] input_problem screen_and_extract(const A& a, coverage::file_status& file, std::span<double> row) const {
    static constexpr features::date earliest = features::date::from_ymd(1900, 1, 1);
    const features::date as_of = a.as_of;
    if (as_of < earliest) return input_problem::bad_as_of;
    if (segment_of(a) >= segments_) return input_problem::bad_segment;
    bool accepted = true;
    std::apply([&](const auto&... m) { ((accepted = accepted && accepts(m, a)), ...); }, monitors_);
    if (!accepted) return input_problem::bad_group;

    const auto& fs = parts::set(features_);
    auto c = features::person_context::at(as_of);
    auto fc = c;  // the feature set's counts: it skips a source past max_sources (features::in_mask)
    typename rule_type::state st{};
    coverage::start_state(rule_, st, c);
    typename detail::pass_states<set_type>::type fst{};
    features::account_view v{};  // value-initialised: GCC 12 cannot see view_at fills it (-Wmaybe-uninitialized)
    for (const auto& t : a.accounts) {
      if (features::view_at(t, c, v)) [[likely]] {
        // The record check (features/record_check.hpp, the reader's too) on the view's copies
        // of the record. A closing date the view dropped (after as_of) is after the opening
        // date, which is on or before as_of. A digest without an unknown month vouches for
        // every character, so its history is not read again.
        const std::string_view history = v.has_unknown ? v.payment_history : std::string_view{};
        if (const auto fault = features::check_tradeline(v.opened, v.closed.value_or(v.opened), v.last_reported,
                                                         v.credit_limit, v.balance, history))
            [[unlikely]]
          return input_problem_of(fault.problem);
      } else {
        if (const auto fault = features::check_tradeline(t)) return input_problem_of(fault.problem);
        continue;
      }
      ++c.accounts;
      rule_.add(st, v, c);
      if constexpr (detail::stepwise_features<set_type>) {
        if (v.source < features::max_sources) {  // features::in_mask(all_sources, source)
          ++fc.accounts;
          fs.add(fst, v, fc);
        }
      }
    }
    for (const auto& q : a.inquiries) {
      using Q = std::remove_cvref_t<decltype(q)>;
      using tr = features::inquiry_traits<Q>;
      if (tr::when(q) > as_of) continue;
      ++c.inquiries;
      if constexpr (detail::stepwise_features<set_type>) {
        if (features::in_mask(features::all_sources, tr::source(q))) {
          ++fc.inquiries;
          fs.add(fst, features::inquiry_view{tr::source(q), tr::when(q)}, fc);
        }
      }
    }
    file = !c.has_file() ? coverage::file_status::invisible
           : rule_.scoreable(st, c) ? coverage::file_status::scoreable
                                    : coverage::file_status::unscoreable;
    if (file == coverage::file_status::scoreable) {
      if constexpr (detail::stepwise_features<set_type>)
        fs.finish(fst, fc, row);
      else
        fs.extract(as_of, a.accounts, a.inquiries, row);
    }
    return input_problem::none;
  }

  template <class M, class A>
  static bool accepts(const M& m, const A& a) noexcept {
    if constexpr (requires { { m.accepts(a) } -> std::convertible_to<bool>; })
      return m.accepts(a);
    else
      return true;
  }

  Features features_;
  rule_type rule_;
  Model model_;
  Decide policy_;
  std::tuple<Monitors...> monitors_;
  std::vector<std::string> names_;
  model_binding<Model> binding_;
  std::size_t segments_;
};

}  // namespace credo::engine
