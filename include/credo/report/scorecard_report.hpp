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
};

/// One characteristic's bins on the audited data.
struct characteristic_audit {
  std::string name;
  std::vector<std::string> labels;
  std::vector<double> woe;       ///< the card's WoE per bin
  std::vector<double> points;    ///< the card's points per bin
  std::vector<double> weight;    ///< rows (weighted) of the data per bin
  std::vector<double> bad_rate;  ///< observed bad rate per bin (NaN when empty)
};

struct fairness_audit {
  std::string column;
  fairness::fairness_report<double> report;
};

struct scorecard_audit {
  std::size_t rows = 0, scored = 0;
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

  // --- the HTML report -----------------------------------------------------------------------
  auto& h = a.html;
  h.paragraph(std::to_string(a.rows) + " rows, " + std::to_string(a.scored) + " scored; cut-off " +
              detail::fmt(a.cutoff, 1) + " (approve at or above).");
  h.heading("Discrimination");
  h.table({"measure", "value"},
          {{"AUC", detail::fmt(a.auc)},
           {"AUC " + detail::fmt(100 * opt.level, 0) + "% interval (DeLong)",
            detail::fmt(a.auc_ci.lower) + " - " + detail::fmt(a.auc_ci.upper)},
           {"Gini", detail::fmt(a.gini)},
           {"accuracy ratio (CAP)", detail::fmt(a.accuracy_ratio)},
           {"KS", detail::fmt(a.ks)},
           {"KS reached at score", detail::fmt(a.ks_score, 2)},
           {"KS p-value (bads vs goods, " + std::string(a.ks_test ? metrics::to_string(a.ks_test->method) : "-") + ")",
            a.ks_test ? detail::fmt(a.ks_test->p_value) : std::string("-")}});
  {
    const auto roc = metrics::roc_curve(auc.rows(), direction::higher_is_safer);
    const auto cap = metrics::cap_curve(auc.rows(), direction::higher_is_safer);
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
    h.chart(line_chart({"roc", "ROC curve", "false positive rate (goods declined)", "true positive rate (bads declined)"},
                       {r}, true));
    h.chart(line_chart({"cap", "CAP curve", "share of applicants declined", "share of bads declined"}, {c}, true));
    h.chart(line_chart({"ks", "KS: cumulative share at or below the score", "score", "cumulative share"}, {kb, kg}));
    // Score distributions of goods and bads over the gains bands.
    std::vector<std::string> labels;
    bar_series gb{"goods", {}, {}, {}}, bb{"bads", {}, {}, {}};
    for (auto it = a.gains.begin(); it != a.gains.end(); ++it) {  // lowest scores first
      labels.push_back(detail::fmt(it->score_min, 0));
      gb.values.push_back(it->goods / std::max(1e-300, auc.rows().good_weight()));
      bb.values.push_back(it->bads / std::max(1e-300, auc.rows().bad_weight()));
    }
    h.chart(bar_chart({"score_distribution", "Score distribution (band's lowest score)", "score band", "share"},
                      labels, {gb, bb}));
    h.close_grid();
  }

  h.heading("Gains");
  {
    std::vector<std::vector<std::string>> rows;
    for (const auto& g : a.gains)
      rows.push_back({detail::fmt(g.score_min, 1) + " - " + detail::fmt(g.score_max, 1), std::to_string(g.rows),
                      detail::fmt(g.bads, 1), detail::fmt(g.bad_rate), detail::fmt(g.cum_bad_share),
                      detail::fmt(g.lift, 2), detail::fmt(g.approval_rate)});
    h.table({"score band (riskiest first)", "rows", "bads", "bad rate", "cumulative bads", "lift",
             "approval rate if declined up to here"},
            rows);
  }

  h.heading("Calibration");
  h.table({"measure", "value"},
          {{"Brier score", detail::fmt(a.brier)},
           {"log loss", detail::fmt(a.log_loss)},
           {"Hosmer-Lemeshow grouping", metrics::to_string(a.hosmer_lemeshow.grouping)},
           {"Hosmer-Lemeshow statistic", detail::fmt(a.hosmer_lemeshow.statistic, 3)},
           {"Hosmer-Lemeshow df", detail::fmt(a.hosmer_lemeshow.df, 0)},
           {"Hosmer-Lemeshow p-value", detail::fmt(a.hosmer_lemeshow.p_value)}});
  {
    series pred{"observed", {}, {}};
    std::vector<std::vector<std::string>> rows;
    for (const auto& c : a.calibration) {
      if (c.rows == 0) continue;
      pred.x.push_back(c.predicted);
      pred.y.push_back(c.observed);
      rows.push_back({detail::fmt(c.p_min) + " - " + detail::fmt(c.p_max), std::to_string(c.rows),
                      detail::fmt(c.predicted), detail::fmt(c.observed),
                      detail::fmt(c.observed_lower) + " - " + detail::fmt(c.observed_upper)});
    }
    if (pred.x.size() >= 2)
      h.chart(line_chart({"calibration", "Calibration: observed vs predicted bad rate", "predicted PD",
                          "observed bad rate"},
                         {pred}, true));
    h.table({"predicted PD band", "rows", "predicted", "observed", "Wilson interval"}, rows);
  }

  if (a.psi) {
    h.heading("Stability against the training scores");
    h.paragraph("PSI " + detail::fmt(a.psi->value) + ": " + metrics::to_string(a.psi->verdict) +
                " (< 0.1 stable, 0.1-0.25 some shift, > 0.25 major shift).");
  }

  h.heading("Characteristics");
  h.open_grid();
  for (const auto& c : a.characteristics) {
    bar_series woe{"WoE", c.woe, {}, {}}, br{"bad rate", {}, {}, {}};
    std::vector<std::string> labels;
    for (std::size_t b = 0; b < c.labels.size(); ++b) {
      if (c.weight[b] <= 0) continue;  // empty bins carry nothing to draw
      labels.push_back(c.labels[b]);
      br.values.push_back(c.bad_rate[b]);
    }
    woe.values.clear();
    for (std::size_t b = 0; b < c.labels.size(); ++b)
      if (c.weight[b] > 0) woe.values.push_back(c.woe[b]);
    if (labels.empty()) continue;
    h.chart(bar_chart({"woe_" + c.name, c.name + ": WoE and bad rate by bin", "bin", "WoE / bad rate"}, labels,
                      {woe, br}));
  }
  h.close_grid();

  for (const auto& f : a.fairness) {
    const auto& rep = f.report;
    h.heading("Fairness by " + f.column);
    std::vector<std::string> names;
    bar_series ar{"approval rate", {}, {}, {}};
    std::vector<std::vector<std::string>> rows;
    for (std::size_t g = 0; g < rep.groups.size(); ++g) {
      const auto& s = rep.groups[g];
      names.push_back(s.name);
      ar.values.push_back(s.approval_rate);
      ar.low.push_back(std::isnan(s.approval_rate_ci.lower) ? s.approval_rate : s.approval_rate_ci.lower);
      ar.high.push_back(std::isnan(s.approval_rate_ci.upper) ? s.approval_rate : s.approval_rate_ci.upper);
      rows.push_back({s.name + (g == rep.reference() ? " (reference)" : "") + (s.small ? " (small)" : ""),
                      std::to_string(s.rows), detail::fmt(s.approval_rate), detail::fmt(s.bad_rate),
                      detail::fmt(s.approval_rate_goods), detail::fmt(s.auc),
                      detail::fmt(rep.measures.adverse_impact_ratio.vs_reference[g]),
                      detail::fmt(rep.vs_reference[g].adverse_impact_ratio_ci.lower) + " - " +
                          detail::fmt(rep.vs_reference[g].adverse_impact_ratio_ci.upper),
                      rep.vs_reference[g].below_four_fifths ? "yes" : "no",
                      detail::fmt(rep.vs_reference[g].fisher.p_value)});
    }
    h.chart(bar_chart({"approval_" + f.column, "Approval rate by " + f.column + " (Wilson intervals)", f.column,
                       "approval rate"},
                      names, {ar}));
    h.table({"group", "rows", "approval rate", "bad rate", "approval among goods", "AUC", "adverse impact ratio",
             "AIR interval", "below four-fifths", "Fisher p-value"},
            rows);
    h.paragraph("Across groups: adverse impact ratio (min/max) " +
                detail::fmt(rep.measures.adverse_impact_ratio.across) + ", statistical parity difference (max-min) " +
                detail::fmt(rep.measures.statistical_parity_difference.across) +
                ", equal opportunity difference " + detail::fmt(rep.measures.equal_opportunity_difference.across) +
                ", equalized odds difference " + detail::fmt(rep.measures.equalized_odds_difference.across) + ".");
  }
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
