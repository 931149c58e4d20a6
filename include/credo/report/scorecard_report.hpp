// The audit of a scorecard on a labelled data set: discrimination, calibration, stability
// against the training scores kept in the card, fairness by group, the characteristics' WoE
// and bad rates, all as numbers (scorecard_audit) and as a self-contained HTML report.
//
// This is what `credo report` and `./dev demo` print and write; a program that wants the
// numbers alone calls audit_scorecard and ignores the html member.
#pragma once

#include <credo/binning/bins.hpp>
#include <credo/core/error.hpp>
#include <credo/core/table.hpp>
#include <credo/detail/text.hpp>
#include <credo/fairness/counts.hpp>
#include <credo/fairness/group_auc.hpp>
#include <credo/fairness/groups.hpp>
#include <credo/fairness/measures.hpp>
#include <credo/metrics/auc.hpp>
#include <credo/metrics/calibration.hpp>
#include <credo/metrics/curves.hpp>
#include <credo/metrics/ks.hpp>
#include <credo/metrics/score_histogram.hpp>
#include <credo/metrics/stability.hpp>
#include <credo/model/scorecard.hpp>
#include <credo/model/workflow.hpp>
#include <credo/report/html.hpp>
#include <credo/report/svg.hpp>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <limits>
#include <map>
#include <optional>
#include <span>
#include <string>
#include <vector>

namespace credo::report {

/// A protected-group column to audit, and its reference group ("" = the largest group).
struct group_request {
  fairness::group_by by;
  std::string reference;
};

struct audit_options {
  std::string title = "credo scorecard report";
  /// Approval cut-off (approve when score >= cutoff). Default: the score whose PD equals the
  /// data's observed bad rate, i.e. approve applicants predicted safer than the average.
  std::optional<double> cutoff;
  /// Quantile bands of the gains and calibration tables, and the Hosmer–Lemeshow groups.
  std::size_t bands = 10;
  /// How Hosmer–Lemeshow forms its groups: credo's equal-count bands (the calibration table's),
  /// R's hoslem.test or Stata's estat gof (metrics/calibration.hpp).
  metrics::hosmer_lemeshow_grouping hl_grouping = metrics::hosmer_lemeshow_grouping::equal_count;
  /// Level of every interval.
  double level = 0.95;
  std::vector<group_request> groups;
  fairness::assess_options fairness;
  /// What the data is (a path, "held-out 30%"), named in the summary.
  std::string data_name = {};
  /// The fit behind the card, when known (fit_scorecard's, or a model file's "fit" member):
  /// the report's coefficients table (estimate, standard error, z, p) and fit statistics.
  std::optional<model::model_summary> model = {};
  /// The characteristics the fit left out, with the reason (fit_scorecard's `dropped`).
  std::optional<std::vector<model::selection_result::dropped_column>> dropped = {};
};

/// One characteristic's bins on the audited data.
struct characteristic_audit {
  std::string name;
  std::vector<std::string> labels;
  std::vector<double> woe;       ///< the card's WoE per bin
  std::vector<double> points;    ///< the card's points per bin
  std::vector<double> weight;    ///< rows (weighted) of the data per bin
  std::vector<double> bads;      ///< bads (weighted) of the data per bin
  std::vector<double> bad_rate;  ///< observed bad rate per bin (NaN when empty)
  std::vector<double> training_weight;  ///< the card's training weight per bin (empty when not kept)
};

struct fairness_audit {
  std::string column;
  fairness::fairness_report<double> report;
};

struct scorecard_audit {
  std::size_t rows = 0, scored = 0;
  double weight = 0, bads = 0;  ///< of the scored rows
  double bad_rate = 0;          ///< bads / weight
  double cutoff = 0;
  double auc = 0, gini = 0, ks = 0, ks_score = 0, accuracy_ratio = 0;
  metrics::interval auc_ci;
  double brier = 0, log_loss = 0;
  metrics::hosmer_lemeshow_result hosmer_lemeshow;  ///< with its partition and grouping
  /// The two-sample KS test of the bads' scores against the goods' (metrics::ks::test,
  /// two-sided, scipy's automatic method); empty when the class weights are not whole numbers.
  std::optional<metrics::ks_test_result> ks_test;
  std::vector<metrics::gains_row> gains;
  std::vector<metrics::calibration_row> calibration;
  std::optional<metrics::stability_result> psi;  ///< when the card keeps a training distribution
  std::vector<characteristic_audit> characteristics;
  std::vector<fairness_audit> fairness;
  std::vector<double> scores;  ///< per row; NaN where the row could not be scored
  html_document html{"credo scorecard report"};
};

namespace detail {

inline std::string fmt(double v, int decimals = 4) {
  return std::isnan(v) ? std::string("-") : credo::detail::format_fixed(v, decimals);
}

}  // namespace detail

class audit_accumulator;
template <class Card>
scorecard_audit finish_audit(const audit_accumulator& acc, const Card& card, const audit_options& opt = {});

/// The audit as a mergeable accumulator, so that data larger than memory is audited in
/// chunks and shards (credo report reads its DATA as a stream; MPI ranks merge in shard order):
///   audit_accumulator acc(card, opt);  acc.add(chunk, card);  acc += other_part;
///   scorecard_audit a = finish_audit(acc, card, opt);
/// Memory does not grow with the rows. A scorecard's score is a sum of rounded points, so it
/// takes few distinct values; every rank statistic is kept as a histogram of distinct score →
/// (bad weight, good weight, rows) (metrics::score_histogram), overall and per group, from
/// which AUC, DeLong's variance (the placements depend only on the distinct scores and their
/// class weights), KS, the curves, gains and calibration tables are computed exactly as from
/// every row. The rest are fixed-size sums: Brier, log loss, PSI band counts over the card's
/// training edges, per-bin weights of each characteristic, per group the confusion counts
/// and score moments (fairness::group_counts). With unrounded points (`--rounding none`) the
/// scores may all differ: the histograms then grow with the distinct scores (up to the rows).
///
/// Figures equal audit_scorecard's on the same rows bit for bit when one accumulator sees
/// the rows in order (the in-memory audit is this accumulator over one table): the sums run
/// in row order as before. Parts merged (shards, ranks) add partial sums; with unit or
/// integer weights every sum is exact and the figures are still bit-identical, with other
/// weights a sum may differ in its last bit. One exception without --cutoff: the default
/// cut-off is known only at the end, so a group's approved weight is summed from its score
/// histogram (per score, then over scores ≥ cut-off), exact for integer weights.
class audit_accumulator {
public:
  audit_accumulator() = default;
  template <class Card>
  audit_accumulator(const Card& card, const audit_options& opt)
      : auc_(metrics::direction::higher_is_safer), init_(true) {
    group_cutoff_ = opt.cutoff ? *opt.cutoff : std::numeric_limits<double>::infinity();
    if (const auto& d = card.training_distribution(); d && d->edges.size() >= 2) {
      psi_edges_ = d->edges;
      psi_counts_.assign(d->edges.size() - 1, 0.0);
    }
    for (std::size_t j = 0; j < card.size(); ++j) {
      const auto n = card.characteristic(j).bins.size();
      bin_weight_.emplace_back(n, 0.0);
      bin_bad_.emplace_back(n, 0.0);
    }
    for (const auto& g : opt.groups) {
      groups_.push_back(group_part{g.by.column, g.by.cuts, {}, {}, {}, {}, nullptr});
      groups_.back().start();
    }
  }

  /// Adds the rows of `chunk` (its target is needed), leaving out rows r with skip[r] != 0
  /// (the command line's rows with a cell the card cannot use). Rows the card cannot score
  /// (status != ok) count in rows() and the characteristics, not in the metrics. `scores`, when
  /// given, receives each row's score (NaN where not scored, nothing for skipped rows).
  template <class Card>
  void add(const table& chunk, const Card& card, std::span<const std::uint8_t> skip = {},
           std::vector<double>* scores = nullptr) {
    if (!init_) CREDO_THROW(logic_error, "credo.report.not_started", "audit_accumulator: constructed without a card");
    if (!skip.empty() && skip.size() != chunk.rows())
      CREDO_THROW(invalid_input, "credo.report.length_mismatch",
                  "audit_accumulator: " + std::to_string(skip.size()) + " skip flags for " +
                      std::to_string(chunk.rows()) + " rows");
    const auto y = chunk.target();
    const auto results = card.score(chunk);  // the card's one evaluator
    auto kept = [&](std::size_t r) { return skip.empty() || skip[r] == 0; };
    // The groups' codes in this chunk (checks the columns as fairness::groups_from does).
    // Every check before anything is added (nothing half-written).
    std::vector<fairness::detail::coded_column> coded;
    for (const auto& g : groups_)
      coded.push_back(fairness::detail::code_column(chunk, fairness::group_by{g.column, g.cuts}));
    for (std::size_t k = 0; k < groups_.size(); ++k) groups_[k].map_chunk(coded[k], chunk.rows());
    for (std::size_t r = 0; r < chunk.rows(); ++r) {
      if (!kept(r)) continue;
      ++rows_;
      const bool ok = results[r].ok();
      const double s = ok ? static_cast<double>(results[r].score) : std::nan("");
      if (scores) scores->push_back(s);
      if (!ok) continue;
      ++scored_;
      const double w = chunk.weight(r), pd = card.pd_from_score(s);
      const bool bad = y[r] != 0;
      auc_(s, bad, w);
      ks_(s, bad, w);
      brier_(pd, bad, w);
      logloss_(pd, bad, w);
      calib_(pd, bad, w);
      bads_ += bad ? w : 0;
      total_ += w;
      if (!psi_counts_.empty()) {
        auto it = std::upper_bound(psi_edges_.begin(), psi_edges_.end(), s);
        std::size_t i = it == psi_edges_.begin() ? 0 : static_cast<std::size_t>(it - psi_edges_.begin()) - 1;
        psi_counts_[std::min(i, psi_counts_.size() - 1)] += 1;
      }
      for (std::size_t k = 0; k < groups_.size(); ++k) groups_[k].add(coded[k].codes[r], coded[k], s, bad, w, group_cutoff_);
    }
    // Characteristics: the data's weight and bads per bin of the card, over every kept row.
    for (std::size_t j = 0; j < card.size(); ++j) {
      const auto& c = card.characteristic(j);
      if (!chunk.contains(c.name)) continue;
      const auto& col = chunk[c.name];
      auto& wt = bin_weight_[j];
      auto& bw = bin_bad_[j];
      for (std::size_t r = 0; r < chunk.rows(); ++r) {
        if (!kept(r)) continue;
        std::size_t b;
        if (col.is_numeric()) {
          b = c.bins.bin_of(col.values()[r]);
        } else {
          const auto code = col.codes()[r];
          b = code == column::missing_code
                  ? c.bins.missing_bin()
                  : c.bins.bin_of(std::string_view(col.dictionary()[static_cast<std::size_t>(code)]));
        }
        wt[b] += chunk.weight(r);
        if (y[r]) bw[b] += chunk.weight(r);
      }
    }
  }

  /// Merges a part that follows this one (the next shard): groups keep the order in which
  /// their values first appear, this part's first (credo.report.merge_mismatch when the parts
  /// audit different cards or groups).
  audit_accumulator& operator+=(const audit_accumulator& o) {
    if (!o.init_) return *this;
    if (!init_) return *this = o;
    if (o.psi_edges_ != psi_edges_ || o.bin_weight_.size() != bin_weight_.size() ||
        o.groups_.size() != groups_.size() || !(o.group_cutoff_ == group_cutoff_))
      CREDO_THROW(invalid_input, "credo.report.merge_mismatch",
                  "audit_accumulator: cannot merge audits of different cards, groups or cut-offs");
    rows_ += o.rows_;
    scored_ += o.scored_;
    auc_ += o.auc_;
    ks_ += o.ks_;
    brier_ += o.brier_;
    logloss_ += o.logloss_;
    calib_ += o.calib_;
    bads_ += o.bads_;
    total_ += o.total_;
    for (std::size_t i = 0; i < psi_counts_.size(); ++i) psi_counts_[i] += o.psi_counts_[i];
    for (std::size_t j = 0; j < bin_weight_.size(); ++j)
      for (std::size_t b = 0; b < bin_weight_[j].size(); ++b) {
        bin_weight_[j][b] += o.bin_weight_[j][b];
        bin_bad_[j][b] += o.bin_bad_[j][b];
      }
    for (std::size_t k = 0; k < groups_.size(); ++k) groups_[k] += o.groups_[k];
    return *this;
  }
  bool operator==(const audit_accumulator&) const = default;

  /// Writes or reads the state (credo/core/archive.hpp).
  template <class Archive>
  void serialize(Archive& ar) {
    ar(init_, rows_, scored_, auc_, ks_, brier_, logloss_, calib_, bads_, total_, group_cutoff_, psi_edges_,
       psi_counts_, bin_weight_, bin_bad_, groups_);
    ar.check(psi_edges_.empty() ? psi_counts_.empty() : psi_counts_.size() + 1 == psi_edges_.size(),
             "audit_accumulator: PSI counts and edges of unequal lengths");
    ar.check(bin_weight_.size() == bin_bad_.size(), "audit_accumulator: bin weights and bads of unequal lengths");
  }

  /// Rows added (skipped rows not counted) and rows scored.
  std::size_t rows() const noexcept { return rows_; }
  std::size_t scored() const noexcept { return scored_; }
  /// The distinct scores held (what the memory grows with).
  std::size_t distinct_scores() const noexcept { return auc_.rows().distinct(); }

  using histogram = metrics::score_histogram<double>;

  /// One --group column's part: per group value, its counts and its score histogram.
  struct group_cell_part {
    fairness::group_counts<double> counts;  // one group, at the cut-off given up front (or +inf)
    metrics::auc<double, histogram> auc{metrics::direction::higher_is_safer};  // the group's scores
    friend bool operator==(const group_cell_part&, const group_cell_part&) = default;
    template <class Archive>
    void serialize(Archive& ar) {
      ar(counts, auc);
    }
  };
  struct group_part {
    std::string column;
    std::vector<double> cuts;
    // The groups in their order: a numeric column's bands; a categorical column's values in
    // the order of their codes in the data's dictionary (a table's, or a stream's: order of
    // first appearance), parts merged in order appending the values they add.
    std::vector<std::string> labels;
    std::map<std::string, group_cell_part> cells;  // by label
    std::vector<group_cell_part> missing;          // "(missing)": none or one
    // This chunk's code -> its cell (not kept; std::map nodes do not move).
    std::vector<group_cell_part*> of_code;
    group_cell_part* missing_cell = nullptr;

    friend bool operator==(const group_part& a, const group_part& b) {
      return a.column == b.column && a.cuts == b.cuts && a.labels == b.labels && a.cells == b.cells &&
             a.missing == b.missing;
    }
    template <class Archive>
    void serialize(Archive& ar) {
      ar(column, cuts, labels, cells, missing);
      ar.check(missing.size() <= 1, "audit_accumulator: more than one missing group");
    }

    // A numeric column's groups are its bands, labelled as fairness::groups_from does.
    void start() {
      if (cuts.empty()) return;
      const auto& n = column;
      labels.push_back(n + " <= " + fairness::detail::number_text(cuts.front()));
      for (std::size_t i = 1; i < cuts.size(); ++i)
        labels.push_back(fairness::detail::number_text(cuts[i - 1]) + " < " + n +
                         " <= " + fairness::detail::number_text(cuts[i]));
      labels.push_back(n + " > " + fairness::detail::number_text(cuts.back()));
    }

    // Takes in the chunk's values (every row's, scored or not, as a dictionary holds them)
    // and orders the values by the chunk's codes.
    void map_chunk(const fairness::detail::coded_column& c, std::size_t rows) {
      of_code.assign(c.labels.size(), nullptr);
      missing_cell = nullptr;
      if (!cuts.empty()) return;  // numeric bands: fixed labels
      std::vector<std::uint8_t> occurs(c.labels.size(), 0);
      for (std::size_t r = 0; r < rows; ++r)
        if (c.codes[r] != column::missing_code) occurs[static_cast<std::size_t>(c.codes[r])] = 1;
      std::map<std::string_view, std::size_t> code_of;
      for (std::size_t k = 0; k < c.labels.size(); ++k) code_of.emplace(c.labels[k], k);
      std::map<std::string_view, bool> known;
      for (const auto& l : labels) known.emplace(l, true);
      for (std::size_t k = 0; k < c.labels.size(); ++k)
        if (occurs[k] && !known.count(c.labels[k])) labels.push_back(c.labels[k]);
      auto rank = [&](const std::string& l) {
        const auto it = code_of.find(l);
        return it == code_of.end() ? std::size_t{0} : it->second + 1;
      };
      std::stable_sort(labels.begin(), labels.end(),
                       [&](const std::string& x, const std::string& y) { return rank(x) < rank(y); });
    }
    group_cell_part& cell(std::int32_t code, const fairness::detail::coded_column& c, double cutoff) {
      group_cell_part** slot = &missing_cell;
      if (code != column::missing_code) {
        const auto k = static_cast<std::size_t>(code);
        if (k >= of_code.size()) of_code.resize(k + 1, nullptr);
        slot = &of_code[k];
      }
      if (*slot) return **slot;
      const auto fresh = [&] {
        return group_cell_part{fairness::group_counts<double>({"g"}, cutoff),
                               metrics::auc<double, histogram>(metrics::direction::higher_is_safer)};
      };
      if (code == column::missing_code) {
        if (missing.empty()) missing.push_back(fresh());
        *slot = &missing.front();
      } else {
        const auto& label = cuts.empty() ? c.labels[static_cast<std::size_t>(code)] : labels[static_cast<std::size_t>(code)];
        auto it = cells.find(label);
        if (it == cells.end()) it = cells.emplace(label, fresh()).first;
        *slot = &it->second;
      }
      return **slot;
    }
    void add(std::int32_t code, const fairness::detail::coded_column& c, double s, bool bad, double w,
             double cutoff) {
      auto& g = cell(code, c, cutoff);
      g.counts(0, s, bad, w);
      if (w > 0) g.auc(s, bad, w);  // as fairness::group_auc: a zero weight adds nothing
    }
    group_part& operator+=(const group_part& o) {
      of_code.clear();  // the cache points into this part's cells: drop it
      missing_cell = nullptr;
      if (cuts.empty())
        for (const auto& l : o.labels)
          if (std::find(labels.begin(), labels.end(), l) == labels.end()) labels.push_back(l);
      for (const auto& [label, cell] : o.cells) {
        auto it = cells.find(label);
        if (it == cells.end()) {
          cells.emplace(label, cell);
        } else {
          it->second.counts += cell.counts;
          it->second.auc += cell.auc;
        }
      }
      if (!o.missing.empty()) {
        if (missing.empty()) {
          missing = o.missing;
        } else {
          missing.front().counts += o.missing.front().counts;
          missing.front().auc += o.missing.front().auc;
        }
      }
      return *this;
    }
  };

private:
  template <class Card>
  friend scorecard_audit finish_audit(const audit_accumulator&, const Card&, const audit_options&);

  metrics::auc<double, histogram> auc_{metrics::direction::higher_is_safer};  // points rank safety
  metrics::ks<double, histogram> ks_;
  metrics::brier_score<double> brier_;
  metrics::log_loss<double> logloss_;
  metrics::calibration<double, histogram> calib_;
  bool init_ = false;
  std::uint64_t rows_ = 0, scored_ = 0;
  double bads_ = 0, total_ = 0;
  double group_cutoff_ = 0;
  std::vector<double> psi_edges_, psi_counts_;
  std::vector<std::vector<double>> bin_weight_, bin_bad_;
  std::vector<group_part> groups_;
};

namespace detail {

/// A share as a percentage with `decimals` decimals ("-" for NaN).
inline std::string pct(double v, int decimals = 1) {
  return std::isnan(v) ? std::string("-") : credo::detail::format_fixed(100 * v, decimals) + "%";
}
inline std::string range_text(double lo, double hi, int decimals = 4) { return fmt(lo, decimals) + " - " + fmt(hi, decimals); }
/// A p-value: 4 decimals, "< 0.0001" below.
inline std::string p_text(double p) { return std::isnan(p) ? std::string("-") : p < 1e-4 ? std::string("< 0.0001") : fmt(p, 4); }
/// "p = 0.0123", or "p < 0.0001".
inline std::string p_is(double p) { return p < 1e-4 ? std::string("p < 0.0001") : "p = " + p_text(p); }
/// Points as the card holds them: whole when rounded, up to 2 decimals otherwise.
inline std::string points_text(double v) { return credo::detail::format_fixed_trimmed(v, 2); }

/// The sections of the HTML report, in the order a credit committee reads them: summary,
/// scorecard points, model coefficients, characteristics dropped, binning tables, then
/// discrimination, gains and lift, calibration, stability and fairness.
template <class Rows, class Card>
void write_report(scorecard_audit& a, const Rows& rows, const Card& card, const audit_options& opt) {
  using metrics::direction;
  auto& h = a.html;
  const double alpha = 1 - opt.level;
  const std::string level = fmt(100 * opt.level, 0) + "%";

  // What a reader must not miss, collected as the figures are looked at.
  std::vector<std::string> flags;
  if (a.scored < a.rows)
    flags.push_back(std::to_string(a.rows - a.scored) + " of " + std::to_string(a.rows) +
                    " rows could not be scored and are left out of the metrics.");
  if (a.psi && a.psi->verdict != metrics::stability_verdict::stable)
    flags.push_back("Score distribution shifted against training: PSI " + fmt(a.psi->value) + " (" +
                    metrics::to_string(a.psi->verdict) + ").");
  if (a.hosmer_lemeshow.p_value < alpha)
    flags.push_back("Calibration: Hosmer-Lemeshow " + p_is(a.hosmer_lemeshow.p_value) +
                    ", observed and predicted bad rates differ at the " + level + " level.");
  for (const auto& f : a.fairness)
    for (std::size_t g = 0; g < f.report.groups.size(); ++g) {
      if (g == f.report.reference()) continue;
      const auto& c = f.report.vs_reference[g];
      if (c.below_four_fifths)
        flags.push_back("Fairness by " + f.column + ": group '" + f.report.groups[g].name +
                        "' has an adverse impact ratio of " + fmt(f.report.measures.adverse_impact_ratio.vs_reference[g], 3) +
                        " against '" + f.report.groups[f.report.reference()].name + "', below four-fifths (0.8).");
      if (c.fisher_run && c.fisher.p_value < alpha)
        flags.push_back("Fairness by " + f.column + ": approval of group '" + f.report.groups[g].name +
                        "' differs from the reference's (Fisher " + p_is(c.fisher.p_value) + ").");
    }
  {
    // A bin of the card (other than the missing bin) that no row of this data falls in.
    std::string empty_bins, weak;
    for (std::size_t j = 0; j < a.characteristics.size(); ++j) {
      const auto& c = a.characteristics[j];
      const std::size_t missing = card.characteristic(j).bins.missing_bin();
      std::size_t empty = 0;
      for (std::size_t b = 0; b < c.weight.size(); ++b) empty += b != missing && c.weight[b] <= 0;
      if (empty > 0) empty_bins += (empty_bins.empty() ? "" : ", ") + c.name + " (" + std::to_string(empty) + ")";
    }
    if (!empty_bins.empty())
      flags.push_back("Bins that no row of this data falls in (missing bins not counted): " + empty_bins + ".");
    if (opt.model)
      for (std::size_t i = 1; i < opt.model->coefficients.size(); ++i) {
        const auto& c = opt.model->coefficients[i];
        if (c.p_value > alpha) weak += (weak.empty() ? "" : ", ") + c.name + " (" + p_is(c.p_value) + ")";
      }
    if (!weak.empty()) flags.push_back("Coefficients not significant at the " + level + " level: " + weak + ".");
  }

  // Approval at the cut-off, from the score histogram.
  double approved = 0;
  rows.for_each_distinct([&](double s, double wb, double wg, std::size_t, std::size_t) {
    if (s >= a.cutoff) approved += wb + wg;
  });

  // --- Summary ---------------------------------------------------------------------------------
  h.heading("Summary");
  {
    std::vector<std::pair<std::string, std::string>> kv;
    if (!opt.data_name.empty()) kv.emplace_back("data", opt.data_name);
    kv.emplace_back("rows, scored", std::to_string(a.rows) + ", " + std::to_string(a.scored));
    kv.emplace_back("bads (weighted), bad rate", fmt(a.bads, 1) + ", " + pct(a.bad_rate, 2));
    kv.emplace_back("cut-off (approve at or above)", fmt(a.cutoff, 1) + ", approving " + pct(approved / a.weight, 1));
    kv.emplace_back("AUC (" + level + " DeLong interval)", fmt(a.auc) + " (" + range_text(a.auc_ci.lower, a.auc_ci.upper) + ")");
    kv.emplace_back("Gini = 2 AUC - 1 (" + level + " interval)",
                    fmt(a.gini) + " (" + range_text(2 * a.auc_ci.lower - 1, 2 * a.auc_ci.upper - 1) + ")");
    kv.emplace_back("KS (at score)", fmt(a.ks) + " (" + fmt(a.ks_score, 1) + ")" +
                                         (a.ks_test ? "; " + p_is(a.ks_test->p_value) +
                                                          " (two-sample test; no interval is computed for KS)"
                                                    : std::string("")));
    kv.emplace_back("Brier score; Hosmer-Lemeshow p", fmt(a.brier) + "; " + p_text(a.hosmer_lemeshow.p_value));
    kv.emplace_back("PSI against training", a.psi ? fmt(a.psi->value) + " (" + metrics::to_string(a.psi->verdict) + ")"
                                                  : std::string("no training distribution in the model"));
    for (const auto& f : a.fairness) {
      std::string below;
      for (std::size_t g = 0; g < f.report.groups.size(); ++g)
        if (f.report.vs_reference[g].below_four_fifths) below += (below.empty() ? "" : ", ") + f.report.groups[g].name;
      kv.emplace_back("fairness by " + f.column,
                      "adverse impact ratio (min/max) " + fmt(f.report.measures.adverse_impact_ratio.across, 3) + "; " +
                          (below.empty() ? std::string("no group below four-fifths") : "below four-fifths: " + below));
    }
    kv.emplace_back("characteristics in the card", std::to_string(a.characteristics.size()));
    if (opt.model)
      kv.emplace_back("model fit", fmt(opt.model->nobs, 0) + " training rows, log-likelihood " +
                                       fmt(opt.model->log_likelihood, 2) + ", AIC " + fmt(opt.model->aic, 2));
    h.key_values(kv);
    if (flags.empty()) h.paragraph("Nothing flagged.");
    for (const auto& f : flags) h.note(f);
  }

  // --- Scorecard points ------------------------------------------------------------------------
  h.heading("Scorecard points");
  {
    const auto& sc = card.scale();
    h.paragraph("Scaling: " + fmt(sc.base_score, 0) + " points at odds " + fmt(sc.base_odds, 0) + ":1 (good:bad), " +
                fmt(sc.pdo, 0) + " points to double the odds; scores from " + fmt(static_cast<double>(card.min_score()), 0) +
                " to " + fmt(static_cast<double>(card.max_score()), 0) + ".");
    std::vector<std::vector<std::string>> t;
    for (const auto& p : card.points_table())
      t.push_back({p.characteristic, p.bin, p.bin.empty() ? std::string("-") : fmt(p.woe), points_text(p.points)});
    h.table({"characteristic", "bin", "WoE", "points"}, t);
  }

  // --- Model coefficients ----------------------------------------------------------------------
  h.heading("Model coefficients");
  if (opt.model) {
    const auto& m = *opt.model;
    std::vector<std::vector<std::string>> t;
    for (const auto& c : m.coefficients)
      t.push_back({c.name, fmt(c.estimate), fmt(c.std_error), fmt(c.z, 3), p_text(c.p_value),
                   range_text(c.conf_int.lower, c.conf_int.upper), fmt(c.odds_ratio)});
    h.table({"term", "estimate", "std. error", "z", "p-value", fmt(100 * (1 - m.alpha), 0) + "% Wald interval",
             "odds ratio"},
            t, "Logistic regression of bad on the characteristics' WoE");
    h.key_values({{"training rows (weighted)", fmt(m.nobs, 1)},
                  {"log-likelihood (null)", fmt(m.log_likelihood, 4) + " (" + fmt(m.null_log_likelihood, 4) + ")"},
                  {"AIC, BIC", fmt(m.aic, 2) + ", " + fmt(m.bic, 2)},
                  {"likelihood-ratio test", "chi2(" + fmt(m.lr_test.df, 0) + ") = " + fmt(m.lr_test.statistic, 3) +
                                                ", " + p_is(m.lr_test.p_value)},
                  {"pseudo R2 (McFadden, Nagelkerke)", fmt(m.r2.mcfadden) + ", " + fmt(m.r2.nagelkerke)},
                  {"iterations", std::to_string(m.iterations)}},
                 "Fit");
  } else {
    h.note("The model's standard errors, z and p-values are not known here (a model file written before credo fit "
           "recorded the fit); the card's coefficients are shown.");
    std::vector<std::vector<std::string>> t{{"(intercept)", fmt(card.intercept()), "-", "-", "-"}};
    for (std::size_t j = 0; j < card.size(); ++j)
      t.push_back({card.characteristic(j).name, fmt(card.characteristic(j).coefficient), "-", "-", "-"});
    h.table({"term", "estimate", "std. error", "z", "p-value"}, t);
  }

  // --- Characteristics dropped -----------------------------------------------------------------
  h.heading("Characteristics dropped");
  if (opt.dropped) {
    if (opt.dropped->empty()) h.paragraph("None: every binned characteristic is in the card.");
    std::vector<std::vector<std::string>> t;
    for (const auto& d : *opt.dropped) t.push_back({d.name, d.reason});
    if (!t.empty()) h.table({"characteristic", "reason"}, t);
  } else {
    h.note("Not recorded: the model file holds no list of the characteristics the fit dropped.");
  }

  // --- Binning tables --------------------------------------------------------------------------
  h.heading("Characteristics: binning tables");
  h.paragraph("Per bin of each characteristic on this data: rows, goods, bads and bad rate (the bars and the line), "
              "the card's WoE (from training) and points, and the WoE and IV the data itself gives "
              "(WoE = ln(%good / %bad); IV = sum of (%good - %bad) WoE, over the bins with goods and bads).");
  for (const auto& c : a.characteristics) {
    double W = 0, B = 0, TW = 0;
    for (std::size_t b = 0; b < c.weight.size(); ++b) W += c.weight[b], B += c.bads[b];
    for (double w : c.training_weight) TW += w;
    const double G = W - B;
    std::vector<std::vector<std::string>> t;
    std::vector<std::string> labels;
    bar_series goods{"goods", {}, {}, {}}, bads{"bads", {}, {}, {}}, rate{"bad rate", {}, {}, {}};
    double iv = 0;
    std::string woe_desc;
    for (std::size_t b = 0; b < c.labels.size(); ++b) {
      const double w = c.weight[b], bd = c.bads[b], gd = w - bd;
      std::string data_woe = "-", data_iv = "-";
      if (gd > 0 && bd > 0 && G > 0 && B > 0) {
        const double pg = gd / G, pb = bd / B, woe = std::log(pg / pb);
        data_woe = fmt(woe);
        data_iv = fmt((pg - pb) * woe);
        iv += (pg - pb) * woe;
      }
      std::vector<std::string> row{c.labels[b], fmt(w, 0), pct(W > 0 ? w / W : std::nan("")), fmt(gd, 0), fmt(bd, 0),
                                   pct(c.bad_rate[b]), fmt(c.woe[b]), points_text(c.points[b]), data_woe, data_iv};
      if (TW > 0) row.push_back(pct(c.training_weight[b] / TW));
      t.push_back(std::move(row));
      if (w > 0) {  // empty bins carry nothing to draw
        labels.push_back(c.labels[b]);
        goods.values.push_back(gd);
        bads.values.push_back(bd);
        rate.values.push_back(c.bad_rate[b]);
        woe_desc += (woe_desc.empty() ? "" : "; ") + c.labels[b] + " " + fmt(c.woe[b], 3);
      }
    }
    std::vector<std::string> total{"total", fmt(W, 0), pct(W > 0 ? 1.0 : std::nan("")), fmt(G, 0), fmt(B, 0),
                                   pct(W > 0 ? B / W : std::nan("")), "", "", "", fmt(iv)};
    if (TW > 0) total.push_back(pct(1.0));
    t.push_back(std::move(total));
    std::vector<std::string> header{"bin", "rows", "share", "goods", "bads", "bad rate", "WoE (card)", "points",
                                    "WoE (data)", "IV (data)"};
    if (TW > 0) header.push_back("training share");
    h.heading(c.name, 3);
    h.open_grid();
    if (!labels.empty()) {
      chart_frame f{"bins_" + c.name, c.name + ": rows and bad rate by bin", "bin", "rows"};
      f.description = "The card's WoE by bin: " + woe_desc + ".";
      h.chart(bar_line_chart(f, labels, {goods, bads}, rate, "bad rate"));
    }
    h.table(header, t, c.name);
    h.close_grid();
  }

  // --- Discrimination --------------------------------------------------------------------------
  h.heading("Discrimination");
  h.table({"measure", "value"},
          {{"AUC", fmt(a.auc)},
           {"AUC " + level + " interval (DeLong)", range_text(a.auc_ci.lower, a.auc_ci.upper)},
           {"Gini", fmt(a.gini)},
           {"accuracy ratio (CAP)", fmt(a.accuracy_ratio)},
           {"KS", fmt(a.ks)},
           {"KS reached at score", fmt(a.ks_score, 2)},
           {"KS p-value (bads vs goods, " + std::string(a.ks_test ? metrics::to_string(a.ks_test->method) : "-") + ")",
            a.ks_test ? fmt(a.ks_test->p_value) : std::string("-")}});
  {
    const auto roc = metrics::roc_curve(rows, direction::higher_is_safer);
    const auto cap = metrics::cap_curve(rows, direction::higher_is_safer);
    series r{"model", {}, {}}, c{"model", {}, {}}, kb{"bads", {}, {}}, kg{"goods", {}, {}};
    for (const auto& p : roc) {
      r.x.push_back(p.false_positive_rate);
      r.y.push_back(p.true_positive_rate);
    }
    for (const auto& p : cap) {
      c.x.push_back(p.population_share);
      c.y.push_back(p.bad_share);
    }
    // KS curve: cumulative shares of bads and goods at or below each score (riskiest first).
    for (std::size_t i = 1; i < roc.size(); ++i) {
      kb.x.push_back(roc[i].threshold);
      kb.y.push_back(roc[i].true_positive_rate);
      kg.x.push_back(roc[i].threshold);
      kg.y.push_back(roc[i].false_positive_rate);
    }
    if (kb.x.size() < 2) {  // one distinct score: draw the step from nothing to everything
      kb.x.insert(kb.x.begin(), kb.x.front() - 1);
      kb.y.insert(kb.y.begin(), 0.0);
      kg.x.insert(kg.x.begin(), kg.x.front() - 1);
      kg.y.insert(kg.y.begin(), 0.0);
    }
    h.open_grid();
    chart_frame rf{"roc", "ROC curve", "false positive rate (goods declined)", "true positive rate (bads declined)"};
    rf.description = "AUC " + fmt(a.auc) + ".";
    h.chart(line_chart(rf, {r}, true));
    chart_frame cf{"cap", "CAP curve", "share of applicants declined", "share of bads declined"};
    cf.description = "Accuracy ratio " + fmt(a.accuracy_ratio) + ".";
    h.chart(line_chart(cf, {c}, true));
    chart_frame kf{"ks", "KS: cumulative share at or below the score", "score", "cumulative share"};
    kf.description = "KS " + fmt(a.ks) + " at score " + fmt(a.ks_score, 1) + ".";
    h.chart(line_chart(kf, {kb, kg}));
    // Score distributions of goods and bads over the gains bands.
    std::vector<std::string> labels;
    bar_series gb{"goods", {}, {}, {}}, bb{"bads", {}, {}, {}};
    for (auto it = a.gains.begin(); it != a.gains.end(); ++it) {  // lowest scores first
      labels.push_back(fmt(it->score_min, 0));
      gb.values.push_back(it->goods / std::max(1e-300, rows.good_weight()));
      bb.values.push_back(it->bads / std::max(1e-300, rows.bad_weight()));
    }
    h.chart(bar_chart({"score_distribution", "Score distribution (band's lowest score)", "score band", "share"}, labels,
                      {gb, bb}));
    h.close_grid();
  }

  // --- Gains and lift --------------------------------------------------------------------------
  h.heading("Gains and lift");
  {
    std::vector<std::vector<std::string>> t;
    std::vector<std::string> labels;
    bar_series lift{"lift", {}, {}, {}}, cum{"cumulative lift", {}, {}, {}};
    for (const auto& g : a.gains) {
      t.push_back({range_text(g.score_min, g.score_max, 1), std::to_string(g.rows), fmt(g.bads, 1), fmt(g.bad_rate),
                   fmt(g.cum_bad_share), fmt(g.lift, 2), fmt(g.cum_lift, 2), fmt(g.approval_rate)});
      if (g.rows == 0) continue;
      labels.push_back(fmt(g.score_min, 0));
      lift.values.push_back(g.lift);
      cum.values.push_back(g.cum_lift);
    }
    if (!labels.empty())
      h.chart(bar_chart({"lift", "Lift by score band (riskiest first; band's lowest score)", "score band",
                         "bad rate / overall bad rate"},
                        labels, {lift, cum}));
    h.table({"score band (riskiest first)", "rows", "bads", "bad rate", "cumulative bads", "lift", "cumulative lift",
             "approval rate if declined up to here"},
            t);
  }

  // --- Calibration -----------------------------------------------------------------------------
  h.heading("Calibration");
  h.table({"measure", "value"},
          {{"Brier score", fmt(a.brier)},
           {"log loss", fmt(a.log_loss)},
           {"Hosmer-Lemeshow grouping", metrics::to_string(a.hosmer_lemeshow.grouping)},
           {"Hosmer-Lemeshow statistic", fmt(a.hosmer_lemeshow.statistic, 3)},
           {"Hosmer-Lemeshow df", fmt(a.hosmer_lemeshow.df, 0)},
           {"Hosmer-Lemeshow p-value", fmt(a.hosmer_lemeshow.p_value)}});
  {
    series pred{"observed", {}, {}};
    std::vector<std::vector<std::string>> t;
    for (const auto& c : a.calibration) {
      if (c.rows == 0) continue;
      pred.x.push_back(c.predicted);
      pred.y.push_back(c.observed);
      t.push_back({range_text(c.p_min, c.p_max), std::to_string(c.rows), fmt(c.predicted), fmt(c.observed),
                   range_text(c.observed_lower, c.observed_upper)});
    }
    if (pred.x.size() >= 2)
      h.chart(line_chart({"calibration", "Calibration: observed vs predicted bad rate", "predicted PD",
                          "observed bad rate"},
                         {pred}, true));
    h.table({"predicted PD band", "rows", "predicted", "observed", "Wilson interval"}, t);
  }

  if (a.psi) {
    h.heading("Stability against the training scores");
    h.paragraph("PSI " + fmt(a.psi->value) + ": " + metrics::to_string(a.psi->verdict) +
                " (< 0.1 stable, 0.1-0.25 some shift, > 0.25 major shift).");
  }

  // --- Fairness --------------------------------------------------------------------------------
  for (const auto& f : a.fairness) {
    const auto& rep = f.report;
    h.heading("Fairness by " + f.column);
    std::vector<std::string> names;
    bar_series ar{"approval rate", {}, {}, {}};
    std::vector<std::vector<std::string>> t;
    for (std::size_t g = 0; g < rep.groups.size(); ++g) {
      const auto& s = rep.groups[g];
      names.push_back(s.name);
      ar.values.push_back(s.approval_rate);
      ar.low.push_back(std::isnan(s.approval_rate_ci.lower) ? s.approval_rate : s.approval_rate_ci.lower);
      ar.high.push_back(std::isnan(s.approval_rate_ci.upper) ? s.approval_rate : s.approval_rate_ci.upper);
      t.push_back({s.name + (g == rep.reference() ? " (reference)" : "") + (s.small ? " (small)" : ""),
                   std::to_string(s.rows), fmt(s.approval_rate), fmt(s.bad_rate), fmt(s.approval_rate_goods), fmt(s.auc),
                   fmt(rep.measures.adverse_impact_ratio.vs_reference[g]),
                   range_text(rep.vs_reference[g].adverse_impact_ratio_ci.lower,
                              rep.vs_reference[g].adverse_impact_ratio_ci.upper),
                   rep.vs_reference[g].below_four_fifths ? "yes" : "no", fmt(rep.vs_reference[g].fisher.p_value)});
    }
    h.chart(bar_chart({"approval_" + f.column, "Approval rate by " + f.column + " (Wilson intervals)", f.column,
                       "approval rate"},
                      names, {ar}));
    h.table({"group", "rows", "approval rate", "bad rate", "approval among goods", "AUC", "adverse impact ratio",
             "AIR interval", "below four-fifths", "Fisher p-value"},
            t);
    h.paragraph("Across groups: adverse impact ratio (min/max) " + fmt(rep.measures.adverse_impact_ratio.across) +
                ", statistical parity difference (max-min) " + fmt(rep.measures.statistical_parity_difference.across) +
                ", equal opportunity difference " + fmt(rep.measures.equal_opportunity_difference.across) +
                ", equalized odds difference " + fmt(rep.measures.equalized_odds_difference.across) + ".");
  }
}

}  // namespace detail

/// The figures and the HTML report of a filled accumulator (credo.report.nothing_scored when
/// no row was scored).
template <class Card>
scorecard_audit finish_audit(const audit_accumulator& acc, const Card& card, const audit_options& opt) {
  using metrics::direction;
  scorecard_audit a;
  a.html = html_document(opt.title);
  a.rows = acc.rows_;
  a.scored = acc.scored_;
  if (a.scored == 0)
    CREDO_THROW(numeric_error, "credo.report.nothing_scored", "no row of the data could be scored");
  const auto& auc = acc.auc_;
  a.auc = auc.value();
  a.gini = auc.gini();
  a.auc_ci = auc.confidence_interval(opt.level);
  const auto k = acc.ks_.result();
  a.ks = k.value;
  a.ks_score = k.at_score;
  a.accuracy_ratio = metrics::accuracy_ratio(auc.rows(), direction::higher_is_safer);
  a.brier = acc.brier_.value();
  a.log_loss = acc.logloss_.value();
  metrics::band_options bands;
  bands.count = opt.bands;
  a.gains = metrics::gains_table(auc.rows(), direction::higher_is_safer, bands);
  a.calibration = acc.calib_.table(bands, opt.level);
  a.hosmer_lemeshow = acc.calib_.hosmer_lemeshow(opt.bands, opt.hl_grouping);
  {
    const double B = acc.ks_.rows().bad_weight(), G = acc.ks_.rows().good_weight();
    if (std::floor(B) == B && std::floor(G) == G) a.ks_test = acc.ks_.test();
  }
  a.weight = acc.total_;
  a.bads = acc.bads_;
  a.bad_rate = acc.bads_ / acc.total_;
  a.cutoff = opt.cutoff ? *opt.cutoff : card.score_from_pd(acc.bads_ / acc.total_);

  // Stability against the training score distribution kept in the card.
  if (const auto& d = card.training_distribution(); d && d->edges.size() >= 2)
    a.psi = metrics::psi(std::span<const double>(d->counts), std::span<const double>(acc.psi_counts_),
                         metrics::empty_band::add_epsilon{});

  // Characteristics: the card's WoE and points, the data's weight and bad rate per bin.
  for (std::size_t j = 0; j < card.size(); ++j) {
    const auto& c = card.characteristic(j);
    characteristic_audit ca;
    ca.name = c.name;
    ca.woe = c.woe;
    const auto& pts = card.points(j);
    ca.points.assign(pts.begin(), pts.end());
    ca.weight = acc.bin_weight_[j];
    ca.bads = acc.bin_bad_[j];
    ca.training_weight = c.weights;
    for (std::size_t b = 0; b < c.bins.size(); ++b) ca.labels.push_back(c.bins.label(b));
    for (std::size_t b = 0; b < c.bins.size(); ++b)
      ca.bad_rate.push_back(ca.weight[b] > 0 ? acc.bin_bad_[j][b] / ca.weight[b] : std::nan(""));
    a.characteristics.push_back(std::move(ca));
  }

  // Fairness by each requested group column, on the scored rows: the groups that occur, in
  // the order of their codes with "(missing)" last (as fairness::groups_from orders them).
  for (std::size_t gi = 0; gi < opt.groups.size(); ++gi) {
    const auto& req = opt.groups[gi];
    const auto& part = acc.groups_[gi];
    std::vector<std::string> names;
    std::vector<fairness::group_cell<double>> cells;
    std::vector<metrics::auc<double, audit_accumulator::histogram>> aucs;
    auto take = [&](const std::string& name, const audit_accumulator::group_cell_part& p) {
      names.push_back(name);
      auto cell = p.counts[0];
      if (!opt.cutoff) {
        // The cut-off was not known while the rows went by: the approved rows are those at
        // or above it in the group's score histogram.
        double approved = 0, approved_bad = 0;
        std::uint64_t rows_approved = 0, rows_approved_bad = 0;
        p.auc.rows().for_each_distinct([&](double s, double wb, double wg, std::size_t nb, std::size_t ng) {
          if (!(s >= a.cutoff)) return;
          approved += wb + wg;
          approved_bad += wb;
          rows_approved += nb + ng;
          rows_approved_bad += nb;
        });
        // Every row approved: the whole (summed in row order) is the part; never above it.
        cell.rows_approved = rows_approved;
        cell.rows_approved_bad = rows_approved_bad;
        cell.approved = rows_approved == cell.rows ? cell.weight : std::min(approved, cell.weight);
        cell.approved_bad = rows_approved_bad == cell.rows_bad ? cell.bad
                                                                : std::min({approved_bad, cell.bad, cell.approved});
      }
      cells.push_back(std::move(cell));
      aucs.push_back(p.auc);
    };
    for (const auto& label : part.labels)
      if (const auto it = part.cells.find(label); it != part.cells.end()) take(label, it->second);
    if (!part.missing.empty()) take(std::string(fairness::missing_group), part.missing.front());
    if (names.size() < 2)
      CREDO_THROW(invalid_input, "credo.fairness.one_group",
                  "column(s) " + credo::detail::quoted(part.column) + ": every row is in the one group " +
                      (names.empty() ? std::string("(none: the table is empty)") : credo::detail::quoted(names.front())) +
                      "; a comparison needs at least two");
    const auto counts = fairness::group_counts<double>::from_cells(names, a.cutoff, {}, std::move(cells));
    const fairness::group_auc<double, audit_accumulator::histogram> group_aucs(names, std::move(aucs));
    auto fo = opt.fairness;
    fo.reference = req.reference;
    fo.confidence = opt.level;
    a.fairness.push_back({req.by.column, fairness::assess(counts, group_aucs, fo)});
  }

  detail::write_report(a, auc.rows(), card, opt);
  return a;
}

/// Scores every row of `data` (its target is needed) with `card` and audits the result: the
/// accumulator above over the one table. Rows the card cannot score (status != ok) are counted
/// and left out of the metrics.
template <class Card>
scorecard_audit audit_scorecard(const table& data, const Card& card, const audit_options& opt = {}) {
  audit_accumulator acc(card, opt);
  std::vector<double> scores;
  scores.reserve(data.rows());
  acc.add(data, card, {}, &scores);
  auto a = finish_audit(acc, card, opt);
  a.scores = std::move(scores);
  return a;
}

}  // namespace credo::report
