// The scorecard workflow over a stream: fit_scorecard's steps (model/workflow.hpp) on data
// read in chunks, in memory that does not grow with the rows.
//
// After the two binning passes (binning/stream.hpp) every later step reads only each row's bin
// of each characteristic, so the rows are kept once in that compact form: bin_code_store
// writes two bytes per cell (with the target byte and, when weighted, the weight) to an
// unlinked temporary file, in blocks of fit_options::rows_per_block rows that restart at each
// shard. Each later step is a pass over the blocks:
// - the weighted moments of the WoE columns, for the correlation filter;
// - the IRLS statistics at the current coefficients, for every Newton step of every fit
//   (stepwise candidates included), through logistic_regression::fit_rows;
// - the distinct training scores with their bad and good weights (metrics::score_histogram),
//   for the training AUC and KS and the score distribution kept in the model file for PSI.
// A pass sums its blocks within a shard in row order and hands the shards' parts, in shard
// order, to `merge`, which folds them ((s0 += s1) += s2 ...). One process folds them itself;
// under MPI (credo/mpi.hpp ordered_merge) rank 0 folds every rank's parts in the same order
// and every rank gets the sum, so all ranks take the same Newton steps and N ranks give one
// process's figures bit for bit.
//
// Equal to fit_scorecard: on one shard a pass's blocks are fit()'s blocks (same rows, same
// order), so the IRLS statistics, and with them the estimates, standard errors and points,
// are fit_scorecard's bit for bit: the warm start of a fit on many rows samples the same runs
// of rows (counted from the start of each shard). The correlation matrix
// comes from summed moments instead of centred columns: equal to about 1e-15, which matters
// only for a pair whose |r| lies that close to max_correlation.
#pragma once

#include <credo/binning/stream.hpp>
#include <credo/binning/woe_encoder.hpp>
#include <credo/core/error.hpp>
#include <credo/core/table.hpp>
#include <credo/detail/parallel.hpp>
#include <credo/metrics/auc.hpp>
#include <credo/metrics/concordance.hpp>
#include <credo/metrics/ks.hpp>
#include <credo/metrics/stability.hpp>
#include <credo/model/irls_statistics.hpp>
#include <credo/model/workflow.hpp>

#include <Eigen/Core>

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <limits>
#include <map>
#include <optional>
#include <span>
#include <unordered_map>
#include <string>
#include <unistd.h>
#include <utility>
#include <vector>

namespace credo::model {

/// The rows of a stream as the bins of the characteristics an encoder holds (two bytes a
/// cell), with the target and weights, in blocks kept in an unlinked temporary file.
class bin_code_store {
public:
  /// One block of rows: the bin of row i in column j at codes[j * rows + i].
  struct block {
    std::size_t shard = 0;
    Eigen::Index rows = 0;
    std::vector<std::uint16_t> codes;
    Eigen::VectorXd y;  // 0 or 1
    Eigen::VectorXd w;  // empty: every weight 1
  };

  /// A store of the bins of the encoder's columns, in its order; `directory` holds the
  /// temporary file (TMPDIR or /tmp when empty).
  explicit bin_code_store(const binning::woe_encoder& encoder, std::size_t block_rows = fit_options{}.rows_per_block,
                          std::string directory = {})
      : names_(encoder.columns()), block_rows_(std::max<std::size_t>(block_rows, 1)) {
    open(directory);
    kinds_.resize(names_.size());
    for (std::size_t j = 0; j < names_.size(); ++j) kinds_[j] = encoder.table_of(names_[j]).bins().kind();
    bind(encoder);
  }

  /// A store filled during a streamed binning's second pass, before the bins are known: it
  /// keeps each row's pre-bin (numeric columns: the slot of the second pass's cuts;
  /// categorical: the label's place among the first pass's labels), and bind() then maps the
  /// pre-bins to the bins finish() gives. Every bin is a union of pre-bins (the bins' cuts are
  /// some of the pre-bin cuts, a category's group holds whole labels), so a row's bin is its
  /// pre-bin's: the CSV is read twice, not three times.
  bin_code_store(const binning::stream_binner& binner, const binning::stream_binner::first_pass& first,
                 const binning::stream_binner::second_pass& second,
                 std::size_t block_rows = fit_options{}.rows_per_block, std::string directory = {})
      : names_(binner.columns()), kinds_(binner.kinds()), block_rows_(std::max<std::size_t>(block_rows, 1)),
        prebins_(true) {
    open(directory);
    cuts_.resize(names_.size());
    specials_.resize(names_.size());
    labels_.resize(names_.size());
    slots_.resize(names_.size());
    for (std::size_t j = 0; j < names_.size(); ++j) {
      if (kinds_[j] == column_kind::numeric) {
        if (j < second.prebins.size()) {
          cuts_[j] = second.prebins[j].cuts();
          specials_[j] = second.prebins[j].specials();
        }
        slots_[j] = binning::detail::numeric_slots(cuts_[j], specials_[j]).count();
      } else {
        const auto& labels = first.labels.at(j).labels();
        for (std::size_t k = 0; k < labels.size(); ++k) labels_[j].emplace(labels[k], k);
        slots_[j] = labels.size() + 1;  // the labels, then missing
      }
      if (slots_[j] > std::numeric_limits<std::uint16_t>::max())
        CREDO_THROW(invalid_input, "credo.workflow.too_many_bins",
                    "column " + credo::detail::quoted(names_[j]) + " has " + std::to_string(slots_[j]) +
                        (kinds_[j] == column_kind::numeric ? " pre-bins" : " labels") +
                        "; a streamed fit keeps at most 65535 per characteristic");
    }
    for (int c = 0; c < 2; ++c) {
      seen_[c].resize(names_.size());
      for (std::size_t j = 0; j < names_.size(); ++j) seen_[c][j].assign(slots_[j], 0);
    }
  }

  /// The bins of each column (the tables of the encoder a pre-bin store's binning gave): from
  /// here on every block reads as bins. Throws credo.workflow.store_mismatch for an encoder
  /// of other columns or kinds.
  void bind(const binning::woe_encoder& encoder) {
    if (encoder.columns() != names_)
      CREDO_THROW(invalid_input, "credo.workflow.store_mismatch", "bin_code_store: the encoder holds other columns than the store");
    tables_.clear();
    woe_.clear();
    bin_of_slot_.assign(names_.size(), {});
    for (std::size_t j = 0; j < names_.size(); ++j) {
      const auto& t = encoder.table_of(names_[j]);
      if (t.bins().kind() != kinds_[j])
        CREDO_THROW(invalid_input, "credo.workflow.store_mismatch",
                    "bin_code_store: column " + credo::detail::quoted(names_[j]) + " is " + to_string(kinds_[j]) +
                        " in the store, " + to_string(t.bins().kind()) + " in the encoder");
      if (t.bins().size() > std::numeric_limits<std::uint16_t>::max())
        CREDO_THROW(invalid_input, "credo.workflow.too_many_bins",
                    "column " + credo::detail::quoted(names_[j]) + " has " + std::to_string(t.bins().size()) +
                        " bins; a streamed fit keeps at most 65535 per characteristic");
      tables_.push_back(t);
      std::vector<double> woe(t.bins().size());
      for (std::size_t b = 0; b < woe.size(); ++b) woe[b] = t.woe(b);
      woe_.push_back(std::move(woe));
      if (!prebins_) continue;
      // Each pre-bin's bin, from a value (or label) inside it.
      const auto& bins = t.bins();
      auto& map = bin_of_slot_[j];
      map.assign(slots_[j], 0);
      if (kinds_[j] == column_kind::numeric) {
        const auto& cuts = cuts_[j];
        const std::size_t m = cuts.size();
        for (std::size_t i = 0; i <= m; ++i)
          map[i] = static_cast<std::uint16_t>(bins.bin_of(i == 0 ? -std::numeric_limits<double>::infinity() : cuts[i - 1]));
        for (std::size_t s = 0; s < specials_[j].size(); ++s) map[m + 1 + s] = static_cast<std::uint16_t>(bins.bin_of(specials_[j][s]));
        map[slots_[j] - 1] = static_cast<std::uint16_t>(bins.missing_bin());
      } else {
        for (const auto& [label, k] : labels_[j]) map[k] = static_cast<std::uint16_t>(bins.bin_of(std::string_view(label)));
        map[slots_[j] - 1] = static_cast<std::uint16_t>(bins.missing_bin());
      }
    }
    if (prebins_) {  // the classes' pre-bins become their bins
      for (int c = 0; c < 2; ++c)
        for (std::size_t j = 0; j < names_.size(); ++j) {
          std::vector<std::uint8_t> by_bin(woe_[j].size(), 0);
          for (std::size_t s = 0; s < seen_[c][j].size(); ++s)
            if (seen_[c][j][s]) by_bin[bin_of_slot_[j][s]] = 1;
          seen_[c][j] = std::move(by_bin);
        }
    } else {
      for (int c = 0; c < 2; ++c) {
        seen_[c].resize(names_.size());
        for (std::size_t j = 0; j < names_.size(); ++j) seen_[c][j].assign(woe_[j].size(), 0);
      }
    }
    bound_ = true;
  }

  bin_code_store(const bin_code_store&) = delete;
  bin_code_store& operator=(const bin_code_store&) = delete;
  ~bin_code_store() {
    if (file_) std::fclose(file_);
  }

  const std::vector<std::string>& columns() const noexcept { return names_; }
  /// The WoE of each bin of column j.
  const std::vector<double>& woe(std::size_t j) const { return woe_.at(j); }
  std::uint64_t rows() const noexcept { return rows_; }

  /// Adds a chunk of shard `shard` (shards in increasing order, a shard's chunks in file
  /// order): the bin of each row in each column, its target and weight.
  void add(std::size_t shard, const table& chunk) {
    if (closed_) CREDO_THROW(logic_error, "credo.workflow.store_closed", "bin_code_store: add after close");
    if (!chunk.has_target())
      CREDO_THROW(invalid_input, "credo.binning.no_target", "a chunk of the stream has no target; read it with a target column");
    if (has_pending_ && shard != pending_.shard) flush();
    if (!has_pending_) start_block(shard, chunk.has_weights());
    std::vector<std::vector<std::uint16_t>> bins(names_.size());
    for (std::size_t j = 0; j < names_.size(); ++j) bins[j] = codes_of(j, chunk);
    const auto y = chunk.target();
    const auto w = chunk.weights();
    for (std::size_t r = 0; r < chunk.rows(); ++r) {
      const double wr = w.empty() ? 1.0 : w[r];
      const auto i = static_cast<std::size_t>(pending_.rows);
      for (std::size_t j = 0; j < names_.size(); ++j) {
        pending_.codes[j * block_rows_ + i] = bins[j][r];
        if (wr > 0) seen_[y[r] ? 1 : 0][j][bins[j][r]] = 1;
      }
      pending_.y[static_cast<Eigen::Index>(i)] = y[r];
      if (pending_.w.size() != 0) pending_.w[static_cast<Eigen::Index>(i)] = wr;
      // The sums of the intercept-only model, in row order as memory_rows::totals adds them.
      totals_.back().second.bad += wr * static_cast<double>(y[r]);
      totals_.back().second.all += wr;
      ++totals_.back().second.rows;
      ++pending_.rows;
      ++rows_;
      if (static_cast<std::size_t>(pending_.rows) == block_rows_) {
        flush();
        if (r + 1 < chunk.rows()) start_block(shard, chunk.has_weights());
      }
    }
  }

  /// Writes the last block; the store is read-only afterwards.
  void close() {
    if (has_pending_) flush();
    closed_ = true;
    if (std::fflush(file_) != 0)
      CREDO_THROW(io_error, "credo.workflow.store_failed", std::string("cannot write the temporary file of bin codes: ") + std::strerror(errno));
  }

  /// Calls f(block) for every block in order, reading `batch` blocks at a time.
  template <class F>
  void for_each_block(F&& f) const {
    block b;
    for (const auto& at : index_) {
      read(at, b);
      f(static_cast<const block&>(b));
    }
  }

  /// Calls f(blocks) with up to `batch` consecutive blocks at a time, for passes that share a
  /// batch among threads.
  template <class F>
  void for_each_batch(std::size_t batch, F&& f) const {
    std::vector<block> blocks(std::max<std::size_t>(batch, 1));
    for (std::size_t i = 0; i < index_.size(); i += blocks.size()) {
      const std::size_t n = std::min(blocks.size(), index_.size() - i);
      for (std::size_t k = 0; k < n; ++k) read(index_[i + k], blocks[k]);
      f(std::span<const block>(blocks.data(), n));
    }
  }

  /// The weighted bads and all rows of each shard (for the intercept-only model).
  struct totals {
    double bad = 0, all = 0;
    std::uint64_t rows = 0;
    totals& operator+=(const totals& o) {
      bad += o.bad, all += o.all, rows += o.rows;
      return *this;
    }
    template <class Archive>
    void serialize(Archive& ar) {
      ar(bad, all, rows);
    }
  };
  const std::vector<std::pair<std::size_t, totals>>& shard_totals() const noexcept { return totals_; }

  /// Which bins of each column hold a row of each class (weight > 0): the separation check's
  /// extremes of each class are the extremes of their WoE. An accumulator (|=).
  struct seen_bins {
    std::vector<std::vector<std::uint8_t>> by_class[2];  // [0] goods, [1] bads; per column, per bin
    seen_bins& operator+=(const seen_bins& o) {
      if (by_class[0].empty()) return *this = o;
      for (int c = 0; c < 2; ++c)
        for (std::size_t j = 0; j < by_class[c].size(); ++j)
          for (std::size_t b = 0; b < by_class[c][j].size(); ++b) by_class[c][j][b] |= o.by_class[c][j][b];
      return *this;
    }
    template <class Archive>
    void serialize(Archive& ar) {
      ar(by_class[0], by_class[1]);
    }
  };
  seen_bins seen() const {
    if (!bound_) CREDO_THROW(logic_error, "credo.workflow.store_unbound", "bin_code_store: a pre-bin store is read before bind()");
    seen_bins s;
    s.by_class[0] = seen_[0];
    s.by_class[1] = seen_[1];
    return s;
  }

private:
  void open(std::string directory) {
    if (directory.empty()) {
      const char* dir = std::getenv("TMPDIR");
      directory = dir && *dir ? dir : "/tmp";
    }
    std::string pattern = directory + "/credo-bins.XXXXXX";
    const int fd = ::mkstemp(pattern.data());
    if (fd < 0)
      CREDO_THROW(io_error, "credo.workflow.store_failed",
                  "cannot create the temporary file of bin codes in " + directory + ": " + std::strerror(errno));
    ::unlink(pattern.c_str());  // gone when the process ends, however it ends
    file_ = ::fdopen(fd, "w+b");
    if (!file_) {
      ::close(fd);
      CREDO_THROW(io_error, "credo.workflow.store_failed",
                  std::string("cannot open the temporary file of bin codes: ") + std::strerror(errno));
    }
  }

  struct entry {
    long offset = 0;
    std::size_t shard = 0;
    Eigen::Index rows = 0;
    bool weighted = false;
  };

  std::vector<std::uint16_t> codes_of(std::size_t j, const table& chunk) const {
    const column& c = chunk[names_[j]];
    if (c.kind() != kinds_[j])
      CREDO_THROW(invalid_input, "credo.binning.wrong_kind",
                  "column " + credo::detail::quoted(names_[j]) + " is " + to_string(c.kind()) + " in this chunk, " +
                      to_string(kinds_[j]) + " in the binning");
    std::vector<std::uint16_t> out(chunk.rows());
    if (prebins_) {
      if (c.is_numeric()) {
        const binning::detail::numeric_slots slot_of(cuts_[j], specials_[j]);
        const auto x = c.values();
        for (std::size_t r = 0; r < x.size(); ++r) out[r] = static_cast<std::uint16_t>(slot_of(x[r]));
      } else {
        const auto& dict = c.dictionary();
        std::vector<std::uint16_t> slot(dict.size());
        for (std::size_t k = 0; k < dict.size(); ++k) {
          const auto it = labels_[j].find(dict[k]);
          // A label the first pass never met cannot occur in the second (the same rows);
          // should one, it is read as missing rather than as another label's pre-bin.
          slot[k] = static_cast<std::uint16_t>(it == labels_[j].end() ? slots_[j] - 1 : it->second);
        }
        const auto missing = static_cast<std::uint16_t>(slots_[j] - 1);
        const auto codes = c.codes();
        for (std::size_t r = 0; r < codes.size(); ++r)
          out[r] = codes[r] == column::missing_code ? missing : slot[static_cast<std::size_t>(codes[r])];
      }
      return out;
    }
    const auto& bins = tables_[j].bins();
    if (c.is_numeric()) {
      const auto x = c.values();
      for (std::size_t r = 0; r < x.size(); ++r) out[r] = static_cast<std::uint16_t>(bins.bin_of(x[r]));
    } else {
      // One lookup per label of the chunk's dictionary, not per row (as woe_encoder::transform).
      const auto& dict = c.dictionary();
      std::vector<std::uint16_t> bin(dict.size());
      for (std::size_t k = 0; k < dict.size(); ++k) bin[k] = static_cast<std::uint16_t>(bins.bin_of(std::string_view(dict[k])));
      const auto missing = static_cast<std::uint16_t>(bins.missing_bin());
      const auto codes = c.codes();
      for (std::size_t r = 0; r < codes.size(); ++r)
        out[r] = codes[r] == column::missing_code ? missing : bin[static_cast<std::size_t>(codes[r])];
    }
    return out;
  }

  void start_block(std::size_t shard, bool weighted) {
    pending_.shard = shard;
    pending_.rows = 0;
    pending_.codes.assign(names_.size() * block_rows_, 0);
    pending_.y.resize(static_cast<Eigen::Index>(block_rows_));
    pending_.w.resize(weighted ? static_cast<Eigen::Index>(block_rows_) : 0);
    has_pending_ = true;
    if (totals_.empty() || totals_.back().first != shard) totals_.emplace_back(shard, totals{});
  }

  void flush() {
    has_pending_ = false;
    const auto n = static_cast<std::size_t>(pending_.rows);
    if (n == 0) return;
    entry e{std::ftell(file_), pending_.shard, pending_.rows, pending_.w.size() != 0};
    bool ok = true;
    for (std::size_t j = 0; j < names_.size(); ++j)
      ok = ok && std::fwrite(pending_.codes.data() + j * block_rows_, sizeof(std::uint16_t), n, file_) == n;
    std::vector<std::uint8_t> y(n);
    for (std::size_t i = 0; i < n; ++i) y[i] = static_cast<std::uint8_t>(pending_.y[static_cast<Eigen::Index>(i)]);
    ok = ok && std::fwrite(y.data(), 1, n, file_) == n;
    if (e.weighted) ok = ok && std::fwrite(pending_.w.data(), sizeof(double), n, file_) == n;
    if (!ok)
      CREDO_THROW(io_error, "credo.workflow.store_failed",
                  std::string("cannot write the temporary file of bin codes (disk full?): ") + std::strerror(errno));
    index_.push_back(e);
  }

  void read(const entry& e, block& b) const {
    const auto n = static_cast<std::size_t>(e.rows);
    b.shard = e.shard;
    b.rows = e.rows;
    b.codes.resize(names_.size() * n);
    b.y.resize(e.rows);
    b.w.resize(e.weighted ? e.rows : 0);
    std::vector<std::uint8_t> y(n);
    bool ok = std::fseek(file_, e.offset, SEEK_SET) == 0 &&
              std::fread(b.codes.data(), sizeof(std::uint16_t), b.codes.size(), file_) == b.codes.size() &&
              std::fread(y.data(), 1, n, file_) == n && (!e.weighted || std::fread(b.w.data(), sizeof(double), n, file_) == n);
    if (!ok)
      CREDO_THROW(io_error, "credo.workflow.store_failed", std::string("cannot read the temporary file of bin codes: ") + std::strerror(errno));
    for (std::size_t i = 0; i < n; ++i) b.y[static_cast<Eigen::Index>(i)] = y[i];
    if (prebins_) {
      if (!bound_) CREDO_THROW(logic_error, "credo.workflow.store_unbound", "bin_code_store: a pre-bin store is read before bind()");
      for (std::size_t j = 0; j < names_.size(); ++j) {
        const auto& map = bin_of_slot_[j];
        std::uint16_t* code = b.codes.data() + j * n;
        for (std::size_t i = 0; i < n; ++i) code[i] = map[code[i]];
      }
    }
    std::fseek(file_, 0, SEEK_END);  // later writes append
  }

  std::vector<std::string> names_;
  std::vector<column_kind> kinds_;
  std::vector<binning::binning_table> tables_;
  std::vector<std::vector<double>> woe_;
  std::size_t block_rows_;
  std::FILE* file_ = nullptr;
  std::vector<entry> index_;
  block pending_;
  bool has_pending_ = false, closed_ = false;
  std::uint64_t rows_ = 0;
  std::vector<std::pair<std::size_t, totals>> totals_;
  std::vector<std::vector<std::uint8_t>> seen_[2];  // per column, per bin (per pre-bin until bind)
  // A pre-bin store: what codes_of needs per column, and bind()'s map from pre-bin to bin.
  bool prebins_ = false, bound_ = false;
  std::vector<std::vector<double>> cuts_, specials_;
  std::vector<std::unordered_map<std::string, std::size_t>> labels_;
  std::vector<std::size_t> slots_;
  std::vector<std::vector<std::uint16_t>> bin_of_slot_;
};

/// The training scores of a streamed fit as the rank metrics' accumulators over one entry per
/// distinct score (metrics::score_histogram): for a scorecard (points summed and rounded) a
/// few hundred entries however many rows, and the same AUC and KS as over every row.
struct training_scores {
  metrics::auc<double, metrics::score_histogram<double>> auc{metrics::direction::higher_is_safer};  // points rank safety
  metrics::ks<double, metrics::score_histogram<double>> ks;

  void operator()(double score, bool bad, double weight = 1) {
    auc(score, bad, weight);
    ks(score, bad, weight);
  }
  training_scores& operator+=(const training_scores& o) {
    auc += o.auc;
    ks += o.ks;
    return *this;
  }
  bool operator==(const training_scores& o) const { return auc == o.auc && ks == o.ks; }
  /// The concordance of the training scores (SAS's association table) from the same
  /// histogram of distinct scores: exact, as over every row.
  metrics::concordance_result concordance() const { return metrics::concordance_of(auc.rows(), auc.score_direction()); }
  template <class Archive>
  void serialize(Archive& ar) {
    ar(auc, ks);
  }
};

/// A scorecard fitted over a stream: fit_scorecard's result, with the training scores held
/// per distinct score instead of one value per row.
struct streamed_scorecard {
  fitted_scorecard fit;  // fit.training_scores stays empty
  training_scores training;
};

namespace detail {

/// Folds per-shard parts in shard order: the merge of one process.
struct local_merge {
  template <class T>
  T operator()(std::vector<std::pair<std::size_t, T>> parts) const {
    return credo::detail::fold_in_order(std::move(parts));
  }
};

/// Σw, Σw·x and Σw·x·x' of the WoE columns: the weighted correlation matrix follows.
struct woe_moments {
  double weight = 0;
  Eigen::VectorXd sum;
  Eigen::MatrixXd cross;
  woe_moments& operator+=(const woe_moments& o) {
    if (sum.size() == 0) return *this = o;
    weight += o.weight, sum += o.sum, cross += o.cross;
    return *this;
  }
  template <class Archive>
  void serialize(Archive& ar) {
    ar(weight, sum, cross);
  }
  /// r_jk = cov_jk / (sd_j sd_k), cov = Σw·x·x'/W − mean·mean' (the weighted Pearson r of
  /// selection.hpp's correlation).
  Eigen::MatrixXd correlation() const {
    const Eigen::VectorXd mean = sum / weight;
    Eigen::MatrixXd cov = cross / weight - mean * mean.transpose();
    const Eigen::VectorXd sd = cov.diagonal().cwiseMax(0.0).cwiseSqrt();
    for (Eigen::Index i = 0; i < cov.rows(); ++i)
      for (Eigen::Index j = 0; j < cov.cols(); ++j) cov(i, j) /= sd[i] * sd[j];
    return cov;
  }
};

/// The WoE matrix of some columns (indices into the store's) for one block.
inline Eigen::MatrixXd woe_matrix(const bin_code_store& store, const bin_code_store::block& b,
                                  const std::vector<std::size_t>& cols) {
  Eigen::MatrixXd x(b.rows, static_cast<Eigen::Index>(cols.size()));
  const auto n = static_cast<std::size_t>(b.rows);
  for (std::size_t c = 0; c < cols.size(); ++c) {
    const auto& woe = store.woe(cols[c]);
    const std::uint16_t* code = b.codes.data() + cols[c] * n;
    for (std::size_t i = 0; i < n; ++i) x(static_cast<Eigen::Index>(i), static_cast<Eigen::Index>(c)) = woe[code[i]];
  }
  return x;
}

/// A pass over the store: part(block) per block, summed within each shard in block order,
/// blocks of a batch computed on `threads` threads; then merge(per-shard parts).
template <class T, class Part, class Merge>
T store_pass(const bin_code_store& store, std::size_t threads, Part&& part, Merge&& merge) {
  std::vector<std::pair<std::size_t, T>> parts;
  const std::size_t batch = std::max<std::size_t>(1, credo::detail::thread_count(threads, 64)) * 2;
  store.for_each_batch(batch, [&](std::span<const bin_code_store::block> blocks) {
    std::vector<T> results(blocks.size());
    credo::detail::run_items(blocks.size(), credo::detail::thread_count(threads, blocks.size()),
                             [&](std::size_t k) { results[k] = part(blocks[k]); });
    for (std::size_t k = 0; k < blocks.size(); ++k) {
      if (parts.empty() || parts.back().first != blocks[k].shard) parts.emplace_back(blocks[k].shard, std::move(results[k]));
      else parts.back().second += results[k];
    }
  });
  return merge(std::move(parts));
}

/// Rows sampled for a warm start, in shard order: an accumulator that appends.
struct sampled_rows {
  Eigen::Index cols = 0;
  std::vector<double> x;  // row-major
  std::vector<double> y, w;
  sampled_rows& operator+=(const sampled_rows& o) {
    if (cols == 0) cols = o.cols;
    x.insert(x.end(), o.x.begin(), o.x.end());
    y.insert(y.end(), o.y.begin(), o.y.end());
    w.insert(w.end(), o.w.begin(), o.w.end());
    return *this;
  }
  template <class Archive>
  void serialize(Archive& ar) {
    ar(cols, x, y, w);
  }
};

/// The rows of a streamed fit as logistic_regression::fit_rows reads them: some columns of a
/// bin_code_store, every pass merged over the job.
template <class Merge, class Model>
struct code_rows {
  const bin_code_store& store;
  std::vector<std::size_t> cols;
  Merge& merge;
  std::size_t threads;
  bin_code_store::totals all_totals;
  const Model& model;

  Eigen::Index columns() const { return static_cast<Eigen::Index>(cols.size()); }
  void totals(double& bad, double& all) const { bad = all_totals.bad, all = all_totals.all; }
  irls_statistics pass(const Eigen::VectorXd& beta, bool hessian) const {
    return store_pass<irls_statistics>(
        store, threads,
        [&](const bin_code_store::block& b) {
          irls_statistics s(beta.size());
          s.add_rows(woe_matrix(store, b, cols), b.y, b.w, beta, 0, b.rows, hessian);
          return s;
        },
        merge);
  }
  /// fit()'s warm start: the runs of rows it samples, taken from the start of each shard (one
  /// shard: fit()'s very rows), merged in shard order, so every rank fits the same sample.
  std::optional<std::pair<Eigen::VectorXd, Eigen::MatrixXd>> warm_start(double weight_sum) const {
    const Eigen::Index step = model.warm_start_step(static_cast<double>(all_totals.rows));
    if (step == 0) return std::nullopt;
    const Eigen::Index run = Model::warm_start_run, every = step * run;
    std::vector<std::pair<std::size_t, sampled_rows>> parts;
    Eigen::Index at = 0;  // the row of the shard where the block starts
    store.for_each_block([&](const bin_code_store::block& b) {
      if (parts.empty() || parts.back().first != b.shard) {
        parts.emplace_back(b.shard, sampled_rows{});
        parts.back().second.cols = columns();
        at = 0;
      }
      auto& s = parts.back().second;
      const auto n = static_cast<std::size_t>(b.rows);
      for (Eigen::Index i = 0; i < b.rows; ++i) {
        if ((at + i) % every >= run) continue;
        for (auto j : cols) s.x.push_back(store.woe(j)[b.codes[j * n + static_cast<std::size_t>(i)]]);
        s.y.push_back(b.y[i]);
        if (b.w.size() != 0) s.w.push_back(b.w[i]);
      }
      at += b.rows;
    });
    const sampled_rows all = merge(std::move(parts));
    const auto m = static_cast<Eigen::Index>(all.y.size());
    if (m == 0) return std::nullopt;
    const Eigen::MatrixXd xs =
        Eigen::Map<const Eigen::Matrix<double, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>>(all.x.data(), m, columns());
    const Eigen::VectorXd ys = Eigen::Map<const Eigen::VectorXd>(all.y.data(), m);
    const Eigen::VectorXd ws = Eigen::Map<const Eigen::VectorXd>(all.w.data(), static_cast<Eigen::Index>(all.w.size()));
    return model.warm_start_from_sample(xs, ys, ws, weight_sum);
  }
};

}  // namespace detail

/// fit_scorecard's steps after binning on a stream kept as bin codes: `encoder` holds the
/// streamed binning (binning::stream_binner), `store` this process's rows as its bin codes
/// (closed), and `merge(parts)` folds per-shard parts of a pass in shard order over the
/// whole job (detail::local_merge for one process; job::merge under MPI). Same errors as
/// fit_scorecard.
template <class Merge = detail::local_merge>
streamed_scorecard fit_scorecard_stream(binning::woe_encoder encoder, const bin_code_store& store,
                                        const scorecard_plan& plan = {}, Merge merge = {}) {
  if (encoder.columns() != store.columns())
    CREDO_THROW(invalid_input, "credo.workflow.store_mismatch",
                "fit_scorecard_stream: the store holds other columns than the encoder");
  streamed_scorecard out;
  fitted_scorecard& f = out.fit;
  f.encoder = std::move(encoder);
  const auto& all = f.encoder.columns();
  const std::size_t threads = plan.fit.threads;  // 0: all cores
  auto totals_parts = store.shard_totals();
  const auto totals = merge(std::move(totals_parts));
  if (!(totals.all > 0)) CREDO_THROW(invalid_input, "credo.model.no_rows", "the stream has no rows");
  // Which bins each class uses: one part per process (an OR, so its order does not matter),
  // under the index of its first shard (parts of one merge name distinct shards).
  std::vector<std::pair<std::size_t, bin_code_store::seen_bins>> seen_parts;
  if (!store.shard_totals().empty()) seen_parts.emplace_back(store.shard_totals().front().first, store.seen());
  const auto seen = merge(std::move(seen_parts));

  auto indices = [&](const std::vector<std::string>& chosen) {
    std::vector<std::size_t> idx;
    for (const auto& c : chosen) idx.push_back(static_cast<std::size_t>(std::find(all.begin(), all.end(), c) - all.begin()));
    return idx;
  };
  // The column summaries of logistic_regression::scan_columns from the bins each class uses.
  auto scan_of = [&]<class Model>(const Model&, const std::vector<std::size_t>& idx) {
    using summary = typename Model::column_summary;
    constexpr double inf = std::numeric_limits<double>::infinity();
    std::vector<summary> scan;
    for (auto j : idx) {
      summary s{true, inf, -inf, inf, -inf};
      const auto& woe = store.woe(j);
      for (std::size_t b = 0; b < woe.size(); ++b) {
        if (seen.by_class[1][j][b]) s.min_bad = std::min(s.min_bad, woe[b]), s.max_bad = std::max(s.max_bad, woe[b]);
        if (seen.by_class[0][j][b]) s.min_good = std::min(s.min_good, woe[b]), s.max_good = std::max(s.max_good, woe[b]);
        if ((seen.by_class[0][j][b] || seen.by_class[1][j][b]) && !std::isfinite(woe[b])) s.finite = false;
      }
      scan.push_back(s);
    }
    return scan;
  };

  detail::select_and_fit(
      f, plan,
      [&](const std::vector<std::string>& chosen) {
        const auto idx = indices(chosen);
        const auto m = detail::store_pass<detail::woe_moments>(
            store, threads,
            [&](const bin_code_store::block& b) {
              const Eigen::MatrixXd x = detail::woe_matrix(store, b, idx);
              detail::woe_moments mo;
              if (b.w.size() == 0) {
                mo.weight = static_cast<double>(b.rows);
                mo.sum = x.colwise().sum().transpose();
                mo.cross = x.transpose() * x;
              } else {
                mo.weight = b.w.sum();
                mo.sum = x.transpose() * b.w;
                mo.cross = x.transpose() * b.w.asDiagonal() * x;
              }
              return mo;
            },
            merge);
        return m.correlation();
      },
      [&](const std::vector<std::string>& chosen, const penalty_choice& p) {
        const auto idx = indices(chosen);
        return detail::with_penalty(p, plan.fit, [&](auto& m) {
          detail::code_rows<Merge, std::decay_t<decltype(m)>> rows{store, idx, merge, threads, totals, m};
          m.fit_rows(rows, chosen, scan_of(m, idx));
        }, plan.alpha);
      });

  // The training scores through the card's one evaluator, from each row's bins.
  const auto card_cols = indices(f.selected);
  out.training = detail::store_pass<training_scores>(
      store, threads,
      [&](const bin_code_store::block& b) {
        training_scores t;
        const auto n = static_cast<std::size_t>(b.rows);
        std::vector<std::uint32_t> bins(card_cols.size());
        for (std::size_t i = 0; i < n; ++i) {
          for (std::size_t c = 0; c < card_cols.size(); ++c) bins[c] = b.codes[card_cols[c] * n + i];
          const auto r = f.card.score_bins(bins);
          if (!r.ok()) continue;  // a missing value the card refuses (missing = error) has no score
          t(static_cast<double>(r.score), b.y[static_cast<Eigen::Index>(i)] != 0,
            b.w.size() == 0 ? 1.0 : b.w[static_cast<Eigen::Index>(i)]);
        }
        return t;
      },
      merge);
  f.card.set_score_distribution(distribution_of(out.training.auc.rows(), plan.distribution_bands));
  return out;
}

}  // namespace credo::model
