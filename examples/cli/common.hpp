// Shared parts of the credo command line: reading the data, binning options, JSON output,
// progress lines and the error convention (one line with the id, exit code 1).
#pragma once

#include <credo/binning.hpp>
#include <credo/core.hpp>
#include <credo/io.hpp>
#include <credo/io/atomic_file.hpp>

#include "job.hpp"

#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <limits>
#include <iostream>
#include <memory>
#include <sstream>
#include <string>
#include <unistd.h>
#include <vector>

namespace credo::cli {

/// How the command line numbers rows in every output and message: data row 1 is the first
/// record after the header (docs/cli.md). Syntax errors in a CSV name the file's line.
inline std::string row_name(std::size_t index) { return "row " + std::to_string(index + 1); }

/// Options every command that reads a labelled data file shares.
struct data_options {
  std::string path;
  std::string target;
  std::string bad;
  std::string weight;
  std::string bad_cells = "error";
  std::vector<std::string> categorical;
};

/// Binning options as the command line spells them.
struct binning_cli {
  std::string method = "optimal";
  int max_bins = 0;  // 0: no limit
  double min_share = 0.0;
  std::string trend = "auto";
  binning::zero_cell_rule zero_cells = binning::zero_cell_rule::half;
  double min_event_rate_diff = 0.0;
  double max_pvalue = 0.0;  // 0: no test (the option takes (0, 1])
  binning::pvalue_policy max_pvalue_policy = binning::pvalue_policy::consecutive;
  std::vector<std::string> columns;
};

// Validators with short messages (CLI11's NonNegativeNumber prints the largest double in full).
inline CLI::Validator finite_number(double lo = -std::numeric_limits<double>::infinity()) {
  return CLI::Validator(
      [lo](std::string& s) -> std::string {
        double v;
        if (!io::detail::parse_number(s, v) || !std::isfinite(v)) return "'" + s + "' is not a finite number";
        if (v < lo) return "'" + s + "' is below " + std::to_string(static_cast<long long>(lo));
        return "";
      },
      lo == 0 ? "NUMBER >= 0" : "NUMBER");
}
inline CLI::Validator non_negative_integer() {
  return CLI::Validator(
      [](std::string& s) -> std::string {
        if (s.empty() || s.find_first_not_of("0123456789") != std::string::npos)
          return "'" + s + "' is not a whole number >= 0";
        return "";
      },
      "INTEGER >= 0");
}
/// DATA as a path or "-" (standard input); a missing file is reported by the reader with an id.
inline void add_data_argument(CLI::App& app, std::string& path, const std::string& what) {
  app.add_option("DATA", path, what + " (- reads standard input)")->required();
}

inline void add_data_options(CLI::App& app, data_options& d) {
  add_data_argument(app, d.path, "CSV file with a header row");
  app.add_option("--target", d.target, "the outcome column")->required();
  app.add_option("--bad", d.bad, "the outcome value that means bad (event = 1)")->required();
  app.add_option("--weight", d.weight, "a numeric column of sample weights");
  app.add_option("--bad-cells", d.bad_cells,
                 "cells that are not numbers in a numeric column: error, or missing (with a warning)")
      ->check(CLI::IsMember({"error", "missing"}))
      ->capture_default_str();
  app.add_option("--categorical", d.categorical, "columns read as categorical whatever their cells, comma-separated")
      ->delimiter(',')
      ->allow_extra_args(false);
}

inline void add_binning_options(CLI::App& app, binning_cli& b) {
  app.add_option("--method", b.method, "binning method")
      ->check(CLI::IsMember({"optimal", "chimerge", "quantile", "distinct"}))
      ->capture_default_str();
  app.add_option("--max-bins", b.max_bins, "at most this many bins per column (0: no limit)")
      ->check(non_negative_integer())
      ->capture_default_str();
  app.add_option("--min-share", b.min_share, "each bin holds at least this share of rows")
      ->check(CLI::Range(0.0, 0.5))
      ->capture_default_str();
  app.add_option("--trend", b.trend, "shape of the bad rate across bins")
      ->check(CLI::IsMember({"auto", "ascending", "descending", "peak", "valley", "none"}))
      ->capture_default_str();
  app.add_option("--zero-cells", b.zero_cells,
                 "what a bin without goods or without bads gets, in WoE and IV alike: half (+0.5 goods and bads), "
                 "r_scorecard (a zero count becomes 0.99), merge (joins its neighbour), zero_woe")
      ->transform(CLI::CheckedTransformer(credo::detail::name_map<binning::zero_cell_rule>(), CLI::ignore_case))
      ->default_str(binning::to_string(b.zero_cells));
  app.add_option("--min-event-rate-diff", b.min_event_rate_diff,
                 "optimal binning: adjacent bins' bad rates differ by at least this")
      ->check(CLI::Range(0.0, 1.0))
      ->capture_default_str();
  app.add_option("--max-pvalue", b.max_pvalue,
                 "optimal binning: the z-test between adjacent bins (or all pairs, --max-pvalue-policy all) "
                 "has a p-value of at most this (default: no test)")
      ->check(CLI::Validator(
          [](std::string& s) -> std::string {
            double v;
            if (!io::detail::parse_number(s, v) || !(v > 0 && v <= 1)) return "'" + s + "' is not in (0, 1]";
            return "";
          },
          "P in (0, 1]"));
  app.add_option("--max-pvalue-policy", b.max_pvalue_policy, "which bins --max-pvalue tests: consecutive or all pairs")
      ->transform(CLI::CheckedTransformer(credo::detail::name_map<binning::pvalue_policy>(), CLI::ignore_case))
      ->default_str(binning::to_string(b.max_pvalue_policy));
  // One value per occurrence (comma-separated), so the option never swallows DATA.
  app.add_option("--columns", b.columns, "columns to bin, comma-separated (default: all)")
      ->delimiter(',')
      ->allow_extra_args(false);
}

/// The text of a subcommand's --help after the options: an example, the missing-value
/// tokens, the exit codes and where the rest is written.
inline std::string help_footer(const std::string& example) {
  std::string tokens;
  for (const auto& m : io::csv_options{}.missing_tokens) tokens += (tokens.empty() ? "" : ", ") + ("'" + m + "'");
  return "\nExample:\n  " + example +
         "\n\nMissing values: the CSV cells " + tokens +
         " (an empty cell included) are missing; a missing value gets its own bin."
         "\nRows: row 1 is the first record after the header."
         "\nExit codes: 0 success, 1 an error (one line 'credo: [id] message' on stderr), 2 a usage error."
         "\nMore: docs/cli.md\n";
}

/// Whether a progress line is on stderr's current line (errors first end it).
inline bool& progress_shown() {
  static bool shown = false;
  return shown;
}
/// A progress line on stderr, only when stderr is a terminal (never in pipes, files or CI).
/// Under MPI only rank 0 prints it (the one that writes): N ranks would overwrite each other's line.
inline void progress(const std::string& what) {
  static const bool tty = ::isatty(2) != 0;
  if (!tty || !current_job().writes()) return;
  std::fprintf(stderr, "\r\033[K%s", what.c_str());
  progress_shown() = true;
}
/// The same with the share done: "scoring 42%".
inline void progress(const std::string& what, std::size_t done, std::size_t total) {
  progress(what + " " + std::to_string(total == 0 ? 100 : done * 100 / total) + "%");
}
inline void progress_done() {
  if (!progress_shown()) return;
  std::fprintf(stderr, "\r\033[K");
  progress_shown() = false;
}

/// Reading options for a batch a card scores: each characteristic's kind from the model file.
template <class Card>
io::csv_options schema_options(const Card& card) {
  io::csv_options opt;
  opt.types_from = "the model file";
  opt.bad_numbers = io::bad_number_policy::missing;  // such a row gets a status, see unusable_rows
  for (std::size_t j = 0; j < card.size(); ++j)
    opt.types[card.characteristic(j).name] = card.characteristic(j).bins.kind();
  return opt;
}

inline binning::encoder_options encoder_options_of(const binning_cli& b) {
  binning::encoder_options e;
  e.columns = b.columns;
  e.threads = 0;
  auto& o = e.defaults;
  if (b.method == "optimal") o.method = binning::binning_method::optimal;
  else if (b.method == "chimerge") o.method = binning::binning_method::chimerge;
  else if (b.method == "quantile") o.method = binning::binning_method::equal_frequency;
  else o.method = binning::binning_method::distinct;
  if (b.max_bins > 0) o.max_n_bins = static_cast<std::size_t>(b.max_bins);
  o.min_bin_size = b.min_share;
  o.zero_cells = b.zero_cells;
  o.min_event_rate_diff = b.min_event_rate_diff;
  if (b.max_pvalue > 0) o.max_pvalue = b.max_pvalue;
  o.max_pvalue_policy = b.max_pvalue_policy;
  using binning::monotonic_trend;
  o.trend = b.trend == "ascending"    ? monotonic_trend::ascending
            : b.trend == "descending" ? monotonic_trend::descending
            : b.trend == "peak"       ? monotonic_trend::peak
            : b.trend == "valley"     ? monotonic_trend::valley
            : b.trend == "none"       ? monotonic_trend::none
                                      : monotonic_trend::automatic;
  return e;
}


/// What bin `i` of `b` is, for programs, beside its printed `label` (docs/cli.md, "Bins in
/// JSON"): every output that writes a bin writes it through this one function.
///   kind        "interval" (a numeric regular bin), "categories" (a categorical one),
///               "special" (a special value's bin) or "missing"
///   lower, upper  an interval's bounds, null when unbounded (-inf, +inf);
///   closed      "left": credo's intervals are [lower, upper), the lower bound included
///   categories  a categorical bin's labels
///   value       a special bin's value
///   missing, special, other  flags; `other` marks the bin that receives categories never
///               seen in training (the unseen-category fallback; categorical columns only)
/// A figure for --json: the number, or null where there is none (NaN; JSON has no NaN or inf).
inline nlohmann::ordered_json number_or_null(double v) {
  return std::isfinite(v) ? nlohmann::ordered_json(v) : nlohmann::ordered_json(nullptr);
}

inline nlohmann::ordered_json bin_json(const binning::bins& b, std::size_t i) {
  nlohmann::ordered_json j;
  j["label"] = b.label(i);
  const bool missing = i == b.missing_bin(), special = b.is_special_bin(i);
  if (missing) {
    j["kind"] = "missing";
  } else if (special) {
    j["kind"] = "special";
    j["value"] = b.specials()[i - b.regular()];
  } else if (b.is_numeric()) {
    j["kind"] = "interval";
    const auto& cuts = b.cuts();
    j["lower"] = i == 0 ? nlohmann::ordered_json(nullptr) : nlohmann::ordered_json(cuts[i - 1]);
    j["upper"] = i == cuts.size() ? nlohmann::ordered_json(nullptr) : nlohmann::ordered_json(cuts[i]);
    j["closed"] = "left";
  } else {
    j["kind"] = "categories";
    j["categories"] = b.groups()[i];
  }
  j["missing"] = missing;
  j["special"] = special;
  j["other"] = b.is_categorical() && b.unseen_bin() == i;
  return j;
}

/// optbinning's analysis of a binning (binning/analysis.hpp) as JSON; Cramér's V is null when
/// the regular bins lack goods or bads.
inline nlohmann::ordered_json analysis_json(const binning::binning_analysis& a) {
  nlohmann::ordered_json tests = nlohmann::ordered_json::array();
  for (const auto& t : a.tests)
    tests.push_back({{"bin_a", t.bin_a}, {"bin_b", t.bin_b}, {"z", t.z}, {"p_value", t.p_value}});
  return {{"iv", a.iv},
          {"jensen_shannon", a.jensen_shannon},
          {"hellinger", a.hellinger},
          {"triangular", a.triangular},
          {"hhi", a.hhi},
          {"hhi_normalized", a.hhi_normalized},
          {"cramers_v", number_or_null(a.cramers_v)},
          {"quality_score", a.quality_score},
          {"tests", tests}};
}

/// The binning of one column as JSON: {name, iv, strength, zero_cells, warnings[] (a likely
/// leak), bins[] {bin_json members, count, goods, bads, event_rate, woe, iv, empty, smoothed},
/// analysis {optbinning's figures}}.
inline nlohmann::ordered_json to_json(const binning::binning_table& t) {
  nlohmann::ordered_json bins = nlohmann::ordered_json::array();
  for (std::size_t i = 0; i < t.size(); ++i) {
    const auto& r = t[i];
    auto j = bin_json(t.bins(), i);
    j["count"] = r.count;
    j["goods"] = r.goods;
    j["bads"] = r.bads;
    j["event_rate"] = r.event_rate;
    j["woe"] = r.woe;
    j["iv"] = r.iv;
    j["empty"] = r.empty;
    j["smoothed"] = r.smoothed;
    bins.push_back(std::move(j));
  }
  return {{"name", t.column()},
          {"iv", t.iv()},
          {"strength", binning::to_string(t.strength())},
          {"zero_cells", binning::to_string(t.zero_cells())},
          {"warnings", t.warnings()},
          {"bins", bins},
          {"analysis", analysis_json(binning::analyze(t))}};
}

/// The outputs of one command, committed together only after the whole command succeeded:
/// files are staged and renamed in one step (io::write_files_atomic), then the main text goes
/// to stdout, or to stderr when an output claimed stdout with "-". An output is either set()
/// whole or written in pieces through stream() (memory then does not grow with it): a file's
/// pieces go to its staged temporary file, standard output's to an unlinked temporary file
/// copied to stdout at the commit, so a command that fails midway has written nothing.
class outputs {
public:
  /// Where stream() sends an output's pieces.
  class sink {
  public:
    void write(std::string_view piece) {
      if (file_) file_->write(piece);
      else if (spool_) spool_->write(piece);
    }

  private:
    friend class outputs;
    std::unique_ptr<io::staged_output> file_;  // a path
    std::unique_ptr<io::detail::spool> spool_;  // "-": standard output
  };

  /// Registers the path an option names; refuses an empty path and one naming an input.
  void add(const std::string& option, const std::string& path, const std::vector<std::string>& inputs) {
    if (path.empty()) CREDO_THROW(invalid_input, "credo.cli.empty_out", option + " is empty; give a path or - for stdout");
    if (path != "-") {
      namespace fs = std::filesystem;
      for (const auto& in : inputs) {
        std::error_code ec;
        if (in == "-") continue;
        std::error_code ec_out, ec_in;
        const bool same = fs::exists(path, ec) && fs::equivalent(path, in, ec);
        const auto out_full = fs::weakly_canonical(path, ec_out), in_full = fs::weakly_canonical(in, ec_in);
        if (same || (!ec_out && !ec_in && out_full == in_full))
          CREDO_THROW(invalid_input, "credo.cli.out_is_input",
                      option + " '" + path + "' is one of the command's inputs; credo never writes over its input");
      }
      for (const auto& f : files_)
        if (f.first == path) CREDO_THROW(invalid_input, "credo.cli.out_twice", option + " '" + path + "' is named twice");
    }
    files_.emplace_back(path, std::string());
  }
  void set(const std::string& path, std::string content) {
    for (auto& f : files_)
      if (f.first == path) f.second = std::move(content);
  }
  /// The output at `path` (as add() registered it), written in pieces from now on. The file
  /// is staged at once (a read-only target is refused before any work). Only the process
  /// that writes (rank 0 under MPI) stages anything; elsewhere the pieces are dropped.
  sink& stream(const std::string& path) {
    auto s = std::make_unique<sink>();
    if (current_job().writes()) {
      if (path == "-") s->spool_ = std::make_unique<io::detail::spool>();
      else s->file_ = std::make_unique<io::staged_output>(path);
    }
    streams_.emplace_back(path, std::move(s));
    return *streams_.back().second;
  }
  void commit(const std::string& main_text) {
    // Under MPI every rank reaches here; rank 0 writes once all have (docs/mpi.md).
    current_job().barrier();
    if (!current_job().writes()) return;
    std::vector<std::pair<std::string, std::string_view>> files;
    std::vector<io::staged_output*> streamed;
    std::string to_stdout;
    const io::detail::spool* stdout_spool = nullptr;
    for (const auto& [path, content] : files_) {
      const auto st = std::find_if(streams_.begin(), streams_.end(), [&](const auto& x) { return x.first == path; });
      if (st != streams_.end()) {
        if (st->second->file_) streamed.push_back(st->second->file_.get());
        else stdout_spool = st->second->spool_.get();
      } else if (path == "-") {
        to_stdout += content;
      } else {
        files.emplace_back(path, content);
      }
    }
    // Standard output before the renames: when it fails (a closed pipe), no file changed.
    io::write_files_atomic(
        files,
        [&] {
          progress_done();
          const bool main_on_stderr = !to_stdout.empty() || stdout_spool;
          std::fwrite(to_stdout.data(), 1, to_stdout.size(), stdout);
          if (stdout_spool)
            stdout_spool->replay([](std::string_view piece) {
              std::fwrite(piece.data(), 1, piece.size(), stdout);
              if (std::ferror(stdout)) CREDO_THROW(io_error, "credo.io.write_failed", "cannot write to standard output");
            });
          std::fwrite(main_text.data(), 1, main_text.size(), main_on_stderr ? stderr : stdout);
          std::fflush(stdout);
          if (std::ferror(stdout)) CREDO_THROW(io_error, "credo.io.write_failed", "cannot write to standard output");
        },
        streamed);
  }

private:
  std::vector<std::pair<std::string, std::string>> files_;
  std::vector<std::pair<std::string, std::unique_ptr<sink>>> streams_;
};

/// A command whose only output is its main text.
inline void emit(const std::string& text) { outputs{}.commit(text); }

}  // namespace credo::cli
