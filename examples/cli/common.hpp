// Shared parts of the credo command line: reading the data, binning options, JSON output,
// progress lines and the error convention (one line with the id, exit code 1).
#pragma once

#include <credo/binning.hpp>
#include <credo/core.hpp>
#include <credo/io.hpp>

#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

#include <cstdio>
#include <iostream>
#include <sstream>
#include <string>
#include <unistd.h>
#include <vector>

namespace credo::cli {

/// Options every command that reads a labelled data file shares.
struct data_options {
  std::string path;
  std::string target;
  std::string bad;
  std::string weight;
};

/// Binning options as the command line spells them.
struct binning_cli {
  std::string method = "optimal";
  std::size_t max_bins = 0;  // 0: no limit
  double min_share = 0.0;
  std::string trend = "auto";
  std::vector<std::string> columns;
};

inline void add_data_options(CLI::App& app, data_options& d) {
  app.add_option("DATA", d.path, "CSV file with a header row")->required()->check(CLI::ExistingFile);
  app.add_option("--target", d.target, "the outcome column")->required();
  app.add_option("--bad", d.bad, "the outcome value that means bad (event = 1)")->required();
  app.add_option("--weight", d.weight, "a numeric column of sample weights");
}

inline void add_binning_options(CLI::App& app, binning_cli& b) {
  app.add_option("--method", b.method, "binning method")
      ->check(CLI::IsMember({"optimal", "chimerge", "quantile", "distinct"}))
      ->capture_default_str();
  app.add_option("--max-bins", b.max_bins, "at most this many bins per column (0: no limit)")->capture_default_str();
  app.add_option("--min-share", b.min_share, "each bin holds at least this share of rows")
      ->check(CLI::Range(0.0, 0.5))
      ->capture_default_str();
  app.add_option("--trend", b.trend, "shape of the bad rate across bins")
      ->check(CLI::IsMember({"auto", "ascending", "descending", "peak", "valley", "none"}))
      ->capture_default_str();
  app.add_option("--columns", b.columns, "columns to bin (default: all)")->delimiter(',');
}

inline table read_data(const data_options& d) {
  io::csv_options opt;
  opt.target = d.target;
  opt.bad_value = d.bad;
  opt.weight = d.weight;
  return io::read_csv(d.path, opt);
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
  if (b.max_bins > 0) o.max_n_bins = b.max_bins;
  o.min_bin_size = b.min_share;
  using binning::monotonic_trend;
  o.trend = b.trend == "ascending"    ? monotonic_trend::ascending
            : b.trend == "descending" ? monotonic_trend::descending
            : b.trend == "peak"       ? monotonic_trend::peak
            : b.trend == "valley"     ? monotonic_trend::valley
            : b.trend == "none"       ? monotonic_trend::none
                                      : monotonic_trend::automatic;
  return e;
}

/// A progress line on stderr, only when stderr is a terminal (never in pipes, files or CI).
inline void progress(const std::string& what) {
  static const bool tty = ::isatty(2) != 0;
  if (tty) std::fprintf(stderr, "\r\033[K%s", what.c_str());
}
inline void progress_done() {
  static const bool tty = ::isatty(2) != 0;
  if (tty) std::fprintf(stderr, "\r\033[K");
}

/// The binning of one column as JSON: {name, iv, strength, bins[] {label, count, goods, bads,
/// event_rate, woe, iv}}.
inline nlohmann::ordered_json to_json(const binning::binning_table& t) {
  nlohmann::ordered_json bins = nlohmann::ordered_json::array();
  for (const auto& r : t.rows())
    bins.push_back({{"label", r.label},
                    {"count", r.count},
                    {"goods", r.goods},
                    {"bads", r.bads},
                    {"event_rate", r.event_rate},
                    {"woe", r.woe},
                    {"iv", r.iv}});
  return {{"name", t.column()}, {"iv", t.iv()}, {"strength", binning::to_string(t.strength())}, {"bins", bins}};
}

/// Writes `text` to `path` atomically, or to stdout when path is empty or "-".
inline void emit(const std::string& text, const std::string& path = "") {
  if (path.empty() || path == "-") {
    std::fwrite(text.data(), 1, text.size(), stdout);
  } else {
    io::write_file_atomic(path, text);
  }
}

}  // namespace credo::cli
