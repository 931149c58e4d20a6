// The modelling table of bureau records as CSV: one row per person, the feature set's columns
// at the person's as_of, the outcome `bad` (1, 0, or empty when unknown) and the protected
// segment (its label, empty when missing). What `credo synth` writes beside the records and
// `credo features` makes from them, block by block.
#pragma once

#include <credo/core/table.hpp>
#include <credo/detail/text.hpp>
#include <credo/features/feature_set.hpp>
#include <credo/features/record_set.hpp>

#include <cmath>
#include <cstddef>
#include <string>
#include <string_view>

namespace credo::io {

/// The header line: the feature names, "bad" and the protected segment's name.
template <class FeatureSet>
std::string applicants_header(const FeatureSet& fs, std::string_view protected_segment = "group") {
  std::string out;
  for (const auto& n : fs.names()) {
    credo::detail::append_csv_field(out, n);
    out += ',';
  }
  out += "bad,";
  credo::detail::append_csv_field(out, protected_segment);
  out += '\n';
  return out;
}

/// Appends the rows of the persons of `r`; the persons must have the segment
/// `protected_segment` (credo.records.unknown_segment otherwise). Features are extracted on
/// `threads` threads (0: all cores); the rows do not depend on it.
template <class FeatureSet>
void append_applicants(std::string& out, const features::record_set& r, const FeatureSet& fs,
                       std::string_view protected_segment = "group", unsigned threads = 0) {
  const column& group = r.persons.segment(protected_segment);
  features::extract_options eo;
  eo.threads = threads;
  eo.target = false;
  const table t = fs.extract(r.view(), eo);
  const std::size_t w = t.columns();
  for (std::size_t p = 0; p < r.persons.size(); ++p) {
    for (std::size_t j = 0; j < w; ++j) {
      const double v = t.at(j).values()[p];
      if (!std::isnan(v)) credo::detail::append_shortest(out, v);
      out += ',';
    }
    if (r.persons.has_bad() && r.persons.bad[p] >= 0) out += static_cast<char>('0' + r.persons.bad[p]);
    out += ',';
    const auto code = group.codes()[p];
    if (code != column::missing_code) credo::detail::append_csv_field(out, group.dictionary()[static_cast<std::size_t>(code)]);
    out += '\n';
  }
}

}  // namespace credo::io
