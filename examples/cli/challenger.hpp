// What `credo report` compares beside the audited card (challenger.cpp): a --challenger model
// file, and the known-good-bad card a model file fitted with reject inference keeps. One more
// pass over DATA fills the paired score histograms (report/challenger.hpp); the sections go to
// the HTML report and the figures to the JSON under `challenger` and `reject_inference`.
#pragma once

#include "stream_input.hpp"

#include <credo/model/scorecard.hpp>
#include <credo/report/html.hpp>
#include <credo/report/reject_inference.hpp>

#include <nlohmann/json.hpp>

#include <optional>
#include <string>

namespace credo::cli {

class report_comparisons {
public:
  /// Reads the challenger's file (none when `challenger_path` is empty) and the reject
  /// inference the model file at `model_path` records, if any.
  report_comparisons(const std::string& model_path, const std::string& challenger_path);

  /// Whether there is anything to compare (a challenger, or a card with reject inference).
  bool any() const noexcept { return challenger_.has_value() || kgb_.has_value(); }

  /// The kinds of the columns every compared card uses, for reading DATA
  /// (credo.cli.challenger_kind_mismatch when two cards disagree about a column).
  io::csv_options schema(const model::scorecard<>& card) const;

  /// One pass over DATA when any(): appends the sections to `html`, the text lines to `text`,
  /// and returns the JSON members (`challenger`, `reject_inference`) to add to the report's.
  nlohmann::ordered_json run(data_stream& in, const model::scorecard<>& card, double champion_cutoff,
                             std::optional<double> challenger_cutoff, report::html_document& html,
                             std::string& text) const;

private:
  std::string challenger_path_;
  std::optional<model::scorecard<>> challenger_;
  std::optional<model::scorecard<>> kgb_;
  report::reject_inference_record record_;
};

}  // namespace credo::cli
